package dev.jkernfs.kernfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jkernfs.vfs.Faults;
import java.util.Arrays;
import org.jetbrains.lincheck.LincheckAssertionError;
import org.junit.jupiter.api.Test;

/**
 * The broken twin of {@link LockFreeStatLincheckTest}'s rename check: with the fault {@code
 * rename-skips-sequence-lock} on, a rename changes the tree without the sequence lock, a stat
 * trusts a walk the rename tore, and the model checker must report a result no sequential order
 * gives. Faults are fixed when their class loads, so the build runs this class in a test execution
 * of its own with the fault named in {@value Faults#PROPERTY}; anywhere else it is skipped.
 */
public class RenameFaultTwinLincheckTest {
  private static final String FAULT = "rename-skips-sequence-lock";

  @Test
  void modelCheckingCatchesARenameThatLeavesTheSequenceLockAlone() {
    assumeTrue(
        Arrays.asList(System.getProperty(Faults.PROPERTY, "").split(",")).contains(FAULT),
        "runs in the build's " + FAULT + " execution");
    assertThat(Faults.RENAME_SKIPS_SEQUENCE_LOCK).isTrue();
    assertThatThrownBy(
            () ->
                LockFreeStatLincheckTest.modelCheck(
                    LockFreeStatLincheckTest.RenameOver.class,
                    LockFreeStatLincheckTest.renameOverScenario()))
        .isInstanceOf(LincheckAssertionError.class)
        .hasMessageContaining("Invalid execution results");
  }
}
