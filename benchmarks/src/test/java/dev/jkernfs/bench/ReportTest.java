package dev.jkernfs.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
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
            "| statDeep |  | 1 | ops/s | 3,000 ± 1% | 1,000 ± 1% | 2,000 ± 1% | 3.00x | 1.50x |")
        .contains("| statDeep |  | 300 | 1,000 | 500 | 3.33x | 1.67x |")
        .contains("| statDeep |  | 256 | 80 | 128 |")
        .contains("| statDeep jkernfs / jimfs | 3.00x | 3.00x | 3.33x | >= 2.00x | met |")
        .contains(
            "| statDeep jkernfs / memoryfilesystem | 1.50x | 1.50x | 1.67x | >= 2.00x | NOT met |")
        .contains(
            "| statParallel jkernfs / statDeep jkernfs | 1.50x | 1.50x | 1.20x | >= 1.80x | NOT met |")
        .doesNotContain("existsMissing");
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

  private static String print(String json) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Report.print(json, new PrintStream(out, true, StandardCharsets.UTF_8));
    return out.toString(StandardCharsets.UTF_8);
  }
}
