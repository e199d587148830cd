package dev.jkernfs.refs;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.jetbrains.lincheck.LincheckAssertionError;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Options;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.jetbrains.lincheck.datastructures.Validate;
import org.junit.jupiter.api.Test;

/**
 * Checks that incRef, decRef, tryIncRef and tryDecRefUnlessLast are linearizable and that the
 * destructor runs exactly once under races. Lincheck creates one instance of this class per
 * scenario, so the instance is the object under test. Iteration counts come from the system
 * properties {@code lincheck.iterations} and {@code lincheck.invocations}.
 *
 * <p>The scenarios run with leak checking disabled, which is the production path this test is
 * about: Lincheck snapshots and restores static state between scenarios, which would make the
 * registry forget objects mid-run. The registry has its own tests.
 */
public class RefCountedLincheckTest {
  private final Probe probe = new Probe("lincheck");

  @Operation
  public String incRef() {
    try {
      probe.incRef();
      return "ok";
    } catch (IllegalStateException dead) {
      return "dead";
    }
  }

  @Operation
  public String decRef() {
    try {
      probe.decRef();
      return "ok";
    } catch (IllegalStateException dead) {
      return "dead";
    }
  }

  @Operation
  public boolean tryIncRef() {
    return probe.tryIncRef();
  }

  @Operation
  public boolean tryDecRefUnlessLast() {
    return probe.tryDecRefUnlessLast();
  }

  @Operation
  public long refCount() {
    return probe.refCount();
  }

  @Operation
  public int destructions() {
    return probe.destructions.get();
  }

  @Validate
  public void destructorRanAtMostOnceAndOnlyWhenDestroyed() {
    int runs = probe.destructions.get();
    if (runs > 1 || (runs == 1) != probe.isDestroyed()) {
      throw new IllegalStateException(
          "destructor ran " + runs + " times; destroyed=" + probe.isDestroyed());
    }
  }

  @Test
  void stress() {
    withLeakCheckingDisabled(() -> configure(new StressOptions()).check(getClass()));
  }

  @Test
  void modelChecking() {
    withLeakCheckingDisabled(() -> configure(new ModelCheckingOptions()).check(getClass()));
  }

  @Test
  void modelCheckingCatchesANonAtomicCount() {
    assertThatThrownBy(() -> configure(new ModelCheckingOptions()).check(RacyCount.class))
        .isInstanceOf(LincheckAssertionError.class);
  }

  private static void withLeakCheckingDisabled(Runnable check) {
    LeakMode before = LeakChecker.mode();
    LeakChecker.setMode(LeakMode.DISABLED);
    try {
      check.run();
    } finally {
      LeakChecker.setMode(before);
    }
  }

  static <O extends Options<O, ?>> O configure(O options) {
    return options
        .iterations(Integer.getInteger("lincheck.iterations", 20))
        .invocationsPerIteration(Integer.getInteger("lincheck.invocations", 500))
        .threads(2)
        .actorsPerThread(3);
  }

  /** A count with a racy read-modify-write: the broken twin the checker must reject. */
  public static class RacyCount {
    private volatile long refs = 1;

    @Operation
    @SuppressWarnings("NonAtomicVolatileUpdate") // the defect this twin exists to show
    public long incRef() {
      refs = refs + 1;
      return refs;
    }

    @Operation
    @SuppressWarnings("NonAtomicVolatileUpdate")
    public long decRef() {
      refs = refs - 1;
      return refs;
    }
  }
}
