package dev.jkernfs.kernfs;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The bounded cache of zero-reference dentries, least recently used first. It holds no reference on
 * what it keeps; whether a dentry at zero is kept at all is the dentry's decision ({@link
 * KernfsDentry#cacheLocked}).
 */
final class DentryCache {
  private KernfsDentry lruHead;
  private KernfsDentry lruTail;
  private int lruSize;
  private volatile int cacheLimit;
  private KernfsDentry evictionVictim; // only for Faults

  DentryCache(int cacheLimit) {
    this.cacheLimit = cacheLimit;
  }

  /** How many zero-reference dentries to keep; 0 keeps none. Needs no lock. */
  int limit() {
    return cacheLimit;
  }

  /**
   * Changes the limit, evicting down to it at once. Preconditions: the tree lock is held for
   * writing.
   */
  void setLimitLocked(int limit) {
    cacheLimit = limit;
    evictLocked();
  }

  /**
   * The dentries in the cache that are still at zero (one revived and not yet removed is not).
   * Preconditions: the tree lock is held.
   */
  long countAtZeroLocked() {
    long count = 0;
    for (KernfsDentry d = lruHead; d != null; d = d.lruNext) {
      if (d.refCount() == 0) {
        count++;
      }
    }
    return count;
  }

  /**
   * Makes {@code d} the most recently used entry, then evicts down to the limit. Preconditions: the
   * tree lock is held for writing; {@code d} is at zero.
   */
  void addLocked(KernfsDentry d) {
    if (d.inLru) {
      lruRemoveLocked(d);
    }
    lruAppendLocked(d);
    evictLocked();
  }

  /**
   * Takes {@code d} out of the cache if it is there. Preconditions: the tree lock is held for
   * writing.
   */
  void removeLocked(KernfsDentry d) {
    if (d.inLru) {
      lruRemoveLocked(d);
    }
  }

  /**
   * Whether {@code d} is being destroyed because the cache evicted it. Preconditions: the tree lock
   * is held for writing.
   */
  boolean isEvictingLocked(KernfsDentry d) {
    return d == evictionVictim;
  }

  /**
   * Destroys least recently used entries until the cache is within its limit. Preconditions: the
   * tree lock is held for writing.
   */
  void evictLocked() {
    while (lruSize > cacheLimit && lruHead != null) {
      KernfsDentry victim = lruHead;
      lruRemoveLocked(victim);
      if (victim.refCount() == 0) {
        evictionVictim = victim;
        try {
          victim.destroyIfUnreferencedLocked();
        } finally {
          evictionVictim = null;
        }
      }
    }
  }

  /**
   * Empties the cache, destroying every entry still at zero, whatever the limit. Preconditions: the
   * tree lock is held for writing.
   */
  void evictAllLocked() {
    while (lruHead != null) {
      KernfsDentry d = lruHead;
      lruRemoveLocked(d);
      if (d.refCount() == 0) {
        d.destroyIfUnreferencedLocked();
      }
    }
  }

  /**
   * Destroys the zero-reference dentries in {@code top}'s subtree, deepest first, including {@code
   * top}. Preconditions: the tree lock is held for writing.
   */
  void purgeCachedSubtreeLocked(KernfsDentry top) {
    if (top.childrenLocked().isEmpty()) {
      if (top.refCount() == 0 && !top.isDestroyed()) {
        top.destroyIfUnreferencedLocked();
      }
      return;
    }
    ArrayDeque<KernfsDentry> stack = new ArrayDeque<>();
    List<KernfsDentry> order = new ArrayList<>();
    stack.push(top);
    while (!stack.isEmpty()) {
      KernfsDentry d = stack.pop();
      order.add(d);
      d.childrenLocked().values().forEach(stack::push);
    }
    for (int i = order.size() - 1; i >= 0; i--) {
      KernfsDentry d = order.get(i);
      if (d.refCount() == 0 && !d.isDestroyed()) {
        d.destroyIfUnreferencedLocked();
      }
    }
  }

  /** Preconditions: the tree lock is held for writing. */
  private void lruAppendLocked(KernfsDentry d) {
    d.inLru = true;
    d.lruPrev = lruTail;
    d.lruNext = null;
    if (lruTail == null) {
      lruHead = d;
    } else {
      lruTail.lruNext = d;
    }
    lruTail = d;
    lruSize++;
  }

  /** Preconditions: the tree lock is held for writing; {@code d} is in the cache. */
  private void lruRemoveLocked(KernfsDentry d) {
    if (d.lruPrev == null) {
      lruHead = d.lruNext;
    } else {
      d.lruPrev.lruNext = d.lruNext;
    }
    if (d.lruNext == null) {
      lruTail = d.lruPrev;
    } else {
      d.lruNext.lruPrev = d.lruPrev;
    }
    d.lruPrev = null;
    d.lruNext = null;
    d.inLru = false;
    lruSize--;
  }
}
