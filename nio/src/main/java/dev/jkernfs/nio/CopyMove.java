package dev.jkernfs.nio;

import dev.jkernfs.vfs.Errno;
import dev.jkernfs.vfs.ErrnoException;
import dev.jkernfs.vfs.FileMode;
import dev.jkernfs.vfs.SetStat;
import dev.jkernfs.vfs.Stat;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.AccessMode;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.CopyOption;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * {@code Files.copy} and {@code Files.move} between two jkernfs paths, of one filesystem or of two,
 * with the JDK's Linux semantics: an existing target is deleted first only with REPLACE_EXISTING, a
 * directory is copied without its entries, and a move across mounts or filesystems (two devices)
 * copies and deletes unless ATOMIC_MOVE forbids it.
 */
final class CopyMove {
  /**
   * Whether the running JDK asks access(2) about the source before a copy (read) or the move of a
   * directory (write), as JDK 25 does and JDK 17 does not.
   */
  private static final boolean CHECKS_SOURCE_ACCESS = Runtime.version().feature() >= 25;

  private CopyMove() {}

  static void copy(
      FileSystemView from,
      JkernfsPath source,
      FileSystemView to,
      JkernfsPath target,
      CopyOption... options)
      throws IOException {
    boolean replace = false;
    boolean copyAttributes = false;
    boolean follow = true;
    for (CopyOption option : options) {
      if (Objects.requireNonNull(option) == StandardCopyOption.REPLACE_EXISTING) {
        replace = true;
      } else if (option == StandardCopyOption.COPY_ATTRIBUTES) {
        copyAttributes = true;
      } else if (option == LinkOption.NOFOLLOW_LINKS) {
        follow = false;
      } else {
        throw unsupported(option, false);
      }
    }
    Stat stat = from.stat(source, follow);
    if (CHECKS_SOURCE_ACCESS && (follow || !stat.isSymlink())) {
      // As JDK 25: the source must be readable, asked with access(2), which follows links.
      from.checkAccess(source, AccessMode.READ);
    }
    if (!replaceTarget(from, stat, to, target, replace)) {
      return;
    }
    copyOne(from, source, stat, to, target);
    if (copyAttributes) {
      copyAttributes(from, source, stat, to, target, false);
    }
  }

  /** The JDK's refusal of an option, in the words of the JDK running this. */
  private static UnsupportedOperationException unsupported(CopyOption option, boolean move) {
    if (Runtime.version().feature() < 25) {
      return new UnsupportedOperationException("Unsupported copy option");
    }
    return new UnsupportedOperationException(
        (move ? "Unsupported option: " : "Unsupported copy option: ") + option);
  }

  /**
   * Makes way for a copy or move to {@code target}: deletes what is there if {@code replace}
   * allows.
   *
   * @return false if the target is the source itself, so there is nothing to do
   */
  private static boolean replaceTarget(
      FileSystemView from, Stat stat, FileSystemView to, JkernfsPath target, boolean replace)
      throws IOException {
    Stat existing = to.statQuietly(target);
    if (existing == null) {
      return true;
    }
    if (from.sameFileSystem(to) && existing.dev() == stat.dev() && existing.ino() == stat.ino()) {
      return false;
    }
    if (!replace) {
      throw new FileAlreadyExistsException(target.toString());
    }
    to.delete(target);
    return true;
  }

  static void move(
      FileSystemView from,
      JkernfsPath source,
      FileSystemView to,
      JkernfsPath target,
      CopyOption... options)
      throws IOException {
    boolean replace = false;
    boolean atomic = false;
    for (CopyOption option : options) {
      if (Objects.requireNonNull(option) == StandardCopyOption.REPLACE_EXISTING) {
        replace = true;
      } else if (option == StandardCopyOption.ATOMIC_MOVE) {
        atomic = true;
      } else if (option != LinkOption.NOFOLLOW_LINKS) {
        // A move always keeps attributes and never follows the source link; asking it to copy
        // attributes is refused, as the JDK refuses it.
        throw unsupported(option, true);
      }
    }
    boolean sameFileSystem = from.sameFileSystem(to);
    if (atomic) {
      if (!sameFileSystem) {
        from.checkRenameDirectory(source, source, target);
        to.checkRenameDirectory(target, source, target);
        throw new AtomicMoveNotSupportedException(
            source.toString(), target.toString(), Errno.EXDEV.reason());
      }
      from.rename(source, to, target, false, true);
      return;
    }
    Stat stat = from.stat(source, false);
    if (CHECKS_SOURCE_ACCESS && stat.isDirectory()) {
      // As JDK 25: a directory moves only if its user may write it (rename(2) changes its "..").
      from.checkAccess(source, AccessMode.WRITE);
    }
    if (!replaceTarget(from, stat, to, target, replace)) {
      return;
    }
    if (sameFileSystem) {
      try {
        from.vfs().rename(from.op(source, false), to.op(target, false), false);
        return;
      } catch (ErrnoException e) {
        if (e.errno() != Errno.EXDEV) {
          throw NioErrors.translate(e, NioOp.GENERIC, source, target);
        }
      }
    }
    if (!sameFileSystem) {
      to.checkRenameDirectory(target, source, target);
    }
    // Across mounts or filesystems: copy, then delete the source.
    if (stat.isDirectory() && !isEmptyDirectory(from, source)) {
      throw new DirectoryNotEmptyException(source.toString());
    }
    copyOne(from, source, stat, to, target);
    copyAttributes(from, source, stat, to, target, true);
    try {
      from.delete(source);
    } catch (IOException e) {
      to.delete(target);
      throw e;
    }
  }

  /**
   * The permission bits of a copy's source, which its target is created with (less the umask) in
   * every flavour, whether or not the target's filesystem offers a view to set them.
   */
  record SourcePermissions(Integer value) implements FileAttribute<Integer> {
    @Override
    public String name() {
      return "posix:permissions";
    }
  }

  private static void copyOne(
      FileSystemView from, JkernfsPath source, Stat stat, FileSystemView to, JkernfsPath target)
      throws IOException {
    // As the JDK, the copy is created with the source's permissions, less the umask.
    FileAttribute<?> permissions = new SourcePermissions(stat.mode() & 0777);
    if (stat.isDirectory()) {
      to.createDirectory(target, permissions);
      // mkdir(2) keeps the sticky bit of the mode it is given, not the set-ID bits.
      to.addSpecialBits(target, stat.mode() & FileMode.S_ISVTX);
    } else if (stat.isSymlink()) {
      String link = from.readSymbolicLink(source).toString();
      to.createSymbolicLink(/* link= */ target, /* target= */ target.getFileSystem().getPath(link));
    } else if (stat.isRegular()) {
      copyContent(from, source, to, target, permissions);
      // open(2) with O_CREAT keeps the set-ID and sticky bits of the mode it is given.
      to.addSpecialBits(
          target, stat.mode() & (FileMode.S_ISUID | FileMode.S_ISGID | FileMode.S_ISVTX));
    } else {
      try {
        to.vfs().mknod(to.op(target, false), stat.mode(), stat.rdev());
      } catch (ErrnoException e) {
        throw NioErrors.translate(e, NioOp.GENERIC, target, null);
      }
    }
  }

  private static void copyContent(
      FileSystemView from,
      JkernfsPath source,
      FileSystemView to,
      JkernfsPath target,
      FileAttribute<?> permissions)
      throws IOException {
    try (JkernfsFileChannel in = from.newFileChannel(source, Set.of(StandardOpenOption.READ));
        JkernfsFileChannel out =
            to.newFileChannel(
                target,
                Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                permissions)) {
      ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
      while (in.read(buffer) >= 0) {
        buffer.flip();
        while (buffer.hasRemaining()) {
          out.write(buffer);
        }
        buffer.clear();
      }
    }
  }

  /**
   * Copies the owner when allowed, the permissions, the extended attributes it may and the times; a
   * move insists on all but the extended attributes, which the JDK copies as it can.
   */
  private static void copyAttributes(
      FileSystemView from,
      JkernfsPath source,
      Stat stat,
      FileSystemView files,
      JkernfsPath target,
      boolean insist)
      throws IOException {
    // The JDK opens a directory's copy and its source for reading before it changes the copy's
    // owner and mode; its extended attributes are copied only if both opened.
    boolean xattrsReachable =
        stat.isRegular() || (stat.isDirectory() && files.mayRead(target) && from.mayRead(source));
    // The JDK's order: the owner first, since a chown clears set-ID bits, then the mode; a link
    // gets its owner (if it may) and no times.
    try {
      files.setStat(target, false, SetStat.owner(stat.uid(), stat.gid()));
    } catch (IOException e) {
      if (insist && !stat.isSymlink()) {
        throw e;
      }
      // As the JDK's copy does: an owner we may not give is not an error.
    }
    if (stat.isSymlink()) {
      return;
    }
    files.setStat(target, false, SetStat.mode(stat.mode() & FileMode.S_IALLUGO));
    if (xattrsReachable) {
      copyXattrs(from, source, files, target);
    }
    files.setStat(target, false, SetStat.times(stat.atimeNanos(), stat.mtimeNanos(), null));
  }

  /**
   * Copies every extended attribute of {@code source} that can be read to {@code target} where it
   * can be written, leaving out the others without a word, as the JDK's Linux provider does: a
   * read-only copy made by someone other than root, whose mode is set first, gets none.
   */
  private static void copyXattrs(
      FileSystemView from, JkernfsPath source, FileSystemView to, JkernfsPath target) {
    List<String> names;
    try {
      names = from.vfs().listxattr(from.op(source, true));
    } catch (ErrnoException e) {
      return;
    }
    for (String name : names) {
      try {
        byte[] value = from.vfs().getxattr(from.op(source, true), name);
        to.vfs().setxattr(to.op(target, false), name, value, 0);
      } catch (ErrnoException e) {
        // left out, as the JDK leaves it
      }
    }
  }

  private static boolean isEmptyDirectory(FileSystemView files, JkernfsPath dir)
      throws IOException {
    try (DirectoryStream<Path> entries = files.newDirectoryStream(dir, null, false)) {
      return !entries.iterator().hasNext();
    }
  }
}
