package dev.jkernfs.vfs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class TimeSourceTest {
  @Test
  void aClockGivesItsTimeToTheNanosecond() {
    Instant instant = Instant.parse("2024-02-29T12:34:56.123456789Z");
    TimeSource time = TimeSource.of(Clock.fixed(instant, ZoneOffset.UTC));
    assertThat(time.nowNanos()).isEqualTo(1_709_210_096_123_456_789L);
    assertThat(
            TimeSource.of(Clock.offset(Clock.fixed(instant, ZoneOffset.UTC), Duration.ofNanos(1)))
                .nowNanos())
        .isEqualTo(1_709_210_096_123_456_790L);
  }

  @Test
  void timesBeforeTheEpochAreNegative() {
    Instant instant = Instant.parse("1969-12-31T23:59:59.5Z");
    assertThat(TimeSource.of(Clock.fixed(instant, ZoneOffset.UTC)).nowNanos())
        .isEqualTo(-500_000_000L);
  }

  @Test
  void instantsBeyondALongOfNanosecondsSaturate() {
    assertThat(TimeSource.of(Clock.fixed(Instant.MAX, ZoneOffset.UTC)).nowNanos())
        .isEqualTo(Long.MAX_VALUE);
    assertThat(TimeSource.of(Clock.fixed(Instant.MIN, ZoneOffset.UTC)).nowNanos())
        .isEqualTo(Long.MIN_VALUE);
    assertThat(
            TimeSource.of(
                    Clock.fixed(Instant.parse("2262-04-11T23:47:16.854775807Z"), ZoneOffset.UTC))
                .nowNanos())
        .isEqualTo(Long.MAX_VALUE);
  }
}
