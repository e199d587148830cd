package dev.jkernfs.fuse;

import dev.jkernfs.nio.Jkernfs;
import dev.jkernfs.refs.LeakMode;
import dev.jkernfs.refs.LeakReport;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.FileSystem;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code java -jar jkernfs-fuse.jar MOUNTPOINT [--proc] [--cache=SECONDS]}: mounts a fresh jkernfs
 * filesystem (with the {@code proc} filesystem at {@code /proc} when asked, and the kernel caching
 * attributes and names for the given time, default 0) at MOUNTPOINT until Ctrl-C, SIGTERM or {@code
 * umount MOUNTPOINT}, then unmounts, closes it and prints what leaked (nothing, if all is well).
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) throws Exception {
    System.exit(run(List.of(args), System.out, System.err));
  }

  static int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
    boolean proc = false;
    Duration cache = Duration.ZERO;
    List<String> rest = new ArrayList<>();
    try {
      for (String arg : args) {
        if (arg.equals("--proc")) {
          proc = true;
        } else if (arg.startsWith("--cache=")) {
          cache = Duration.ofMillis(Math.round(1000 * Double.parseDouble(arg.substring(8))));
        } else {
          rest.add(arg);
        }
      }
    } catch (NumberFormatException e) {
      rest.clear();
    }
    if (rest.size() != 1 || rest.get(0).startsWith("-") || cache.isNegative()) {
      err.println("usage: java -jar jkernfs-fuse.jar MOUNTPOINT [--proc] [--cache=SECONDS]");
      return 2;
    }
    Path mountPoint = Path.of(rest.get(0)).toAbsolutePath().normalize();
    Map<String, Object> env = new HashMap<>();
    if (System.getProperty(LeakMode.PROPERTY) == null) {
      // Report leaks at the end rather than fail the unmount; -Djkernfs.refs.leakMode chooses.
      env.put("leakMode", "log");
    }
    if (proc) {
      env.put("mounts", Map.of("/proc", "proc"));
    }
    FileSystem fs = Jkernfs.newFileSystem(env);
    FuseMount mount;
    try {
      mount = FuseMount.mount(fs, mountPoint, cache);
    } catch (IOException | RuntimeException e) {
      fs.close();
      err.println("jkernfs-fuse: cannot mount: " + e);
      return 1;
    }
    out.println(
        "mounted "
            + Jkernfs.uri(nameOf(fs))
            + " at "
            + mountPoint
            + (proc ? " (proc at " + mountPoint.resolve("proc") + ")" : ""));
    out.println("Ctrl-C, SIGTERM or `umount " + mountPoint + "` unmounts");
    out.flush();
    AtomicBoolean closed = new AtomicBoolean();
    Thread shutdown =
        new Thread(() -> closeAndReport(closed, mount, fs, out, err), "jkernfs-fuse shutdown");
    Runtime.getRuntime().addShutdownHook(shutdown);
    mount.awaitUnmounted();
    // Unmounted from outside (umount): close here, and the hook goes.
    boolean clean = closeAndReport(closed, mount, fs, out, err);
    try {
      Runtime.getRuntime().removeShutdownHook(shutdown);
    } catch (IllegalStateException shuttingDown) {
      // the hook is running or ran; it finds everything closed
    }
    return clean ? 0 : 1;
  }

  /**
   * Unmounts, closes the filesystem and prints what leaked, once: from the main thread after a host
   * umount, or from the shutdown hook after Ctrl-C or SIGTERM (which waits for the other to
   * finish).
   *
   * @return whether everything closed and nothing leaked
   */
  private static boolean closeAndReport(
      AtomicBoolean closed, FuseMount mount, FileSystem fs, PrintStream out, PrintStream err) {
    synchronized (closed) {
      if (closed.getAndSet(true)) {
        return true;
      }
      try {
        mount.close();
        fs.close();
        LeakReport leaks = Jkernfs.leakReport(fs);
        out.println(
            "unmounted " + mount.mountPoint() + "; " + leaks.leaks().size() + " leaked objects");
        if (!leaks.isClean()) {
          out.println(leaks);
        }
        return leaks.isClean();
      } catch (IOException | RuntimeException e) {
        err.println("jkernfs-fuse: while unmounting: " + e);
        return false;
      } finally {
        out.flush();
      }
    }
  }

  private static String nameOf(FileSystem fs) {
    String uri = fs.getPath("/").toUri().toString();
    return uri.substring("kernfs://".length(), uri.indexOf('/', "kernfs://".length()));
  }
}
