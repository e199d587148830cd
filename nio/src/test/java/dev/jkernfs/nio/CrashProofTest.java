package dev.jkernfs.nio;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * The proof that power-loss simulation finds what it must: a write-ahead log and a key-value file
 * replaced through a temporary file, each written right and written carelessly, crashed at 1,000
 * points each (after every one of 40 operations, with 25 seeds tearing what was left unsynced).
 * Every careless variant loses acknowledged data, and the test prints where it first did; the right
 * ones never lose any.
 */
class CrashProofTest {
  private static final int OPERATIONS = 40;
  private static final int SEEDS = 25;

  @Test
  void aLogWhoseAppendsAreNotForcedLosesAcknowledgedRecords() throws IOException {
    assertLoses(WriteAheadLog.withoutForcingAppends());
  }

  @Test
  void aLogWhoseNewSegmentsDirectoryIsNotSyncedLosesAcknowledgedRecords() throws IOException {
    assertLoses(WriteAheadLog.withoutSyncingNewSegmentsDirectory());
  }

  @Test
  void aLogDoneRightNeverLosesAnAcknowledgedRecord() throws IOException {
    assertNeverLoses(WriteAheadLog.correct());
  }

  @Test
  void aKeyValueFileRenamedWithoutForcingItLosesAcknowledgedPuts() throws IOException {
    assertLoses(KeyValueFile.withoutForcingTheTemporaryFile());
  }

  @Test
  void aKeyValueFileRenamedWithoutSyncingTheDirectoryLosesAcknowledgedPuts() throws IOException {
    assertLoses(KeyValueFile.withoutSyncingTheDirectory());
  }

  @Test
  void aKeyValueFileDoneRightNeverLosesAnAcknowledgedPut() throws IOException {
    assertNeverLoses(KeyValueFile.correct());
  }

  private static void assertLoses(CrashSweep.StorageProgram program) throws IOException {
    CrashSweep.Result result = CrashSweep.run(program, OPERATIONS, SEEDS);
    System.out.println(result.report());
    assertThat(result.crashPoints()).isEqualTo(1000);
    assertThat(result.losingPoints()).as(result.report()).isPositive();
    assertThat(result.firstLoss().lost()).isNotEmpty();
    assertThat(result.report())
        .contains("LOST ACKNOWLEDGED DATA", "first at: crash after operation");
  }

  private static void assertNeverLoses(CrashSweep.StorageProgram program) throws IOException {
    CrashSweep.Result result = CrashSweep.run(program, OPERATIONS, SEEDS);
    System.out.println(result.report());
    assertThat(result.crashPoints()).isEqualTo(1000);
    assertThat(result.losingPoints()).as(result.report()).isZero();
  }
}
