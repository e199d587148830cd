package dev.jkernfs.fuse;

import dev.jkernfs.refs.LeakReport;
import dev.jkernfs.vfs.nio.Kernfs;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.FileSystem;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code java -jar jkernfs-fuse.jar MOUNTPOINT [--proc]}: mounts a fresh jkernfs filesystem (with
 * the {@code proc} filesystem at {@code /proc} when asked) at MOUNTPOINT until Ctrl-C, SIGTERM or
 * {@code umount MOUNTPOINT}, then unmounts, closes it and prints what leaked (nothing, if all is
 * well).
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) throws Exception {
    System.exit(run(List.of(args), System.out, System.err));
  }

  static int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
    boolean proc = args.contains("--proc");
    List<String> rest = args.stream().filter(a -> !a.equals("--proc")).toList();
    if (rest.size() != 1 || rest.get(0).startsWith("-")) {
      err.println("usage: java -jar jkernfs-fuse.jar MOUNTPOINT [--proc]");
      return 2;
    }
    Path mountPoint = Path.of(rest.get(0)).toAbsolutePath().normalize();
    Map<String, Object> env = new HashMap<>();
    env.put("leakMode", "log");
    if (proc) {
      env.put("mounts", Map.of("/proc", "proc"));
    }
    FileSystem fs = Kernfs.newFileSystem(env);
    FuseMount mount;
    try {
      mount = FuseMount.mount(fs, mountPoint);
    } catch (IOException | RuntimeException e) {
      fs.close();
      err.println("jkernfs-fuse: " + e.getMessage());
      return 1;
    }
    out.println(
        "mounted "
            + Kernfs.uri(nameOf(fs))
            + " at "
            + mountPoint
            + (proc ? " (proc at " + mountPoint.resolve("proc") + ")" : ""));
    out.println("Ctrl-C, SIGTERM or `umount " + mountPoint + "` unmounts");
    out.flush();
    Thread shutdown =
        new Thread(() -> closeAndReport(mount, fs, out, err), "jkernfs-fuse shutdown");
    Runtime.getRuntime().addShutdownHook(shutdown);
    mount.awaitUnmounted();
    // Unmounted from outside: close here, and the hook has nothing left to do.
    closeAndReport(mount, fs, out, err);
    return 0;
  }

  private static final Object REPORT_LOCK = new Object();
  private static boolean reported;

  private static void closeAndReport(
      FuseMount mount, FileSystem fs, PrintStream out, PrintStream err) {
    synchronized (REPORT_LOCK) {
      if (reported) {
        return;
      }
      reported = true;
      try {
        mount.close();
        fs.close();
        LeakReport leaks = Kernfs.leakReport(fs);
        out.println(
            "unmounted " + mount.mountPoint() + "; " + leaks.leaks().size() + " leaked objects");
        if (!leaks.isClean()) {
          out.println(leaks);
        }
      } catch (IOException | RuntimeException e) {
        err.println("jkernfs-fuse: while unmounting: " + e);
      }
      out.flush();
    }
  }

  private static String nameOf(FileSystem fs) {
    String uri = fs.getPath("/").toUri().toString();
    return uri.substring("kernfs://".length(), uri.indexOf('/', "kernfs://".length()));
  }
}
