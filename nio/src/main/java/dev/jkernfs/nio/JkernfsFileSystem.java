package dev.jkernfs.nio;

import dev.jkernfs.memfs.MemfsType;
import dev.jkernfs.refs.LeakChecker;
import dev.jkernfs.refs.LeakReport;
import dev.jkernfs.refs.LeakScope;
import dev.jkernfs.vfs.Credentials;
import dev.jkernfs.vfs.Errno;
import dev.jkernfs.vfs.ErrnoException;
import dev.jkernfs.vfs.FileDescription;
import dev.jkernfs.vfs.FilesystemType;
import dev.jkernfs.vfs.Mount;
import dev.jkernfs.vfs.OpenOptions;
import dev.jkernfs.vfs.ParsedPath;
import dev.jkernfs.vfs.PathOperation;
import dev.jkernfs.vfs.Permissions;
import dev.jkernfs.vfs.SetStat;
import dev.jkernfs.vfs.Stat;
import dev.jkernfs.vfs.TimeSource;
import dev.jkernfs.vfs.VirtualDentry;
import dev.jkernfs.vfs.VirtualFilesystem;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.AccessMode;
import java.nio.file.ClosedFileSystemException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileStore;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.ProviderMismatchException;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * One jkernfs filesystem as {@code java.nio.file} sees it: a mount namespace, the credentials and
 * umask of this view, and the open channels and streams to close with it.
 */
final class JkernfsFileSystem extends FileSystem {
  private final JkernfsFileSystemProvider provider;
  private final String name;
  private final VirtualFilesystem vfs;
  private final Credentials credentials;
  private final int umask;
  private final LeakScope scope;

  // Per filesystem and per thread: a test may act as another user on one filesystem only.
  @SuppressWarnings("ThreadLocalUsage")
  private final ThreadLocal<Credentials> actingAs = new ThreadLocal<>();

  // Set once anyone acts as another user; until then no operation needs to look at actingAs.
  private volatile boolean actedAs;

  private final Set<Closeable> openResources = ConcurrentHashMap.newKeySet();
  private final FileLockTable locks = new FileLockTable();
  private final JkernfsPath root;
  private volatile boolean open = true;

  JkernfsFileSystem(JkernfsFileSystemProvider provider, String name, JkernfsConfig config) {
    this.provider = provider;
    this.name = name;
    this.credentials = Credentials.of(config.uid(), config.gid());
    this.umask = config.umask();
    this.vfs =
        config.leakMode() == null
            ? VirtualFilesystem.create(
                "kernfs://" + name, TimeSource.SYSTEM, new MemfsType(), config.rootOptions())
            : VirtualFilesystem.create(
                "kernfs://" + name,
                TimeSource.SYSTEM,
                new MemfsType(),
                config.rootOptions(),
                config.leakMode());
    this.scope = LeakScope.ownedBy(vfs, "kernfs://" + name);
    this.root = JkernfsPath.root(this);
    try {
      for (Map.Entry<String, Object> mount : config.mounts().entrySet()) {
        JkernfsPath at = getPath(mount.getKey());
        try {
          if (!exists(at, true)) {
            createDirectories(at);
          }
          FilesystemType type =
              mount.getValue() instanceof FilesystemType given
                  ? given
                  : FilesystemType.find((String) mount.getValue());
          vfs.mount(op(null, at, true), type, config.mountOptions());
        } catch (ErrnoException e) {
          throw translate(e, NioOp.GENERIC, at, null);
        }
      }
    } catch (IOException | RuntimeException e) {
      vfs.close();
      throw new IllegalArgumentException("mounts: cannot mount " + config.mounts() + ": " + e, e);
    }
  }

  String name() {
    return name;
  }

  VirtualFilesystem vfs() {
    return vfs;
  }

  FileLockTable locks() {
    return locks;
  }

  // ---- credentials ----

  Credentials credentials() {
    if (!actedAs) {
      return credentials;
    }
    Credentials override = actingAs.get();
    return override != null ? override : credentials;
  }

  /** Runs {@code action} with other credentials on this thread. */
  <T> T callAs(Credentials other, IoCallable<T> action) throws IOException {
    actedAs = true;
    Credentials before = actingAs.get();
    actingAs.set(other);
    try {
      return action.call();
    } finally {
      if (before == null) {
        actingAs.remove();
      } else {
        actingAs.set(before);
      }
    }
  }

  /** An action that may throw {@link IOException}. */
  @FunctionalInterface
  interface IoCallable<T> {
    T call() throws IOException;
  }

  // ---- resolution ----

  /**
   * The VFS operation for {@code path}: from {@code base} if given and the path is relative, else
   * from the root (the working directory of every jkernfs view).
   */
  PathOperation op(VirtualDentry base, JkernfsPath path, boolean follow) {
    checkOpen();
    VirtualDentry rootDentry = vfs.root();
    ParsedPath parsed = base == null ? path.toParsed() : path.toParsedFromDirectory();
    return new PathOperation(
        credentials(), rootDentry, base == null ? rootDentry : base, parsed, follow);
  }

  FileSystemException translate(ErrnoException e, NioOp op, Path file, Path other) {
    return NioErrors.translate(
        e, op, file == null ? null : file.toString(), other == null ? null : other.toString());
  }

  void checkOpen() {
    if (!open) {
      throw new ClosedFileSystemException();
    }
  }

  // ---- operations used by the provider ----

  Stat stat(JkernfsPath path, boolean follow) throws IOException {
    return stat(null, path, follow);
  }

  Stat stat(VirtualDentry base, JkernfsPath path, boolean follow) throws IOException {
    try {
      return vfs.stat(op(base, path, follow));
    } catch (ErrnoException e) {
      throw translate(e, NioOp.GENERIC, path, null);
    }
  }

  /** Whether the path exists, without making an exception for a missing one. */
  boolean exists(JkernfsPath path, boolean follow) {
    try {
      return vfs.statIfExists(op(null, path, follow)) != null;
    } catch (ErrnoException e) {
      return false;
    }
  }

  /** The attributes of the path, or null if it does not exist. */
  Stat statIfExists(JkernfsPath path, boolean follow) throws IOException {
    try {
      return vfs.statIfExists(op(null, path, follow));
    } catch (ErrnoException e) {
      if (e.errno() == Errno.ENOENT) {
        return null;
      }
      throw translate(e, NioOp.GENERIC, path, null);
    }
  }

  boolean isDirectoryQuietly(JkernfsPath path) {
    try {
      return vfs.stat(op(null, path, true)).isDirectory();
    } catch (ErrnoException | ClosedFileSystemException e) {
      return false;
    }
  }

  void setStat(JkernfsPath path, boolean follow, SetStat changes) throws IOException {
    setStat(null, path, follow, changes);
  }

  void setStat(VirtualDentry base, JkernfsPath path, boolean follow, SetStat changes)
      throws IOException {
    try {
      vfs.setStat(op(base, path, follow), changes);
    } catch (ErrnoException e) {
      throw translate(e, NioOp.GENERIC, path, null);
    }
  }

  JkernfsFileChannel newFileChannel(
      VirtualDentry base,
      JkernfsPath path,
      Set<? extends OpenOption> options,
      FileAttribute<?>... attrs)
      throws IOException {
    OpenFlags flags = OpenFlags.parse(options);
    int mode = initialMode(attrs, 0666);
    OpenOptions open = OpenOptions.fromLinuxFlags(flags.linuxFlags(), mode & ~umask);
    FileDescription fd;
    try {
      // A directory opens for reading, as on Linux; its first read fails with "Is a directory".
      fd = vfs.open(op(base, path, !open.noFollow()), open);
    } catch (ErrnoException e) {
      if (e.errno() == Errno.ELOOP && flags.noFollow()) {
        // The JDK's own words for O_NOFOLLOW meeting a symlink.
        throw new IOException("Too many levels of symbolic links (NOFOLLOW_LINKS specified)");
      }
      throw translate(e, NioOp.GENERIC, path, null);
    }
    JkernfsFileChannel channel = new JkernfsFileChannel(this, fd, path, flags.deleteOnClose());
    remember(channel);
    return channel;
  }

  DirectoryStream<Path> newDirectoryStream(
      VirtualDentry base,
      JkernfsPath dir,
      DirectoryStream.Filter<? super Path> filter,
      boolean follow)
      throws IOException {
    FileDescription fd;
    try {
      fd = vfs.open(op(base, dir, follow), OpenOptions.DIRECTORY);
    } catch (ErrnoException e) {
      throw translate(e, NioOp.DIRECTORY_STREAM, dir, null);
    }
    JkernfsDirectoryStream stream = new JkernfsDirectoryStream(this, dir, fd, filter);
    remember(stream);
    return stream;
  }

  void createDirectory(VirtualDentry base, JkernfsPath dir, FileAttribute<?>... attrs)
      throws IOException {
    int mode = initialMode(attrs, 0777);
    try {
      vfs.mkdir(op(base, dir, false), mode & ~umask);
    } catch (ErrnoException e) {
      throw translate(e, NioOp.GENERIC, dir, null);
    }
  }

  private void createDirectories(JkernfsPath dir) throws IOException {
    JkernfsPath parent = (JkernfsPath) dir.getParent();
    if (parent != null && !exists(parent, true)) {
      createDirectories(parent);
    }
    createDirectory(null, dir);
  }

  void createSymbolicLink(JkernfsPath link, JkernfsPath target, FileAttribute<?>... attrs)
      throws IOException {
    if (attrs.length > 0) {
      throw new UnsupportedOperationException(
          "Initial file attributes not supported when creating symbolic link");
    }
    try {
      vfs.symlink(op(null, link, false), target.toString());
    } catch (ErrnoException e) {
      throw translate(e, NioOp.GENERIC, link, null);
    }
  }

  void createLink(JkernfsPath link, JkernfsPath existing) throws IOException {
    try {
      vfs.link(op(null, existing, false), op(null, link, false));
    } catch (ErrnoException e) {
      throw translate(e, NioOp.GENERIC, link, existing);
    }
  }

  /** Deletes a file or an empty directory, as {@code Files.delete}. */
  void delete(VirtualDentry base, JkernfsPath path) throws IOException {
    try {
      PathOperation op = op(base, path, false);
      try {
        vfs.unlink(op);
      } catch (ErrnoException e) {
        // unlink refuses a directory (and "/", ".", "..") with EISDIR before changing anything;
        // rmdir then gives the answer rmdir(2) would.
        if (e.errno() != Errno.EISDIR) {
          throw e;
        }
        vfs.rmdir(op);
      }
    } catch (ErrnoException e) {
      throw translate(e, NioOp.DELETE, path, null);
    }
  }

  void deleteFile(VirtualDentry base, JkernfsPath path) throws IOException {
    try {
      vfs.unlink(op(base, path, false));
    } catch (ErrnoException e) {
      throw translate(e, NioOp.DELETE, path, null);
    }
  }

  void deleteDirectory(VirtualDentry base, JkernfsPath path) throws IOException {
    try {
      vfs.rmdir(op(base, path, false));
    } catch (ErrnoException e) {
      throw translate(e, NioOp.DELETE, path, null);
    }
  }

  void deleteQuietly(JkernfsPath path) {
    try {
      if (open) {
        deleteFile(null, path);
      }
    } catch (IOException | RuntimeException e) {
      // DELETE_ON_CLOSE is best effort, as on the default filesystem.
    }
  }

  JkernfsPath readSymbolicLink(JkernfsPath link) throws IOException {
    try {
      return getPath(vfs.readlink(op(null, link, false)));
    } catch (ErrnoException e) {
      throw translate(e, NioOp.READLINK, link, null);
    }
  }

  /** Renames, as {@code rename(2)} (with {@code RENAME_NOREPLACE} if asked). */
  void rename(
      VirtualDentry sourceBase,
      JkernfsPath source,
      VirtualDentry targetBase,
      JkernfsPath target,
      boolean noReplace,
      boolean atomic)
      throws IOException {
    try {
      vfs.rename(op(sourceBase, source, false), op(targetBase, target, false), noReplace);
    } catch (ErrnoException e) {
      throw translate(e, atomic ? NioOp.MOVE_ATOMIC : NioOp.GENERIC, source, target);
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
      vfs.access(op(null, path, true), may);
    } catch (ErrnoException e) {
      if (e.errno() == Errno.ENOENT) {
        // Files.exists and its kin ask here and discard the exception: skip the stack trace.
        throw new MissingFileException(path.toString());
      }
      throw translate(e, NioOp.GENERIC, path, null);
    }
  }

  JkernfsPath toRealPath(JkernfsPath path, boolean follow) throws IOException {
    JkernfsPath absolute = (JkernfsPath) path.toAbsolutePath();
    try {
      if (follow) {
        VirtualDentry position = vfs.getDentry(op(null, absolute, true), false);
        try {
          return getPath(vfs.pathOf(position));
        } finally {
          position.decRef();
        }
      }
      JkernfsPath parent = (JkernfsPath) absolute.getParent();
      if (parent == null) {
        return absolute;
      }
      vfs.stat(op(null, absolute, false)); // it must exist
      String last = absolute.lastName();
      JkernfsPath realParent = toRealPath(parent, true);
      if (last.equals(".") || last.equals("..")) {
        return toRealPath(absolute, true);
      }
      return (JkernfsPath) realParent.resolve(last);
    } catch (ErrnoException e) {
      throw translate(e, NioOp.GENERIC, path, null);
    }
  }

  WatchKey register(
      JkernfsPath path,
      WatchService watcher,
      WatchEvent.Kind<?>[] events,
      WatchEvent.Modifier... modifiers)
      throws IOException {
    if (!(Objects.requireNonNull(watcher) instanceof JkernfsWatchService service)
        || service.fileSystem() != this) {
      throw new ProviderMismatchException("not a watch service of " + this);
    }
    return service.register(path, events, modifiers);
  }

  /** The mount holding {@code path}. */
  Mount mountOf(JkernfsPath path) throws IOException {
    try {
      VirtualDentry position = vfs.getDentry(op(null, path, true), false);
      position.decRef();
      return position.mount();
    } catch (ErrnoException e) {
      throw translate(e, NioOp.GENERIC, path, null);
    }
  }

  private static int initialMode(FileAttribute<?>[] attrs, int absent) {
    int mode = absent;
    for (FileAttribute<?> attr : attrs) {
      if (!attr.name().equals("posix:permissions") && !attr.name().equals("unix:permissions")) {
        throw new UnsupportedOperationException(
            "'" + attr.name() + "' not supported as initial attribute");
      }
      @SuppressWarnings("unchecked") // the attribute's name promises its value type
      Set<PosixFilePermission> permissions = (Set<PosixFilePermission>) attr.value();
      mode = JkernfsFileAttributes.mode(permissions);
    }
    return mode;
  }

  // ---- open resources ----

  void remember(Closeable resource) {
    openResources.add(resource);
    if (!open) {
      openResources.remove(resource);
      closeQuietly(resource);
      throw new ClosedFileSystemException();
    }
  }

  void forget(Closeable resource) {
    openResources.remove(resource);
  }

  private static void closeQuietly(Closeable resource) {
    try {
      resource.close();
    } catch (IOException | RuntimeException e) {
      // closing everything at filesystem close; one failure must not stop the others
    }
  }

  // ---- FileSystem ----

  @Override
  public JkernfsFileSystemProvider provider() {
    return provider;
  }

  /**
   * Closes every open channel, stream and directory stream, unmounts everything and releases every
   * reference. With the leak checker on, anything still alive afterwards was leaked inside jkernfs:
   * in {@code throw} and {@code trace} mode that fails this call with a report.
   */
  @Override
  public void close() throws IOException {
    if (!open) {
      return;
    }
    open = false;
    try {
      for (Closeable resource : List.copyOf(openResources)) {
        closeQuietly(resource);
      }
      openResources.clear();
      vfs.close();
    } finally {
      provider.removeFileSystem(name, this);
    }
    LeakChecker.verify(scope);
  }

  /** The objects of this filesystem still alive: empty after a clean close. */
  LeakReport leakReport() {
    return LeakChecker.check(scope);
  }

  LeakScope scope() {
    return scope;
  }

  @Override
  public boolean isOpen() {
    return open;
  }

  @Override
  public boolean isReadOnly() {
    return false;
  }

  @Override
  public String getSeparator() {
    return "/";
  }

  @Override
  public Iterable<Path> getRootDirectories() {
    checkOpen();
    return List.of(root);
  }

  @Override
  public Iterable<FileStore> getFileStores() {
    checkOpen();
    List<FileStore> stores = new ArrayList<>();
    for (Mount mount : vfs.mounts()) {
      stores.add(new JkernfsFileStore(this, mount));
    }
    return stores;
  }

  @Override
  public Set<String> supportedFileAttributeViews() {
    return AttributeViews.SUPPORTED;
  }

  @Override
  public JkernfsPath getPath(String first, String... more) {
    return JkernfsPath.parse(this, first, more);
  }

  @Override
  public PathMatcher getPathMatcher(String syntaxAndPattern) {
    int colon = syntaxAndPattern.indexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException(
          "expected syntax:pattern, got \"" + syntaxAndPattern + "\"");
    }
    String syntax = syntaxAndPattern.substring(0, colon);
    String pattern = syntaxAndPattern.substring(colon + 1);
    Pattern regex =
        switch (syntax.toLowerCase(java.util.Locale.ROOT)) {
          case "glob" -> Pattern.compile(Globs.toRegex(pattern));
          case "regex" -> Pattern.compile(pattern);
          default ->
              throw new UnsupportedOperationException("Syntax '" + syntax + "' not recognized");
        };
    return path -> regex.matcher(path.toString()).matches();
  }

  @Override
  public UserPrincipalLookupService getUserPrincipalLookupService() {
    return Principals.LOOKUP;
  }

  /** A watch service fed by this filesystem's changes as they happen. */
  @Override
  public WatchService newWatchService() {
    checkOpen();
    JkernfsWatchService service = new JkernfsWatchService(this);
    remember(service);
    return service;
  }

  @Override
  public String toString() {
    return "kernfs://" + name + "/";
  }
}
