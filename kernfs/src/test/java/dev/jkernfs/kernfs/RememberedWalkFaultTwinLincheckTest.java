package dev.jkernfs.kernfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jkernfs.vfs.Faults;
import java.util.Arrays;
import org.jetbrains.lincheck.LincheckAssertionError;
import org.junit.jupiter.api.Test;

/**
 * The broken twin of {@link LockFreeStatLincheckTest}'s remembered stat: with the fault {@code
 * remembered-walk-unvalidated} on, a stat answers from a path's memory without asking the tree's
 * sequence lock, finds a file an unlink removed after the first stat, and the model checker must
 * report a result no sequential order gives. Faults are fixed when their class loads, so the build
 * runs this class in a test execution of its own with the fault named in {@value Faults#PROPERTY};
 * anywhere else it is skipped.
 */
public class RememberedWalkFaultTwinLincheckTest {
  private static final String FAULT = "remembered-walk-unvalidated";

  @Test
  void modelCheckingCatchesARememberedWalkTrustedWithoutTheSequenceLock() {
    assumeTrue(
        Arrays.asList(System.getProperty(Faults.PROPERTY, "").split(",")).contains(FAULT),
        "runs in the build's " + FAULT + " execution");
    assertThat(Faults.REMEMBERED_WALK_UNVALIDATED).isTrue();
    assertThatThrownBy(
            () ->
                LockFreeStatLincheckTest.modelCheck(
                    LockFreeStatLincheckTest.Names.class,
                    LockFreeStatLincheckTest.rememberedStatScenario()))
        .isInstanceOf(LincheckAssertionError.class)
        .hasMessageContaining("Invalid execution results");
  }
}
