package dev.jkernfs.memfs;

import static dev.jkernfs.memfs.CopyOnWriteContent.BLOCK_SIZE;
import static dev.jkernfs.memfs.PagedContent.PAGE_SIZE;
import static dev.jkernfs.memfs.SpaceQuota.UNLIMITED;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CopyOnWriteContentTest {
  private final SpaceQuota quota = new SpaceQuota(UNLIMITED, UNLIMITED);
  private final CopyOnWriteContent content = new CopyOnWriteContent(quota);

  @Test
  void aWriteAfterASyncCopiesThePageItChangesAndSharesTheRest() {
    write(0, pattern(3 * PAGE_SIZE, 1));
    content.sync();
    byte[][] synced = content.sharePages();

    write(PAGE_SIZE + 10, pattern(5, 2));

    byte[][] now = content.sharePages();
    assertThat(now[0]).isSameAs(synced[0]);
    assertThat(now[1]).isNotSameAs(synced[1]);
    assertThat(now[2]).isSameAs(synced[2]);
    assertThat(synced[1])
        .isEqualTo(Arrays.copyOfRange(pattern(3 * PAGE_SIZE, 1), PAGE_SIZE, 2 * PAGE_SIZE));
    // The quota counts the live pages: the copy replaced one.
    assertThat(quota.usedBytes()).isEqualTo(3L * PAGE_SIZE);
  }

  @Test
  void everyKindOfChangeLeavesTheSyncedPagesAlone() {
    write(0, pattern(2 * PAGE_SIZE + 100, 1));
    content.sync();
    byte[][] synced = deepCopy(content.sharePages());
    byte[][] shared = content.sharePages();

    write(5, pattern(3, 2));
    content.truncate(PAGE_SIZE + 7); // clears the tail of a shared page
    content.truncate(4 * PAGE_SIZE);
    write(3 * PAGE_SIZE, pattern(PAGE_SIZE, 3));

    for (int i = 0; i < shared.length; i++) {
      assertThat(shared[i]).as("page %d", i).isEqualTo(synced[i]);
    }
  }

  @Test
  void revertingWithoutATearPutsBackTheSyncedContentAndSize() {
    byte[] synced = pattern(PAGE_SIZE + 300, 1);
    write(0, synced);
    content.sync();
    content.truncate(10);
    write(3 * PAGE_SIZE, pattern(2 * PAGE_SIZE, 2));

    content.revert(null);

    assertThat(bytes()).isEqualTo(synced);
    assertThat(quota.usedBytes()).isEqualTo(2L * PAGE_SIZE);
    assertThat(content.syncedSize()).isEqualTo(synced.length);
  }

  @Test
  void aShortFirstPageGrowsWhenTheNewSizeReachesPastIt() {
    byte[] synced = pattern(100, 1);
    write(0, synced);
    content.sync();
    write(3 * BLOCK_SIZE, pattern(10, 2));

    // Some seed keeps the size and not the block: the synced bytes, then zeros to the new end.
    for (long seed = 0; seed < 1000; seed++) {
      CopyOnWriteContent copy = replay(synced, 3 * BLOCK_SIZE, pattern(10, 2));
      copy.revert(new SplittableRandom(seed));
      byte[] after = bytes(copy);
      if (after.length == 3 * BLOCK_SIZE + 10 && after[3 * BLOCK_SIZE] == 0) {
        assertThat(Arrays.copyOf(after, 100)).isEqualTo(synced);
        assertThat(Arrays.copyOfRange(after, 100, after.length)).containsOnly(0);
        return;
      }
    }
    throw new AssertionError("no seed kept the size without the block");
  }

  /**
   * Random writes, truncates and syncs against a model of bytes; after a seeded revert every block
   * holds the synced or the current bytes, the size is one of the two, and what lies past it reads
   * as zeros when the file grows again.
   */
  @Test
  void aTornRevertKeepsWholeBlocksOfEitherVersion() {
    SplittableRandom random = new SplittableRandom(17);
    for (int round = 0; round < 300; round++) {
      CopyOnWriteContent file = new CopyOnWriteContent(new SpaceQuota(UNLIMITED, UNLIMITED));
      byte[] model = new byte[0];
      byte[] syncedModel = new byte[0];
      int steps = 1 + random.nextInt(12);
      for (int step = 0; step < steps; step++) {
        int choice = random.nextInt(10);
        if (choice < 6) {
          int offset = random.nextInt(5 * PAGE_SIZE);
          byte[] data = pattern(1 + random.nextInt(2 * BLOCK_SIZE), random.nextInt());
          file.write(offset, ByteBuffer.wrap(data));
          model = Arrays.copyOf(model, Math.max(model.length, offset + data.length));
          System.arraycopy(data, 0, model, offset, data.length);
        } else if (choice < 8) {
          int size = random.nextInt(5 * PAGE_SIZE);
          file.truncate(size);
          model = Arrays.copyOf(model, size);
        } else {
          file.sync();
          syncedModel = model.clone();
        }
      }
      long seed = random.nextLong();
      file.revert(new SplittableRandom(seed));
      byte[] after = bytes(file);
      String what = "round " + round + ", seed " + seed;
      assertThat(after.length).as(what).isIn(model.length, syncedModel.length);
      for (int from = 0; from < after.length; from += BLOCK_SIZE) {
        int to = Math.min(after.length, from + BLOCK_SIZE);
        byte[] got = Arrays.copyOfRange(after, from, to);
        if (!Arrays.equals(got, range(model, from, to))
            && !Arrays.equals(got, range(syncedModel, from, to))) {
          throw new AssertionError(what + ": the block at " + from + " is neither version");
        }
      }
      file.truncate(after.length + PAGE_SIZE);
      assertThat(Arrays.copyOfRange(bytes(file), after.length, after.length + PAGE_SIZE))
          .as(what)
          .containsOnly(0);
    }
  }

  private CopyOnWriteContent replay(byte[] synced, int offset, byte[] later) {
    CopyOnWriteContent copy = new CopyOnWriteContent(new SpaceQuota(UNLIMITED, UNLIMITED));
    copy.write(0, ByteBuffer.wrap(synced));
    copy.sync();
    copy.write(offset, ByteBuffer.wrap(later));
    return copy;
  }

  private void write(long offset, byte[] data) {
    content.write(offset, ByteBuffer.wrap(data));
  }

  private byte[] bytes() {
    return bytes(content);
  }

  private static byte[] bytes(PagedContent content) {
    byte[] all = new byte[(int) content.size()];
    content.read(0, all, 0, all.length);
    return all;
  }

  private static byte[][] deepCopy(byte[][] pages) {
    byte[][] copy = new byte[pages.length][];
    for (int i = 0; i < pages.length; i++) {
      copy[i] = pages[i] == null ? null : pages[i].clone();
    }
    return copy;
  }

  /** Bytes [from, to) of {@code bytes}, zeros past its end. */
  private static byte[] range(byte[] bytes, int from, int to) {
    byte[] range = new byte[to - from];
    if (from < bytes.length) {
      System.arraycopy(bytes, from, range, 0, Math.min(bytes.length, to) - from);
    }
    return range;
  }

  private static byte[] pattern(int length, int seed) {
    byte[] bytes = new byte[length];
    for (int i = 0; i < length; i++) {
      bytes[i] = (byte) (i * 31 + seed * 7 + 1);
    }
    return bytes;
  }
}
