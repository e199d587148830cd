package dev.jkernfs.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jkernfs.nio.Jkernfs;
import dev.jkernfs.refs.LeakChecker;
import dev.jkernfs.refs.LeakMode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Runs every benchmark method once per filesystem, without JMH and on small sizes, so that a broken
 * benchmark fails the build rather than the next measurement. Times nothing.
 */
class BenchmarkSmokeTest {
  private static final String BLACKHOLE_PASSWORD =
      "Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.";

  @ParameterizedTest
  @ValueSource(strings = {Filesystems.JKERNFS, Filesystems.JIMFS, Filesystems.MEMORYFILESYSTEM})
  void statFindsTheFileEightLevelsDown(String fs) throws IOException {
    StatBenchmark benchmark = new StatBenchmark();
    benchmark.fs = fs;
    benchmark.setUp();
    try {
      assertThat(benchmark.statDeep().isRegularFile()).isTrue();
      assertThat(benchmark.statParallel().isRegularFile()).isTrue();
    } finally {
      benchmark.tearDown();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {Filesystems.JKERNFS, Filesystems.JIMFS, Filesystems.MEMORYFILESYSTEM})
  void existsMissingAnswersNo(String fs) throws IOException {
    ExistsBenchmark benchmark = new ExistsBenchmark();
    benchmark.fs = fs;
    benchmark.setUp();
    try {
      assertThat(benchmark.existsMissing()).isFalse();
    } finally {
      benchmark.tearDown();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {Filesystems.JKERNFS, Filesystems.JIMFS, Filesystems.MEMORYFILESYSTEM})
  void createWriteDeleteCanRepeat(String fs) throws IOException {
    CreateWriteDeleteBenchmark benchmark = new CreateWriteDeleteBenchmark();
    benchmark.fs = fs;
    benchmark.bytes = 4096;
    benchmark.setUp();
    try {
      benchmark.createWriteDelete();
      // CREATE_NEW would fail here had the first run left its file behind
      benchmark.createWriteDelete();
    } finally {
      benchmark.tearDown();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {Filesystems.JKERNFS, Filesystems.JIMFS})
  void readSequentialReadsWhatArraycopyCopies(String fs) throws IOException {
    int bytes = (1 << 20) + 123;
    ReadSequentialBenchmark benchmark = new ReadSequentialBenchmark();
    ReadSequentialBenchmark.FileState file = new ReadSequentialBenchmark.FileState();
    file.fs = fs;
    file.bytes = bytes;
    file.setUp();
    ReadSequentialBenchmark.ArrayState arrays = new ReadSequentialBenchmark.ArrayState();
    arrays.bytes = bytes;
    arrays.setUp();
    try {
      assertThat(benchmark.readSequential(file)).isEqualTo(bytes);
      assertThat(file.target.array()).isEqualTo(benchmark.arraycopyBaseline(arrays));
    } finally {
      file.tearDown();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {Filesystems.JKERNFS, Filesystems.JIMFS})
  void writeSequentialGrowsTheFileFromEmptyEveryTime(String fs) throws IOException {
    WriteSequentialBenchmark benchmark = new WriteSequentialBenchmark();
    benchmark.fs = fs;
    benchmark.bytes = 1 << 20;
    benchmark.chunk = 1 << 16;
    benchmark.setUp();
    try {
      assertThat(benchmark.writeSequential()).isEqualTo(1 << 20);
      assertThat(benchmark.writeSequential()).isEqualTo(1 << 20);
    } finally {
      benchmark.tearDown();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {Filesystems.JKERNFS, Filesystems.JIMFS, Filesystems.MEMORYFILESYSTEM})
  void listLargeSeesEveryEntry(String fs) throws IOException {
    ListLargeBenchmark benchmark = new ListLargeBenchmark();
    benchmark.fs = fs;
    benchmark.entries = 1000;
    benchmark.setUp();
    Blackhole blackhole = new Blackhole(BLACKHOLE_PASSWORD);
    try {
      assertThat(benchmark.listLarge(blackhole)).isEqualTo(1000);
    } finally {
      benchmark.tearDown();
    }
  }

  @Test
  void leakCheckCyclesRunInTheirModesAndLeaveTheJvmWideModeAlone() throws IOException {
    LeakMode before = LeakChecker.mode();
    try {
      for (LeakCheckOverheadBenchmark.Cycle cycle :
          List.of(
              new LeakCheckOverheadBenchmark.Logged(),
              new LeakCheckOverheadBenchmark.Unchecked())) {
        cycle.setUp();
        try {
          assertThat(LeakChecker.mode(Jkernfs.virtualFilesystem(cycle.fileSystem())).name())
              .isEqualToIgnoringCase(cycle.leakMode());
          assertThat(LeakChecker.mode()).isEqualTo(before);
          cycle.run();
          cycle.run();
        } finally {
          cycle.tearDown();
        }
      }
    } finally {
      LeakChecker.setMode(before);
    }
  }

  @Test
  void faultHookCyclesRunWithTheirHooks() throws IOException {
    for (FaultHookOverheadBenchmark.Cycle cycle :
        List.of(
            new FaultHookOverheadBenchmark.NoHook(),
            new FaultHookOverheadBenchmark.NoRules(),
            new FaultHookOverheadBenchmark.OtherRules())) {
      cycle.setUp();
      try {
        assertThat(cycle.run()).isEqualTo(4096);
        assertThat(cycle.run()).isEqualTo(4096);
      } finally {
        cycle.tearDown();
      }
    }
  }

  @Test
  void refCountPairLeavesOneReference() {
    RefCountBenchmark benchmark = new RefCountBenchmark();
    benchmark.refCountedPair();
    benchmark.atomicLongPair();
    assertThat(new RefCountBenchmark.Counted().refCount()).isEqualTo(1);
  }

  @Test
  void heapPerFileMeasuresEveryFilesystem() throws IOException, InterruptedException {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    Map<String, Double> bytesPerFile =
        HeapPerFile.run(2_000, 20, new PrintStream(printed, true, StandardCharsets.UTF_8));
    assertThat(bytesPerFile).containsOnlyKeys(Filesystems.ALL);
    assertThat(printed.toString(StandardCharsets.UTF_8)).contains("target heapPerFile");
  }

  @Test
  void filesystemsAreEmptyAndWritable() throws IOException {
    for (String name : Filesystems.ALL) {
      try (var fileSystem = Filesystems.create(name)) {
        var file = fileSystem.getPath("/probe");
        Files.writeString(file, "x");
        assertThat(Files.readString(file)).isEqualTo("x");
      }
    }
  }
}
