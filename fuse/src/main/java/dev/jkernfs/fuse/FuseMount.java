package dev.jkernfs.fuse;

import dev.jkernfs.nio.Jkernfs;
import dev.jkernfs.vfs.VirtualFilesystem;
import java.io.Closeable;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.ProviderMismatchException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import jnr.ffi.LibraryLoader;
import ru.serce.jnrfuse.LibFuse;

/**
 * A jkernfs filesystem mounted at a host directory through FUSE, so that every program on the host
 * can be its client. Requests go straight to the VFS with the credentials of the calling process,
 * so permission checks apply to each caller as on Linux; open files are VFS file descriptions, so
 * the leak checker covers them.
 *
 * <pre>{@code
 * try (FileSystem fs = Jkernfs.newFileSystem("shared", Map.of());
 *     FuseMount mount = FuseMount.mount(fs, Path.of("/mnt/shared"))) {
 *   // `ls /mnt/shared` now lists fs's root
 * }
 * }</pre>
 *
 * <p>{@link #close()} unmounts (lazily if a process still uses the mount) and releases every
 * reference the mount held; closing the filesystem closes its mounts first. Mounting needs {@code
 * /dev/fuse}, libfuse 2 ({@code libfuse.so.2}) and root, or a setuid {@code fusermount}.
 */
public final class FuseMount implements Closeable {
  /**
   * libfuse options: others may use the mount; the kernel checks permissions against the attributes
   * jkernfs reports (the only check for FIFOs and device nodes, whose opens never reach the
   * filesystem) and jkernfs checks each operation again with the caller's credentials; inode
   * numbers are jkernfs's; an unlinked open file stays usable through its handle. The kernel's
   * attribute and name cache timeouts are added per mount.
   */
  private static final String OPTIONS =
      "subtype=jkernfs,allow_other,default_permissions,use_ino,readdir_ino,hard_remove,big_writes,"
          + "max_read=131072,max_write=131072";

  private static final long MOUNT_TIMEOUT_SECONDS = 30;
  private static final long UNMOUNT_TIMEOUT_SECONDS = 30;
  private static final long LAZY_GRACE_SECONDS = 1;
  private static final Path FUSE_CONNECTIONS = Path.of("/sys/fs/fuse/connections");

  private final FileSystem fs;
  private final Path mountPoint;
  private final Handles handles;
  private final Thread loop;
  private volatile int loopResult = Integer.MIN_VALUE;
  private long connection = -1;
  private boolean closed;

  private FuseMount(
      FileSystem fs,
      Path mountPoint,
      Handles handles,
      VfsFuseOperations fuse,
      String name,
      Duration kernelCacheTimeout) {
    this.fs = fs;
    this.mountPoint = mountPoint;
    this.handles = handles;
    String seconds = BigDecimal.valueOf(kernelCacheTimeout.toNanos(), 9).toPlainString();
    String timeouts =
        ",attr_timeout=" + seconds + ",entry_timeout=" + seconds + ",negative_timeout=" + seconds;
    String[] args = {
      "jkernfs", "-f", mountPoint.toString(), "-o", "fsname=" + name + "," + OPTIONS + timeouts
    };
    this.loop = new Thread(() -> loopResult = fuse.runLoop(args), "jkernfs-fuse " + mountPoint);
    this.loop.setDaemon(true);
  }

  /**
   * Why this machine cannot mount, or empty if it can: the JVM must be 64-bit, {@code /dev/fuse}
   * must exist and libfuse 2 must load.
   */
  public static Optional<String> unavailableReason() {
    if (jnr.ffi.Runtime.getSystemRuntime().addressSize() != 8) {
      return Optional.of(
          "only 64-bit JVMs are supported (libfuse's structures are laid out for them)");
    }
    if (!Files.exists(Path.of("/dev/fuse"))) {
      return Optional.of("/dev/fuse is absent (no FUSE support in this kernel or container)");
    }
    try {
      LibraryLoader.create(LibFuse.class).failImmediately().load("libfuse.so.2");
    } catch (LinkageError | RuntimeException e) {
      return Optional.of("libfuse 2 does not load (install Debian's libfuse2): " + e.getMessage());
    }
    return Optional.empty();
  }

  /**
   * Mounts {@code fs} at {@code mountPoint}, an existing empty directory of the host, and returns
   * once the kernel serves requests from it. The kernel caches no attributes or names, so every
   * process sees every change at once, including changes made through {@code java.nio.file} and the
   * ever-changing content of {@code proc}.
   *
   * @throws ProviderMismatchException if {@code fs} is not a jkernfs filesystem or {@code
   *     mountPoint} is not a host path
   * @throws NoSuchFileException if {@code mountPoint} does not exist
   * @throws NotDirectoryException if it is not a directory
   * @throws DirectoryNotEmptyException if it is not empty
   * @throws IOException if FUSE is unavailable or the mount fails (libfuse prints why)
   */
  public static FuseMount mount(FileSystem fs, Path mountPoint) throws IOException {
    return mount(fs, mountPoint, Duration.ZERO);
  }

  /**
   * Mounts as {@link #mount(FileSystem, Path)} does, but lets the kernel trust the attributes and
   * names (present or missing) it has seen for up to {@code kernelCacheTimeout}. Changes made
   * through the mount are seen at once all the same; only changes made beside it (through {@code
   * java.nio.file}, or generated directories) may show late. Metadata-heavy programs run several
   * times faster.
   *
   * @throws IllegalArgumentException if the timeout is negative; otherwise as {@link
   *     #mount(FileSystem, Path)}
   */
  public static FuseMount mount(FileSystem fs, Path mountPoint, Duration kernelCacheTimeout)
      throws IOException {
    if (kernelCacheTimeout.isNegative()) {
      throw new IllegalArgumentException("negative kernel cache timeout: " + kernelCacheTimeout);
    }
    if (mountPoint.getFileSystem() != FileSystems.getDefault()) {
      throw new ProviderMismatchException("mount point must be a host path: " + mountPoint);
    }
    VirtualFilesystem vfs = Jkernfs.virtualFilesystem(fs);
    Path absolute = mountPoint.toAbsolutePath().normalize();
    if (!Files.exists(absolute)) {
      throw new NoSuchFileException(absolute.toString(), null, "mount point does not exist");
    }
    if (!Files.isDirectory(absolute)) {
      throw new NotDirectoryException(absolute.toString());
    }
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(absolute)) {
      if (entries.iterator().hasNext()) {
        // libfuse 2 refuses to hide files, with a message on standard error only.
        throw new DirectoryNotEmptyException(absolute.toString());
      }
    }
    Optional<String> unavailable = unavailableReason();
    if (unavailable.isPresent()) {
      throw new IOException(
          "cannot mount " + vfs.name() + " at " + absolute + ": " + unavailable.get());
    }
    Handles handles = new Handles();
    VfsFuseOperations fuse = new VfsFuseOperations(vfs, handles);
    // A comma would end the option; libfuse takes the rest of fsname as it is.
    FuseMount mount =
        new FuseMount(
            fs, absolute, handles, fuse, vfs.name().replace(',', '_'), kernelCacheTimeout);
    mount.start(fuse);
    return mount;
  }

  private void start(VfsFuseOperations fuse) throws IOException {
    loop.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(MOUNT_TIMEOUT_SECONDS);
    try {
      while (!fuse.initialized().await(20, TimeUnit.MILLISECONDS)) {
        if (!loop.isAlive()) {
          throw new IOException(
              "cannot mount at "
                  + mountPoint
                  + ": libfuse returned "
                  + loopResult
                  + " (its message is on standard error)");
        }
        if (System.nanoTime() > deadline) {
          unmountQuietly();
          throw new IOException(
              "cannot mount at "
                  + mountPoint
                  + ": no FUSE handshake in "
                  + MOUNT_TIMEOUT_SECONDS
                  + " s");
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      unmountQuietly();
      throw new InterruptedIOException("interrupted while mounting at " + mountPoint);
    }
    connection = connectionOf(mountPoint);
    Jkernfs.closeWith(fs, this);
  }

  /**
   * The kernel's number for the FUSE connection behind a mount: the minor device number of its
   * root, and the name of its directory under {@code /sys/fs/fuse/connections}.
   */
  private static long connectionOf(Path mountPoint) {
    try {
      long dev = ((Number) Files.getAttribute(mountPoint, "unix:dev")).longValue();
      return (dev & 0xff) | ((dev >>> 12) & ~0xffL);
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /** The host directory this mount covers. */
  public Path mountPoint() {
    return mountPoint;
  }

  /** Files and directories the kernel holds open through this mount. */
  public int openHandles() {
    return handles.size();
  }

  /** Whether the kernel still serves the mount: false after {@link #close()} or a host umount. */
  public boolean isMounted() {
    return loop.isAlive();
  }

  /** Waits until the mount goes away, by {@link #close()} or by {@code umount} on the host. */
  public void awaitUnmounted() throws InterruptedException {
    loop.join();
  }

  /**
   * Unmounts and releases every file the kernel still held open through the mount. If a process
   * still uses the mount, it is detached lazily (as {@code umount -l}) and its remaining requests
   * fail. A second call does nothing.
   *
   * @throws IOException if the kernel still serves the mount after 30 s
   */
  @Override
  public synchronized void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (loop.isAlive()) {
        boolean detached = unmount();
        loop.join(
            TimeUnit.SECONDS.toMillis(detached ? LAZY_GRACE_SECONDS : UNMOUNT_TIMEOUT_SECONDS));
        if (loop.isAlive() && detached) {
          // Detached but still in use: end the connection, as `umount -f` would.
          abortConnection();
          loop.join(TimeUnit.SECONDS.toMillis(UNMOUNT_TIMEOUT_SECONDS));
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while unmounting " + mountPoint);
    } finally {
      handles.closeAll();
      Jkernfs.forgetOnClose(fs, this);
    }
    if (loop.isAlive()) {
      throw new IOException("FUSE mount at " + mountPoint + " still serves after unmounting");
    }
  }

  private void unmountQuietly() {
    try {
      unmount();
    } catch (IOException e) {
      // the mount failed anyway; the caller reports that
    }
  }

  /**
   * Unmounts with the first tool that works: umount(8) as root, else fusermount; lazily if busy.
   *
   * @return whether the mount was only detached (lazily) because a process still uses it
   */
  private boolean unmount() throws IOException {
    List<String> failures = new ArrayList<>();
    String point = mountPoint.toString();
    List<List<String>> commands =
        List.of(
            List.of("umount", point),
            List.of("fusermount", "-u", point),
            List.of("umount", "-l", point),
            List.of("fusermount", "-u", "-z", point));
    for (int i = 0; i < commands.size(); i++) {
      String failure = run(commands.get(i));
      if (failure == null) {
        return i >= 2;
      }
      failures.add(String.join(" ", commands.get(i)) + ": " + failure);
    }
    throw new IOException("cannot unmount " + mountPoint + ": " + String.join("; ", failures));
  }

  /**
   * Aborts the FUSE connection through the fusectl filesystem (mounting it at its usual place if
   * nobody has): requests still pending fail with ENOTCONN and the loop ends.
   */
  private void abortConnection() {
    if (connection < 0) {
      return;
    }
    Path abort = FUSE_CONNECTIONS.resolve(Long.toString(connection)).resolve("abort");
    if (!Files.exists(abort)) {
      run(List.of("mount", "-t", "fusectl", "fusectl", FUSE_CONNECTIONS.toString()));
    }
    try {
      Files.writeString(abort, "1");
    } catch (IOException e) {
      // close() reports the mount that still serves
    }
  }

  /** Runs a command; returns null on success, else what went wrong. */
  private static String run(List<String> command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      byte[] output = process.getInputStream().readAllBytes();
      int status = process.waitFor();
      return status == 0
          ? null
          : "exit " + status + " " + new String(output, StandardCharsets.UTF_8).trim();
    } catch (IOException e) {
      return e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }

  @Override
  public String toString() {
    return "FuseMount[" + mountPoint + "]";
  }
}
