package dev.jkernfs.refs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.EventConditions;
import org.junit.platform.testkit.engine.Events;
import org.junit.platform.testkit.engine.TestExecutionResultConditions;

class LeakCheckExtensionTest {
  /** Set only while the fixtures below run inside the test kit, so a plain run skips them. */
  static volatile boolean runningFixtures;

  @Test
  void testThatLeaksFailsWithTheReport() {
    Events events = runFixture(LeakingFixture.class);
    events.assertStatistics(stats -> stats.started(1).failed(1));
    events
        .failed()
        .assertThatEvents()
        .haveExactly(
            1,
            EventConditions.finishedWithFailure(
                TestExecutionResultConditions.instanceOf(AssertionError.class),
                TestExecutionResultConditions.message(
                    message ->
                        message.contains("1 object leaked in leaks()")
                            && message.contains("forgotten: refs=1"))));
    LeakingFixture.leaked.decRef();
  }

  @Test
  void testThatReleasesEverythingPasses() {
    runFixture(CleanFixture.class).assertStatistics(stats -> stats.started(1).succeeded(1));
  }

  @Test
  void disabledModeIsRaisedForTheTestAndRestoredAfter() {
    LeakMode before = LeakChecker.mode();
    LeakChecker.setMode(LeakMode.DISABLED);
    try {
      Events events = runFixture(LeakingFixture.class);
      events.assertStatistics(stats -> stats.failed(1));
      assertThat(LeakChecker.mode()).isEqualTo(LeakMode.DISABLED);
    } finally {
      LeakChecker.setMode(before);
    }
    LeakingFixture.leaked.decRef();
  }

  private static Events runFixture(Class<?> fixture) {
    runningFixtures = true;
    try {
      return EngineTestKit.engine("junit-jupiter")
          .configurationParameter("junit.jupiter.extensions.autodetection.enabled", "false")
          .selectors(selectClass(fixture))
          .execute()
          .testEvents();
    } finally {
      runningFixtures = false;
    }
  }

  @ExtendWith(LeakCheckExtension.class)
  abstract static class Fixture {
    @BeforeEach
    void onlyInsideTheTestKit() {
      Assumptions.assumeTrue(runningFixtures, "runs only through LeakCheckExtensionTest");
    }
  }

  static class LeakingFixture extends Fixture {
    static Probe leaked;

    @Test
    void leaks() {
      leaked = new Probe("forgotten");
    }
  }

  static class CleanFixture extends Fixture {
    @Test
    void releases() {
      new Probe("released").decRef();
    }
  }
}
