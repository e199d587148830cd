package dev.jkernfs.nio;

import dev.jkernfs.vfs.Errno;
import dev.jkernfs.vfs.ErrnoException;
import dev.jkernfs.vfs.FileMode;
import dev.jkernfs.vfs.SetStat;
import dev.jkernfs.vfs.Stat;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.CopyOption;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.Set;

/**
 * {@code Files.copy} and {@code Files.move} between two paths of one jkernfs filesystem, with the
 * JDK's Linux semantics: an existing target is deleted first only with REPLACE_EXISTING, a
 * directory is copied without its entries, and a move across mounts copies and deletes unless
 * ATOMIC_MOVE forbids it.
 */
final class CopyMove {
  private CopyMove() {}

  static void copy(
      FileSystemView files, JkernfsPath source, JkernfsPath target, CopyOption... options)
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
        throw new UnsupportedOperationException("Unsupported copy option: " + option);
      }
    }
    Stat stat = files.stat(source, follow);
    Stat existing = files.statQuietly(target);
    if (existing != null) {
      if (existing.dev() == stat.dev() && existing.ino() == stat.ino()) {
        return; // the same file
      }
      if (!replace) {
        throw new FileAlreadyExistsException(target.toString());
      }
      files.delete(target);
    }
    copyOne(files, source, stat, target);
    if (copyAttributes) {
      copyAttributes(files, stat, target, false);
    }
  }

  static void move(
      FileSystemView files, JkernfsPath source, JkernfsPath target, CopyOption... options)
      throws IOException {
    boolean replace = false;
    boolean atomic = false;
    for (CopyOption option : options) {
      if (Objects.requireNonNull(option) == StandardCopyOption.REPLACE_EXISTING) {
        replace = true;
      } else if (option == StandardCopyOption.ATOMIC_MOVE) {
        atomic = true;
      } else if (option != StandardCopyOption.COPY_ATTRIBUTES
          && option != LinkOption.NOFOLLOW_LINKS) {
        // A move always keeps attributes and never follows the source link.
        throw new UnsupportedOperationException("Unsupported copy option: " + option);
      }
    }
    if (atomic) {
      files.rename(source, files, target, false, true);
      return;
    }
    Stat stat = files.stat(source, false);
    Stat existing = files.statQuietly(target);
    if (existing != null) {
      if (existing.dev() == stat.dev() && existing.ino() == stat.ino()) {
        return;
      }
      if (!replace) {
        throw new FileAlreadyExistsException(target.toString());
      }
      files.delete(target);
    }
    try {
      files.vfs().rename(files.op(source, false), files.op(target, false), false);
      return;
    } catch (ErrnoException e) {
      if (e.errno() != Errno.EXDEV) {
        throw NioErrors.translate(e, NioOp.GENERIC, source, target);
      }
    }
    // Across mounts: copy, then delete the source.
    if (stat.isDirectory() && !isEmptyDirectory(files, source)) {
      throw new DirectoryNotEmptyException(source.toString());
    }
    copyOne(files, source, stat, target);
    copyAttributes(files, stat, target, true);
    try {
      files.delete(source);
    } catch (IOException e) {
      files.delete(target);
      throw e;
    }
  }

  private static void copyOne(
      FileSystemView files, JkernfsPath source, Stat stat, JkernfsPath target) throws IOException {
    if (stat.isDirectory()) {
      files.createDirectory(target);
    } else if (stat.isSymlink()) {
      files.createSymbolicLink(/* link= */ target, /* target= */ files.readSymbolicLink(source));
    } else if (stat.isRegular()) {
      copyContent(files, source, target);
    } else {
      try {
        files.vfs().mknod(files.op(target, false), stat.mode(), stat.rdev());
      } catch (ErrnoException e) {
        throw NioErrors.translate(e, NioOp.GENERIC, target, null);
      }
    }
  }

  private static void copyContent(FileSystemView files, JkernfsPath source, JkernfsPath target)
      throws IOException {
    try (JkernfsFileChannel in = files.newFileChannel(source, Set.of(StandardOpenOption.READ));
        JkernfsFileChannel out =
            files.newFileChannel(
                target, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE))) {
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

  /** Copies times and permissions, and the owner when allowed; a move insists on all of them. */
  private static void copyAttributes(
      FileSystemView files, Stat stat, JkernfsPath target, boolean insist) throws IOException {
    if (!stat.isSymlink()) {
      files.setStat(target, false, SetStat.mode(stat.mode() & FileMode.S_IALLUGO));
    }
    try {
      files.setStat(target, false, SetStat.owner(stat.uid(), stat.gid()));
    } catch (IOException e) {
      if (insist) {
        throw e;
      }
      // As the JDK's copy does: an owner we may not give is not an error.
    }
    files.setStat(target, false, SetStat.times(stat.atimeNanos(), stat.mtimeNanos(), null));
  }

  private static boolean isEmptyDirectory(FileSystemView files, JkernfsPath dir)
      throws IOException {
    try (DirectoryStream<Path> entries = files.newDirectoryStream(dir, null, false)) {
      return !entries.iterator().hasNext();
    }
  }
}
