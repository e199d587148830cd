package dev.jkernfs.memfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jkernfs.vfs.Faults;
import org.junit.jupiter.api.Test;

/**
 * The broken twin of {@link PagePoolTest#contentOnReusedPagesReadsAsContentOnFreshOnes}: with the
 * fault {@code pooled-page-not-zeroed} on, a reused page keeps its old bytes where a write did not
 * reach, and the same comparison with a fresh file must find them. Faults are fixed when their
 * class loads, so the build runs this class in a test execution of its own with the fault named in
 * {@value Faults#PROPERTY}; anywhere else it is skipped.
 */
class PooledPageFaultTwinTest {
  @Test
  void theComparisonFindsAReusedPageLeftUnzeroed() {
    assumeTrue(
        Faults.POOLED_PAGE_NOT_ZEROED, "runs in the build's pooled-page-not-zeroed execution");
    assertThat(PagePoolTest.firstDifferenceFromAFreshFile(20260, 300)).isNotNull();
  }
}
