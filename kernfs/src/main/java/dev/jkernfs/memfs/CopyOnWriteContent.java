package dev.jkernfs.memfs;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The content of a regular file in a filesystem that tracks durability ({@code durability=fsync}):
 * the live pages, and the pages and size as of the last sync. The two share every page not changed
 * since; a shared page is copied on its first change, so a sync costs a table of page references
 * and a write after it one page copy, never a copy of the file.
 *
 * <p>Invariant: a page in {@link #synced} is never changed in place. The quota counts the live
 * pages only.
 *
 * <p>Not thread-safe, as {@link PagedContent}: the file's content lock guards it.
 */
final class CopyOnWriteContent extends PagedContent {
  /** The unit in which unsynced changes are torn at a crash: a disk block, a Linux page. */
  static final int BLOCK_SIZE = 4096;

  private static final int BLOCKS_PER_PAGE = PAGE_SIZE / BLOCK_SIZE;

  private static final byte[][] NO_PAGES = {};

  private byte[][] synced = NO_PAGES;
  private long syncedSize;

  CopyOnWriteContent(SpaceQuota quota) {
    super(quota);
  }

  @Override
  byte[] pageToChange(int index) {
    byte[] page = super.pageToChange(index);
    if (page != null && index < synced.length && synced[index] == page) {
      page = page.clone();
      setPage(index, page);
    }
    return page;
  }

  /** Makes the current content the synced one. Preconditions: the content lock is held. */
  void sync() {
    synced = sharePages();
    syncedSize = size();
  }

  /** The size as of the last sync. Preconditions: the content lock is held. */
  long syncedSize() {
    return syncedSize;
  }

  /**
   * Puts the content back as it was at the last sync, with what {@code tear} says reached the disk
   * of the changes since, in {@link #BLOCK_SIZE} blocks; the result is the synced content from then
   * on, as a remounted disk holds nothing else.
   *
   * <p>Preconditions: the content lock is held for writing.
   *
   * @param tear the seeded choice of {@link Writeback}, or null to keep nothing unsynced
   */
  void revert(SplittableRandom tear) {
    long currentSize = size();
    Writeback written = Writeback.choose(changedBlocks(), currentSize != syncedSize, tear);
    long newSize = written.size() ? currentSize : syncedSize;
    byte[][] pages = new byte[pageCount(newSize)][];
    for (int index = 0; index < pages.length; index++) {
      pages[index] = revertedPage(index, written, newSize);
    }
    replaceAll(pages, newSize);
    sync();
  }

  /** Page {@code index} of the reverted content of size {@code newSize}. */
  private byte[] revertedPage(int index, Writeback written, long newSize) {
    byte[] base = index < synced.length ? synced[index] : null;
    int firstBlock = index * BLOCKS_PER_PAGE;
    int nextSet = written.blocks().nextSetBit(firstBlock);
    boolean rewritten = nextSet >= 0 && nextSet < firstBlock + BLOCKS_PER_PAGE;
    boolean last = index == pageIndex(newSize - 1);
    int end = last ? pageOffset(newSize - 1) + 1 : PAGE_SIZE;
    // A synced page serves as it is unless a block changes, the new end cuts it (a truncate that
    // reached the disk), or the file now reaches past a short first page.
    boolean cut = base != null && last && end < base.length && newSize < syncedSize;
    boolean outgrown = base != null && base.length < end;
    if (!rewritten && !cut && !outgrown) {
      return base;
    }
    byte[] page = new byte[PAGE_SIZE];
    if (base != null) {
      System.arraycopy(base, 0, page, 0, base.length);
    }
    byte[] current = page(index);
    for (int block = 0; block < BLOCKS_PER_PAGE; block++) {
      if (written.blocks().get(firstBlock + block)) {
        copyBlock(current, page, block * BLOCK_SIZE);
      }
    }
    Arrays.fill(page, end, PAGE_SIZE, (byte) 0); // bytes past the end are zero, as everywhere
    return page;
  }

  /**
   * The blocks within the current size whose bytes differ from the synced ones, in ascending order.
   * What a truncate cut off is no block to write back: only the new size can take it away.
   */
  private List<Integer> changedBlocks() {
    List<Integer> changed = new ArrayList<>();
    long size = size();
    int pageCount = pageCount(size);
    for (int index = 0; index < pageCount; index++) {
      byte[] base = index < synced.length ? synced[index] : null;
      byte[] current = page(index);
      if (base == current) {
        continue; // unchanged since the sync, or a hole then and now
      }
      for (int block = 0; block < BLOCKS_PER_PAGE; block++) {
        long start = (long) index * PAGE_SIZE + (long) block * BLOCK_SIZE;
        if (start < size && !sameBlock(base, current, block * BLOCK_SIZE)) {
          changed.add(index * BLOCKS_PER_PAGE + block);
        }
      }
    }
    return changed;
  }

  /**
   * Whether two pages hold the same bytes in the block at {@code from}; a hole, and the part of a
   * short first page past its end, read as zeros.
   */
  private static boolean sameBlock(byte[] a, byte[] b, int from) {
    int to = from + BLOCK_SIZE;
    int aEnd = end(a, from, to);
    int bEnd = end(b, from, to);
    int common = Math.min(aEnd, bEnd);
    if (common > from && Arrays.mismatch(a, from, common, b, from, common) >= 0) {
      return false;
    }
    return isZero(a, common, aEnd) && isZero(b, common, bEnd);
  }

  /** Where the bytes {@code page} really holds in [{@code from}, {@code to}) end. */
  private static int end(byte[] page, int from, int to) {
    return page == null ? from : Math.max(from, Math.min(to, page.length));
  }

  private static boolean isZero(byte[] page, int from, int to) {
    for (int i = from; i < to; i++) {
      if (page[i] != 0) {
        return false;
      }
    }
    return true;
  }

  /** Copies the block at {@code offset} of {@code from} (a hole if null) into {@code to}. */
  private static void copyBlock(byte[] from, byte[] to, int offset) {
    int end = offset + BLOCK_SIZE;
    int held = end(from, offset, end);
    if (held > offset) {
      System.arraycopy(from, offset, to, offset, held - offset);
    }
    Arrays.fill(to, held, end, (byte) 0);
  }
}
