package dev.jkernfs.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * The fuzz targets as JUnit tests. A normal build replays each target's committed inputs from
 * {@code KernfsFuzzTestInputs/<method>/}; with {@code JAZZER_FUZZ=1} Jazzer fuzzes the first
 * selected target instead ({@code fuzz.sh} runs each in turn with a time budget).
 */
class KernfsFuzzTest {

  @FuzzTest(maxDuration = "60s")
  void nioSequences(byte[] data) {
    Harness.check(NioSequenceTarget.INSTANCE, data);
  }

  @FuzzTest(maxDuration = "60s")
  void differentialAgainstJimfs(byte[] data) {
    Harness.check(JimfsDifferentialTarget.INSTANCE, data);
  }

  @FuzzTest(maxDuration = "60s")
  void kernfsInternals(byte[] data) {
    Harness.check(KernfsInternalsTarget.INSTANCE, data);
  }

  @FuzzTest(maxDuration = "60s")
  void concurrentSequences(byte[] data) {
    Harness.check(ConcurrentSequenceTarget.INSTANCE, data);
  }
}
