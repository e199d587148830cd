package dev.jkernfs.nio;

import dev.jkernfs.memfs.MemfsType;
import dev.jkernfs.refs.LeakChecker;
import dev.jkernfs.refs.LeakReport;
import dev.jkernfs.refs.LeakScope;
import dev.jkernfs.vfs.Credentials;
import dev.jkernfs.vfs.ErrnoException;
import dev.jkernfs.vfs.FilesystemType;
import dev.jkernfs.vfs.Mount;
import dev.jkernfs.vfs.ParsedPath;
import dev.jkernfs.vfs.PathOperation;
import dev.jkernfs.vfs.TimeSource;
import dev.jkernfs.vfs.VirtualFilesystem;
import java.io.IOException;
import java.nio.file.ClosedFileSystemException;
import java.nio.file.FileStore;
import java.nio.file.FileSystem;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.ProviderMismatchException;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One jkernfs filesystem as {@code java.nio.file} sees it: a mount namespace with its
 * configuration, the view its paths are operated on through (from its working directory), the names
 * of its users and groups, and the lifecycle that closes its open channels and streams with it.
 */
final class JkernfsFileSystem extends FileSystem {
  private final JkernfsFileSystemProvider provider;
  private final String name;
  private final VirtualFilesystem vfs;
  private final LeakScope scope;
  private final ActingUser actingUser;
  private final FileSystemView view;
  private final Principals principals;
  private final Flavor flavor;
  private final PathSyntax syntax;
  private final JkernfsPath workingDirectoryPath;
  private final WorkingDirectory workingDirectory; // null: the root, or a Windows flavour's
  private final OpenResources openResources = new OpenResources();
  private final FileLockTable locks = new FileLockTable();
  private final FaultInjector faults;
  private volatile boolean open = true;

  JkernfsFileSystem(JkernfsFileSystemProvider provider, String name, JkernfsConfig config) {
    this.provider = provider;
    this.name = name;
    this.flavor = config.flavor();
    this.syntax =
        flavor == Flavor.WINDOWS ? new WindowsPathSyntax(config.roots()) : UnixPathSyntax.INSTANCE;
    TimeSource time = config.clock() == null ? TimeSource.SYSTEM : TimeSource.of(config.clock());
    this.vfs =
        config.leakMode() == null
            ? VirtualFilesystem.create(
                "kernfs://" + name, time, new MemfsType(), config.rootOptions())
            : VirtualFilesystem.create(
                "kernfs://" + name, time, new MemfsType(), config.rootOptions(), config.leakMode());
    this.scope = LeakScope.ownedBy(vfs, "kernfs://" + name);
    this.actingUser = new ActingUser(Credentials.of(config.uid(), config.gid()));
    this.principals = new Principals(config.users(), config.groups());
    FileSystemView fromRoot = new FileSystemView(this, actingUser, config.umask(), null);
    if (flavor == Flavor.WINDOWS) {
      // Made before the mounts, so that the set-up's sync makes them durable with the rest.
      createWindowsRoots(config.roots(), config.umask());
      // Win32 joins a relative path to the current directory's path as text before any file
      // system sees it (GetFullPathName), so the working directory is a path, not a held
      // directory: the view starts at the root, and each path is placed there by its text.
      this.workingDirectoryPath = getPath(config.workingDirectory());
      createWorkingDirectory(fromRoot, workingDirectoryPath);
      mount(fromRoot, config);
      this.workingDirectory = null;
      this.view = fromRoot;
    } else {
      mount(fromRoot, config);
      this.workingDirectoryPath = getPath(config.workingDirectory());
      this.workingDirectory = enter(fromRoot, workingDirectoryPath);
      this.view = workingDirectory == null ? fromRoot : fromRoot.from(workingDirectory::position);
    }
    // After the mounts and the working directory, which the rules are not about.
    this.faults = new FaultInjector(this);
    config.faults().forEach(faults::add);
  }

  /**
   * Makes the VFS directories of the Windows roots, as the filesystem's user, so that it owns them;
   * closes the VFS if one fails.
   */
  private void createWindowsRoots(List<String> roots, int umask) {
    for (String root : roots) {
      StringBuilder vfsPath = new StringBuilder();
      for (String directory : WindowsPathSyntax.rootDirectories(root)) {
        vfsPath.append('/').append(directory);
        PathOperation op =
            new PathOperation(
                credentials(), vfs.root(), vfs.root(), ParsedPath.parse(vfsPath.toString()), true);
        try {
          if (vfs.statIfExists(op) == null) {
            vfs.mkdir(op, 0777 & ~umask);
          }
        } catch (ErrnoException e) {
          vfs.close();
          throw new IllegalArgumentException("roots: cannot create " + root + ": " + e, e);
        }
      }
    }
  }

  /**
   * Mounts the configured filesystems, creating missing mount points; closes the VFS if one fails.
   */
  private void mount(FileSystemView files, JkernfsConfig config) {
    try {
      for (Map.Entry<String, Object> mount : config.mounts().entrySet()) {
        JkernfsPath at = getPath(mount.getKey());
        try {
          if (!files.exists(at, true)) {
            files.createDirectories(at);
          }
          FilesystemType type =
              mount.getValue() instanceof FilesystemType given
                  ? given
                  : FilesystemType.find((String) mount.getValue());
          vfs.mount(files.op(at, true), type, config.mountOptions(type));
        } catch (ErrnoException e) {
          throw NioErrors.translate(e, NioOp.GENERIC, at, null);
        }
      }
      PowerCut.afterSetUp(this);
    } catch (IOException | RuntimeException e) {
      vfs.close();
      throw new IllegalArgumentException("mounts: cannot mount " + config.mounts() + ": " + e, e);
    }
  }

  /**
   * Takes {@code dir} as the working directory, made with its parents (by the configured user) if
   * missing; null for the root, which the VFS holds already. Closes the VFS if it fails.
   */
  private WorkingDirectory enter(FileSystemView files, JkernfsPath dir) {
    if (dir.getNameCount() == 0) {
      return null;
    }
    try {
      if (!files.exists(dir, true)) {
        files.createDirectories(dir);
      }
      try {
        return new WorkingDirectory(vfs.getDentry(files.op(dir, true), true), dir.toString());
      } catch (ErrnoException e) {
        throw NioErrors.translate(e, NioOp.GENERIC, dir, null);
      }
    } catch (IOException | RuntimeException e) {
      vfs.close();
      throw new IllegalArgumentException("workingDirectory: cannot enter " + dir + ": " + e, e);
    }
  }

  /**
   * Makes {@code dir} with its parents if missing, by the configured user, as {@link #enter} does
   * without holding it; closes the VFS if it fails.
   */
  private void createWorkingDirectory(FileSystemView files, JkernfsPath dir) {
    try {
      if (!files.exists(dir, true)) {
        files.createDirectories(dir);
      }
    } catch (IOException | RuntimeException e) {
      vfs.close();
      throw new IllegalArgumentException("workingDirectory: cannot enter " + dir + ": " + e, e);
    }
  }

  String name() {
    return name;
  }

  Flavor flavor() {
    return flavor;
  }

  /** How this filesystem's paths are written, compared and placed in the VFS. */
  PathSyntax syntax() {
    return syntax;
  }

  VirtualFilesystem vfs() {
    return vfs;
  }

  FileLockTable locks() {
    return locks;
  }

  FaultInjector faults() {
    return faults;
  }

  /** The view of this filesystem's own paths: relative ones start at the working directory. */
  FileSystemView view() {
    return view;
  }

  /** Where relative paths start, as {@code toAbsolutePath} names it. */
  JkernfsPath workingDirectoryPath() {
    return workingDirectoryPath;
  }

  /** The names of this filesystem's users and groups. */
  Principals principals() {
    return principals;
  }

  /** Whose permissions operations check, on this thread. */
  ActingUser actingUser() {
    return actingUser;
  }

  Credentials credentials() {
    return actingUser.current();
  }

  OpenResources openResources() {
    return openResources;
  }

  void checkOpen() {
    if (!open) {
      throw new ClosedFileSystemException();
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
      faults.clear(); // lets hanging calls go on before their files close
      openResources.closeAll();
      if (workingDirectory != null) {
        workingDirectory.release();
      }
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
    return syntax.separator();
  }

  @Override
  public Iterable<Path> getRootDirectories() {
    checkOpen();
    return List.copyOf(syntax.roots(this));
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
    return flavor.attributeViews();
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
          case "glob" -> Pattern.compile(this.syntax.globToRegex(pattern), flavor.patternFlags());
          case "regex" -> Pattern.compile(pattern, flavor.patternFlags());
          default ->
              throw new UnsupportedOperationException("Syntax '" + syntax + "' not recognized");
        };
    return path -> regex.matcher(path.toString()).matches();
  }

  @Override
  public UserPrincipalLookupService getUserPrincipalLookupService() {
    return principals;
  }

  /** A watch service fed by this filesystem's changes as they happen. */
  @Override
  public WatchService newWatchService() {
    checkOpen();
    JkernfsWatchService service = new JkernfsWatchService(this);
    openResources.remember(service);
    return service;
  }

  @Override
  public String toString() {
    return "kernfs://" + name + "/";
  }
}
