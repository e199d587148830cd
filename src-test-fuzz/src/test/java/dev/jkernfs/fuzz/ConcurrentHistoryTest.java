package dev.jkernfs.fuzz;

import static dev.jkernfs.fuzz.NioAction.CREATE_FILE;
import static dev.jkernfs.fuzz.NioAction.MOVE;
import static dev.jkernfs.fuzz.NioAction.STAT;
import static dev.jkernfs.fuzz.NioAction.WRITE_FILE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jkernfs.fuzz.ConcurrentSequenceTarget.Event;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The concurrent target's check of a history against the sequential orders of its steps. */
class ConcurrentHistoryTest {
  private static final Script CREATE_THEN_STAT =
      script(Scripts.concurrent(0, false, 2).nio(CREATE_FILE, "/a").nio(STAT, "/a"));

  private static final Outcome MISSING = new Outcome(null, "NoSuchFileException");

  private static Script script(Scripts scripts) {
    return ConcurrentSequenceTarget.INSTANCE.decode(scripts.encode());
  }

  @Test
  void aStatThatMissesAFileCreatedBeforeItStartedIsNotLinearizable() {
    List<Event> history =
        List.of(new Event(0, 0, 10, Outcome.value("ok")), new Event(1, 20, 30, MISSING));

    Failure failure = ConcurrentSequenceTarget.checkHistory(CREATE_THEN_STAT, history);

    assertThat(failure).isNotNull();
    assertThat(failure.kind()).isEqualTo(Failure.Kind.NOT_LINEARIZABLE);
    assertThat(failure.details()).contains("step 2 (stat /a)").contains("NoSuchFileException");
  }

  @Test
  void aStatOverlappingTheCreateMayMissTheFile() {
    List<Event> history =
        List.of(new Event(0, 0, 30, Outcome.value("ok")), new Event(1, 10, 20, MISSING));

    assertThat(ConcurrentSequenceTarget.checkHistory(CREATE_THEN_STAT, history)).isNull();
  }

  @Test
  void onlyShortScriptsOfSingleCallsAreChecked() {
    Scripts renameOver = Scripts.concurrent(0, true, 2).nio(MOVE, "/b/a", "/a", 2).nio(STAT, "/a");
    assertThat(ConcurrentSequenceTarget.historyChecked(script(renameOver))).isTrue();
    assertThat(
            ConcurrentSequenceTarget.historyChecked(
                script(Scripts.concurrent(0, true, 2).nio(WRITE_FILE, "/a").nio(STAT, "/a"))))
        .isFalse();
    Scripts tooLong = Scripts.concurrent(0, true, 2);
    for (int i = 0; i <= ConcurrentSequenceTarget.MAX_CHECKED_STEPS; i++) {
      tooLong.nio(STAT, "/a");
    }
    assertThat(ConcurrentSequenceTarget.historyChecked(script(tooLong))).isFalse();
  }

  @Test
  void aRenameOverAFileRacingStatsOfItPassesTheCheck() {
    Script script =
        script(
            Scripts.concurrent(0, true, 2)
                .nio(MOVE, "/b/a", "/a", 2) // ATOMIC_MOVE: rename(2) over the old /a
                .nio(STAT, "/a")
                .nio(CREATE_FILE, "/b/a")
                .nio(STAT, "/a")
                .nio(MOVE, "/b/a", "/a", 2)
                .nio(STAT, "/a"));
    for (int run = 0; run < 200; run++) {
      assertThat(ConcurrentSequenceTarget.INSTANCE.run(script)).as("run %d", run).isNull();
    }
  }
}
