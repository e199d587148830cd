package dev.jkernfs.proc;

import static dev.jkernfs.proc.ProcFixture.assertErrno;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jkernfs.vfs.Errno;
import dev.jkernfs.vfs.FileDescription;
import dev.jkernfs.vfs.OpenOptions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code threads/<tid>/} and {@code thread-self}: entries that come and go with live threads. */
class ThreadEntriesTest {
  private ProcFixture fx = new ProcFixture();
  private final CountDownLatch release = new CountDownLatch(1);

  @AfterEach
  void tearDown() {
    release.countDown();
    fx.close();
  }

  /** Starts a thread that waits until the test releases it. */
  private Thread startWorker(String name) throws InterruptedException {
    Thread worker =
        new Thread(
            () -> {
              try {
                release.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            name);
    worker.start();
    while (worker.getState() != Thread.State.WAITING) {
      Thread.sleep(1);
    }
    return worker;
  }

  private void endWorker(Thread worker) throws InterruptedException {
    release.countDown();
    worker.join();
  }

  private static String tid(Thread thread) {
    return Long.toString(thread.getId());
  }

  @Test
  void threadsListsTheLiveThreadsInIdOrder() {
    List<String> listed = fx.list("/proc/threads");
    assertThat(listed).contains(tid(Thread.currentThread()));
    assertThat(listed.stream().map(Long::parseLong).toList()).isSorted();
  }

  @Test
  void aStartedThreadAppearsWithItsNameStateAndStack() throws InterruptedException {
    Thread worker = startWorker("proc-test-worker");
    String dir = "/proc/threads/" + tid(worker);
    assertThat(fx.list("/proc/threads")).contains(tid(worker));
    assertThat(fx.list(dir)).containsExactly("name", "state", "stack");
    assertThat(fx.read(dir + "/name")).isEqualTo("proc-test-worker\n");
    assertThat(fx.read(dir + "/state")).isEqualTo("WAITING\n");
    assertThat(fx.read(dir + "/stack"))
        .contains("java.util.concurrent.CountDownLatch.await(")
        .endsWith(")\n");
    endWorker(worker);
  }

  @Test
  void anEndedThreadStopsResolvingAndLeavesTheListing() throws InterruptedException {
    Thread worker = startWorker("short-lived");
    String dir = "/proc/threads/" + tid(worker);
    fx.vfs.stat(fx.op(dir + "/name")); // leaves cached dentries behind
    assertThat(fx.procFs().cachedDentries()).isPositive();
    endWorker(worker);
    assertErrno(Errno.ENOENT, () -> fx.vfs.stat(fx.op(dir + "/name")));
    assertErrno(Errno.ENOENT, () -> fx.vfs.stat(fx.op(dir)));
    assertThat(fx.list("/proc/threads")).doesNotContain(tid(worker));
  }

  @Test
  void anOpenFileOfAnEndedThreadStaysReadableUntilClosed() throws InterruptedException {
    Thread worker = startWorker("reader-outlives-me");
    FileDescription name = fx.open("/proc/threads/" + tid(worker) + "/name", OpenOptions.READ);
    FileDescription state = fx.open("/proc/threads/" + tid(worker) + "/state", OpenOptions.READ);
    long live = fx.procFs().liveDentries();
    endWorker(worker);
    assertThat(ProcFixture.readAll(name)).isEqualTo("reader-outlives-me\n");
    assertThat(ProcFixture.readAll(state)).isEqualTo("TERMINATED\n");
    name.close();
    state.close();
    // The thread's directory and both files are gone; the invalid entries were not cached.
    assertThat(fx.procFs().liveDentries()).isEqualTo(live - 3);
  }

  @Test
  void threadEntriesAreNotKeptOnceNothingUsesThem() {
    fx.close();
    fx = new ProcFixture(new ProcType(), Map.of(ProcType.DENTRY_CACHE_LIMIT, 0));
    fx.vfs.stat(fx.op("/proc/threads"));
    long live = fx.procFs().liveDentries();
    long inodes = fx.procFs().liveInodes();
    fx.vfs.stat(fx.op("/proc/threads/" + tid(Thread.currentThread()) + "/stack"));
    assertThat(fx.procFs().liveDentries()).isEqualTo(live);
    assertThat(fx.procFs().liveInodes()).isEqualTo(inodes);
  }

  @Test
  void onlyTheCanonicalDecimalIdNamesAThread() {
    String tid = tid(Thread.currentThread());
    fx.vfs.stat(fx.op("/proc/threads/" + tid));
    assertErrno(Errno.ENOENT, () -> fx.vfs.stat(fx.op("/proc/threads/0" + tid)));
    assertErrno(Errno.ENOENT, () -> fx.vfs.stat(fx.op("/proc/threads/+" + tid)));
    assertErrno(Errno.ENOENT, () -> fx.vfs.stat(fx.op("/proc/threads/main")));
    assertErrno(Errno.ENOENT, () -> fx.vfs.stat(fx.op("/proc/threads/" + tid + "/other")));
  }

  @Test
  void threadSelfLinksToTheCallingThreadsDirectory() throws InterruptedException {
    Thread me = Thread.currentThread();
    assertThat(fx.vfs.readlink(fx.noFollow("/proc/thread-self"))).isEqualTo("threads/" + tid(me));
    assertThat(fx.read("/proc/thread-self/name")).isEqualTo(me.getName() + "\n");

    AtomicReference<String> seenByOther = new AtomicReference<>();
    Thread other =
        new Thread(
            () -> {
              seenByOther.set(fx.vfs.readlink(fx.noFollow("/proc/thread-self")));
              seenByOther.set(seenByOther.get() + " " + fx.read("/proc/thread-self/name").trim());
            },
            "other-reader");
    other.start();
    other.join();
    assertThat(seenByOther.get()).isEqualTo("threads/" + tid(other) + " other-reader");
  }
}
