package dev.jkernfs.vfs;

import java.time.Instant;

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
}
