package dev.jkernfs.memfs;

import dev.jkernfs.vfs.Errno;
import java.util.concurrent.atomic.AtomicLong;

/** The byte and inode limits of one filesystem, with how much of each is in use. */
final class SpaceQuota {
  /** A limit that is never reached. */
  static final long UNLIMITED = Long.MAX_VALUE;

  private final long maxBytes;
  private final long maxInodes;
  private final AtomicLong usedBytes = new AtomicLong();
  private final AtomicLong usedInodes = new AtomicLong();

  /** Creates a quota with nothing in use; pass {@link #UNLIMITED} for no limit. */
  SpaceQuota(long maxBytes, long maxInodes) {
    if (maxBytes < 0 || maxInodes < 0) {
      throw new IllegalArgumentException(
          "negative limit: maxBytes=" + maxBytes + ", maxInodes=" + maxInodes);
    }
    this.maxBytes = maxBytes;
    this.maxInodes = maxInodes;
  }

  /** Takes {@code n} bytes, or throws ENOSPC and takes nothing if that would pass the limit. */
  void reserveBytes(long n) {
    reserve(usedBytes, n, maxBytes);
  }

  /**
   * Takes {@code n} bytes even past the limit: for content a simulated crash brings back, which the
   * disk held however much has been written since.
   */
  void reserveBytesPastLimit(long n) {
    checkAmount(n);
    usedBytes.addAndGet(n);
  }

  /** Gives back {@code n} bytes taken by {@link #reserveBytes}. */
  void releaseBytes(long n) {
    release(usedBytes, n, "bytes");
  }

  /**
   * Changes a reservation of {@code oldBytes} to {@code newBytes}: takes or gives back the
   * difference, or throws ENOSPC and changes nothing if the growth does not fit.
   */
  void recharge(long oldBytes, long newBytes) {
    if (newBytes > oldBytes) {
      reserveBytes(newBytes - oldBytes);
    } else {
      releaseBytes(oldBytes - newBytes);
    }
  }

  /** Takes one inode, or throws ENOSPC and takes nothing if none is left. */
  void reserveInode() {
    reserve(usedInodes, 1, maxInodes);
  }

  /** Gives back one inode taken by {@link #reserveInode}. */
  void releaseInode() {
    release(usedInodes, 1, "inodes");
  }

  long usedBytes() {
    return usedBytes.get();
  }

  long usedInodes() {
    return usedInodes.get();
  }

  long maxBytes() {
    return maxBytes;
  }

  long maxInodes() {
    return maxInodes;
  }

  // A CAS loop rather than getAndAdd: adding first and backing out on failure would let a racing
  // reservation see the overshoot and fail although the space was never really used.
  private static void reserve(AtomicLong used, long n, long max) {
    checkAmount(n);
    while (true) {
      long current = used.get();
      // Compared by subtraction because current + n overflows when the limit is UNLIMITED.
      if (n > max - current) {
        throw Errno.ENOSPC.exception();
      }
      if (used.compareAndSet(current, current + n)) {
        return;
      }
    }
  }

  private static void release(AtomicLong used, long n, String what) {
    checkAmount(n);
    while (true) {
      long current = used.get();
      if (n > current) {
        // Usage is left alone: going negative would hide the imbalance from later checks.
        throw new IllegalStateException(
            "releasing " + n + " " + what + " but only " + current + " are reserved");
      }
      if (used.compareAndSet(current, current - n)) {
        return;
      }
    }
  }

  private static void checkAmount(long n) {
    if (n < 0) {
      throw new IllegalArgumentException("negative amount: " + n);
    }
  }
}
