package dev.jkernfs.nio;

import dev.jkernfs.vfs.WindowsAttributes;
import java.io.IOException;
import java.net.URI;
import java.nio.channels.AsynchronousFileChannel;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessMode;
import java.nio.file.CopyOption;
import java.nio.file.DirectoryStream;
import java.nio.file.FileStore;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileAttributeView;
import java.nio.file.spi.FileSystemProvider;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;

/**
 * The {@code kernfs} URI scheme: {@code kernfs://NAME/} names a jkernfs filesystem created with
 * {@code FileSystems.newFileSystem(URI.create("kernfs://NAME/"), env)} and found again by the same
 * URI until it is closed. See {@link Jkernfs} for the {@code env} keys.
 */
public final class JkernfsFileSystemProvider extends FileSystemProvider {
  /** The URI scheme. */
  public static final String SCHEME = "kernfs";

  // Shared by every provider instance: the JDK makes one, and Jkernfs may make another.
  private static final Map<String, JkernfsFileSystem> FILESYSTEMS = new ConcurrentHashMap<>();

  @Override
  public String getScheme() {
    return SCHEME;
  }

  @Override
  public FileSystem newFileSystem(URI uri, Map<String, ?> env) throws IOException {
    String name = nameOf(uri);
    JkernfsConfig config = JkernfsConfig.parse(env);
    synchronized (FILESYSTEMS) {
      if (FILESYSTEMS.containsKey(name)) {
        throw new FileSystemAlreadyExistsException(uri.toString());
      }
      JkernfsFileSystem fs = new JkernfsFileSystem(this, name, config);
      FILESYSTEMS.put(name, fs);
      return fs;
    }
  }

  @Override
  public FileSystem getFileSystem(URI uri) {
    JkernfsFileSystem fs = FILESYSTEMS.get(nameOf(uri));
    if (fs == null) {
      throw new FileSystemNotFoundException(uri.toString());
    }
    return fs;
  }

  @Override
  public Path getPath(URI uri) {
    JkernfsFileSystem fs = (JkernfsFileSystem) getFileSystem(uri);
    return fs.syntax().fromUriPath(fs, uri.getPath());
  }

  void removeFileSystem(String name, JkernfsFileSystem fs) {
    FILESYSTEMS.remove(name, fs);
  }

  private static String nameOf(URI uri) {
    if (!SCHEME.equalsIgnoreCase(uri.getScheme())) {
      throw new IllegalArgumentException("URI scheme is not \"" + SCHEME + "\": " + uri);
    }
    String name = uri.getAuthority();
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException(
          "URI has no filesystem name: " + uri + " (kernfs://NAME/)");
    }
    if (uri.getQuery() != null || uri.getFragment() != null) {
      throw new IllegalArgumentException("URI has a query or fragment: " + uri);
    }
    return name;
  }

  private static JkernfsPath kernfs(Path path) {
    return JkernfsPath.cast(path);
  }

  /** Where the provider's operations on {@code path} go: its filesystem's view from the root. */
  private static FileSystemView view(JkernfsPath path) {
    return path.fileSystem().view();
  }

  @Override
  public SeekableByteChannel newByteChannel(
      Path path, Set<? extends OpenOption> options, FileAttribute<?>... attrs) throws IOException {
    return newFileChannel(path, options, attrs);
  }

  @Override
  public FileChannel newFileChannel(
      Path path, Set<? extends OpenOption> options, FileAttribute<?>... attrs) throws IOException {
    JkernfsPath p = kernfs(path);
    return view(p).newFileChannel(p, options, attrs);
  }

  @Override
  public AsynchronousFileChannel newAsynchronousFileChannel(
      Path path,
      Set<? extends OpenOption> options,
      ExecutorService executor,
      FileAttribute<?>... attrs)
      throws IOException {
    JkernfsPath p = kernfs(path);
    return new JkernfsAsynchronousFileChannel(view(p).newFileChannel(p, options, attrs), executor);
  }

  @Override
  public DirectoryStream<Path> newDirectoryStream(
      Path dir, DirectoryStream.Filter<? super Path> filter) throws IOException {
    JkernfsPath p = kernfs(dir);
    return view(p).newDirectoryStream(p, filter, true);
  }

  @Override
  public void createDirectory(Path dir, FileAttribute<?>... attrs) throws IOException {
    JkernfsPath p = kernfs(dir);
    view(p).createDirectory(p, attrs);
  }

  @Override
  public void createSymbolicLink(Path link, Path target, FileAttribute<?>... attrs)
      throws IOException {
    JkernfsPath p = kernfs(link);
    view(p).createSymbolicLink(p, kernfs(target), attrs);
  }

  @Override
  public void createLink(Path link, Path existing) throws IOException {
    JkernfsPath p = kernfs(link);
    JkernfsPath target = kernfs(existing);
    view(p).createLink(p, view(target), target);
  }

  @Override
  public void delete(Path path) throws IOException {
    JkernfsPath p = kernfs(path);
    view(p).delete(p);
  }

  @Override
  public Path readSymbolicLink(Path link) throws IOException {
    JkernfsPath p = kernfs(link);
    return view(p).readSymbolicLink(p);
  }

  @Override
  public void copy(Path source, Path target, CopyOption... options) throws IOException {
    JkernfsPath from = kernfs(source);
    JkernfsPath to = kernfs(target);
    CopyMove.copy(view(from), from, view(to), to, options);
  }

  @Override
  public void move(Path source, Path target, CopyOption... options) throws IOException {
    JkernfsPath from = kernfs(source);
    JkernfsPath to = kernfs(target);
    CopyMove.move(view(from), from, view(to), to, options);
  }

  @Override
  public boolean isSameFile(Path path, Path path2) throws IOException {
    if (path.equals(path2)) {
      return true;
    }
    if (!(path instanceof JkernfsPath a) || !(path2 instanceof JkernfsPath b)) {
      return false;
    }
    // Both files are looked up, as the JDK does, even on two filesystems, which never share one.
    // It reports a failed stat here as the generic case, whatever its version.
    var first = view(a).stat(a, true, NioOp.GENERIC);
    var second = view(b).stat(b, true, NioOp.GENERIC);
    return a.fileSystem() == b.fileSystem()
        && first.dev() == second.dev()
        && first.ino() == second.ino();
  }

  /**
   * Unix flavours: whether the name starts with a dot, as the JDK on Linux and macOS answers.
   * Windows: the file's DOS {@code hidden} bit, as the JDK on Windows reads it.
   */
  @Override
  public boolean isHidden(Path path) throws IOException {
    JkernfsPath p = kernfs(path);
    if (p.fileSystem().flavor() == Flavor.WINDOWS) {
      return WindowsAttributeViews.read(view(p), p, true).has(WindowsAttributes.HIDDEN);
    }
    Path name = p.getFileName();
    return name != null && name.toString().startsWith(".");
  }

  @Override
  public FileStore getFileStore(Path path) throws IOException {
    JkernfsPath p = kernfs(path);
    return new JkernfsFileStore(p.fileSystem(), view(p).mountOf(p));
  }

  @Override
  public void checkAccess(Path path, AccessMode... modes) throws IOException {
    JkernfsPath p = kernfs(path);
    view(p).checkAccess(p, modes);
  }

  @Override
  public <V extends FileAttributeView> V getFileAttributeView(
      Path path, Class<V> type, LinkOption... options) {
    JkernfsPath p = kernfs(path);
    return AttributeViews.providerView(view(p), p, type, NioOptions.followLinks(options));
  }

  @Override
  public <A extends BasicFileAttributes> A readAttributes(
      Path path, Class<A> type, LinkOption... options) throws IOException {
    JkernfsPath p = kernfs(path);
    return AttributeViews.readAs(view(p), p, type, NioOptions.followLinks(options));
  }

  @Override
  public Map<String, Object> readAttributes(Path path, String attributes, LinkOption... options)
      throws IOException {
    JkernfsPath p = kernfs(path);
    return AttributeViews.read(view(p), p, attributes, NioOptions.followLinks(options));
  }

  @Override
  public void setAttribute(Path path, String attribute, Object value, LinkOption... options)
      throws IOException {
    JkernfsPath p = kernfs(path);
    AttributeViews.set(view(p), p, attribute, value, NioOptions.followLinks(options));
  }

  /**
   * {@code Files.exists} on JDK 20 and later calls this instead of {@code checkAccess}, so a
   * missing file costs no exception. Not an override on JDK 17, where the method does not exist.
   */
  public boolean exists(Path path, LinkOption... options) {
    JkernfsPath p = kernfs(path);
    return view(p).exists(p, NioOptions.followLinks(options));
  }

  /**
   * {@code Files.isDirectory} and friends call this on JDK 20 and later; null for a missing file,
   * without an exception. Not an override on JDK 17.
   */
  public <A extends BasicFileAttributes> A readAttributesIfExists(
      Path path, Class<A> type, LinkOption... options) throws IOException {
    JkernfsPath p = kernfs(path);
    boolean follow = NioOptions.followLinks(options);
    if (type != BasicFileAttributes.class
        && (type != java.nio.file.attribute.PosixFileAttributes.class
            || !p.fileSystem().supportedFileAttributeViews().contains("posix"))) {
      // Any other type as the JDK's default gives it: readAttributes, null for a missing file.
      try {
        return AttributeViews.readAs(view(p), p, type, follow);
      } catch (java.nio.file.NoSuchFileException e) {
        return null;
      }
    }
    var stat = view(p).statIfExists(p, follow);
    return stat == null
        ? null
        : type.cast(new JkernfsFileAttributes(stat, p.fileSystem().principals()));
  }
}
