package dev.jkernfs.nio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jkernfs.refs.LeakDetectedException;
import dev.jkernfs.vfs.Faults;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The broken twin of {@link FaultInjectionTest#failedCallsOnOpenFilesLeaveNothingHeld}: with the
 * fault {@code injected-fault-keeps-reference} on, a call that a rule fails keeps a reference on
 * its file description, and the close of the filesystem must report that file. Faults are fixed
 * when their class loads, so the build runs this class in a test execution of its own with the
 * fault named in {@value Faults#PROPERTY}; anywhere else it is skipped.
 */
class FaultTwinLeakTest {
  private static final String FAULT = "injected-fault-keeps-reference";

  @Test
  void theLeakCheckCatchesAFailedCallThatKeepsItsReference() throws IOException {
    assumeTrue(
        Arrays.asList(System.getProperty(Faults.PROPERTY, "").split(",")).contains(FAULT),
        "runs in the build's " + FAULT + " execution");
    assertThat(Faults.INJECTED_FAULT_KEEPS_REFERENCE).isTrue();
    FileSystem fs = Jkernfs.newFileSystem(Map.of("leakMode", "throw"));

    JkernfsFileChannel channel = FaultInjectionTest.failAReadOfAnOpenFile(fs);

    assertThatThrownBy(fs::close)
        .isInstanceOf(LeakDetectedException.class)
        .hasMessageContaining("file /f r");
    // Repair, so that this test's own leak scope is clean.
    channel.description().decRef();
    assertThat(Jkernfs.leakReport(fs).isClean()).isTrue();
  }
}
