package dev.jkernfs.vfs;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;

/** Where a filesystem gets the current time, in nanoseconds since the epoch. */
@FunctionalInterface
public interface TimeSource {
  /** The system clock, at the precision the JDK offers (microseconds on Linux). */
  TimeSource SYSTEM =
      () -> {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
      };

  long nowNanos();

  /**
   * The time {@code clock} tells, to the nanosecond it gives: a fixed clock gives the same time to
   * every change, a clock a test advances by hand gives exact, repeatable times. An instant a long
   * of nanoseconds cannot hold (before 1677 or after 2262) is the nearest one it can.
   */
  static TimeSource of(Clock clock) {
    Objects.requireNonNull(clock, "clock");
    return () -> nanos(clock.instant());
  }

  private static long nanos(Instant instant) {
    try {
      return Math.addExact(
          Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
    } catch (ArithmeticException tooFar) {
      return instant.getEpochSecond() < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
  }
}
