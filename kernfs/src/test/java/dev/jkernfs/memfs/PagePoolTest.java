package dev.jkernfs.memfs;

import static dev.jkernfs.memfs.PagedContent.PAGE_SIZE;
import static dev.jkernfs.memfs.SpaceQuota.UNLIMITED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.jkernfs.vfs.Credentials;
import dev.jkernfs.vfs.FileDescription;
import dev.jkernfs.vfs.FilesystemType;
import dev.jkernfs.vfs.OpenOptions;
import dev.jkernfs.vfs.ParsedPath;
import dev.jkernfs.vfs.PathOperation;
import dev.jkernfs.vfs.TimeSource;
import dev.jkernfs.vfs.VirtualFilesystem;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The page pool keeps no more than its bound, hands back pages of the length asked for, and the
 * content that reuses its pages reads exactly what a fresh one would: every hole, every byte past
 * the end, zero, though each pooled page arrives full of another file's bytes.
 */
class PagePoolTest {
  private static final byte GARBAGE = (byte) 0xA5;

  @Test
  void keepsPagesUpToItsBoundAndHandsBackOnlyTheLengthAskedFor() {
    PagePool pool = new PagePool(3 * PAGE_SIZE);
    for (int i = 0; i < 5; i++) {
      pool.give(new byte[PAGE_SIZE]);
    }
    assertThat(pool.pooledBytes()).isEqualTo(3L * PAGE_SIZE);
    pool.give(new byte[64]); // full: dropped
    assertThat(pool.take(64)).isNull();
    assertThat(pool.take(PAGE_SIZE)).hasSize(PAGE_SIZE);
    assertThat(pool.pooledBytes()).isEqualTo(2L * PAGE_SIZE);
    pool.give(new byte[4096]);
    assertThat(pool.take(4096)).hasSize(4096);
    pool.clear();
    assertThat(pool.pooledBytes()).isZero();
    assertThat(pool.take(PAGE_SIZE)).isNull();
  }

  @Test
  void anEmptyBoundKeepsNothingAndABadOneIsRefused() {
    PagePool none = new PagePool(0);
    none.give(new byte[PAGE_SIZE]);
    assertThat(none.pooledBytes()).isZero();
    assertThat(none.take(PAGE_SIZE)).isNull();
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new PagePool(-1))
        .withMessage("pagePoolBytes must be >= 0, was -1");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new PagePool(PAGE_SIZE).give(new byte[100]))
        .withMessage("not a page length: 100");
  }

  @Test
  void aFilesystemKeepsNoMoreThanItsBoundOfFreedPagesAndLetsThemGoWhenClosed() {
    VirtualFilesystem vfs =
        VirtualFilesystem.create(
            "pool",
            TimeSource.SYSTEM,
            FilesystemType.find(MemfsType.NAME),
            Map.of("pagePoolBytes", 2L * PAGE_SIZE));
    MemFilesystem memfs = (MemFilesystem) vfs.root().mount().filesystem();
    try {
      for (int i = 0; i < 10; i++) {
        PathOperation op =
            new PathOperation(
                Credentials.root(), vfs.root(), vfs.root(), ParsedPath.parse("/f" + i), false);
        FileDescription fd =
            vfs.open(op, OpenOptions.builder().write().create(0644).exclusive().build());
        try {
          fd.write(ByteBuffer.allocate(3 * PAGE_SIZE));
        } finally {
          fd.close();
        }
        vfs.unlink(op);
      }
      assertThat(memfs.pagePool.pooledBytes()).isEqualTo(2L * PAGE_SIZE);
      assertThat(memfs.quota.usedBytes()).isZero(); // pooled pages are free space
    } finally {
      vfs.close();
    }
    assertThat(memfs.pagePool.pooledBytes()).isZero();
  }

  @Test
  void aFilesystemThatTracksDurabilityPoolsNothing() {
    VirtualFilesystem vfs =
        VirtualFilesystem.create(
            "fsync",
            TimeSource.SYSTEM,
            FilesystemType.find(MemfsType.NAME),
            Map.of("durability", MemfsType.DURABILITY_FSYNC));
    try {
      assertThat(((MemFilesystem) vfs.root().mount().filesystem()).pagePool)
          .isSameAs(PagePool.NONE);
    } finally {
      vfs.close();
    }
  }

  @Test
  void contentOnReusedPagesReadsAsContentOnFreshOnes() {
    assertThat(firstDifferenceFromAFreshFile(20260, 300)).isNull();
  }

  /**
   * Runs the same seeded random writes (heap and direct buffers, at any offset), truncates and
   * releases on content that shares a pool filled with garbage pages, and on a model array; returns
   * the first round whose read-back differs, or null.
   */
  static String firstDifferenceFromAFreshFile(long seed, int rounds) {
    SplittableRandom random = new SplittableRandom(seed);
    PagePool pool = new PagePool(64L * PAGE_SIZE);
    for (int length = PagedContent.MIN_FIRST_PAGE; length <= PAGE_SIZE; length <<= 1) {
      for (int i = 0; i < 4; i++) {
        byte[] garbage = new byte[length];
        Arrays.fill(garbage, GARBAGE);
        pool.give(garbage);
      }
    }
    SpaceQuota quota = new SpaceQuota(UNLIMITED, UNLIMITED);
    PagedContent content = new PagedContent(quota, pool);
    byte[] model = new byte[0];
    for (int round = 0; round < rounds; round++) {
      int action = random.nextInt(10);
      if (action < 6) {
        int offset = random.nextInt(3 * PAGE_SIZE);
        byte[] data = new byte[1 + random.nextInt(2 * PAGE_SIZE)];
        random.nextBytes(data);
        ByteBuffer src = ByteBuffer.wrap(data);
        if (random.nextBoolean()) {
          src = ByteBuffer.allocateDirect(data.length).put(data).flip();
        }
        content.write(offset, src);
        if (offset + data.length > model.length) {
          model = Arrays.copyOf(model, offset + data.length);
        }
        System.arraycopy(data, 0, model, offset, data.length);
      } else if (action < 9) {
        int newSize = random.nextInt(3 * PAGE_SIZE);
        content.truncate(newSize);
        model = Arrays.copyOf(model, newSize);
      } else {
        content.release();
        model = new byte[0];
        // Another file's garbage comes back to the pool, as a deleted neighbour's pages would.
        byte[] garbage = new byte[PAGE_SIZE];
        Arrays.fill(garbage, GARBAGE);
        pool.give(garbage);
      }
      byte[] read = new byte[model.length];
      int count = model.length == 0 ? 0 : content.read(0, read, 0, read.length);
      if (count != model.length || !Arrays.equals(read, model)) {
        return "round " + round + ": read " + count + " bytes, expected " + model.length;
      }
    }
    return null;
  }
}
