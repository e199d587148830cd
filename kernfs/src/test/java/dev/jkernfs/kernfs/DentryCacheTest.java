package dev.jkernfs.kernfs;

import static dev.jkernfs.kernfs.ResolutionTest.assertErrno;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jkernfs.vfs.Errno;
import dev.jkernfs.vfs.FileDescription;
import dev.jkernfs.vfs.Mount;
import dev.jkernfs.vfs.OpenOptions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DentryCacheTest {
  private final VfsFixture fx = new VfsFixture();

  @AfterEach
  void tearDown() {
    fx.close();
  }

  private DynamicTestFilesystem mountDynamic(int cacheLimit) {
    fx.mkdirs("/dyn");
    Mount mount = fx.vfs.mount(fx.op("/dyn"), DynamicTestFilesystem.type(cacheLimit), Map.of());
    return (DynamicTestFilesystem) mount.filesystem();
  }

  @Test
  void aMillionDistinctDynamicLookupsLeaveAtMostLimitPlusDepthDentries() {
    int limit = 64;
    DynamicTestFilesystem fs = mountDynamic(limit);
    long before = fs.liveDentries();
    long peak = 0;
    for (long n = 0; n < 2_000_000; n += 2) {
      fx.vfs.stat(fx.op("/dyn/numbers/" + n));
      if ((n & 1023) == 0) {
        peak = Math.max(peak, fs.liveDentries());
      }
    }
    long after = fs.liveDentries();
    // depth: the root and "numbers", both kept.
    assertThat(peak).isLessThanOrEqualTo(limit + 2);
    assertThat(after).isLessThanOrEqualTo(limit + 2);
    assertThat(fs.cachedDentries()).isEqualTo(limit);
    System.out.printf(
        "a million lookups: live dentries before=%d after=%d peak=%d (limit %d)%n",
        before, after, peak, limit);
  }

  @Test
  void cachedDentriesKeepTheirAncestorsWhichCountOutsideTheLimit() {
    int limit = 64;
    DynamicTestFilesystem fs = mountDynamic(limit);
    for (long n = 1; n < 200_000; n += 2) {
      fx.vfs.stat(fx.op("/dyn/numbers/" + n + "/leaf"));
    }
    // Each cached leaf holds its number's directory: at most one extra dentry per cached one.
    assertThat(fs.cachedDentries()).isEqualTo(limit);
    assertThat(fs.liveDentries()).isLessThanOrEqualTo(2L * limit + 2);
  }

  @Test
  void withNoCacheDynamicDentriesDieWithTheOperation() {
    DynamicTestFilesystem fs = mountDynamic(0);
    long before = fs.liveDentries();
    fx.vfs.stat(fx.op("/dyn/numbers/8"));
    fx.vfs.stat(fx.op("/dyn/numbers/9/leaf"));
    assertThat(fs.liveDentries()).isEqualTo(before + 1); // "numbers" is kept
    assertThat(fs.cachedDentries()).isZero();
  }

  @Test
  void cachedDentryComesBackToLifeWhenOpened() {
    DynamicTestFilesystem fs = mountDynamic(8);
    fx.vfs.stat(fx.op("/dyn/numbers/4"));
    long live = fs.liveDentries();
    assertThat(fs.cachedDentries()).isEqualTo(1);
    FileDescription fd = fx.open("/dyn/numbers/4", OpenOptions.READ);
    assertThat(fs.liveDentries()).isEqualTo(live);
    assertThat(fs.cachedDentries()).isZero();
    fd.close();
    assertThat(fs.cachedDentries()).isEqualTo(1);
  }

  @Test
  void invalidEntryIsDroppedWithItsSubtreeAndLookedUpAgain() {
    DynamicTestFilesystem fs = mountDynamic(16);
    fx.vfs.stat(fx.op("/dyn/numbers/7/leaf"));
    long live = fs.liveDentries();
    assertThat(fs.cachedDentries()).isEqualTo(1); // the leaf; it holds its parent
    fs.dead.add(7L);
    assertErrno(Errno.ENOENT, () -> fx.vfs.stat(fx.op("/dyn/numbers/7/leaf")));
    assertThat(fs.cachedDentries()).isZero();
    assertThat(fs.liveDentries()).isEqualTo(live - 2);
    fs.dead.remove(7L);
    fx.vfs.stat(fx.op("/dyn/numbers/7/leaf"));
  }

  @Test
  void openFileOnAnInvalidatedEntryKeepsItUntilClosed() {
    DynamicTestFilesystem fs = mountDynamic(16);
    FileDescription fd = fx.open("/dyn/numbers/3/leaf", OpenOptions.READ);
    fs.dead.add(3L);
    assertErrno(Errno.ENOENT, () -> fx.vfs.stat(fx.op("/dyn/numbers/3")));
    assertThat(fd.stat().ino()).isPositive();
    long live = fs.liveDentries();
    fd.close();
    assertThat(fs.liveDentries()).isEqualTo(live - 2);
  }

  @Test
  void concurrentWalksThatReviveOneCachedDentryAllSucceed() throws Exception {
    DynamicTestFilesystem fs = mountDynamic(1);
    fx.vfs.stat(fx.op("/dyn/numbers/4")); // cached at zero references
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(4);
    try {
      List<java.util.concurrent.Future<?>> walkers = new java.util.ArrayList<>();
      for (int t = 0; t < 4; t++) {
        walkers.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 20_000; i++) {
                    fx.vfs.open(fx.op("/dyn/numbers/4"), OpenOptions.READ).close();
                  }
                  return null;
                }));
      }
      for (java.util.concurrent.Future<?> walker : walkers) {
        walker.get(); // a walk that took the revived dentry for destroyed throws here
      }
    } finally {
      pool.shutdown();
    }
    assertThat(fs.cachedDentries()).isEqualTo(1);
  }

  @Test
  void loweringTheLimitEvictsAtOnce() {
    DynamicTestFilesystem fs = mountDynamic(100);
    for (int n = 0; n < 50; n += 2) {
      fx.vfs.stat(fx.op("/dyn/numbers/" + n));
    }
    assertThat(fs.cachedDentries()).isEqualTo(25);
    fs.setDentryCacheLimit(5);
    assertThat(fs.cachedDentries()).isEqualTo(5);
    assertErrno(Errno.EINVAL, () -> fs.setDentryCacheLimit(-1));
    assertThat(fs.dentryCacheLimit()).isEqualTo(5);
  }

  @Test
  void staticChildrenArePinnedAndCreatingInAStaticDirectoryIsRefused() {
    DynamicTestFilesystem fs = mountDynamic(0);
    fx.vfs.stat(fx.op("/dyn/static/a"));
    long live = fs.liveDentries();
    fx.vfs.stat(fx.op("/dyn/static/a"));
    assertThat(fs.liveDentries()).isEqualTo(live);
    assertErrno(Errno.EPERM, () -> fx.vfs.mkdir(fx.op("/dyn/static/b"), 0755));
    assertErrno(Errno.EPERM, () -> fx.vfs.unlink(fx.op("/dyn/static/a")));
  }
}
