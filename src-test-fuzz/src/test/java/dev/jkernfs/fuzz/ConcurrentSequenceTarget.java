package dev.jkernfs.fuzz;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.nio.file.FileSystem;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Target 4: several threads run decoded NIO sequences against one jkernfs filesystem at once (the
 * layout of {@link NioSequenceTarget}, shared), each with its own channels and streams. When all
 * are done, every handle is closed; then the audit must balance and, after the close, nothing may
 * be left. A thread that does not finish in time is reported as a deadlock, with every thread's
 * stack.
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
      failure = runConcurrently(script, worlds);
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

  private Failure runConcurrently(Script script, List<NioWorld> worlds) {
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
                for (int i = first; i < script.steps().size(); i += count) {
                  Step step = script.steps().get(i);
                  try {
                    world.apply(step);
                  } catch (RuntimeException | StackOverflowError e) {
                    failure.compareAndSet(
                        null,
                        NioFilesystems.unexpected(
                            "step " + (i + 1) + " (" + describe(step) + ") on thread " + first, e));
                    return;
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
