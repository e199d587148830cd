package dev.jkernfs.kernfs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jkernfs.vfs.Stat;
import dev.jkernfs.vfs.TimeSource;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * One operation reads the clock once and gives that time to the inodes it changes, as Linux's tmpfs
 * does (nio's ChangeTimeDifferentialTest compares with it), but for the file a rename moves, which
 * tmpfs stamps later: with a clock that moves on every read, the inodes an operation touched agree,
 * and the next operation is later.
 */
class ChangeTimeTest {
  private final AtomicLong reads = new AtomicLong();
  private final TimeSource ticking = () -> 1_000L * reads.incrementAndGet();
  private final VfsFixture fx = new VfsFixture(Map.of(), ticking);

  @AfterEach
  void tearDown() {
    fx.close();
  }

  private Stat stat(String path) {
    return fx.vfs.stat(fx.op(path));
  }

  @Test
  void aCreateGivesTheNewFileAndItsDirectoryOneTime() {
    fx.mkdirs("/d");
    fx.vfs.mkdir(fx.op("/d/sub"), 0755);
    Stat sub = stat("/d/sub");
    Stat d = stat("/d");
    assertThat(d.mtimeNanos()).isEqualTo(sub.ctimeNanos()).isEqualTo(sub.mtimeNanos());
    assertThat(d.ctimeNanos()).isEqualTo(d.mtimeNanos());
  }

  @Test
  void anUnlinkGivesTheFileItUnlinkedAndItsDirectoryOneTimeLaterThanBefore() {
    fx.mkdirs("/d");
    fx.write("/d/f", "x");
    fx.vfs.link(fx.op("/d/f"), fx.op("/keep"));
    long before = stat("/d").mtimeNanos();
    fx.vfs.unlink(fx.op("/d/f"));
    Stat kept = stat("/keep");
    assertThat(stat("/d").mtimeNanos()).isEqualTo(kept.ctimeNanos()).isGreaterThan(before);
  }

  @Test
  void aRenameGivesBothDirectoriesOneTimeAndTheMovedFileALaterOne() {
    fx.mkdirs("/a", "/b");
    fx.write("/a/f", "x");
    fx.vfs.rename(fx.op("/a/f"), fx.op("/b/f"), false);
    long directories = stat("/a").mtimeNanos();
    assertThat(stat("/b").mtimeNanos()).isEqualTo(directories);
    assertThat(stat("/b/f").ctimeNanos()).isGreaterThan(directories);
  }

  @Test
  void separateOperationsReadTheClockAgain() {
    fx.mkdirs("/d");
    fx.vfs.mkdir(fx.op("/d/one"), 0755);
    fx.vfs.mkdir(fx.op("/d/two"), 0755);
    assertThat(stat("/d/two").ctimeNanos()).isGreaterThan(stat("/d/one").ctimeNanos());
  }
}
