package dev.jkernfs.memfs;

import java.util.ArrayDeque;

/**
 * The freed pages of one filesystem, kept for its later writes up to a bound in bytes: a file that
 * is written and deleted again and again (a test's scratch file) then reuses pages that are still
 * in the processor's cache instead of walking fresh memory that must first be zeroed.
 *
 * <p>Pages are kept as they were freed, holding old bytes: whoever takes one must overwrite or zero
 * every byte before any reader can see it ({@link PagedContent} does, and its tests read every hole
 * of reused pages). Only pages of this filesystem's own files come here, so a file can never see
 * another filesystem's bytes even through a bug of that kind. Pages that a snapshot may still share
 * (copy-on-write content) are never given back.
 *
 * <p>Pooled pages are free space: they are not charged to the quota. {@link #clear} empties the
 * pool when the filesystem closes. Thread-safe: a monitor, held for a push or a pop only.
 */
final class PagePool {
  /** The default bound, small beside any heap a test runs in. */
  static final long DEFAULT_CAPACITY_BYTES = 4L << 20;

  // One stack per page length, a power of two from MIN_FIRST_PAGE to PAGE_SIZE.
  private static final int MIN_SHIFT = Integer.numberOfTrailingZeros(PagedContent.MIN_FIRST_PAGE);
  private static final int CLASSES =
      Integer.numberOfTrailingZeros(PagedContent.PAGE_SIZE) - MIN_SHIFT + 1;

  /** The pool of a filesystem that keeps no freed pages: every take misses, every give drops. */
  static final PagePool NONE = new PagePool(0); // after the constants its construction reads

  private final long capacityBytes;

  @SuppressWarnings("unchecked")
  private final ArrayDeque<byte[]>[] stacks = new ArrayDeque[CLASSES]; // guarded by this

  private long pooledBytes; // guarded by this

  PagePool(long capacityBytes) {
    if (capacityBytes < 0) {
      throw new IllegalArgumentException("pagePoolBytes must be >= 0, was " + capacityBytes);
    }
    this.capacityBytes = capacityBytes;
  }

  /** A page of exactly {@code length} bytes, a power of two, holding old bytes; null if none. */
  byte[] take(int length) {
    if (capacityBytes == 0) {
      return null;
    }
    synchronized (this) {
      ArrayDeque<byte[]> stack = stacks[sizeClass(length)];
      byte[] page = stack == null ? null : stack.pollLast();
      if (page != null) {
        pooledBytes -= length;
      }
      return page;
    }
  }

  /** Keeps {@code page}, which nobody else refers to any more, if the bound allows. */
  void give(byte[] page) {
    if (capacityBytes == 0) {
      return;
    }
    synchronized (this) {
      if (pooledBytes + page.length > capacityBytes) {
        return;
      }
      int sizeClass = sizeClass(page.length);
      ArrayDeque<byte[]> stack = stacks[sizeClass];
      if (stack == null) {
        stack = new ArrayDeque<>();
        stacks[sizeClass] = stack;
      }
      stack.addLast(page);
      pooledBytes += page.length;
    }
  }

  /** Drops every pooled page, for the garbage collector to take back. */
  synchronized void clear() {
    for (int i = 0; i < CLASSES; i++) {
      stacks[i] = null;
    }
    pooledBytes = 0;
  }

  /** The bytes of the pages now kept. */
  synchronized long pooledBytes() {
    return pooledBytes;
  }

  long capacityBytes() {
    return capacityBytes;
  }

  private static int sizeClass(int length) {
    int sizeClass = Integer.numberOfTrailingZeros(length) - MIN_SHIFT;
    if (Integer.bitCount(length) != 1 || sizeClass < 0 || sizeClass >= CLASSES) {
      throw new IllegalArgumentException("not a page length: " + length);
    }
    return sizeClass;
  }
}
