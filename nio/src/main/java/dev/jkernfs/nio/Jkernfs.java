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
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The entry point for people who prefer not to build URIs: new jkernfs filesystems, and the things
 * only jkernfs can tell about them.
 *
 * <p>The {@code env} keys, all optional: {@code leakMode} ({@code "disabled"}, {@code "log"},
 * {@code "throw"}, {@code "trace"}: this filesystem's own leak checker mode; default the JVM-wide
 * mode), {@code maxBytes} and {@code maxInodes} (Long quotas of the root filesystem), {@code
 * dentryCacheLimit} (Integer), {@code pagePoolBytes} (Long: the most bytes of freed file pages each
 * memfs filesystem keeps for reuse by later writes, default 4 MiB, 0 for none; pooled pages are not
 * charged to {@code maxBytes}; the pool is emptied when the filesystem closes), {@code mounts} (a
 * Map of mount point to filesystem type, by name as in {@code Map.of("/proc", "proc")} or as a
 * {@code FilesystemType} instance; mounted parents first, missing mount points created), {@code
 * uid} and {@code gid} (Integer credentials of this view, default 0), {@code umask} (Integer,
 * default 022), {@code workingDirectory} (String, default {@code "/"}, {@code C:\work} for Windows:
 * where relative paths start, made with its parents if missing), {@code users} and {@code groups}
 * (Maps of name to Integer id: the names the lookup service resolves and the owner views report;
 * {@code root} is 0), {@code clock} (a {@link java.time.Clock}: every time the filesystem sets
 * comes from it; default the system clock), {@code durability} ({@code "immediate"}, the default:
 * every change is durable as made; or {@code "fsync"}: only what fsync made durable survives a
 * {@link #crash}), {@code flavor} ({@code "linux"}, the default; {@code "windows"}: Windows paths,
 * names that ignore case, the {@code dos}, {@code acl} and {@code user} views; {@code "macos"}:
 * names that ignore case and Unicode normalization) and, for Windows, {@code roots} (a List of
 * drive or UNC roots, default {@code List.of("C:\\")}), and {@code faults} (a List of {@link
 * FaultRule}, or of their text form, in force from the start; see {@link #faults}). An unknown key
 * or a value of the wrong type is an {@link IllegalArgumentException} naming the key. {@link
 * #env()} builds the map one setting at a time.
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

  /**
   * No settings yet: the start of an {@code env} built one setting at a time, as {@code
   * Jkernfs.env().workingDirectory("/work").user("alice", 1000).newFileSystem()}.
   */
  public static JkernfsEnv env() {
    return JkernfsEnv.EMPTY;
  }

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
   * The fault rules of {@code fs}: make its calls fail, come up short, wait or hang on purpose, and
   * see what was injected. Readable after {@code fs} is closed (its log stays).
   *
   * @throws ProviderMismatchException if {@code fs} is not a jkernfs filesystem
   */
  public static FaultInjector faults(FileSystem fs) {
    return cast(fs).faults();
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

  /**
   * Simulates a power cut and a remount of {@code fs}, which must have been created with env {@code
   * durability=fsync}: every channel, stream, directory stream and watch service open on it (and
   * whatever {@link #closeWith} joined to it, a FUSE mount say) is closed, as by a reboot (their
   * users get {@link java.nio.channels.ClosedChannelException}, {@link
   * java.nio.file.ClosedWatchServiceException} and the like), and every file and directory goes
   * back to its durable state. Nothing written since a file's last fsync survives. The filesystem
   * stays open and usable, as a remounted disk.
   *
   * <p>What is durable when, in short (strict, as POSIX promises; ext4 and XFS often keep more): a
   * file's content, size and attributes as of its last {@code FileChannel.force} (or a write
   * through a channel opened with {@code SYNC} or {@code DSYNC}); a directory's entries as of its
   * last fsync, made by forcing a {@code FileChannel} opened on the directory for reading. So a new
   * file needs both its own fsync and its directory's; an unlink, a hard link and each side of a
   * rename need the fsync of the directory they change; a truncate needs the file's. Mounted
   * filesystems ({@code /proc}, other mounts) are left as they are. The full model is in the
   * documentation of {@code MemfsType.crash}. An operation another thread is running meanwhile
   * lands before or after the crash, as one in flight when the power goes.
   *
   * <pre>{@code
   * FileSystem fs = Jkernfs.newFileSystem(Map.of("durability", "fsync"));
   * Path log = fs.getPath("/log");
   * try (FileChannel out = FileChannel.open(log, CREATE, WRITE)) {
   *   out.write(ByteBuffer.wrap(record));
   *   out.force(true);                                   // the content is durable
   * }
   * try (FileChannel dir = FileChannel.open(fs.getPath("/"), READ)) {
   *   dir.force(true);                                   // and so is the name "log"
   * }
   * Jkernfs.crash(fs);                                   // /log is there, with the record
   * }</pre>
   *
   * @throws IllegalStateException if {@code fs} was not created with {@code durability=fsync}
   * @throws java.nio.file.ClosedFileSystemException if {@code fs} is closed
   * @throws ProviderMismatchException if {@code fs} is not a jkernfs filesystem
   */
  public static void crash(FileSystem fs) {
    PowerCut.crash(fs, OptionalLong.empty());
  }

  /**
   * As {@link #crash(FileSystem)}, but each file's writes since its last fsync are torn as a device
   * may have written them back before the power went: {@code seed} keeps, per file, either the
   * first few of the changed 4 KiB blocks in offset order (and then perhaps the new size) or any
   * subset of them (and the new size or not). The same seed after the same operations tears the
   * same way, so a test can sweep seeds and replay the one that fails. Directory entries are never
   * torn: only a directory's fsync makes them durable.
   *
   * @throws IllegalStateException if {@code fs} was not created with {@code durability=fsync}
   * @throws java.nio.file.ClosedFileSystemException if {@code fs} is closed
   * @throws ProviderMismatchException if {@code fs} is not a jkernfs filesystem
   */
  public static void crash(FileSystem fs, long seed) {
    PowerCut.crash(fs, OptionalLong.of(seed));
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
