package dev.jkernfs.kernfs;

import java.util.ArrayList;
import java.util.List;

/**
 * The dentry references dropped, and the cached subtrees to purge, while the tree lock was held,
 * with the drain that performs them once it is not.
 */
final class DeferredDrops {
  private final TreeLock mu;
  private final DentryCache cache;

  private final Object deferredLock = new Object();
  private ArrayList<KernfsDentry> deferred = new ArrayList<>(); // guarded by deferredLock
  private ArrayList<KernfsDentry> toPurge = new ArrayList<>(); // guarded by deferredLock
  private volatile boolean hasDeferred;

  // Per filesystem: a drain of one filesystem must not hold back the drops of another.
  @SuppressWarnings("ThreadLocalUsage")
  private final ThreadLocal<boolean[]> draining = ThreadLocal.withInitial(() -> new boolean[1]);

  /**
   * Test-only fault: deferred drops are forgotten instead of performed, the missing-DecRef bug the
   * leak checker and the audit must catch. Never set outside tests.
   */
  volatile boolean loseDeferredDecRefs;

  DeferredDrops(TreeLock mu, DentryCache cache) {
    this.mu = mu;
    this.cache = cache;
  }

  /**
   * Drops a reference on {@code d} once the caller has released its locks: a last reference needs
   * the tree lock for writing, which a thread holding it for reading cannot take. May be called
   * with any lock held.
   */
  void deferDecRef(KernfsDentry d) {
    synchronized (deferredLock) {
      deferred.add(d);
      hasDeferred = true;
    }
  }

  /**
   * Destroys what is cached at zero in {@code top}'s subtree once the caller has released its
   * locks. May be called with any lock held.
   */
  void deferPurge(KernfsDentry top) {
    synchronized (deferredLock) {
      toPurge.add(top);
      hasDeferred = true;
    }
  }

  /**
   * Performs the deferred drops and purges. Preconditions: the tree lock is not held by this
   * thread.
   */
  void processDeferredDecRefs() {
    if (!hasDeferred) {
      return;
    }
    boolean[] active = draining.get();
    if (active[0]) {
      // An outer frame of this thread is draining and will pick these up.
      return;
    }
    active[0] = true;
    try {
      while (true) {
        List<KernfsDentry> drops = List.of();
        List<KernfsDentry> purges = List.of();
        synchronized (deferredLock) {
          if (deferred.isEmpty() && toPurge.isEmpty()) {
            hasDeferred = false;
            return;
          }
          // Only a list that has entries is handed over; the common drain has no purges.
          if (!deferred.isEmpty()) {
            drops = deferred;
            deferred = new ArrayList<>();
          }
          if (!toPurge.isEmpty()) {
            purges = toPurge;
            toPurge = new ArrayList<>();
          }
        }
        if (!purges.isEmpty()) {
          mu.lockForWriting();
          try {
            for (KernfsDentry d : purges) {
              cache.purgeCachedSubtreeLocked(d);
            }
          } finally {
            mu.unlockForWriting();
          }
        }
        if (loseDeferredDecRefs) {
          continue;
        }
        // No lock of ours is held here, so each drop may take the tree lock for writing.
        for (KernfsDentry d : drops) {
          d.decRef();
        }
      }
    } finally {
      active[0] = false;
    }
  }
}
