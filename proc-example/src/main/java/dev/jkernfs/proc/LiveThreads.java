package dev.jkernfs.proc;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The live platform threads of this JVM, found through the root thread group: unlike {@link
 * Thread#getAllStackTraces()}, this does not stop every thread to capture its stack.
 */
final class LiveThreads {
  private LiveThreads() {}

  /** The live threads in increasing id order. */
  static List<Thread> byId() {
    Thread[] threads = all();
    Arrays.sort(threads, Comparator.comparingLong(Thread::getId));
    return List.of(threads);
  }

  /** The live thread whose {@link Thread#getId()} is {@code tid}. */
  static Optional<Thread> withId(long tid) {
    return Arrays.stream(all())
        .filter(thread -> thread.getId() == tid && thread.isAlive())
        .findFirst();
  }

  private static Thread[] all() {
    ThreadGroup root = Thread.currentThread().getThreadGroup();
    while (root.getParent() != null) {
      root = root.getParent();
    }
    Thread[] threads;
    int count;
    do {
      // activeCount is an estimate; a full array means some threads may not have fit.
      threads = new Thread[root.activeCount() * 2 + 8];
      count = root.enumerate(threads, true);
    } while (count == threads.length);
    return Arrays.copyOf(threads, count);
  }
}
