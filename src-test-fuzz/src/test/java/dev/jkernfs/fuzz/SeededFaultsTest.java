package dev.jkernfs.fuzz;

import static dev.jkernfs.fuzz.NioAction.CLOSE;
import static dev.jkernfs.fuzz.NioAction.CREATE_FILE;
import static dev.jkernfs.fuzz.NioAction.DYNAMIC_WALK;
import static dev.jkernfs.fuzz.NioAction.MOVE;
import static dev.jkernfs.fuzz.NioAction.OPEN_CHANNEL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.jkernfs.refs.LeakMode;
import dev.jkernfs.vfs.Faults;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each seeded refcount bug of {@link Faults} is caught by the NIO target and named in its report.
 * The faults are constants fixed when the class loads, so each runs in a JVM of its own, replaying
 * a short script known to reach it; the same scripts pass without the fault, so the catch is the
 * fault's doing.
 */
class SeededFaultsTest {
  private static final long CHILD_SECONDS = 60;

  /**
   * For each fault: a script that reaches it, and a pattern for the object the report must name as
   * the leak root.
   */
  // The input is written to a file once and never changed.
  @SuppressWarnings("ArrayRecordComponent")
  private record Case(byte[] input, String leakRoot) {}

  private static Map<String, Case> cases() {
    Map<String, Case> cases = new TreeMap<>();
    cases.put(
        "rename-victim-kept",
        new Case(
            Scripts.nio(0, false)
                .nio(CREATE_FILE, "/a")
                .nio(CREATE_FILE, "/b")
                .nio(MOVE, "/a", "/b", 2) // ATOMIC_MOVE: rename(2) over the old /b
                .encode(),
            "dentry#\\d+ /b \\(deleted\\) \\(inode"));
    cases.put(
        "cached-lookup-extra-ref",
        new Case(
            Scripts.nio(1, false)
                .nio(DYNAMIC_WALK, 0, 2, 0) // stat /dyn/numbers/2: its dentry is cached
                .nio(DYNAMIC_WALK, 0, 2, 0) // ... and found in the cache
                .encode(),
            "dentry#\\d+ /numbers/2 \\(inode"));
    cases.put(
        "dynamic-dentry-not-dropped",
        new Case(
            Scripts.nio(0, false).nio(DYNAMIC_WALK, 0, 2, 0).encode(),
            "dentry#\\d+ /numbers/2 \\(inode"));
    cases.put(
        "eviction-keeps-parent",
        new Case(
            Scripts.nio(1, false)
                .nio(DYNAMIC_WALK, 4, 3, 0) // stat /dyn/numbers/3/leaf: the leaf is cached
                .nio(DYNAMIC_WALK, 0, 2, 0) // stat /dyn/numbers/2: the cache of one evicts the leaf
                .encode(),
            "dentry#\\d+ /numbers/3 \\(inode"));
    cases.put(
        "close-keeps-mount",
        new Case(
            Scripts.nio(0, false)
                .nio(OPEN_CHANNEL, "/a", 1, 0) // WRITE, CREATE
                .nio(CLOSE, 0)
                .encode(),
            "mount#\\d+ memfs at /"));
    return cases;
  }

  /**
   * The faults that leak where this target can reach: every one but {@code
   * rename-skips-sequence-lock}, which leaks nothing and so gives this target nothing to report
   * (kernfs's {@code RenameFaultTwinLincheckTest} catches it by model checking, and {@link
   * ConcurrentSequenceTarget}'s history check when a stat races the rename), and {@code
   * injected-fault-keeps-reference}, which leaks only on a call that a fault rule fails, and this
   * target sets no fault rules (nio's {@code FaultTwinLeakTest} catches it). Nor do {@code
   * remembered-walk-unvalidated} (a stale stat, caught by kernfs's {@code
   * RememberedWalkFaultTwinLincheckTest}) and {@code pooled-page-not-zeroed} (old bytes read from a
   * hole, caught by memfs's {@code PooledPageFaultTwinTest}) leak anything.
   */
  private static Set<String> leakingFaults() {
    Set<String> names = new TreeSet<>(Faults.NAMES);
    names.remove("rename-skips-sequence-lock");
    names.remove("injected-fault-keeps-reference");
    names.remove("remembered-walk-unvalidated");
    names.remove("pooled-page-not-zeroed");
    return names;
  }

  @Test
  void everySeededFaultHasACase() {
    assertThat(cases().keySet()).containsExactlyInAnyOrderElementsOf(leakingFaults());
  }

  @Test
  void theScriptsPassWithoutFaults() {
    for (Case c : cases().values()) {
      assertThatCode(() -> NioSequenceTarget.fuzzerTestOneInput(c.input()))
          .doesNotThrowAnyException();
    }
  }

  @Test
  void eachFaultIsCaughtAndItsLeakNamed(@TempDir Path dir) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(cases().size());
    try {
      Map<String, Future<Child>> runs = new TreeMap<>();
      for (Map.Entry<String, Case> fault : cases().entrySet()) {
        Path input = dir.resolve(fault.getKey() + ".input");
        Files.write(input, fault.getValue().input());
        runs.put(fault.getKey(), pool.submit(() -> replay(fault.getKey(), input, dir)));
      }
      for (Map.Entry<String, Future<Child>> run : runs.entrySet()) {
        Child child = run.getValue().get(CHILD_SECONDS + 5, TimeUnit.SECONDS);
        String leakRoot = cases().get(run.getKey()).leakRoot();
        assertThat(child.exitCode())
            .as("exit code with %s:%n%s", run.getKey(), child.output())
            .isEqualTo(1);
        assertThat(child.output())
            .as("report with %s", run.getKey())
            .contains("in nioSequences: ")
            .containsPattern("Leak root: " + leakRoot)
            .contains("Operations (")
            .contains("Leak report")
            .contains("Replay:");
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** What a child JVM printed and how it ended. */
  private record Child(int exitCode, String output) {}

  private static Child replay(String fault, Path input, Path dir)
      throws IOException, InterruptedException {
    Path output = dir.resolve(fault + ".out");
    List<String> command = new ArrayList<>();
    command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("-D" + Faults.PROPERTY + "=" + fault);
    command.add("-D" + LeakMode.PROPERTY + "=throw");
    command.add("-D" + Harness.FINDINGS_PROPERTY + "=" + dir.resolve(fault));
    command.add(Replay.class.getName());
    command.add(NioSequenceTarget.INSTANCE.name());
    command.add(input.toString());
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();
    if (!process.waitFor(CHILD_SECONDS, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      return new Child(-1, "timed out\n" + Files.readString(output, StandardCharsets.UTF_8));
    }
    return new Child(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
  }
}
