package dev.jkernfs.nio;

import dev.jkernfs.refs.LeakReport;
import dev.jkernfs.vfs.Credentials;
import dev.jkernfs.vfs.VirtualFilesystem;
import java.io.Closeable;
import java.io.IOException;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.ProviderMismatchException;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The entry point for people who prefer not to build URIs: new jkernfs filesystems, and the things
 * only jkernfs can tell about them.
 *
 * <p>The {@code env} keys, all optional: {@code leakMode} ({@code "disabled"}, {@code "log"},
 * {@code "throw"}, {@code "trace"}: this filesystem's own leak checker mode; default the JVM-wide
 * mode), {@code maxBytes} and {@code maxInodes} (Long quotas of the root filesystem), {@code
 * dentryCacheLimit} (Integer), {@code mounts} (a Map of mount point to filesystem type, by name as
 * in {@code Map.of("/proc", "proc")} or as a {@code FilesystemType} instance; mounted parents
 * first, missing mount points created), {@code uid} and {@code gid} (Integer credentials of this
 * view, default 0), {@code umask} (Integer, default 022), {@code flavor} ({@code "linux"}, the
 * default; {@code "windows"}: Windows paths, names that ignore case, the {@code dos} and {@code
 * acl} views, working directory {@code C:\work}; {@code "macos"}: names that ignore case and
 * Unicode normalization) and, for Windows, {@code roots} (a List of drive or UNC roots, default
 * {@code List.of("C:\\")}). An unknown key or a value of the wrong type is an {@link
 * IllegalArgumentException} naming the key.
 *
 * <pre>{@code
 * try (FileSystem fs = Jkernfs.newFileSystem("demo", Map.of("mounts", Map.of("/proc", "proc")))) {
 *   Path hello = fs.getPath("/hello.txt");
 *   Files.writeString(hello, "hi");
 * }
 * }</pre>
 */
public final class Jkernfs {
  private static final AtomicLong ANONYMOUS = new AtomicLong();

  private Jkernfs() {}

  /** Creates the filesystem {@code kernfs://NAME/}. */
  public static FileSystem newFileSystem(String name, Map<String, ?> env) throws IOException {
    return FileSystems.newFileSystem(uri(name), env, Jkernfs.class.getClassLoader());
  }

  /** Creates the filesystem {@code kernfs://NAME/} with default settings. */
  public static FileSystem newFileSystem(String name) throws IOException {
    return newFileSystem(name, Map.of());
  }

  /** Creates a filesystem with a fresh unique name. */
  public static FileSystem newFileSystem(Map<String, ?> env) throws IOException {
    while (true) {
      String name = "anonymous-" + ANONYMOUS.incrementAndGet();
      try {
        return newFileSystem(name, env);
      } catch (java.nio.file.FileSystemAlreadyExistsException taken) {
        // someone chose this name by hand; take the next
      }
    }
  }

  /** The URI of the filesystem named {@code name}. */
  public static URI uri(String name) {
    return URI.create(JkernfsFileSystemProvider.SCHEME + "://" + name + "/");
  }

  /**
   * Runs {@code action} on this thread with the credentials of another user, for tests of
   * permissions.
   */
  public static <T> T callAs(FileSystem fs, int uid, int gid, IoCallable<T> action)
      throws IOException {
    return cast(fs).actingUser().callAs(Credentials.of(uid, gid), action);
  }

  /** What is still alive in {@code fs}: after a clean close, nothing. */
  public static LeakReport leakReport(FileSystem fs) {
    return cast(fs).leakReport();
  }

  /**
   * The virtual filesystem behind {@code fs}, for bridges that speak VFS operations directly (the
   * FUSE mount) rather than through {@code java.nio.file}. The caller must not close it: it belongs
   * to {@code fs}.
   */
  public static VirtualFilesystem virtualFilesystem(FileSystem fs) {
    JkernfsFileSystem kernfs = cast(fs);
    kernfs.checkOpen();
    return kernfs.vfs();
  }

  /**
   * Makes {@code fs.close()} close {@code resource} first, before it releases the filesystem's
   * references, as it does with its own channels and streams. Fails with {@link
   * java.nio.file.ClosedFileSystemException} (after closing {@code resource}) if {@code fs} is
   * already closed.
   */
  public static void closeWith(FileSystem fs, Closeable resource) {
    cast(fs).openResources().remember(resource);
  }

  /** Undoes {@link #closeWith} once {@code resource} has closed by itself. */
  public static void forgetOnClose(FileSystem fs, Closeable resource) {
    cast(fs).openResources().forget(resource);
  }

  /** An action that may throw {@link IOException}. */
  @FunctionalInterface
  public interface IoCallable<T> {
    T call() throws IOException;
  }

  private static JkernfsFileSystem cast(FileSystem fs) {
    if (!(fs instanceof JkernfsFileSystem kernfs)) {
      throw new ProviderMismatchException("not a jkernfs filesystem: " + fs);
    }
    return kernfs;
  }
}
