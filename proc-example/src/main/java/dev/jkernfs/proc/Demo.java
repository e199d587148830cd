package dev.jkernfs.proc;

import dev.jkernfs.nio.Jkernfs;
import dev.jkernfs.refs.LeakReport;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

/**
 * The demo: a jkernfs filesystem with {@code proc} at {@code /proc} showing this JVM and a table of
 * jobs, a churn through 100,000 short-lived entries that leaves the dentry count bounded, and a
 * leak check when everything is closed.
 */
public final class Demo {
  private static final int CHURN = 100_000;

  private final PrintStream out;

  Demo(PrintStream out) {
    this.out = out;
  }

  public static void main(String[] args) throws Exception {
    boolean clean = new Demo(System.out).run();
    System.exit(clean ? 0 : 1);
  }

  /** A job the demo application publishes. */
  private record Job(String name, long started) {
    String status() {
      return "running " + name + " for " + (System.currentTimeMillis() - started) + " ms";
    }
  }

  /** Runs the demo; returns whether nothing leaked. */
  boolean run() throws IOException, InterruptedException {
    ConcurrentMap<String, Job> jobs = new ConcurrentHashMap<>();
    ProcType proc =
        ProcType.publishing(
            root ->
                root.collection(
                    "jobs", jobs, (job, dir) -> dir.file("status", () -> job.status() + "\n")));
    FileSystem fs =
        Jkernfs.newFileSystem(
            "demo",
            Map.of("leakMode", "throw", "dentryCacheLimit", 64, "mounts", Map.of("/proc", proc)));
    LeakReport report;
    try {
      out.println("jkernfs demo: proc mounted at /proc of kernfs://demo/, leak checker on");
      jobs.put("build", new Job("build", System.currentTimeMillis()));
      jobs.put("test", new Job("test", System.currentTimeMillis()));
      CountDownLatch stop = new CountDownLatch(1);
      List<Thread> workers = startWorkers(stop);

      section("tree of /proc (threads/ abbreviated)");
      printTree(fs.getPath("/proc"), "");
      section("/proc/meminfo (first lines)");
      try (Stream<String> lines = Files.lines(fs.getPath("/proc/meminfo"))) {
        lines.limit(4).forEach(line -> out.println("  " + line));
      }
      section("/proc/jobs/build/status and /proc/thread-self");
      out.print("  " + Files.readString(fs.getPath("/proc/jobs/build/status")));
      out.println("  thread-self -> " + Files.readSymbolicLink(fs.getPath("/proc/thread-self")));
      Path worker = fs.getPath("/proc/threads/" + workers.get(0).getId() + "/name");
      out.print("  " + worker + ": " + Files.readString(worker));

      stop.countDown();
      for (Thread thread : workers) {
        thread.join();
      }
      try {
        Files.readString(worker);
        out.println("  the ended worker still resolves: unexpected");
      } catch (NoSuchFileException gone) {
        out.println("  after the workers ended: " + worker + " -> NoSuchFileException");
      }

      section("churn through " + CHURN + " short-lived job entries");
      printIndented("dentry-state before", fs.getPath("/proc/fs/dentry-state"));
      for (int i = 0; i < CHURN; i++) {
        String id = "tmp-" + i;
        jobs.put(id, new Job(id, System.currentTimeMillis()));
        Files.readAttributes(fs.getPath("/proc/jobs/" + id + "/status"), "size");
        jobs.remove(id);
        if ((i + 1) % 10_000 == 0) {
          out.print("\r  " + progress(i + 1));
          out.flush();
        }
      }
      out.println();
      printIndented(
          "dentry-state after (bounded by the cache limit)", fs.getPath("/proc/fs/dentry-state"));
      printIndented("/proc/fs/live-objects", fs.getPath("/proc/fs/live-objects"));
    } finally {
      fs.close();
      report = Jkernfs.leakReport(fs);
    }
    section("after close");
    out.println("  " + report.leaks().size() + " leaked objects");
    if (!report.isClean()) {
      out.println(report);
    }
    return report.isClean();
  }

  private static List<Thread> startWorkers(CountDownLatch stop) {
    List<Thread> workers = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      Thread thread =
          new Thread(
              () -> {
                try {
                  stop.await();
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              },
              "worker-" + i);
      thread.start();
      workers.add(thread);
    }
    return workers;
  }

  private void printTree(Path dir, String indent) throws IOException {
    List<Path> children = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
      stream.forEach(children::add);
    }
    children.sort(null);
    for (Path child : children) {
      String name = child.getFileName().toString();
      if (Files.isSymbolicLink(child)) {
        out.println(indent + "  " + name + " -> " + Files.readSymbolicLink(child));
      } else if (Files.isDirectory(child)) {
        if (dir.getFileName().toString().equals("threads")) {
          out.println(indent + "  " + name + "/ ... (" + children.size() + " live threads)");
          return;
        }
        out.println(indent + "  " + name + "/");
        printTree(child, indent + "  ");
      } else {
        out.println(indent + "  " + name);
      }
    }
  }

  private void printIndented(String title, Path file) throws IOException {
    out.println("  " + title + ":");
    for (String line : Files.readAllLines(file)) {
      out.println("    " + line);
    }
  }

  private void section(String title) {
    out.println();
    out.println("== " + title);
  }

  private static String progress(int done) {
    int width = 20;
    int filled = done * width / CHURN;
    return "[" + "#".repeat(filled) + " ".repeat(width - filled) + "] " + done + "/" + CHURN;
  }
}
