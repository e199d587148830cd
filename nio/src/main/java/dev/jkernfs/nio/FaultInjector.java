package dev.jkernfs.nio;

import dev.jkernfs.vfs.FaultHook;
import dev.jkernfs.vfs.FileOperation;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * The fault rules of one jkernfs filesystem, and the record of the faults they injected: a disk
 * that fails when a test asks it to. Get it with {@link Jkernfs#faults}; rules may also come from
 * the {@code faults} env key.
 *
 * <pre>{@code
 * FaultInjector faults = Jkernfs.faults(fs);
 * try (FaultInjector.ActiveRule full =
 *     faults.add(FaultRule.on(FileOperation.WRITE).paths("/db/*.log").nth(3).fail(Errno.ENOSPC))) {
 *   store.append(record1);        // writes 1 and 2 succeed
 *   store.append(record2);        // write 3: IOException "No space left on device"
 * }
 * assertThat(faults.log()).extracting(InjectedFault::effect).containsExactly("ENOSPC");
 * }</pre>
 *
 * <p>Rules apply to every call on the filesystem from the moment {@link #add} returns until their
 * {@link ActiveRule} is closed, through {@code java.nio.file} and through a FUSE mount of it alike
 * (the VFS asks them, see {@link dev.jkernfs.vfs.FaultHook}), at every mount in it. How a rule
 * chooses and what it does is described at {@link FaultRule}. Without rules, a call pays two
 * volatile reads and a bit test, and allocates nothing.
 *
 * <p>Every fault is recorded as an {@link InjectedFault} in the order it fired; the log keeps the
 * latest {@value #LOG_LIMIT} ({@link InjectedFault#sequence()} counts them all). Safe for use from
 * any thread.
 *
 * <p>Closing the filesystem removes every rule and keeps the log: a call still held by a delay or a
 * hang then fails as a call made after the close does ({@code ClosedFileSystemException}), before
 * it changes anything. A call on an open channel holds its file until it returns, so release and
 * join such callers before closing, or the close's leak check may count the file they still hold.
 */
public final class FaultInjector {
  /** How many faults the log keeps, the latest. */
  public static final int LOG_LIMIT = 10_000;

  private static final ActiveRule[] NO_RULES = {};

  private final JkernfsFileSystem fs;
  private final Object lock = new Object(); // guards the changes of rules, and the log
  // Copied on every change, so that a call reads the rules without a lock.
  private volatile ActiveRule[] rules = NO_RULES;
  // The kinds of call some rule names, what FaultHook.covers asks; never changed once published.
  private volatile Set<FileOperation> coveredOperations = EnumSet.noneOf(FileOperation.class);
  private int nextId = 1; // guarded by lock
  private final ArrayDeque<InjectedFault> log = new ArrayDeque<>(); // guarded by lock
  private long recorded; // guarded by lock

  FaultInjector(JkernfsFileSystem fs) {
    this.fs = fs;
    fs.vfs().setFaultHook(new Hook());
  }

  /**
   * Starts applying {@code rule} to this filesystem's calls, after the rules added before it.
   *
   * @return the handle that removes it again
   * @throws java.nio.file.ClosedFileSystemException if the filesystem is closed
   */
  public ActiveRule add(FaultRule rule) {
    Objects.requireNonNull(rule, "rule");
    fs.checkOpen();
    PathMatcher matcher = rule.glob() == null ? null : fs.getPathMatcher("glob:" + rule.glob());
    synchronized (lock) {
      ActiveRule active = new ActiveRule(nextId++, rule, matcher);
      ActiveRule[] more = Arrays.copyOf(rules, rules.length + 1);
      more[rules.length] = active;
      publish(more);
      return active;
    }
  }

  /** The rules in force, in the order they are asked. */
  public List<ActiveRule> rules() {
    return List.of(rules);
  }

  /**
   * Removes every rule; calls hanging on one go on. The log stays. Closing the filesystem does
   * this.
   */
  public void clear() {
    for (ActiveRule rule : rules) {
      rule.close();
    }
  }

  /** The faults injected, in the order they fired (the latest {@value #LOG_LIMIT}). */
  public List<InjectedFault> log() {
    synchronized (lock) {
      return List.copyOf(log);
    }
  }

  /** Forgets the faults recorded so far; sequence numbers go on counting. */
  public void clearLog() {
    synchronized (lock) {
      log.clear();
    }
  }

  private void remove(ActiveRule rule) {
    synchronized (lock) {
      List<ActiveRule> rest = new ArrayList<>(Arrays.asList(rules));
      if (!rest.remove(rule)) {
        return;
      }
      publish(rest.toArray(NO_RULES));
    }
  }

  /** Preconditions: {@code lock} is held. */
  private void publish(ActiveRule[] newRules) {
    Set<FileOperation> covered = EnumSet.noneOf(FileOperation.class);
    for (ActiveRule rule : newRules) {
      covered.addAll(rule.rule.operations());
    }
    rules = newRules;
    coveredOperations = covered;
  }

  private InjectedFault record(
      ActiveRule rule, FileOperation op, Path path, Path otherPath, String effect) {
    synchronized (lock) {
      InjectedFault fault =
          new InjectedFault(++recorded, rule.id, rule.rule, op, path, otherPath, effect);
      if (log.size() == LOG_LIMIT) {
        log.removeFirst();
      }
      log.addLast(fault);
      return fault;
    }
  }

  @Override
  public String toString() {
    return "FaultInjector[" + fs + ", " + rules.length + " rules]";
  }

  /** What the VFS asks: the rules, in order, for each call of a kind one of them names. */
  private final class Hook implements FaultHook {
    @Override
    public boolean covers(FileOperation op) {
      return coveredOperations.contains(op);
    }

    @Override
    public int before(FileOperation op, String path, String otherPath, int requested) {
      Path file = null;
      Path other = null;
      for (ActiveRule active : rules) {
        FaultRule rule = active.rule;
        if (!rule.operations().contains(op)
            || (rule.effect() == FaultRule.Effect.TRANSFER_AT_MOST
                && requested <= rule.maxBytes())) {
          continue;
        }
        if (file == null) {
          file = fs.getPath(path);
          other = otherPath == null ? null : fs.getPath(otherPath);
        }
        if (!active.matches(file, other) || !active.fires()) {
          continue;
        }
        switch (rule.effect()) {
          case FAIL -> {
            record(active, op, file, other, rule.errno().orElseThrow().name());
            throw rule.errno().orElseThrow().exception();
          }
          case TRANSFER_AT_MOST -> {
            record(
                active,
                op,
                file,
                other,
                "transferred " + rule.maxBytes() + " of " + requested + " bytes");
            return rule.maxBytes();
          }
          case DELAY -> {
            record(active, op, file, other, "delayed " + FaultRuleText.duration(rule.delay()));
            sleep(rule.delay());
            fs.checkOpen();
          }
          case HANG -> {
            record(active, op, file, other, "hung");
            active.hang();
            // A call held until its filesystem closed fails as a call made after the close.
            fs.checkOpen();
          }
        }
      }
      return requested;
    }

    @Override
    public String rulesReport() {
      StringBuilder text = new StringBuilder();
      for (ActiveRule rule : rules) {
        text.append(rule).append('\n');
      }
      return text.toString();
    }

    @Override
    public String logReport() {
      StringBuilder text = new StringBuilder();
      for (InjectedFault fault : log()) {
        text.append(fault).append('\n');
      }
      return text.toString();
    }
  }

  private static void sleep(Duration delay) {
    try {
      TimeUnit.NANOSECONDS.sleep(delay.toNanos());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // stop waiting, go on, and let the caller see why
    }
  }

  /**
   * A rule added to a filesystem: its counts, the calls hanging on it, and the handle that removes
   * it. Closing it removes the rule and lets every call hanging on it go on.
   */
  public final class ActiveRule implements AutoCloseable {
    private final int id;
    private final FaultRule rule;
    private final PathMatcher matcher; // null unless the rule has a glob
    private final Object state = new Object(); // guards the fields below, and is waited on
    private final SplittableRandom random;
    private long matched;
    private long fired;
    private long releases;
    private int hanging;
    private boolean removed;

    private ActiveRule(int id, FaultRule rule, PathMatcher matcher) {
      this.id = id;
      this.rule = rule;
      this.matcher = matcher;
      this.random = new SplittableRandom(rule.seed());
    }

    /** Numbers the rules of a filesystem in the order they were added, from 1. */
    public int id() {
      return id;
    }

    /** The rule. */
    public FaultRule rule() {
      return rule;
    }

    /** How many calls matched the rule so far, whether it fired or not. */
    public long matched() {
      synchronized (state) {
        return matched;
      }
    }

    /** How many times the rule fired. */
    public long fired() {
      synchronized (state) {
        return fired;
      }
    }

    /** How many calls are hanging on this rule now. */
    public int hanging() {
      synchronized (state) {
        return hanging;
      }
    }

    /**
     * Waits until at least {@code count} calls hang on this rule, for at most {@code timeout}.
     *
     * @return whether they do
     */
    public boolean awaitHanging(int count, Duration timeout) throws InterruptedException {
      long deadline = System.nanoTime() + timeout.toNanos();
      synchronized (state) {
        while (hanging < count) {
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            return false;
          }
          TimeUnit.NANOSECONDS.timedWait(state, left);
        }
        return true;
      }
    }

    /** Lets the calls hanging on this rule now go on; later calls that it names hang again. */
    public void release() {
      synchronized (state) {
        releases++;
        state.notifyAll();
      }
    }

    /** Removes the rule from its filesystem and lets the calls hanging on it go on. */
    @Override
    public void close() {
      remove(this);
      synchronized (state) {
        removed = true;
        state.notifyAll();
      }
    }

    private boolean matches(Path file, Path other) {
      if (matcher != null) {
        return matcher.matches(file) || (other != null && matcher.matches(other));
      }
      if (rule.predicate() != null) {
        return rule.predicate().test(file) || (other != null && rule.predicate().test(other));
      }
      return true;
    }

    /** Counts a matching call; returns whether the rule fires on it. */
    private boolean fires() {
      synchronized (state) {
        matched++;
        boolean due =
            switch (rule.when()) {
              case ALWAYS -> true;
              case NTH -> matched == rule.count();
              case EVERY -> matched % rule.count() == 0;
              case PROBABILITY -> random.nextDouble() < rule.probability();
            };
        if (!due || fired >= rule.times()) {
          return false;
        }
        fired++;
        return true;
      }
    }

    private void hang() {
      synchronized (state) {
        long release = releases;
        hanging++;
        state.notifyAll();
        try {
          while (releases == release && !removed) {
            state.wait();
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt(); // stop waiting, go on, and let the caller see why
        } finally {
          hanging--;
          state.notifyAll();
        }
      }
    }

    /** One line: id, rule, counts and hanging calls. */
    @Override
    public String toString() {
      synchronized (state) {
        return id
            + " "
            + rule
            + " matched="
            + matched
            + " fired="
            + fired
            + (hanging > 0 ? " hanging=" + hanging : "");
      }
    }
  }
}
