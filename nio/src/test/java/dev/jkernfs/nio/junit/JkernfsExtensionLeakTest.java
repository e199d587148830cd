package dev.jkernfs.nio.junit;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.jkernfs.nio.Jkernfs;
import dev.jkernfs.refs.LeakDetectedException;
import dev.jkernfs.vfs.Dentry;
import java.nio.file.FileSystem;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.EventConditions;
import org.junit.platform.testkit.engine.TestExecutionResultConditions;

/** The broken twin of the extension's clean run: a leaked reference fails the test, named. */
class JkernfsExtensionLeakTest {
  static volatile boolean runningFixtures;
  static volatile Dentry leaked;

  @Test
  void leakedReferenceFailsTheTestWithAReportNamingIt() {
    runningFixtures = true;
    try {
      EngineTestKit.engine("junit-jupiter")
          .configurationParameter("junit.jupiter.extensions.autodetection.enabled", "false")
          .selectors(selectClass(LeakingFixture.class))
          .execute()
          .testEvents()
          .failed()
          .assertThatEvents()
          .haveExactly(
              1,
              EventConditions.finishedWithFailure(
                  TestExecutionResultConditions.instanceOf(LeakDetectedException.class),
                  TestExecutionResultConditions.message(
                      message -> message.contains("dentry") && message.contains("/ (inode 1)"))));
    } finally {
      runningFixtures = false;
      leaked.decRef(); // repair, so this test's own scope is clean
    }
  }

  static class LeakingFixture {
    @BeforeEach
    void onlyInsideTheTestKit() {
      Assumptions.assumeTrue(runningFixtures, "runs only through JkernfsExtensionLeakTest");
    }

    @Test
    @ExtendWith(JkernfsExtension.class)
    void takesAReferenceAndForgetsIt(FileSystem fs) {
      leaked = Jkernfs.virtualFilesystem(fs).root().dentry();
      leaked.incRef(); // the injected bug
    }
  }
}
