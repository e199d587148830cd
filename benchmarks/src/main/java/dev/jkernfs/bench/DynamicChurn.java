package dev.jkernfs.bench;

import dev.jkernfs.nio.Jkernfs;
import dev.jkernfs.proc.ProcDirectory;
import dev.jkernfs.proc.ProcType;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whether visiting short-lived dynamic entries keeps memory flat: a million lookups, each of a
 * different {@code /proc/jobs/<id>} entry published through {@link ProcType#publishing} and
 * withdrawn soon after, with the live dentries of the proc mount and the used heap after a full
 * collection measured before and every tenth of the way. Not a JMH benchmark: the figures are
 * counts and sizes.
 *
 * <p>The target: the live dentries stay within twice the dentry cache limit plus the pinned entries
 * (a cached dentry keeps its parent alive, so a full cache of leaves keeps as many directories; see
 * the kernfs package documentation), and the heap does not trend upwards: the highest figure of the
 * second half of the run is within {@value #HEAP_SLACK_BYTES} bytes of the highest of the first
 * half. Run it with a collector that compacts fully on {@code System.gc()}: {@code java -Xmx1g
 * -XX:+UseSerialGC -cp benchmarks.jar dev.jkernfs.bench.DynamicChurn [lookups]}, or {@code
 * benchmarks/run.sh dynamicChurn}.
 */
public final class DynamicChurn {
  /** How much the heap may grow from the first half of the run to the second and still be flat. */
  static final long HEAP_SLACK_BYTES = 1L << 20;

  /** How many published entries are alive at once. */
  private static final int WINDOW = 256;

  private static final int CHECKPOINTS = 10;

  private DynamicChurn() {}

  /** An application object published as a directory. */
  private record Job(String id) {}

  public static void main(String[] args) throws IOException {
    int lookups = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    System.exit(run(lookups, System.out) ? 0 : 1);
  }

  /** Runs the churn, prints the figures and the verdict, and returns whether the target is met. */
  static boolean run(int lookups, PrintStream out) throws IOException {
    Map<String, Job> jobs = new ConcurrentHashMap<>();
    ProcType proc =
        ProcType.publishing(root -> root.collection("jobs", jobs, DynamicChurn::describe));
    try (FileSystem fs = Jkernfs.newFileSystem(Map.of("mounts", Map.of("/proc", proc)))) {
      Path jobsDir = fs.getPath("/proc/jobs");
      Path dentryState = fs.getPath("/proc/fs/dentry-state");
      Files.readAttributes(jobsDir, BasicFileAttributes.class);
      long dentriesBefore = procDentries(dentryState);
      long limit = procField(dentryState, "limit=");
      long heapBefore = HeapPerFile.usedHeapAfterGc();
      out.printf(
          Locale.ROOT,
          "dynamicChurn: %,d lookups of distinct short-lived /proc/jobs entries (%d alive at"
              + " once), dentry cache limit %d%n%n",
          lookups,
          WINDOW,
          limit);
      out.println("| lookups | live proc dentries | used heap after GC (bytes) |");
      out.println("|---:|---:|---:|");
      out.printf(Locale.ROOT, "| 0 | %d | %,d |%n", dentriesBefore, heapBefore);
      long firstHalfPeak = 0;
      long secondHalfPeak = 0;
      long peakDentries = dentriesBefore;
      long found = 0;
      int step = Math.max(1, lookups / CHECKPOINTS);
      for (int i = 1; i <= lookups; i++) {
        String id = Integer.toString(i);
        jobs.put(id, new Job(id));
        jobs.remove(Integer.toString(i - WINDOW));
        // Each lookup names an entry no earlier lookup named: a fresh dentry every time.
        Path job = jobsDir.resolve(Integer.toString(i - WINDOW / 2));
        if (Files.exists(job.resolve("status"))) {
          found++;
        }
        if (i % step == 0) {
          long dentries = procDentries(dentryState);
          long heap = HeapPerFile.usedHeapAfterGc();
          peakDentries = Math.max(peakDentries, dentries);
          if (i <= lookups / 2) {
            firstHalfPeak = Math.max(firstHalfPeak, heap);
          } else {
            secondHalfPeak = Math.max(secondHalfPeak, heap);
          }
          out.printf(Locale.ROOT, "| %,d | %d | %,d |%n", i, dentries, heap);
        }
      }
      jobs.clear();
      long growth = secondHalfPeak - firstHalfPeak;
      boolean dentriesFlat = peakDentries <= 2 * limit + dentriesBefore;
      boolean heapFlat = growth <= HEAP_SLACK_BYTES;
      out.printf(
          Locale.ROOT,
          "%n%,d of %,d lookups found their entry; peak live proc dentries %d (limit %d + %d"
              + " before); second half's heap peak minus the first half's: %,d bytes (%.2f per"
              + " lookup)%n",
          found,
          lookups,
          peakDentries,
          limit,
          dentriesBefore,
          growth,
          growth / (double) lookups);
      out.printf(
          Locale.ROOT,
          "target dynamicChurn flat (dentries <= 2 x limit + pinned, heap growth <= %,d bytes):"
              + " %s%n",
          HEAP_SLACK_BYTES,
          dentriesFlat && heapFlat ? "met" : "NOT met");
      return dentriesFlat && heapFlat;
    }
  }

  private static void describe(Job job, ProcDirectory dir) {
    dir.file("status", () -> "running " + job.id() + "\n");
  }

  /** The live dentries of the proc mount, from its own {@code fs/dentry-state}. */
  private static long procDentries(Path dentryState) throws IOException {
    return procField(dentryState, "live=");
  }

  private static long procField(Path dentryState, String field) throws IOException {
    for (String line : Files.readAllLines(dentryState)) {
      if (line.startsWith("/proc ")) {
        for (String part : line.split(" ")) {
          if (part.startsWith(field)) {
            return Long.parseLong(part.substring(field.length()));
          }
        }
      }
    }
    throw new IllegalStateException("no " + field + " for /proc in " + dentryState);
  }
}
