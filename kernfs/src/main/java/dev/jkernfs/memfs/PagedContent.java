package dev.jkernfs.memfs;

import dev.jkernfs.vfs.Errno;
import dev.jkernfs.vfs.ErrnoException;
import dev.jkernfs.vfs.Faults;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.util.Arrays;
import java.util.Objects;

/**
 * The bytes of one regular file, kept in fixed-size pages that are allocated on first write.
 *
 * <p>Not thread-safe: the owning inode guards it with its content lock, shared by readers and held
 * exclusively by writers.
 *
 * <p>Every change of a page's bytes in place goes through {@link #pageToChange}, so that a subclass
 * may share pages with a snapshot and copy one on its first change ({@link CopyOnWriteContent}).
 */
class PagedContent {
  static final int PAGE_SIZE = 8192;
  private static final int PAGE_SHIFT = Integer.numberOfTrailingZeros(PAGE_SIZE);

  /** The largest size a file can have: the index of its last page still fits in an int. */
  static final long MAX_SIZE = (long) Integer.MAX_VALUE * PAGE_SIZE;

  private static final byte[][] NO_PAGES = {};

  /** The shortest first page of a small file. */
  static final int MIN_FIRST_PAGE = 64;

  // Holes are copied out of this page, so it must never reach code that could write to it.
  private static final byte[] ZERO_PAGE = new byte[PAGE_SIZE];

  // What transferTo hands a foreign channel for a hole: read-only, and without an accessible
  // array, so a misbehaving channel cannot scribble over the holes of every file.
  private static final ByteBuffer ZEROS = ByteBuffer.wrap(ZERO_PAGE).asReadOnlyBuffer();

  private final SpaceQuota quota;
  private final PagePool pool;

  // Indexed by page number, null for a hole. The table is dense: it costs one reference per page
  // up to the highest page written (about 2.5 MB for one page at 5 GiB), not per allocated page.
  //
  // Invariant: every byte of an allocated page at or past size is zero, so a file that grows
  // reads zeros there without anyone having to clear them.
  //
  // Invariant: page 0 may be shorter than PAGE_SIZE (a power of two, at least MIN_FIRST_PAGE)
  // while the whole file fits in it, that is while size <= its length. A small file so costs
  // about what it holds instead of a whole page; the page doubles as the file grows and is
  // full-size before any byte past it exists. The quota is charged a whole page all the same.
  private byte[][] pages = NO_PAGES;
  private int allocatedPages;
  private long size;

  PagedContent(SpaceQuota quota) {
    this(quota, PagePool.NONE);
  }

  /**
   * Content whose new pages come from {@code pool} when it has one of the length, and whose freed
   * pages go back to it. Only content whose pages nothing else can refer to may have a pool.
   */
  PagedContent(SpaceQuota quota, PagePool pool) {
    this.quota = Objects.requireNonNull(quota, "quota");
    this.pool = Objects.requireNonNull(pool, "pool");
  }

  /**
   * Returns the file's size in bytes.
   *
   * <p>Preconditions: the inode's content lock is held for reading.
   */
  long size() {
    return size;
  }

  /**
   * Returns the bytes taken by allocated pages, which is what the file costs against the quota.
   *
   * <p>Preconditions: the inode's content lock is held for reading.
   */
  long allocatedBytes() {
    return (long) allocatedPages * PAGE_SIZE;
  }

  /**
   * Copies the bytes at {@code offset} into {@code dst} until it is full or the file ends, and
   * returns how many it copied: 0 if {@code dst} has no room, -1 if {@code offset} is at or past
   * the end.
   *
   * <p>Preconditions: the inode's content lock is held for reading.
   */
  int read(long offset, ByteBuffer dst) {
    int count = readableBytes(offset, dst.remaining());
    if (count <= 0) {
      return count;
    }
    if (dst.hasArray()) {
      int start = dst.position();
      copyOut(offset, dst.array(), dst.arrayOffset() + start, count);
      dst.position(start + count);
    } else {
      long end = offset + count;
      for (long position = offset; position < end; ) {
        int n = chunkLength(position, end);
        dst.put(pageOrZeros(pageIndex(position)), pageOffset(position), n);
        position += n;
      }
    }
    return count;
  }

  /**
   * Copies up to {@code length} bytes at {@code offset} into {@code dst} from {@code dstOffset},
   * and returns how many it copied: 0 if {@code length} is 0, -1 if {@code offset} is at or past
   * the end.
   *
   * <p>Preconditions: the inode's content lock is held for reading.
   */
  int read(long offset, byte[] dst, int dstOffset, int length) {
    Objects.checkFromIndexSize(dstOffset, length, dst.length);
    int count = readableBytes(offset, length);
    if (count > 0) {
      copyOut(offset, dst, dstOffset, count);
    }
    return count;
  }

  /**
   * Writes all of {@code src} at {@code offset}, growing the file if it ends past the end, and
   * returns how many bytes it wrote.
   *
   * <p>Throws ENOSPC if the new pages do not fit in the quota and EFBIG if the write would end past
   * {@link #MAX_SIZE}; either way nothing has changed, {@code src} included.
   *
   * <p>Preconditions: the inode's content lock is held for writing.
   */
  int write(long offset, ByteBuffer src) {
    checkOffset(offset);
    int count = src.remaining();
    if (count == 0) {
      return 0;
    }
    if (offset > MAX_SIZE - count) {
      throw Errno.EFBIG.exception();
    }
    long end = offset + count;
    fitFirstPage(end);
    int missing = reserveHoles(pageIndex(offset), pageIndex(end - 1));
    long newSize = Math.max(end, size);
    if (src.hasArray()) {
      int start = src.position();
      copyIn(src.array(), src.arrayOffset() + start, offset, count, newSize);
      src.position(start + count);
    } else {
      for (long position = offset; position < end; ) {
        int n = chunkLength(position, end);
        int at = pageOffset(position);
        src.get(pageToFill(pageIndex(position), newSize, at, at + n), at, n);
        position += n;
      }
    }
    allocatedPages += missing;
    size = newSize;
    return count;
  }

  /**
   * Sets the file's size: shrinking frees the pages past the new end, growing leaves a hole.
   *
   * <p>Preconditions: the inode's content lock is held for writing.
   */
  void truncate(long newSize) {
    if (newSize < 0) {
      throw Errno.EINVAL.exception();
    }
    if (newSize > MAX_SIZE) {
      throw Errno.EFBIG.exception();
    }
    if (newSize < size) {
      int keep = pageCount(newSize);
      freePagesFrom(keep);
      int tail = pageOffset(newSize);
      byte[] last = tail == 0 || page(keep - 1) == null ? null : pageToChange(keep - 1);
      if (last != null) {
        // Keeps the invariant, so a later extension reads zeros where the old bytes were.
        Arrays.fill(last, tail, last.length, (byte) 0);
      }
    } else {
      fitFirstPage(newSize);
    }
    size = newSize;
  }

  /**
   * Frees every page and gives its space back to the quota, leaving an empty file; called when the
   * file dies.
   *
   * <p>Preconditions: the inode's content lock is held for writing.
   */
  void release() {
    freePagesFrom(0);
    size = 0;
  }

  /**
   * Writes up to {@code count} bytes at {@code offset} to {@code target}, straight from the pages,
   * and returns how many it wrote; it stops early at the end of the file or when a non-blocking
   * target takes less than it was offered.
   *
   * <p>Preconditions: the inode's content lock is held for reading.
   */
  long transferTo(long offset, long count, WritableByteChannel target) throws IOException {
    checkOffset(offset);
    checkCount(count);
    if (offset >= size) {
      return 0;
    }
    long end = offset + Math.min(count, size - offset);
    long position = offset;
    while (position < end) {
      int n = chunkLength(position, end);
      byte[] page = page(pageIndex(position));
      int pageOffset = pageOffset(position);
      ByteBuffer chunk =
          page == null ? ZEROS.slice(pageOffset, n) : ByteBuffer.wrap(page, pageOffset, n);
      int written = target.write(chunk);
      position += written;
      if (written < n) {
        break;
      }
    }
    return position - offset;
  }

  /**
   * Reads up to {@code count} bytes from {@code src} straight into the pages at {@code offset},
   * growing the file as they arrive, and returns how many it read; it stops early when {@code src}
   * ends or has nothing ready, at {@link #MAX_SIZE}, or when the quota runs out.
   *
   * <p>Unlike {@link #write}, the quota is charged a page at a time, since nobody knows how many
   * bytes {@code src} holds. Running out of it after some bytes have landed keeps those bytes and
   * reports them, as a short write(2) does; only a transfer that could not store a single byte
   * throws ENOSPC. If {@code src} throws, the bytes it already delivered stay written.
   *
   * <p>Preconditions: the inode's content lock is held for writing.
   */
  long transferFrom(ReadableByteChannel src, long offset, long count) throws IOException {
    checkOffset(offset);
    checkCount(count);
    if (count == 0) {
      return 0;
    }
    if (offset >= MAX_SIZE) {
      throw Errno.EFBIG.exception();
    }
    long end = offset + Math.min(count, MAX_SIZE - offset);
    // Nobody knows how far the bytes reach, so a short first page is made whole up front.
    fitFirstPage(PAGE_SIZE);
    long position = offset;
    while (position < end) {
      int index = pageIndex(position);
      boolean fresh = page(index) == null;
      if (fresh) {
        try {
          allocatePage(index);
        } catch (ErrnoException e) {
          if (position == offset) {
            throw e;
          }
          break;
        }
      }
      int n = chunkLength(position, end);
      int read = 0;
      try {
        read = src.read(ByteBuffer.wrap(pageToChange(index), pageOffset(position), n));
      } finally {
        if (read <= 0) {
          undoEmptyRead(index, fresh, position, n);
        }
      }
      if (read <= 0) {
        break;
      }
      position += read;
      if (position > size) {
        size = position;
      }
    }
    return position - offset;
  }

  /**
   * Puts a page back as it was before a read from a channel that delivered nothing: freed if it was
   * allocated for the read, zero past the end of the file otherwise, because a channel that failed
   * may still have filled part of the buffer.
   */
  private void undoEmptyRead(int index, boolean fresh, long position, int n) {
    if (fresh) {
      pool.give(pages[index]);
      pages[index] = null;
      allocatedPages--;
      quota.releaseBytes(PAGE_SIZE);
      return;
    }
    long from = Math.max(position, size);
    long to = position + n;
    if (from < to) {
      Arrays.fill(pageToChange(index), pageOffset(from), pageOffset(position) + n, (byte) 0);
    }
  }

  /**
   * Returns how many bytes a read of up to {@code length} bytes at {@code offset} gets, with read's
   * 0 and -1.
   */
  private int readableBytes(long offset, int length) {
    checkOffset(offset);
    if (length == 0) {
      return 0;
    }
    if (offset >= size) {
      return -1;
    }
    return (int) Math.min(length, size - offset);
  }

  /** Copies {@code count} bytes at {@code offset}, all inside the file, into {@code dst}. */
  private void copyOut(long offset, byte[] dst, int dstOffset, int count) {
    long end = offset + count;
    int at = dstOffset;
    for (long position = offset; position < end; ) {
      int n = chunkLength(position, end);
      System.arraycopy(pageOrZeros(pageIndex(position)), pageOffset(position), dst, at, n);
      position += n;
      at += n;
    }
  }

  /**
   * Copies {@code count} bytes of {@code src} into the pages at {@code offset}, whose holes {@link
   * #reserveHoles} has paid for; {@code newSize} is the file's size once they have landed.
   */
  private void copyIn(byte[] src, int srcOffset, long offset, int count, long newSize) {
    long end = offset + count;
    int at = srcOffset;
    for (long position = offset; position < end; ) {
      int index = pageIndex(position);
      int n = chunkLength(position, end);
      int pageOffset = pageOffset(position);
      if (pages[index] == null && pageOffset == 0 && n == newPageLength(index, newSize)) {
        byte[] pooled = pool.take(n);
        if (pooled != null) {
          System.arraycopy(src, at, pooled, 0, n);
          pages[index] = pooled;
        } else {
          // A page the write fills whole is born a copy of the source: the JIT then skips
          // zeroing it, which would otherwise cost as much as the copy.
          pages[index] = Arrays.copyOfRange(src, at, at + n);
        }
      } else {
        System.arraycopy(
            src, at, pageToFill(index, newSize, pageOffset, pageOffset + n), pageOffset, n);
      }
      position += n;
      at += n;
    }
  }

  /**
   * Returns page {@code index} for the caller to change in place, the bytes from {@code from} up to
   * {@code to} at least: a hole that {@link #reserveHoles} has paid for becomes a new page, zero
   * outside that range; {@code newSize} sizes a new first page.
   */
  private byte[] pageToFill(int index, long newSize, int from, int to) {
    if (pages[index] == null) {
      pages[index] = newPage(newPageLength(index, newSize), from, to);
      return pages[index];
    }
    return pageToChange(index);
  }

  /**
   * A page of {@code length} bytes, a pooled one if there is one, zero but from {@code from} up to
   * {@code to}, which the caller fills at once: a reused page holds another file's old bytes.
   */
  private byte[] newPage(int length, int from, int to) {
    byte[] page = pool.take(length);
    if (page == null) {
      return new byte[length];
    }
    if (!Faults.POOLED_PAGE_NOT_ZEROED) {
      Arrays.fill(page, 0, from, (byte) 0);
      Arrays.fill(page, to, length, (byte) 0);
    }
    return page;
  }

  /** The length of a new page {@code index} in a file of {@code newSize} bytes. */
  private static int newPageLength(int index, long newSize) {
    return index == 0 ? firstPageLength(newSize) : PAGE_SIZE;
  }

  /**
   * Allocates the hole at page {@code index} as a whole page, charging the quota first, so that
   * ENOSPC leaves the content as it was.
   */
  private void allocatePage(int index) {
    reserveHoles(index, index);
    pages[index] = newPage(PAGE_SIZE, 0, 0);
    allocatedPages++;
  }

  /**
   * Charges the quota for the holes among pages {@code first} to {@code last} and makes the page
   * table long enough to hold them, and returns how many there are; the caller fills them and
   * counts them in {@link #allocatedPages}. ENOSPC leaves the content as it was.
   */
  private int reserveHoles(int first, int last) {
    int missing = 0;
    for (int i = first; i <= last; i++) {
      if (page(i) == null) {
        missing++;
      }
    }
    if (missing == 0) {
      return 0;
    }
    quota.reserveBytes((long) missing * PAGE_SIZE);
    if (last >= pages.length) {
      // Doubling only copies references, never page contents, and keeps a file written from
      // start to end at amortized constant cost per page.
      int length = (int) Math.max(last + 1L, Math.min(2L * pages.length, Integer.MAX_VALUE));
      pages = Arrays.copyOf(pages, length);
    }
    return missing;
  }

  /**
   * Grows a short page 0 so that it holds the bytes up to {@code end}: by doubling, and to a whole
   * page once {@code end} reaches past it.
   */
  private void fitFirstPage(long end) {
    byte[] first = pages.length == 0 ? null : pages[0];
    if (first != null && first.length < end && first.length < PAGE_SIZE) {
      int length = firstPageLength(end);
      byte[] grown = pool.take(length);
      if (grown == null) {
        grown = Arrays.copyOf(first, length);
      } else {
        System.arraycopy(first, 0, grown, 0, first.length);
        Arrays.fill(grown, first.length, length, (byte) 0);
      }
      pages[0] = grown;
      pool.give(first);
    }
  }

  /** The length of a first page that holds {@code end} bytes. */
  private static int firstPageLength(long end) {
    if (end >= PAGE_SIZE) {
      return PAGE_SIZE;
    }
    int length = end <= 1 ? 1 : Integer.highestOneBit((int) end - 1) << 1;
    return Math.max(MIN_FIRST_PAGE, length);
  }

  /** Frees the pages from index {@code first} on and gives their space back to the quota. */
  private void freePagesFrom(int first) {
    int freed = 0;
    for (int i = first; i < pages.length; i++) {
      if (pages[i] != null) {
        pool.give(pages[i]);
        pages[i] = null;
        freed++;
      }
    }
    // A table that is now mostly past the end, as after a sparse write far out was truncated
    // away, is cut down to size. The quarter keeps shrink-and-regrow cycles from copying it on
    // every truncate.
    if (first <= pages.length / 4) {
      pages = first == 0 ? NO_PAGES : Arrays.copyOf(pages, first);
    }
    allocatedPages -= freed;
    quota.releaseBytes((long) freed * PAGE_SIZE);
  }

  /** Page {@code index}, or null for a hole. Preconditions: the content lock is held. */
  final byte[] page(int index) {
    return index < pages.length ? pages[index] : null;
  }

  /**
   * Returns the allocated page {@code index} for the caller to change in place. A subclass whose
   * pages may be shared gives the page a copy of its own first, with {@link #setPage}.
   *
   * <p>Preconditions: the content lock is held for writing.
   */
  byte[] pageToChange(int index) {
    return pages[index];
  }

  /** Puts {@code page} in place of the allocated page {@code index}, for {@link #pageToChange}. */
  final void setPage(int index, byte[] page) {
    pages[index] = page;
  }

  /**
   * The pages up to the end of the file, holes as null, in a table of their own that shares the
   * pages themselves.
   *
   * <p>Preconditions: the content lock is held.
   */
  final byte[][] sharePages() {
    return Arrays.copyOf(pages, pageCount(size));
  }

  /**
   * Replaces the whole content by {@code newPages} (holes as null, every byte at or past {@code
   * newSize} zero, a first page shorter than {@link #PAGE_SIZE} only if it holds {@code newSize})
   * and {@code newSize}: content a simulated crash brought back. The quota is charged for the new
   * pages even past its limit, as the disk held them whatever was written since.
   *
   * <p>Preconditions: the content lock is held for writing.
   */
  final void replaceAll(byte[][] newPages, long newSize) {
    int allocated = 0;
    for (byte[] page : newPages) {
      if (page != null) {
        allocated++;
      }
    }
    quota.releaseBytes((long) allocatedPages * PAGE_SIZE);
    quota.reserveBytesPastLimit((long) allocated * PAGE_SIZE);
    pages = newPages.length == 0 ? NO_PAGES : newPages;
    allocatedPages = allocated;
    size = newSize;
  }

  private byte[] pageOrZeros(int index) {
    byte[] page = page(index);
    return page == null ? ZERO_PAGE : page;
  }

  // Every position and end handed to the helpers below is at most MAX_SIZE, so page indexes and
  // counts fit in an int; toIntExact turns a broken caller into an exception, not a wrong page.

  static int pageIndex(long position) {
    return Math.toIntExact(position >>> PAGE_SHIFT);
  }

  static int pageCount(long bytes) {
    return Math.toIntExact((bytes + PAGE_SIZE - 1) >>> PAGE_SHIFT);
  }

  static int pageOffset(long position) {
    return (int) (position & (PAGE_SIZE - 1));
  }

  /** Returns how many bytes from {@code position} up to {@code end} lie in the same page. */
  private static int chunkLength(long position, long end) {
    return (int) Math.min(PAGE_SIZE - pageOffset(position), end - position);
  }

  private static void checkOffset(long offset) {
    if (offset < 0) {
      throw Errno.EINVAL.exception();
    }
  }

  private static void checkCount(long count) {
    if (count < 0) {
      throw Errno.EINVAL.exception();
    }
  }
}
