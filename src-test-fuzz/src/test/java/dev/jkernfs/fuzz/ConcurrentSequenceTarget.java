package dev.jkernfs.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Target 4: several threads run decoded NIO sequences against one jkernfs filesystem at once (the
 * layout of {@link NioSequenceTarget}, shared), each with its own channels and streams. When all
 * are done, every handle is closed; then the audit must balance and, after the close, nothing may
 * be left. A thread that does not finish in time is reported as a deadlock, with every thread's
 * stack.
 *
 * <p>A short script made only of steps that are one call into the VFS each ({@link
 * #historyChecked}) must also be linearizable: each step's start, end and outcome are recorded, and
 * some order of the steps that keeps every step after those that ended before it started must give
 * the same outcomes when replayed one at a time on a fresh filesystem. Longer scripts, and steps
 * that make several calls (a write truncates, then writes), are checked for leaks only.
 *
 * <p>Input: one header byte (bits 0-1: cache limit; bit 2: populated start; bits 3-4: 2 to 4
 * threads), then steps, dealt to the threads in turn.
 */
final class ConcurrentSequenceTarget implements FuzzTarget {
  static final ConcurrentSequenceTarget INSTANCE = new ConcurrentSequenceTarget();

  private static final long JOIN_MILLIS = 20_000;

  /** The entry point of Jazzer's standalone driver. */
  public static void fuzzerTestOneInput(byte[] data) {
    Harness.check(INSTANCE, data);
  }

  @Override
  public String name() {
    return "concurrentSequences";
  }

  @Override
  public Script decode(byte[] data) {
    return Script.decode(data, 1, NioAction.DYNAMIC_COUNT, NioSequenceTarget.MAX_STEPS);
  }

  private static int threads(Script script) {
    return 2 + ((script.header(0) >> 3) & 3) % 3;
  }

  @Override
  public Failure run(Script script) {
    FileSystem fs = NioFilesystems.withMounts(NioSequenceTarget.cacheLimit(script));
    Failure failure;
    List<NioWorld> worlds = new ArrayList<>();
    try {
      SwitchboardFilesystem switchboard = NioFilesystems.switchboard(fs);
      for (int t = 0; t < threads(script); t++) {
        worlds.add(new NioWorld(fs, NameSpace.WITH_MOUNTS, switchboard));
      }
      if (NioSequenceTarget.populated(script)) {
        worlds.get(0).populate();
      }
      List<Event> history = historyChecked(script) ? new ArrayList<>() : null;
      failure = runConcurrently(script, worlds, history);
      if (failure == null && history != null) {
        failure = checkHistory(script, history);
      }
      if (failure == null) {
        for (NioWorld world : worlds) {
          world.closeAll();
        }
        failure = NioFilesystems.audit(fs);
      }
    } catch (IOException | RuntimeException e) {
      failure = NioFilesystems.unexpected("setting up or closing the handles", e);
    }
    if (failure != null && failure.kind() == Failure.Kind.DEADLOCK) {
      return failure; // closing would wait on the stuck threads' locks
    }
    return NioFilesystems.closeAndCheck(fs, failure);
  }

  /**
   * Runs each thread's steps; records every step in {@code history} if not null (which it then
   * holds in no particular order).
   */
  private Failure runConcurrently(Script script, List<NioWorld> worlds, List<Event> history) {
    int count = worlds.size();
    CountDownLatch start = new CountDownLatch(1);
    AtomicReference<Failure> failure = new AtomicReference<>();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < count; t++) {
      int first = t;
      NioWorld world = worlds.get(t);
      Thread thread =
          new Thread(
              () -> {
                try {
                  start.await();
                } catch (InterruptedException e) {
                  return;
                }
                List<Event> events = new ArrayList<>();
                for (int i = first; i < script.steps().size(); i += count) {
                  Step step = script.steps().get(i);
                  try {
                    long invoked = System.nanoTime();
                    Outcome outcome =
                        history != null ? applyOneCall(world, step) : world.apply(step);
                    events.add(new Event(i, invoked, System.nanoTime(), outcome));
                  } catch (RuntimeException | StackOverflowError e) {
                    failure.compareAndSet(
                        null,
                        NioFilesystems.unexpected(
                            "step " + (i + 1) + " (" + describe(step) + ") on thread " + first, e));
                    return;
                  }
                }
                if (history != null) {
                  synchronized (history) {
                    history.addAll(events);
                  }
                }
              },
              "sequence-" + t);
      thread.setDaemon(true); // a deadlocked one must not keep the JVM alive
      threads.add(thread);
      thread.start();
    }
    start.countDown();
    long deadline = System.currentTimeMillis() + JOIN_MILLIS;
    for (Thread thread : threads) {
      try {
        thread.join(Math.max(1, deadline - System.currentTimeMillis()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      if (thread.isAlive()) {
        return Failure.of(
            Failure.Kind.DEADLOCK,
            "",
            thread.getName() + " did not finish within " + JOIN_MILLIS / 1000 + " s",
            threadDump());
      }
    }
    return failure.get();
  }

  /** The longest script whose history is checked: the search replays each order it tries. */
  static final int MAX_CHECKED_STEPS = 8;

  /** Replays the search may make before it gives up on a history, counting it as linearizable. */
  private static final int MAX_REPLAYS = 2_000;

  /** One step as its thread ran it: the step's place in the script, when it ran, what it did. */
  record Event(int index, long invoked, long returned, Outcome outcome) {}

  /**
   * Whether every step is a single VFS call outside the switchboard, so that it takes effect at one
   * instant between its start and its end: a mkdir, a create, a stat as {@link #applyOneCall}
   * renders it, or an atomic move, which is rename(2). Others make several calls, each of which may
   * see another state: a delete tries unlink and then rmdir, a plain move stats first, a write
   * truncates and then writes, and a link finds its source before it links. The switchboard's
   * entries get new inode numbers on each lookup, which no replay can match.
   */
  static boolean historyChecked(Script script) {
    if (script.steps().size() > MAX_CHECKED_STEPS) {
      return false;
    }
    for (Step step : script.steps()) {
      boolean oneCall =
          switch (NioAction.of(step)) {
            case MKDIR, CREATE_FILE, STAT -> true;
            case MOVE -> step.c() % 4 >= 2 && !inSwitchboard(step.b());
            default -> false;
          };
      if (!oneCall || inSwitchboard(step.a())) {
        return false;
      }
    }
    return true;
  }

  private static boolean inSwitchboard(int selector) {
    return NameSpace.WITH_MOUNTS.path(selector).startsWith("/dyn/");
  }

  /**
   * Runs a step of a checked script. A stat reads its attributes with one call, where {@link
   * NioWorld}'s reads the link count with a second, which may see the next file at the path.
   */
  private static Outcome applyOneCall(NioWorld world, Step step) {
    if (NioAction.of(step) != NioAction.STAT) {
      return world.apply(step);
    }
    LinkOption[] options =
        step.b() % 2 == 0 ? new LinkOption[0] : new LinkOption[] {LinkOption.NOFOLLOW_LINKS};
    try {
      Map<String, Object> a =
          Files.readAttributes(world.path(step.a()), "unix:ino,nlink,size,mode", options);
      return Outcome.value(
          "ino="
              + a.get("ino")
              + " nlink="
              + a.get("nlink")
              + " size="
              + a.get("size")
              + " mode="
              + a.get("mode"));
    } catch (IOException e) {
      return Outcome.thrown(e);
    }
  }

  /**
   * Searches for a sequential order of the recorded steps that gives the outcomes the threads saw
   * (after Wing and Gong): a step may come next if no step still to place ended before it started.
   */
  static Failure checkHistory(Script script, List<Event> history) {
    List<Event> events = new ArrayList<>(history);
    events.sort(Comparator.comparingLong(Event::invoked));
    int[] replaysLeft = {MAX_REPLAYS};
    Boolean found =
        search(script, events, new boolean[events.size()], new ArrayList<>(), replaysLeft);
    if (found == null || found) {
      return null;
    }
    StringBuilder details = new StringBuilder();
    long start = events.isEmpty() ? 0 : events.get(0).invoked();
    int count = threads(script);
    for (Event e : events) {
      details.append(
          String.format(
              "thread %d, step %d (%s): %d..%d us %s%n",
              e.index() % count,
              e.index() + 1,
              INSTANCE.describe(script.steps().get(e.index())),
              (e.invoked() - start) / 1000,
              (e.returned() - start) / 1000,
              e.outcome()));
    }
    return Failure.of(
        Failure.Kind.NOT_LINEARIZABLE,
        "",
        "no sequential order of the " + events.size() + " steps gives the outcomes seen",
        details.toString());
  }

  /** True if found, false if there is none, null if the replays ran out first. */
  private static Boolean search(
      Script script, List<Event> events, boolean[] placed, List<Event> order, int[] replaysLeft) {
    if (order.size() == events.size()) {
      return true;
    }
    for (int i = 0; i < events.size(); i++) {
      if (placed[i] || !mayComeNext(events, placed, i)) {
        continue;
      }
      if (replaysLeft[0]-- <= 0) {
        return null;
      }
      order.add(events.get(i));
      if (replayEndsWithSameOutcome(script, order)) {
        placed[i] = true;
        Boolean found = search(script, events, placed, order, replaysLeft);
        placed[i] = false;
        if (found == null || found) {
          return found;
        }
      }
      order.remove(order.size() - 1);
    }
    return false;
  }

  private static boolean mayComeNext(List<Event> events, boolean[] placed, int candidate) {
    for (int j = 0; j < events.size(); j++) {
      if (!placed[j]
          && j != candidate
          && events.get(j).returned() < events.get(candidate).invoked()) {
        return false;
      }
    }
    return true;
  }

  /**
   * Replays {@code order} one step at a time on a fresh filesystem set up as the run's was, and
   * compares the last step's outcome (the others were compared when the order got them).
   */
  private static boolean replayEndsWithSameOutcome(Script script, List<Event> order) {
    FileSystem fs = NioFilesystems.withMounts(NioSequenceTarget.cacheLimit(script));
    try {
      SwitchboardFilesystem switchboard = NioFilesystems.switchboard(fs);
      List<NioWorld> worlds = new ArrayList<>();
      int count = threads(script);
      for (int t = 0; t < count; t++) {
        worlds.add(new NioWorld(fs, NameSpace.WITH_MOUNTS, switchboard));
      }
      if (NioSequenceTarget.populated(script)) {
        worlds.get(0).populate();
      }
      Outcome last = null;
      for (Event e : order) {
        last = applyOneCall(worlds.get(e.index() % count), script.steps().get(e.index()));
      }
      for (NioWorld world : worlds) {
        world.closeAll();
      }
      return order.get(order.size() - 1).outcome().equals(last);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      NioFilesystems.closeAndCheck(fs, null);
    }
  }

  private static String threadDump() {
    StringBuilder out = new StringBuilder();
    for (ThreadInfo info : ManagementFactory.getThreadMXBean().dumpAllThreads(true, true)) {
      if (info.getThreadName().startsWith("sequence-")) {
        out.append(info);
      }
    }
    return out.toString();
  }

  @Override
  public String describe(Step step) {
    return NioWorld.describe(step, NameSpace.WITH_MOUNTS);
  }

  @Override
  public String describeHeader(Script script) {
    int count = threads(script);
    return NioSequenceTarget.describeNioHeader(script)
        + "; "
        + count
        + " threads, step i on thread (i-1) mod "
        + count;
  }

  @Override
  public int attemptsPerCandidate() {
    return 3;
  }
}
