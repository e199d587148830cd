package dev.jkernfs.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jkernfs.nio.Jkernfs;
import dev.jkernfs.refs.LeakChecker;
import dev.jkernfs.refs.LeakMode;
import dev.jkernfs.vfs.Dentry;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
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
    for (int bytes : new int[] {4096, 64}) {
      CreateWriteDeleteBenchmark benchmark = new CreateWriteDeleteBenchmark();
      benchmark.fs = fs;
      benchmark.bytes = bytes;
      benchmark.setUp();
      try {
        benchmark.createWriteDelete();
        // CREATE_NEW would fail here had the first run left its file behind
        benchmark.createWriteDelete();
      } finally {
        benchmark.tearDown();
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {Filesystems.JKERNFS, Filesystems.JIMFS, Filesystems.MEMORYFILESYSTEM})
  void perTestFilesystemReadsBackEveryFileItWrote(String fs) throws IOException {
    PerTestFilesystemBenchmark benchmark = new PerTestFilesystemBenchmark();
    benchmark.fs = fs;
    benchmark.setUp();
    Blackhole blackhole = new Blackhole(BLACKHOLE_PASSWORD);
    long expected = benchmark.bytesPerOperation();
    assertThat(expected)
        .isBetween(
            100L * PerTestFilesystemBenchmark.FILES, 1024L * PerTestFilesystemBenchmark.FILES);

    assertThat(benchmark.perTestFilesystem(blackhole)).isEqualTo(expected);
    // a filesystem of its own each time: the names the first operation made are not there
    assertThat(benchmark.perTestFilesystem(blackhole)).isEqualTo(expected);
  }

  @Test
  void perTestFilesystemChecksJkernfsForLeaksInLogModeAndClosesClean() throws IOException {
    PerTestFilesystemBenchmark benchmark = new PerTestFilesystemBenchmark();
    benchmark.fs = Filesystems.JKERNFS;
    benchmark.setUp();
    FileSystem fileSystem = benchmark.open();
    try {
      assertThat(LeakChecker.mode(Jkernfs.virtualFilesystem(fileSystem))).isEqualTo(LeakMode.LOG);
      benchmark.useAsATestDoes(fileSystem, new Blackhole(BLACKHOLE_PASSWORD));
    } finally {
      fileSystem.close();
    }
    assertThat(Jkernfs.leakReport(fileSystem).isClean()).isTrue();
  }

  @Test
  void aLeakInThePerTestFilesystemShowsInItsReportAfterTheCloseLogsIt() throws IOException {
    // The twin of the clean close above: in log mode the close reports and does not throw, so the
    // check must find the leak in the report.
    PerTestFilesystemBenchmark benchmark = new PerTestFilesystemBenchmark();
    benchmark.fs = Filesystems.JKERNFS;
    benchmark.setUp();
    FileSystem fileSystem = benchmark.open();
    benchmark.useAsATestDoes(fileSystem, new Blackhole(BLACKHOLE_PASSWORD));
    Dentry root = Jkernfs.virtualFilesystem(fileSystem).root().dentry();
    root.incRef(); // the deliberate leak

    fileSystem.close();
    assertThat(Jkernfs.leakReport(fileSystem).isClean()).isFalse();

    // Repair, so that this test's own leak scope is clean.
    root.decRef();
    assertThat(Jkernfs.leakReport(fileSystem).isClean()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {Filesystems.JKERNFS, Filesystems.JIMFS, Filesystems.MEMORYFILESYSTEM})
  void sourceTreeReadsEveryFileAndLeavesNothingBehind(String fs) throws IOException {
    SourceTreeBenchmark benchmark = new SourceTreeBenchmark();
    benchmark.fs = fs;
    benchmark.files = 50;
    benchmark.setUp();
    Blackhole blackhole = new Blackhole(BLACKHOLE_PASSWORD);
    long expected = storedBytes(SourceTreeBenchmark.zip(50));
    FileSystem fileSystem = benchmark.fileSystem;
    try {
      assertThat(benchmark.sourceTree(blackhole)).isEqualTo(expected);
      assertThat(benchmark.tree).doesNotExist();
      // createDirectory would fail here had the first run left the tree behind
      assertThat(benchmark.sourceTree(blackhole)).isEqualTo(expected);
      try (Stream<Path> left = Files.list(benchmark.tree.getParent())) {
        assertThat(left).isEmpty();
      }
    } finally {
      benchmark.tearDown();
    }
    if (fs.equals(Filesystems.JKERNFS)) {
      assertThat(Jkernfs.leakReport(fileSystem).isClean()).isTrue();
    }
  }

  @Test
  void theSourceTreeIsTwoThousandFilesInNestedDirectoriesSkewedSmall() throws IOException {
    byte[] zip = SourceTreeBenchmark.zip(2000);
    List<Long> sizes = new ArrayList<>();
    Map<String, Integer> filesPerDirectory = new HashMap<>();
    int deepest = 0;
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
      for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
        String name = entry.getName();
        if (entry.isDirectory()) {
          deepest = Math.max(deepest, (int) name.chars().filter(c -> c == '/').count());
        } else {
          sizes.add((long) in.readAllBytes().length);
          filesPerDirectory.merge(name.substring(0, name.lastIndexOf('/')), 1, Integer::sum);
        }
      }
    }
    Collections.sort(sizes);
    long total = sizes.stream().mapToLong(Long::longValue).sum();

    assertThat(sizes).hasSize(2000);
    assertThat(sizes.get(0)).isGreaterThanOrEqualTo(SourceTreeBenchmark.MIN_BYTES);
    assertThat(sizes.get(sizes.size() - 1)).isLessThan(SourceTreeBenchmark.MAX_BYTES);
    // the figures the class comment gives
    assertThat(sizes.get(1000)).isBetween(440L, 480L);
    assertThat(sizes.get(1800)).isBetween(20_500L, 22_500L);
    assertThat(total).isBetween(11_500_000L, 12_500_000L);
    assertThat(deepest).isEqualTo(SourceTreeBenchmark.MAX_DEPTH);
    assertThat(filesPerDirectory.values()).allSatisfy(count -> assertThat(count).isLessThan(41));
    assertThat(filesPerDirectory.values().stream().filter(count -> count < 20)).hasSizeLessThan(2);
    assertThat(SourceTreeBenchmark.zip(2000)).isEqualTo(zip);
  }

  private static long storedBytes(byte[] zip) throws IOException {
    long total = 0;
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
      for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
        total += in.readAllBytes().length;
      }
    }
    return total;
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
    assertThat(printed.toString(StandardCharsets.UTF_8))
        .contains("target heapPerFile jkernfs / jimfs")
        .contains("target heapPerFile jkernfs retained after delete");
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
