package dev.jkernfs.nio;

import dev.jkernfs.vfs.Credentials;
import dev.jkernfs.vfs.Dentry;
import dev.jkernfs.vfs.Errno;
import dev.jkernfs.vfs.ErrnoException;
import dev.jkernfs.vfs.FileDescription;
import dev.jkernfs.vfs.FileMode;
import dev.jkernfs.vfs.Mount;
import dev.jkernfs.vfs.OpenOptions;
import dev.jkernfs.vfs.ParsedPath;
import dev.jkernfs.vfs.PathOperation;
import dev.jkernfs.vfs.Permissions;
import dev.jkernfs.vfs.SetStat;
import dev.jkernfs.vfs.Stat;
import dev.jkernfs.vfs.VirtualDentry;
import dev.jkernfs.vfs.VirtualFilesystem;
import java.io.IOException;
import java.nio.file.AccessMode;
import java.nio.file.ClosedFileSystemException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.NotDirectoryException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The path operations of one filesystem, each one VFS operation from a working directory: the root
 * for the filesystem's own paths, an open directory for those of a {@code SecureDirectoryStream}.
 */
final class FileSystemView {
  private static final OpenOptions READ_NO_FOLLOW = OpenOptions.builder().read().noFollow().build();
  private static final OpenOptions WRITE_ONLY = OpenOptions.builder().write().build();

  private final JkernfsFileSystem fs;
  private final VirtualFilesystem vfs;
  private final ActingUser user;
  private final int umask;

  // Where relative paths start, or null for the root, the working directory of every jkernfs
  // filesystem, where a path's own cached parse serves. Asked on every operation, so that a view of
  // a closed directory stream refuses.
  private final Supplier<VirtualDentry> workingDirectory;

  FileSystemView(
      JkernfsFileSystem fs, ActingUser user, int umask, Supplier<VirtualDentry> workingDirectory) {
    this.fs = fs;
    this.vfs = fs.vfs();
    this.user = user;
    this.umask = umask;
    this.workingDirectory = workingDirectory;
  }

  /** The same filesystem and user from another working directory. */
  FileSystemView from(Supplier<VirtualDentry> directory) {
    return new FileSystemView(fs, user, umask, directory);
  }

  JkernfsFileSystem fileSystem() {
    return fs;
  }

  VirtualFilesystem vfs() {
    return vfs;
  }

  /** Whether {@code other} is a view of the same filesystem, where renames and links can reach. */
  boolean sameFileSystem(FileSystemView other) {
    return other.fs == fs;
  }

  Credentials credentials() {
    return user.current();
  }

  /**
   * Fails as an operation of this view would before touching any file: with {@code
   * ClosedDirectoryStreamException} if its directory stream is closed, {@code
   * ClosedFileSystemException} if its filesystem is.
   */
  void checkUsable() {
    if (workingDirectory != null) {
      VirtualDentry unused = workingDirectory.get(); // throws once the stream is closed
    }
    fs.checkOpen();
  }

  /** The VFS operation for {@code path}, relative paths starting at the working directory. */
  PathOperation op(JkernfsPath path, boolean follow) {
    VirtualDentry start = workingDirectory == null ? null : workingDirectory.get();
    fs.checkOpen();
    VirtualDentry root = vfs.root();
    if (start == null) {
      return new PathOperation(credentials(), root, root, path.toParsed(), follow);
    }
    return new PathOperation(credentials(), root, start, path.toParsedFromDirectory(), follow);
  }

  /** The attributes of {@code path}, failing as a stat through the JDK fails. */
  Stat stat(JkernfsPath path, boolean follow) throws IOException {
    return stat(path, follow, NioOp.ATTRIBUTES);
  }

  /** The attributes of {@code path}, failing as {@code op} says. */
  Stat stat(JkernfsPath path, boolean follow, NioOp op) throws IOException {
    try {
      return vfs.stat(op(path, follow), path.memo());
    } catch (ErrnoException e) {
      throw NioErrors.translate(e, op, path, null);
    }
  }

  /** Whether the path exists, without making an exception for a missing one. */
  boolean exists(JkernfsPath path, boolean follow) {
    try {
      return vfs.statIfExists(op(path, follow), path.memo()) != null;
    } catch (ErrnoException e) {
      return false;
    }
  }

  /** The attributes of the path, or null if it does not exist. */
  Stat statIfExists(JkernfsPath path, boolean follow) throws IOException {
    try {
      return vfs.statIfExists(op(path, follow), path.memo());
    } catch (ErrnoException e) {
      if (e.errno() == Errno.ENOENT) {
        return null;
      }
      throw NioErrors.translate(e, NioOp.ATTRIBUTES, path, null);
    }
  }

  /**
   * The attributes of the path without following a final symlink, or null if they cannot be read
   * for any reason: as the JDK looks at the target of a copy or move, leaving the error to the
   * operation itself.
   */
  Stat statQuietly(JkernfsPath path) {
    try {
      return vfs.statIfExists(op(path, false));
    } catch (ErrnoException e) {
      return null;
    }
  }

  boolean isDirectoryQuietly(JkernfsPath path) {
    try {
      return vfs.stat(op(path, true)).isDirectory();
    } catch (ErrnoException | ClosedFileSystemException e) {
      return false;
    }
  }

  void setStat(JkernfsPath path, boolean follow, SetStat changes) throws IOException {
    try {
      vfs.setStat(op(path, follow), changes);
    } catch (ErrnoException e) {
      throw NioErrors.translate(e, NioOp.GENERIC, path, null);
    }
  }

  JkernfsFileChannel newFileChannel(
      JkernfsPath path, Set<? extends OpenOption> options, FileAttribute<?>... attrs)
      throws IOException {
    OpenFlags flags = OpenFlags.parse(options);
    if (flags.write() || flags.append() || flags.truncate()) {
      WindowsAttributeViews.checkNotReadOnly(this, path, !flags.noFollow());
    }
    int mode = initialMode(attrs, 0666);
    OpenOptions open = OpenOptions.fromLinuxFlags(flags.linuxFlags(), mode & ~umask);
    FileDescription fd;
    try {
      // A directory opens for reading, as on Linux; its first read fails with "Is a directory".
      fd = openRestarting(op(path, !open.noFollow()), open);
    } catch (ErrnoException e) {
      if (e.errno() == Errno.ELOOP && flags.noFollow()) {
        // The JDK's own words for O_NOFOLLOW meeting a symlink.
        throw new IOException("Too many levels of symbolic links (NOFOLLOW_LINKS specified)");
      }
      throw NioErrors.translate(e, NioOp.GENERIC, path, null);
    }
    WindowsAttributeViews.refuseDirectoryChannel(fs, fd, path);
    if (flags.deleteOnClose()) {
      // As the JDK on Linux: the name goes at once, the open file lives on until it is closed.
      try {
        vfs.unlink(op(path, false));
      } catch (ErrnoException e) {
        // best effort, as the JDK's
      }
    }
    JkernfsFileChannel channel = new JkernfsFileChannel(fs, fd, flags.sync());
    fs.openResources().remember(channel);
    return channel;
  }

  JkernfsDirectoryStream newDirectoryStream(
      JkernfsPath dir, DirectoryStream.Filter<? super Path> filter, boolean follow)
      throws IOException {
    return newDirectoryStream(dir, dir, filter, follow);
  }

  /**
   * Opens {@code dir}, resolved in this view, as a stream whose entries are named under {@code
   * namedAs}: a stream opened from a secure directory stream names them under that stream's
   * directory, as the JDK does, while its errors name {@code dir} as given.
   */
  JkernfsDirectoryStream newDirectoryStream(
      JkernfsPath dir,
      JkernfsPath namedAs,
      DirectoryStream.Filter<? super Path> filter,
      boolean follow)
      throws IOException {
    // As the JDK: open(2) for reading without O_DIRECTORY, so that read permission is checked
    // before the type, then a file that is no directory is refused.
    FileDescription fd;
    try {
      fd = openRestarting(op(dir, follow), follow ? OpenOptions.READ : READ_NO_FOLLOW);
    } catch (ErrnoException e) {
      throw NioErrors.translate(e, NioOp.DIRECTORY_STREAM, dir, null);
    }
    boolean isDirectory;
    try {
      isDirectory = fd.stat().isDirectory();
    } catch (ErrnoException e) {
      fd.close();
      throw NioErrors.translate(e, NioOp.DIRECTORY_STREAM, dir, null);
    }
    if (!isDirectory) {
      fd.close();
      throw new NotDirectoryException(dir.toString());
    }
    JkernfsDirectoryStream stream = new JkernfsDirectoryStream(this, namedAs, fd, filter);
    fs.openResources().remember(stream);
    return stream;
  }

  void createDirectory(JkernfsPath dir, FileAttribute<?>... attrs) throws IOException {
    int mode = initialMode(attrs, 0777);
    try {
      vfs.mkdir(op(dir, false), mode & ~umask);
    } catch (ErrnoException e) {
      throw NioErrors.translate(e, NioOp.GENERIC, dir, null);
    }
  }

  void createDirectories(JkernfsPath dir) throws IOException {
    JkernfsPath parent = (JkernfsPath) dir.getParent();
    if (parent != null && !exists(parent, true)) {
      createDirectories(parent);
    }
    createDirectory(dir);
  }

  void createSymbolicLink(JkernfsPath link, JkernfsPath target, FileAttribute<?>... attrs)
      throws IOException {
    if (attrs.length > 0) {
      throw new UnsupportedOperationException(
          "Initial file attributes not supported when creating symbolic link");
    }
    try {
      vfs.symlink(op(link, false), fs.syntax().toVfsLinkTarget(target));
    } catch (ErrnoException e) {
      throw NioErrors.translate(e, NioOp.GENERIC, link, null);
    }
  }

  /** Links {@code link} here to {@code existing} in {@code existingView}, as {@code link(2)}. */
  void createLink(JkernfsPath link, FileSystemView existingView, JkernfsPath existing)
      throws IOException {
    try {
      VirtualDentry target = existingView.vfs.getDentry(existingView.op(existing, false), false);
      try {
        while (true) {
          try {
            vfs.link(target, op(link, false));
            return;
          } catch (ErrnoException e) {
            if (e.errno() != Errno.EINTR) {
              throw e;
            }
            // link(2) is restarted by the JDK after EINTR.
          }
        }
      } finally {
        target.decRef();
      }
    } catch (ErrnoException e) {
      throw NioErrors.translate(e, NioOp.GENERIC, link, existing);
    }
  }

  /** Deletes a file or an empty directory, as {@code Files.delete}. */
  void delete(JkernfsPath path) throws IOException {
    WindowsAttributeViews.checkNotReadOnly(this, path, false);
    try {
      vfs.remove(op(path, false));
    } catch (ErrnoException e) {
      throw NioErrors.translate(e, NioOp.DELETE, path, null);
    }
  }

  void deleteFile(JkernfsPath path) throws IOException {
    WindowsAttributeViews.checkNotReadOnly(this, path, false);
    try {
      vfs.unlink(op(path, false));
    } catch (ErrnoException e) {
      throw NioErrors.translate(e, NioOp.DELETE, path, null);
    }
  }

  void deleteDirectory(JkernfsPath path) throws IOException {
    try {
      vfs.rmdir(op(path, false));
    } catch (ErrnoException e) {
      throw NioErrors.translate(e, NioOp.DELETE, path, null);
    }
  }

  JkernfsPath readSymbolicLink(JkernfsPath link) throws IOException {
    String target;
    try {
      target = vfs.readlink(op(link, false));
    } catch (ErrnoException e) {
      throw NioErrors.translate(e, NioOp.READLINK, link, null);
    }
    JkernfsPath path = fs.syntax().fromVfs(fs, target);
    if (path == null) {
      // A link made outside java.nio.file (through FUSE, say) to no Windows root.
      throw new FileSystemException(
          link.toString(), null, "the link's target is outside every root: " + target);
    }
    return path;
  }

  /**
   * Renames, as {@code rename(2)} (with {@code RENAME_NOREPLACE} if asked), to {@code target} in
   * {@code targetView}.
   */
  void rename(
      JkernfsPath source,
      FileSystemView targetView,
      JkernfsPath target,
      boolean noReplace,
      boolean atomic)
      throws IOException {
    try {
      vfs.rename(op(source, false), targetView.op(target, false), noReplace);
    } catch (ErrnoException e) {
      throw NioErrors.translate(e, atomic ? NioOp.MOVE_ATOMIC : NioOp.GENERIC, source, target);
    }
  }

  /**
   * Fails as {@code rename(2)} fails on the directory of {@code path} (missing, not a directory,
   * not searchable), naming both files of the rename: a move to another filesystem asks this before
   * it copies or refuses, as the JDK's rename would have answered before EXDEV.
   */
  void checkRenameDirectory(JkernfsPath path, JkernfsPath source, JkernfsPath target)
      throws IOException {
    JkernfsPath parent = (JkernfsPath) path.toAbsolutePath().getParent();
    if (parent == null) {
      return;
    }
    try {
      // The walk to a rename's directory ends with a search of it, as for every other name.
      PathOperation directory = op(parent, true);
      vfs.getDentry(directory, true).decRef();
      vfs.access(directory, Permissions.MAY_EXEC);
    } catch (ErrnoException e) {
      throw NioErrors.translate(e, NioOp.GENERIC, source, target);
    }
  }

  /**
   * Adds set-ID and sticky bits to a file this view just created, under chmod's rules (a set-group
   * bit the user may not give is dropped): what {@code open(2)} and {@code mkdir(2)} do with such
   * bits in the mode they are given.
   */
  void addSpecialBits(JkernfsPath path, int bits) throws IOException {
    if (bits == 0) {
      return;
    }
    int mode = lstat(path).mode() & FileMode.S_IALLUGO;
    setStat(path, false, SetStat.mode(mode | bits));
  }

  /**
   * Opens {@code path} for reading, as the JDK's Linux provider does to read or write extended
   * attributes and DOS flags ({@code UnixPath.openForAttributeAccess}): {@code O_NOFOLLOW} unless
   * {@code follow}, so that a symlink fails with ELOOP, in the JDK's words. The caller closes it.
   */
  FileDescription openForAttributeAccess(JkernfsPath path, boolean follow) throws IOException {
    try {
      return openForAttributeAccessOrFail(path, follow);
    } catch (ErrnoException e) {
      throw NioErrors.translate(e, NioOp.GENERIC, path, null);
    }
  }

  /**
   * As {@link #openForAttributeAccess}, failing with the errno itself, for a caller whose next step
   * depends on it.
   */
  FileDescription openForAttributeAccessOrFail(JkernfsPath path, boolean follow) {
    return openRestarting(op(path, follow), follow ? OpenOptions.READ : READ_NO_FOLLOW);
  }

  /**
   * Opens {@code path} for writing, following links, as JDK 25's mode change does when reading is
   * refused; fails with the errno itself.
   */
  FileDescription openForWritingOrFail(JkernfsPath path) {
    return openRestarting(op(path, true), WRITE_ONLY);
  }

  /** Whether the user may read {@code path}, following links; false for any failure. */
  boolean mayRead(JkernfsPath path) {
    try {
      vfs.access(op(path, true), Permissions.MAY_READ);
      return true;
    } catch (ErrnoException e) {
      return false;
    }
  }

  void checkAccess(JkernfsPath path, AccessMode... modes) throws IOException {
    int may = 0;
    for (AccessMode mode : modes) {
      may |=
          switch (mode) {
            case READ -> Permissions.MAY_READ;
            case WRITE -> Permissions.MAY_WRITE;
            case EXECUTE -> Permissions.MAY_EXEC;
          };
    }
    try {
      vfs.access(op(path, true), may);
    } catch (ErrnoException e) {
      if (e.errno() == Errno.ENOENT) {
        // Files.exists and its kin ask here and discard the exception: skip the stack trace.
        throw new MissingFileException(path.toString());
      }
      throw NioErrors.translate(e, NioOp.ATTRIBUTES, path, null);
    }
  }

  JkernfsPath toRealPath(JkernfsPath path, boolean follow) throws IOException {
    JkernfsPath absolute = (JkernfsPath) path.toAbsolutePath();
    if (fs.flavor() != Flavor.LINUX) {
      return toRealPathWithCreatedNames(path, absolute, follow);
    }
    if (follow) {
      try {
        return fs.getPath(Realpath.resolve(vfs, credentials(), absolute.toString()));
      } catch (ErrnoException e) {
        throw NioErrors.translate(e, NioOp.GENERIC, path, null);
      }
    }
    return toRealPathWithoutFollowing(absolute);
  }

  /**
   * The real path where names fold, as the JDK gives it on Windows and macOS: resolved as on Linux
   * (a Windows path with its dots taken out as text, as Win32 does), then each name as its entry
   * was created, whatever spelling the caller used.
   */
  private JkernfsPath toRealPathWithCreatedNames(
      JkernfsPath path, JkernfsPath absolute, boolean follow) throws IOException {
    String resolved;
    if (fs.flavor() == Flavor.WINDOWS) {
      String vfsPath = absolute.toParsed().toString();
      try {
        resolved = follow ? Realpath.resolve(vfs, credentials(), vfsPath) : vfsPath;
        vfs.stat(vfsOp(resolved));
      } catch (ErrnoException e) {
        throw NioErrors.translate(e, NioOp.GENERIC, path, null);
      }
    } else if (follow) {
      try {
        resolved = Realpath.resolve(vfs, credentials(), absolute.toString());
      } catch (ErrnoException e) {
        throw NioErrors.translate(e, NioOp.GENERIC, path, null);
      }
    } else {
      resolved = toRealPathWithoutFollowing(absolute).toString();
    }
    StringBuilder created = new StringBuilder();
    for (String name : ParsedPath.split(resolved)) {
      created.append('/');
      if (name.equals("..") || name.equals(".")) {
        created.append(name);
        continue;
      }
      VirtualDentry position;
      try {
        position = vfs.getDentry(vfsOp(created + name), false);
      } catch (ErrnoException e) {
        throw NioErrors.translate(e, NioOp.GENERIC, path, null);
      }
      try {
        created.append(createdName(position, name));
      } finally {
        position.decRef();
      }
    }
    JkernfsPath real = fs.syntax().fromVfs(fs, created.length() == 0 ? "/" : created.toString());
    if (real == null) {
      throw new FileSystemException(path.toString(), null, "resolves outside every root");
    }
    // A Windows root is its directory's "." in the VFS; a macOS path keeps the ".." after a link.
    return fs.flavor() == Flavor.WINDOWS ? (JkernfsPath) real.normalize() : real;
  }

  /**
   * The name {@code position} was created with; for a mount's root, which has none in its own
   * filesystem, its mount point's (or {@code asked} at the top).
   */
  private static String createdName(VirtualDentry position, String asked) {
    Dentry dentry = position.dentry();
    Mount mount = position.mount();
    if (dentry == mount.root() && mount.mountpoint() != null) {
      dentry = mount.mountpoint();
    }
    String name = dentry.filesystem().nameOf(dentry);
    return name.isEmpty() ? asked : name;
  }

  /** The real path of {@code absolute} without following links, as the JDK's Unix path gives it. */
  private JkernfsPath toRealPathWithoutFollowing(JkernfsPath absolute) throws IOException {
    // As the JDK without following links: drop "." and drop ".." with the name before it, unless
    // that name is a symlink or another ".." (a link's ".." may lead anywhere); then the result
    // must exist. Errors name the path built so far.
    JkernfsPath root = (JkernfsPath) absolute.getRoot();
    JkernfsPath result = root;
    boolean previousIsDotDot = false;
    for (int i = 0; i < absolute.getNameCount(); i++) {
      String name = absolute.getName(i).toString();
      if (name.equals(".")) {
        continue;
      }
      if (name.equals("..")) {
        if (!lstat(result).isSymlink() && !previousIsDotDot) {
          JkernfsPath parent = (JkernfsPath) result.getParent();
          result = parent == null ? root : parent;
          continue;
        }
        previousIsDotDot = true;
      } else {
        previousIsDotDot = false;
      }
      result = (JkernfsPath) result.resolve(name);
    }
    lstat(result);
    return result;
  }

  /** The VFS operation for an absolute path of the VFS, not following a final symlink. */
  private PathOperation vfsOp(String vfsPath) {
    return new PathOperation(
        credentials(), vfs.root(), vfs.root(), ParsedPath.parse(vfsPath), false);
  }

  private Stat lstat(JkernfsPath path) throws IOException {
    try {
      return vfs.stat(op(path, false));
    } catch (ErrnoException e) {
      throw NioErrors.translate(e, NioOp.GENERIC, path, null);
    }
  }

  /** The mount holding {@code path}. */
  Mount mountOf(JkernfsPath path) throws IOException {
    try {
      VirtualDentry position = vfs.getDentry(op(path, true), false);
      position.decRef();
      return position.mount();
    } catch (ErrnoException e) {
      throw NioErrors.translate(e, NioOp.GENERIC, path, null);
    }
  }

  /** {@code open(2)}, made again after EINTR as the JDK makes it. */
  private FileDescription openRestarting(PathOperation op, OpenOptions options) {
    while (true) {
      try {
        return vfs.open(op, options);
      } catch (ErrnoException e) {
        if (e.errno() != Errno.EINTR) {
          throw e;
        }
      }
    }
  }

  private int initialMode(FileAttribute<?>[] attrs, int absent) {
    int mode = absent;
    for (FileAttribute<?> attr : attrs) {
      if (attr instanceof CopyMove.SourcePermissions source) {
        mode = source.value();
        continue;
      }
      // Only a flavour with the posix view takes permissions, as only the JDK on Unix does.
      if ((!attr.name().equals("posix:permissions") && !attr.name().equals("unix:permissions"))
          || !fs.supportedFileAttributeViews().contains("posix")) {
        throw new UnsupportedOperationException(
            "'" + attr.name() + "' not supported as initial attribute");
      }
      @SuppressWarnings("unchecked") // the attribute's name promises its value type
      Set<PosixFilePermission> permissions = (Set<PosixFilePermission>) attr.value();
      mode = JkernfsFileAttributes.mode(permissions);
    }
    return mode;
  }
}
