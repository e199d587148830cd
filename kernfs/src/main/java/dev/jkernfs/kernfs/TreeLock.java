package dev.jkernfs.kernfs;

import dev.jkernfs.vfs.TimeSource;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.concurrent.locks.StampedLock;

/**
 * The lock over one filesystem's dentry tree: a read-write lock, and a sequence lock over its write
 * side that tells a walk taking no lock at all whether a writer came by.
 */
final class TreeLock {
  /**
   * Read for walks, stat and open of existing files; write for anything that changes the tree and
   * for destroying dentries.
   */
  private final ReentrantReadWriteLock rw = new ReentrantReadWriteLock();

  /**
   * A sequence lock over {@link #rw}'s write side, for walks that take no lock at all. Whoever
   * holds {@code rw} for writing holds this too (see {@link #lockForWriting}), so a stamp from
   * {@link #tryOptimisticRead} that still validates after a walk proves that no writer changed the
   * tree meanwhile. Changes made under the read lock (dynamic lookups inserting dentries) are ones
   * a read-locked walk may see as well. Only ever taken right after {@code rw}, by its writer, so
   * it never blocks and has no place of its own in the lock order.
   */
  private final StampedLock treeChanges = new StampedLock();

  private long treeChangesStamp; // guarded by rw (write)

  // The time of the change the write lock's holder is making, read from the clock at most once
  // per hold (see changeTime).
  private long changeTime; // guarded by rw (write)
  private boolean changeTimeRead; // guarded by rw (write)

  void lockForReading() {
    rw.readLock().lock();
  }

  void unlockForReading() {
    rw.readLock().unlock();
  }

  /** Takes the read-write lock for writing, and with it the sequence lock. */
  void lockForWriting() {
    rw.writeLock().lock();
    if (rw.getWriteHoldCount() == 1) {
      treeChangesStamp = treeChanges.writeLock();
      changeTimeRead = false;
    }
  }

  /** Releases what {@link #lockForWriting} took. */
  void unlockForWriting() {
    if (rw.getWriteHoldCount() == 1) {
      treeChanges.unlockWrite(treeChangesStamp);
    }
    rw.writeLock().unlock();
  }

  /**
   * Takes the read-write lock for writing and leaves the sequence lock alone, as a writer that
   * forgot it would: only for {@link dev.jkernfs.vfs.Faults#RENAME_SKIPS_SEQUENCE_LOCK}.
   */
  void lockForWritingUnsequenced() {
    rw.writeLock().lock();
    if (rw.getWriteHoldCount() == 1) {
      changeTimeRead = false;
    }
  }

  /** Releases what {@link #lockForWritingUnsequenced} took. */
  void unlockForWritingUnsequenced() {
    rw.writeLock().unlock();
  }

  /**
   * Runs {@code change}, which alters what a walk may conclude without changing the tree (a
   * directory's mode or owner decides who may search it), inside the sequence lock: a walk that
   * took no lock, or was remembered (see {@link dev.jkernfs.vfs.PathMemo}), is then not trusted
   * across it. Preconditions: the read-write lock is held for reading, so no writer holds the
   * sequence lock and this waits at most for another such change.
   */
  void changeWalkRules(Runnable change) {
    long stamp = treeChanges.writeLock();
    try {
      change.run();
    } finally {
      treeChanges.unlockWrite(stamp);
    }
  }

  /**
   * The time to give a change: under the write lock, the one time of the whole operation, read from
   * {@code clock} at its first change, as Linux gives one system call's changes one {@code
   * current_time()}; without it, the time now. A create, an unlink or a rename so reads the clock
   * once, not once per inode it touches.
   */
  long changeTime(TimeSource clock) {
    if (!rw.isWriteLockedByCurrentThread()) {
      return clock.nowNanos();
    }
    if (!changeTimeRead) {
      changeTime = clock.nowNanos();
      changeTimeRead = true;
    }
    return changeTime;
  }

  boolean isWriteLockedByCurrentThread() {
    return rw.isWriteLockedByCurrentThread();
  }

  boolean isReadLockedByCurrentThread() {
    return rw.getReadHoldCount() > 0;
  }

  /**
   * Starts a walk without the lock.
   *
   * @return a stamp for {@link #validate}, or 0 while a writer holds the lock
   */
  long tryOptimisticRead() {
    return treeChanges.tryOptimisticRead();
  }

  /** Whether no writer has taken the lock since {@code stamp} was handed out. */
  boolean validate(long stamp) {
    return treeChanges.validate(stamp);
  }
}
