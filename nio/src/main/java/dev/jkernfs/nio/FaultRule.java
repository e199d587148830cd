package dev.jkernfs.nio;

import dev.jkernfs.vfs.Errno;
import dev.jkernfs.vfs.FileOperation;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * An immutable description of a fault: which calls it names, on which paths, when it fires among
 * them, and what it does. Add it to a filesystem with {@link FaultInjector#add}; the same rule may
 * be added to several filesystems, each counting for itself.
 *
 * <pre>{@code
 * FaultRule full = FaultRule.on(FileOperation.WRITE).paths("/data/**").nth(3).fail(Errno.ENOSPC);
 * FaultRule flaky = FaultRule.on(FileOperation.READ).probability(0.1, 42).fail(Errno.EIO);
 * FaultRule slow = FaultRule.on(FileOperation.FORCE).delay(Duration.ofMillis(200));
 * FaultRule torn = FaultRule.on(FileOperation.WRITE).every(2).transferAtMost(512);
 * }</pre>
 *
 * <p><b>Which calls</b>: a call matches when it is of one of the rule's {@link FileOperation}s and
 * its path (or, for a rename or link, either of its two paths) matches {@link Builder#paths}; all
 * paths when none is given. Paths are absolute, as the call names them, so a glob starts with
 * {@code /} or {@code **}/. A rule that cuts transfers short matches only calls that ask for more
 * than its limit.
 *
 * <p><b>When</b>: among its matching calls, counted from 1 since it was added, a rule fires on
 * every one (the default), only on the {@link Builder#nth nth}, on {@link Builder#every every} kth,
 * or on each with {@link Builder#probability probability} p drawn from a seeded generator, so that
 * the same calls in the same order fire the same way every run; {@link Builder#times} caps how
 * often it fires.
 *
 * <p><b>What</b>, before the call looks at or changes anything:
 *
 * <ul>
 *   <li>{@link Builder#fail}: the call fails with that error, as Linux would report it, and the
 *       caller sees what the JDK throws for that error and call on Linux: {@code
 *       AccessDeniedException} for EACCES, {@code FileSystemException} "No space left on device"
 *       for ENOSPC from a path operation, {@code IOException} "Input/output error" from a channel.
 *       The calls the JDK restarts after EINTR (opens, links, and reads, writes, forces, truncates
 *       and locks of a channel) are restarted here too: the fault is recorded and the call made
 *       again, so a rule that fails every such call with EINTR makes it loop, as on Linux; give it
 *       {@code nth}, {@code every} or {@code times}. A lock that fails with EAGAIN or EACCES is
 *       held by someone else: {@code tryLock} answers null. The errors each kind of call may fail
 *       with are listed at {@link FileOperation#errors()}; others are refused.
 *   <li>{@link Builder#transferAtMost}: a read or write moves at most that many bytes, as {@code
 *       read(2)} and {@code write(2)} may; a channel reports the shorter count, while the JDK's
 *       streams and {@code Files} methods loop until all is moved, as they do on Linux.
 *   <li>{@link Builder#delay}: the call waits, then goes on.
 *   <li>{@link Builder#hang}: the call waits until {@link FaultInjector.ActiveRule#release} or
 *       until the rule is removed, then goes on.
 * </ul>
 *
 * <p>A waiting call that is interrupted stops waiting and goes on, its thread's interrupt status
 * set. Several rules may match one call: they are asked in the order they were added; delays and
 * hangs pass the call on to the next rule, a failure or a short transfer ends it there.
 *
 * <p>Bad input is an {@link IllegalArgumentException} naming the field, as {@link #parse} spells
 * it: a count below 1, a probability outside [0, 1], a negative delay, an error that makes no sense
 * for one of the operations, a short transfer of anything but reads and writes, a malformed glob.
 */
public final class FaultRule {
  /** When a rule fires among its matching calls. */
  enum When {
    ALWAYS,
    NTH,
    EVERY,
    PROBABILITY
  }

  /** What a firing rule does. */
  enum Effect {
    FAIL,
    TRANSFER_AT_MOST,
    DELAY,
    HANG
  }

  private final Set<FileOperation> operations;
  private final String glob; // null: all paths, or the predicate
  private final Predicate<Path> predicate; // null: all paths, or the glob
  private final When when;
  private final long count; // the n of nth, the k of every
  private final double probability;
  private final long seed;
  private final long times;
  private final Effect effect;
  private final Errno errno;
  private final int maxBytes;
  private final Duration delay;

  private FaultRule(Builder b, Effect effect, Errno errno, int maxBytes, Duration delay) {
    this.operations = b.operations;
    this.glob = b.glob;
    this.predicate = b.predicate;
    this.when = b.when;
    this.count = b.count;
    this.probability = b.probability;
    this.seed = b.seed;
    this.times = b.times;
    this.effect = effect;
    this.errno = errno;
    this.maxBytes = maxBytes;
    this.delay = delay;
  }

  /** Starts a rule about calls of the given kinds. */
  public static Builder on(FileOperation first, FileOperation... more) {
    return new Builder(EnumSet.of(first, more));
  }

  /**
   * Starts a rule about calls of the given kinds, at least one.
   *
   * @throws IllegalArgumentException "on: ..." if {@code operations} is empty
   */
  public static Builder on(Set<FileOperation> operations) {
    if (operations.isEmpty()) {
      throw new IllegalArgumentException("on: no operation given");
    }
    return new Builder(EnumSet.copyOf(operations));
  }

  /**
   * Reads a rule from its text form, as {@link #toString()} writes it: whitespace-separated fields
   * {@code on=OP[,OP...]} (required; names of {@link FileOperation}, in any case), {@code
   * paths=GLOB} (a glob without whitespace), one of {@code nth=N}, {@code every=K} or {@code
   * probability=P seed=S}, {@code times=N}, and one effect: {@code fail=ERRNO}, {@code
   * transferAtMost=BYTES}, {@code delay=TIME} ({@code 250ms}, {@code 2s} or ISO-8601 such as {@code
   * PT0.25S}) or {@code hang}. For example {@code on=write,force paths=/data/** nth=3 fail=ENOSPC}.
   *
   * @throws IllegalArgumentException naming the field that is unknown, missing or wrong
   */
  public static FaultRule parse(String text) {
    return FaultRuleText.parse(text);
  }

  /** The kinds of call this rule is about. */
  public Set<FileOperation> operations() {
    return operations;
  }

  /** The error this rule fails calls with, if that is its effect. */
  public Optional<Errno> errno() {
    return Optional.ofNullable(errno);
  }

  String glob() {
    return glob;
  }

  Predicate<Path> predicate() {
    return predicate;
  }

  When when() {
    return when;
  }

  long count() {
    return count;
  }

  double probability() {
    return probability;
  }

  long seed() {
    return seed;
  }

  long times() {
    return times;
  }

  Effect effect() {
    return effect;
  }

  int maxBytes() {
    return maxBytes;
  }

  Duration delay() {
    return delay;
  }

  /** The text form, which {@link #parse} reads back (but for a predicate, shown as such). */
  @Override
  public String toString() {
    return FaultRuleText.format(this);
  }

  /**
   * Collects where and when a rule applies; one of {@link #fail}, {@link #transferAtMost}, {@link
   * #delay} or {@link #hang} makes the rule. Each method checks its argument at once.
   */
  public static final class Builder {
    private final Set<FileOperation> operations;
    private String glob;
    private Predicate<Path> predicate;
    private When when = When.ALWAYS;
    private long count;
    private double probability;
    private long seed;
    private long times = Long.MAX_VALUE;

    private Builder(EnumSet<FileOperation> operations) {
      this.operations = java.util.Collections.unmodifiableSet(operations);
    }

    /**
     * Only calls on paths the glob matches, with the syntax of {@code getPathMatcher("glob:...")};
     * replaces an earlier {@code paths}.
     *
     * @throws IllegalArgumentException "paths: ..." for a malformed glob
     */
    public Builder paths(String glob) {
      Objects.requireNonNull(glob, "glob");
      try {
        // Checked for syntax alone: the filesystem it is added to matches it in its own flavour.
        Pattern.compile(Globs.toRegex(glob, false));
      } catch (PatternSyntaxException e) {
        throw new IllegalArgumentException("paths: " + e.getMessage(), e);
      }
      this.glob = glob;
      this.predicate = null;
      return this;
    }

    /**
     * Only calls on paths {@code predicate} accepts (paths of the filesystem the rule is added to);
     * replaces an earlier {@code paths}. It runs on the thread of each call of the rule's kinds,
     * and an exception it throws fails that call.
     */
    public Builder paths(Predicate<Path> predicate) {
      this.predicate = Objects.requireNonNull(predicate, "predicate");
      this.glob = null;
      return this;
    }

    /**
     * Fires on the {@code n}th matching call only.
     *
     * @throws IllegalArgumentException "nth: ..." if {@code n < 1} or another schedule is set
     */
    public Builder nth(long n) {
      return schedule(When.NTH, "nth", n);
    }

    /**
     * Fires on every {@code k}th matching call: the kth, the 2kth, ...
     *
     * @throws IllegalArgumentException "every: ..." if {@code k < 1} or another schedule is set
     */
    public Builder every(long k) {
      return schedule(When.EVERY, "every", k);
    }

    /**
     * Fires on each matching call with probability {@code p}, drawn from a generator seeded with
     * {@code seed}: the same calls in the same order fire alike in every run.
     *
     * @throws IllegalArgumentException "probability: ..." if {@code p} is outside [0, 1] or another
     *     schedule is set
     */
    public Builder probability(double p, long seed) {
      if (!(p >= 0 && p <= 1)) {
        throw new IllegalArgumentException("probability: must be within [0, 1], was " + p);
      }
      checkNoSchedule("probability");
      this.when = When.PROBABILITY;
      this.probability = p;
      this.seed = seed;
      return this;
    }

    /**
     * Fires at most {@code max} times; the rule stays added, firing no more.
     *
     * @throws IllegalArgumentException "times: ..." if {@code max < 1}
     */
    public Builder times(long max) {
      this.times = atLeastOne("times", max);
      return this;
    }

    /**
     * Makes the rule fail its calls with {@code errno}.
     *
     * @throws IllegalArgumentException "fail: ..." if one of the operations never fails with it
     *     (see {@link FileOperation#errors()})
     */
    public FaultRule fail(Errno errno) {
      Objects.requireNonNull(errno, "errno");
      for (FileOperation op : operations) {
        if (!op.errors().contains(errno)) {
          throw new IllegalArgumentException(
              "fail: "
                  + errno
                  + " makes no sense for "
                  + op
                  + ", which fails only with "
                  + op.errors());
        }
      }
      return new FaultRule(this, Effect.FAIL, errno, 0, null);
    }

    /**
     * Makes the rule cut reads and writes that ask for more than {@code maxBytes} down to {@code
     * maxBytes}.
     *
     * @throws IllegalArgumentException "transferAtMost: ..." if {@code maxBytes < 1} (0 would read
     *     as the end of the file) or the rule names calls other than READ and WRITE
     */
    public FaultRule transferAtMost(int maxBytes) {
      atLeastOne("transferAtMost", maxBytes);
      for (FileOperation op : operations) {
        if (!op.transfersBytes()) {
          throw new IllegalArgumentException(
              "transferAtMost: only READ and WRITE move bytes, not " + op);
        }
      }
      return new FaultRule(this, Effect.TRANSFER_AT_MOST, null, maxBytes, null);
    }

    /**
     * Makes the rule hold its calls for {@code delay}, then let them go on.
     *
     * @throws IllegalArgumentException "delay: ..." if {@code delay} is negative
     */
    public FaultRule delay(Duration delay) {
      Objects.requireNonNull(delay, "delay");
      if (delay.isNegative()) {
        throw new IllegalArgumentException("delay: must not be negative, was " + delay);
      }
      return new FaultRule(this, Effect.DELAY, null, 0, delay);
    }

    /** Makes the rule hold its calls until released (see {@link FaultInjector.ActiveRule}). */
    public FaultRule hang() {
      return new FaultRule(this, Effect.HANG, null, 0, null);
    }

    private Builder schedule(When kind, String field, long value) {
      atLeastOne(field, value);
      checkNoSchedule(field);
      this.when = kind;
      this.count = value;
      return this;
    }

    private void checkNoSchedule(String field) {
      if (when != When.ALWAYS) {
        throw new IllegalArgumentException(
            field + ": a rule has one schedule, and this one is already " + scheduleText());
      }
    }

    private String scheduleText() {
      return switch (when) {
        case ALWAYS -> "every call";
        case NTH -> "nth=" + count;
        case EVERY -> "every=" + count;
        case PROBABILITY -> "probability=" + probability;
      };
    }

    private static long atLeastOne(String field, long value) {
      if (value < 1) {
        throw new IllegalArgumentException(field + ": must be at least 1, was " + value);
      }
      return value;
    }
  }
}
