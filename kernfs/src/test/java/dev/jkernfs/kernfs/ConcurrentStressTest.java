package dev.jkernfs.kernfs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jkernfs.vfs.ErrnoException;
import dev.jkernfs.vfs.FileDescription;
import dev.jkernfs.vfs.OpenOptions;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Several threads run random operations on a small shared name space, with a dynamic mount and a
 * tiny dentry cache, for a bounded time; afterwards nothing leaks and nothing deadlocked.
 */
class ConcurrentStressTest {
  private static final String[] NAMES = {"a", "b", "c", "d"};
  private static final long MILLIS = Long.getLong("jkernfs.stress.millis", 1500);

  @Test
  void mixedOperationsFromFourThreadsEndWithZeroLeaks() throws Exception {
    VfsFixture fx = new VfsFixture();
    fx.mkdirs("/dyn");
    fx.vfs.mount(fx.op("/dyn"), DynamicTestFilesystem.type(2), Map.of());
    ExecutorService pool = Executors.newFixedThreadPool(4);
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(MILLIS);
    List<Future<Long>> workers = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      long seed = 0x5eedL + t;
      workers.add(pool.submit(() -> run(fx, new SplittableRandom(seed), deadline)));
    }
    long total = 0;
    for (Future<Long> worker : workers) {
      total += worker.get(MILLIS + 30_000, TimeUnit.MILLISECONDS); // a deadlock fails here
    }
    pool.shutdown();
    assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    assertThat(total).isPositive();
    fx.close(); // the audit balances, and nothing is left after close
  }

  private static long run(VfsFixture fx, SplittableRandom random, long deadline) {
    List<FileDescription> open = new ArrayList<>();
    long operations = 0;
    while (System.nanoTime() < deadline) {
      String path = randomPath(random);
      String other = randomPath(random);
      try {
        switch (random.nextInt(12)) {
          case 0 -> fx.vfs.mkdir(fx.op(path), 0755);
          case 1 -> fx.vfs.open(fx.op(path), VfsFixture.create(0644)).close();
          case 2 -> fx.vfs.unlink(fx.noFollow(path));
          case 3 -> fx.vfs.rmdir(fx.noFollow(path));
          case 4 -> fx.vfs.rename(fx.noFollow(path), fx.noFollow(other), random.nextBoolean());
          case 5 -> fx.vfs.link(fx.noFollow(path), fx.noFollow(other));
          case 6 -> fx.vfs.symlink(fx.op(path), other);
          case 7 -> fx.vfs.stat(fx.op(path));
          case 8 -> open.add(fx.vfs.open(fx.op(path), OpenOptions.READ));
          case 9 -> {
            if (!open.isEmpty()) {
              open.remove(random.nextInt(open.size())).close();
            }
          }
          case 10 -> fx.vfs.stat(fx.op("/dyn/numbers/" + random.nextInt(50) + "/leaf"));
          default -> {
            if (!open.isEmpty()) {
              FileDescription fd = open.get(random.nextInt(open.size()));
              if (fd.stat().isRegular()) {
                fd.read(ByteBuffer.allocate(16));
              }
            }
          }
        }
      } catch (ErrnoException expected) {
        // Most random operations on a contended name space fail; the point is that they fail
        // cleanly.
      }
      operations++;
    }
    open.forEach(FileDescription::close);
    return operations;
  }

  private static String randomPath(SplittableRandom random) {
    StringBuilder path = new StringBuilder();
    int depth = 1 + random.nextInt(3);
    for (int i = 0; i < depth; i++) {
      path.append('/').append(NAMES[random.nextInt(NAMES.length)]);
    }
    return path.toString();
  }
}
