package dev.jkernfs.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReportTest {
  @Test
  void ratiosAndVerdictsComeFromTheJmhScores() {
    String json =
        "["
            + result("StatBenchmark.statDeep", "jkernfs", 1, 3000.0, 300, 256)
            + ","
            + result("StatBenchmark.statDeep", "jimfs", 1, 1000.0, 1000, 80)
            + ","
            + result("StatBenchmark.statDeep", "memoryfilesystem", 1, 2000.0, 500, 128)
            + ","
            + result("StatBenchmark.statParallel", "jkernfs", 2, 4500.0, 500, 256)
            + "]";

    String printed = print(json);

    assertThat(printed)
        .contains("JDK 17.0.15")
        .contains(
            "| statDeep |  | 1 | ops/s | 1 | 3,000 ± 1% | 1,000 ± 1% | 2,000 ± 1% | 3.00x | 1.50x |")
        .contains("| statDeep |  | 300 | 1,000 | 500 | 3.33x | 1.67x |")
        .contains("| statDeep |  | 256 | 80 | 128 |")
        .contains("| statDeep jkernfs / jimfs | 1 fork | 3.00x | 3.00x | 3.33x | >= 2.00x | met |")
        .contains(
            "| statDeep jkernfs / memoryfilesystem | 1 fork | 1.50x | 1.50x | 1.67x | >= 2.00x |"
                + " NOT met |")
        .contains(
            "| statParallel jkernfs / statDeep jkernfs | 1 fork | 1.50x | 1.50x | 1.20x | >= 1.80x |"
                + " NOT met |")
        .contains("Fewer than 3 forks behind some figures")
        .doesNotContain("existsMissing");
  }

  @Test
  void withSeveralForksTheFigureIsTheMedianOfTheForksMeansForEveryParameterSet() {
    // jkernfs's forks average 100, 300 and 1000 ops/s: the mean, 466.67, is what JMH reports as
    // the score; the median, 300, is the figure. The same for CPU time: forks of 10, 20 and 90 ns
    // against 60, 60 and 30.
    String json =
        "["
            + forked(
                "CreateWriteDeleteBenchmark.createWriteDelete",
                "jkernfs",
                "4096",
                "[[100, 100], [300, 300], [1000, 1000]]",
                "[[10], [20], [90]]")
            + ","
            + forked(
                "CreateWriteDeleteBenchmark.createWriteDelete",
                "jimfs",
                "4096",
                "[[100, 100], [100, 100], [160, 160]]",
                "[[60], [60], [30]]")
            + ","
            + forked(
                "CreateWriteDeleteBenchmark.createWriteDelete",
                "jkernfs",
                "64",
                "[[100], [110], [120]]",
                null)
            + ","
            + forked(
                "CreateWriteDeleteBenchmark.createWriteDelete",
                "jimfs",
                "64",
                "[[100], [100], [100]]",
                null)
            + "]";

    String printed = print(json);

    assertThat(printed)
        .contains("| createWriteDelete | bytes=4096 | 1 | ops/s | 3 | 300 | 100 | - | 3.00x | - |")
        .contains("| createWriteDelete | bytes=4096 | 20.00 | 60.00 | - | 3.00x | - |")
        .contains(
            "| createWriteDelete bytes=4096 jkernfs / jimfs | median of 3 forks | 3.00x | 6.25x |"
                + " 3.00x | >= 2.00x | met |")
        .contains(
            "| createWriteDelete bytes=64 jkernfs / jimfs | median of 3 forks | 1.10x | 1.20x | - |"
                + " >= 2.00x | NOT met |")
        .doesNotContain("466")
        .doesNotContain("Fewer than 3 forks");
  }

  @Test
  void theFigureOfOneForkIsJmhsScoreAndOfAnEvenNumberTheMeanOfTheMiddleTwo() {
    assertThat(Report.figure(7.0, List.of(new double[] {1, 2}))).isEqualTo(7.0);
    assertThat(Report.figure(7.0, List.of())).isEqualTo(7.0);
    assertThat(
            Report.figure(
                7.0,
                List.of(
                    new double[] {1}, new double[] {10, 30}, new double[] {4}, new double[] {8})))
        .isEqualTo(6.0);
  }

  @Test
  void theTargetsAreIssue16sInItsOrder() {
    assertThat(Report.TARGETS)
        .extracting(Report.Target::method)
        .containsSubsequence(
            "createWriteDelete",
            "statDeep",
            "writeSequential",
            "readSequential",
            "perTestFilesystem",
            "sourceTree",
            "existsMissing",
            "listLarge",
            "statParallel",
            "refCountedPair",
            "leakCheckLog");
    assertThat(Report.TARGETS)
        .filteredOn(target -> Filesystems.JIMFS.equals(target.baseFs()))
        .extracting(Report.Target::method, Report.Target::threshold)
        .containsExactly(
            tuple("createWriteDelete", 2.0),
            tuple("statDeep", 2.0),
            tuple("writeSequential", 1.0),
            tuple("readSequential", 1.0),
            tuple("perTestFilesystem", 3.0),
            tuple("sourceTree", 1.5),
            tuple("existsMissing", 10.0),
            tuple("listLarge", 2.0));
    assertThat(Report.TARGETS)
        .contains(
            new Report.Target(
                "perTestFilesystem",
                Filesystems.JKERNFS,
                "perTestFilesystem",
                Filesystems.MEMORYFILESYSTEM,
                3.0),
            new Report.Target(
                "sourceTree", Filesystems.JKERNFS, "sourceTree", Filesystems.MEMORYFILESYSTEM, 1.5),
            new Report.Target(
                "readSequential", Filesystems.JKERNFS, "arraycopyBaseline", null, 0.8));
  }

  @Test
  void aVerdictThatTheBestIterationsOrTheCpuTimeContradictIsFlagged() {
    assertThat(Report.verdict(2.5, 2.6, 2.2, 2.0)).isEqualTo("met");
    assertThat(Report.verdict(1.9, 2.1, 1.5, 2.0)).isEqualTo("NOT met (met by best iteration)");
    assertThat(Report.verdict(2.1, 2.2, 1.9, 2.0)).isEqualTo("met (not met by CPU time)");
    assertThat(Report.verdict(1.0, 2.1, 2.5, 2.0))
        .isEqualTo("NOT met (met by best iteration and CPU time)");
    assertThat(Report.verdict(1.0, 1.0, Double.NaN, 2.0)).isEqualTo("NOT met");
    assertThat(Report.verdict(1.0, 1.0, 1.0, Double.NaN)).isEqualTo("-");
  }

  @Test
  void malformedJsonNamesWhereItBroke() {
    assertThatThrownBy(() -> Json.parse("[{\"a\": 1,}]"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("offset 9");
  }

  private static String result(
      String benchmark, String fs, int threads, double score, double cpuNs, double bytesPerOp) {
    return "{\"jmhVersion\": \"1.37\", \"benchmark\": \"dev.jkernfs.bench."
        + benchmark
        + "\", \"mode\": \"thrpt\", \"threads\": "
        + threads
        + ", \"jdkVersion\": \"17.0.15\", \"vmName\": \"OpenJDK 64-Bit Server VM\","
        + " \"vmVersion\": \"17.0.15+6\", \"params\": {\"fs\": \""
        + fs
        + "\"}, \"primaryMetric\": {\"score\": "
        + score
        + ", \"scoreError\": "
        + score / 100
        + ", \"scoreUnit\": \"ops/s\", \"rawData\": [["
        + score / 2
        + ", "
        + score
        + "]]}, \"secondaryMetrics\": {\"gc.alloc.rate.norm\": {\"score\": "
        + bytesPerOp
        + ", \"scoreUnit\": \"B/op\"}, \"cpu.time.norm\": {\"score\": "
        + cpuNs
        + ", \"scoreUnit\": \"ns/op\"}}}";
  }

  /**
   * A result with a {@code bytes} parameter whose score JMH made the mean of every iteration in
   * {@code rawData}, with the CPU time per operation of each iteration in {@code cpuRawData} if not
   * null.
   */
  private static String forked(
      String benchmark, String fs, String bytes, String rawData, String cpuRawData) {
    List<?> forks = (List<?>) Json.parse(rawData);
    return "{\"benchmark\": \"dev.jkernfs.bench."
        + benchmark
        + "\", \"mode\": \"thrpt\", \"threads\": 1, \"forks\": "
        + forks.size()
        + ", \"jdkVersion\": \"17.0.15\", \"vmName\": \"OpenJDK 64-Bit Server VM\","
        + " \"vmVersion\": \"17.0.15+6\", \"params\": {\"bytes\": \""
        + bytes
        + "\", \"fs\": \""
        + fs
        + "\"}, \"primaryMetric\": {\"score\": "
        + mean(forks)
        + ", \"scoreError\": \"NaN\", \"scoreUnit\": \"ops/s\", \"rawData\": "
        + rawData
        + "}, \"secondaryMetrics\": {"
        + (cpuRawData == null
            ? ""
            : "\"cpu.time.norm\": {\"score\": "
                + mean((List<?>) Json.parse(cpuRawData))
                + ", \"scoreUnit\": \"ns/op\", \"rawData\": "
                + cpuRawData
                + "}")
        + "}}";
  }

  private static double mean(List<?> forks) {
    return forks.stream()
        .flatMap(fork -> ((List<?>) fork).stream())
        .mapToDouble(value -> ((Number) value).doubleValue())
        .average()
        .orElseThrow();
  }

  private static String print(String json) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Report.print(json, new PrintStream(out, true, StandardCharsets.UTF_8));
    return out.toString(StandardCharsets.UTF_8);
  }
}
