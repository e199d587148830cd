package dev.jkernfs.memfs;

import static dev.jkernfs.memfs.SpaceQuota.UNLIMITED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import dev.jkernfs.vfs.Errno;
import dev.jkernfs.vfs.ErrnoException;
import java.util.Collections;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class SpaceQuotaTest {
  private static void assertNoSpace(ThrowingCallable call) {
    assertThatExceptionOfType(ErrnoException.class)
        .isThrownBy(call)
        .satisfies(e -> assertThat(e.errno()).isEqualTo(Errno.ENOSPC));
  }

  @Test
  void reservesBytesUpToTheLimitExactly() {
    SpaceQuota quota = new SpaceQuota(100, UNLIMITED);

    quota.reserveBytes(60);
    quota.reserveBytes(40);

    assertThat(quota.usedBytes()).isEqualTo(100);
    assertNoSpace(() -> quota.reserveBytes(1));
  }

  @Test
  void refusedReservationTakesNothing() {
    SpaceQuota quota = new SpaceQuota(100, UNLIMITED);
    quota.reserveBytes(60);

    assertNoSpace(() -> quota.reserveBytes(41));

    assertThat(quota.usedBytes()).isEqualTo(60);
    quota.reserveBytes(40);
    assertThat(quota.usedBytes()).isEqualTo(100);
  }

  @Test
  void releasedBytesCanBeReservedAgain() {
    SpaceQuota quota = new SpaceQuota(100, UNLIMITED);
    quota.reserveBytes(100);

    quota.releaseBytes(30);

    assertThat(quota.usedBytes()).isEqualTo(70);
    quota.reserveBytes(30);
    assertThat(quota.usedBytes()).isEqualTo(100);
  }

  @Test
  void unlimitedQuotaRefusesOnlyWhatWouldOverflow() {
    SpaceQuota quota = new SpaceQuota(UNLIMITED, UNLIMITED);
    quota.reserveBytes(Long.MAX_VALUE - 1);

    quota.reserveBytes(1);

    assertNoSpace(() -> quota.reserveBytes(1));
    assertThat(quota.usedBytes()).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void countsInodesAgainstTheirOwnLimit() {
    SpaceQuota quota = new SpaceQuota(0, 2);

    quota.reserveInode();
    quota.reserveInode();

    assertNoSpace(quota::reserveInode);
    assertThat(quota.usedInodes()).isEqualTo(2);
    assertThat(quota.usedBytes()).isZero();

    quota.releaseInode();
    quota.reserveInode();
    assertThat(quota.usedInodes()).isEqualTo(2);
  }

  @Test
  void zeroLimitRefusesEverything() {
    SpaceQuota quota = new SpaceQuota(0, 0);

    assertNoSpace(() -> quota.reserveBytes(1));
    assertNoSpace(quota::reserveInode);
    quota.reserveBytes(0);
    assertThat(quota.usedBytes()).isZero();
  }

  @Test
  void releasingMoreBytesThanReservedIsABugAndChangesNothing() {
    SpaceQuota quota = new SpaceQuota(100, UNLIMITED);
    quota.reserveBytes(10);

    assertThatIllegalStateException()
        .isThrownBy(() -> quota.releaseBytes(11))
        .withMessageContaining("11 bytes")
        .withMessageContaining("only 10");
    assertThat(quota.usedBytes()).isEqualTo(10);
  }

  @Test
  void releasingAnInodeNeverReservedIsABug() {
    SpaceQuota quota = new SpaceQuota(UNLIMITED, UNLIMITED);

    assertThatIllegalStateException().isThrownBy(quota::releaseInode);
    assertThat(quota.usedInodes()).isZero();
  }

  @Test
  void rejectsNegativeAmountsAndLimits() {
    SpaceQuota quota = new SpaceQuota(100, 100);

    assertThatIllegalArgumentException().isThrownBy(() -> quota.reserveBytes(-1));
    assertThatIllegalArgumentException().isThrownBy(() -> quota.releaseBytes(-1));
    assertThatIllegalArgumentException().isThrownBy(() -> new SpaceQuota(-1, 0));
    assertThatIllegalArgumentException().isThrownBy(() -> new SpaceQuota(0, -1));
  }

  @Test
  void reportsItsLimits() {
    SpaceQuota quota = new SpaceQuota(4096, 7);

    assertThat(quota.maxBytes()).isEqualTo(4096);
    assertThat(quota.maxInodes()).isEqualTo(7);
  }

  @Test
  void racingReservationsNeverPassTheLimit() throws Exception {
    long limit = 10_000;
    SpaceQuota quota = new SpaceQuota(limit, UNLIMITED);

    // Eight threads ask for four times the limit, one byte at a time.
    long granted =
        inParallel(
            8,
            () -> {
              long n = 0;
              for (int i = 0; i < 5_000; i++) {
                try {
                  quota.reserveBytes(1);
                  n++;
                } catch (ErrnoException e) {
                  // Expected once the quota is full; the totals below show whether it was.
                }
              }
              return n;
            });

    assertThat(granted).isEqualTo(limit);
    assertThat(quota.usedBytes()).isEqualTo(limit);
  }

  @Test
  void racingReserveAndReleaseCyclesBalanceToZero() throws Exception {
    int threads = 8;
    // Exactly enough for every thread to hold its share at once, so no reservation may fail.
    SpaceQuota quota = new SpaceQuota(threads * 3L, threads);

    inParallel(
        threads,
        () -> {
          for (int i = 0; i < 20_000; i++) {
            quota.reserveBytes(3);
            quota.reserveInode();
            quota.releaseInode();
            quota.releaseBytes(3);
          }
          return 0L;
        });

    assertThat(quota.usedBytes()).isZero();
    assertThat(quota.usedInodes()).isZero();
  }

  /** Runs {@code task} on {@code threads} threads released together and sums what they return. */
  private static long inParallel(int threads, Callable<Long> task) throws Exception {
    CountDownLatch ready = new CountDownLatch(threads);
    Callable<Long> released =
        () -> {
          ready.countDown();
          ready.await();
          return task.call();
        };
    ExecutorService executor = Executors.newFixedThreadPool(threads);
    try {
      long sum = 0;
      for (Future<Long> result : executor.invokeAll(Collections.nCopies(threads, released))) {
        sum += result.get();
      }
      return sum;
    } finally {
      executor.shutdownNow();
    }
  }
}
