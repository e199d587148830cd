package dev.jkernfs.vfs;

import dev.jkernfs.refs.RefCounted;
import dev.jkernfs.refs.RefHolder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * The mounts of one namespace: which mount sits on which position, and how many mounts each dentry
 * carries.
 *
 * <p>References: the table holds one reference on each attached mount, the root mount included.
 * Mounts it detaches are handed back to the caller, who drops those references after unlocking: a
 * last reference tears down dentries under their filesystem's lock, which comes before the mount
 * lock.
 *
 * <p>Lock order: filesystem locks, then {@link #lock}. The lock guards the table and the mount
 * state of dentries; walks read {@link #topMountAt} without it.
 */
final class MountTable implements RefHolder {
  private final String name;
  private final ReentrantLock lock = new ReentrantLock();
  private final Map<VirtualDentry, Mount> mountsAt = new ConcurrentHashMap<>();
  private final Map<Dentry, Integer> mountCounts = new HashMap<>(); // guarded by lock
  private final List<Mount> attached = new ArrayList<>(); // guarded by lock
  private boolean closed; // guarded by lock

  // Moved by every mount and unmount before its change shows, so that a walk remembered with an
  // older count is never trusted again (see PathMemo). Written under lock, read without.
  private volatile long generation;

  MountTable(String name, Mount rootMount) {
    this.name = name;
    attached.add(rootMount);
  }

  /**
   * Attaches a new mount of {@code filesystem} on {@code at}.
   *
   * @return the mount, whose one reference the table holds
   * @throws ErrnoException ENODEV if the namespace is closed, ENOENT if {@code at} was deleted;
   *     {@code filesystem} then still belongs to the caller
   */
  Mount attach(VirtualFilesystem vfs, VirtualDentry at, Filesystem filesystem, String path) {
    lock.lock();
    try {
      if (closed) {
        throw Errno.ENODEV.exception("the filesystem is closed");
      }
      if (at.dentry().isDeadLocked()) {
        throw Errno.ENOENT.exception();
      }
      Mount mount = new Mount(vfs, filesystem, at.mount(), at.dentry(), path);
      addMountLocked(at.dentry(), 1);
      mountsAt.put(new VirtualDentry(at.mount(), at.dentry()), mount);
      attached.add(mount);
      return mount;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Detaches the mount whose root {@code at} is, and every mount below it.
   *
   * @return the detached mounts, whose table references the caller must drop
   * @throws ErrnoException EINVAL if {@code at} is not a mount's root or is the namespace root,
   *     EBUSY if the mount is in use and {@code detach} is false
   */
  List<Mount> detach(VirtualDentry at, boolean detach) {
    Mount mount = at.mount();
    List<Mount> detached = new ArrayList<>();
    lock.lock();
    try {
      if (at.dentry() != mount.root() || mount.parent() == null || !attached.contains(mount)) {
        throw Errno.EINVAL.exception();
      }
      // The caller's lookup holds one reference and the table another; more means busy.
      if (!detach && (mount.refCount() > 2 || hasChildMountsLocked(mount))) {
        throw Errno.EBUSY.exception();
      }
      detachLocked(mount, detached);
    } finally {
      lock.unlock();
    }
    return detached;
  }

  /**
   * Closes the table: nothing can be mounted any more, and every mount is detached.
   *
   * @return every mount that was attached, root last, whose table references the caller must drop;
   *     empty if the table was already closed
   */
  List<Mount> close() {
    List<Mount> detached = new ArrayList<>();
    lock.lock();
    try {
      if (closed) {
        return detached;
      }
      closed = true;
      Mount root = attached.get(0);
      for (Mount mount : List.copyOf(attached)) {
        if (mount.parent() != null && attached.contains(mount)) {
          detachLocked(mount, detached);
        }
      }
      attached.clear();
      detached.add(root);
    } finally {
      lock.unlock();
    }
    return detached;
  }

  boolean isClosed() {
    lock.lock();
    try {
      return closed;
    } finally {
      lock.unlock();
    }
  }

  /** The mounts attached now, the root first. */
  List<Mount> mounts() {
    lock.lock();
    try {
      return List.copyOf(attached);
    } finally {
      lock.unlock();
    }
  }

  /** The topmost mount on {@code dentry} as seen in {@code parent}, or null. */
  Mount topMountAt(Mount parent, Dentry dentry) {
    return mountsAt.get(new VirtualDentry(parent, dentry));
  }

  /**
   * Locks the table for the deletion of {@code dentry}, to be finished with {@link #commitDelete}
   * or {@link #abortDelete}.
   *
   * @throws ErrnoException EBUSY, with nothing locked, if something is mounted on it
   */
  void prepareDelete(Dentry dentry) {
    lock.lock();
    if (mountCounts.containsKey(dentry)) {
      lock.unlock();
      throw Errno.EBUSY.exception();
    }
  }

  void commitDelete(Dentry dentry) {
    dentry.markDeadLocked();
    lock.unlock();
  }

  void abortDelete() {
    lock.unlock();
  }

  /** The count of mount changes so far, for {@link PathMemo}. */
  long generation() {
    return generation;
  }

  /** Counts a mount more or less on {@code dentry}. Preconditions: {@link #lock} is held. */
  private void addMountLocked(Dentry dentry, int delta) {
    generation++; // before the dentry shows the change: see the field
    int count = mountCounts.getOrDefault(dentry, 0) + delta;
    if (count > 0) {
      mountCounts.put(dentry, count);
    } else {
      mountCounts.remove(dentry);
    }
    dentry.setMountedLocked(count > 0);
  }

  /** Preconditions: {@link #lock} is held. */
  private boolean hasChildMountsLocked(Mount mount) {
    for (Mount other : attached) {
      if (other.parent() == mount) {
        return true;
      }
    }
    return false;
  }

  /**
   * Detaches {@code mount} and every mount below it, adding each to {@code detached}.
   * Preconditions: {@link #lock} is held.
   */
  private void detachLocked(Mount mount, List<Mount> detached) {
    for (Mount other : List.copyOf(attached)) {
      if (other.parent() == mount) {
        detachLocked(other, detached);
      }
    }
    mountsAt.remove(new VirtualDentry(mount.parent(), mount.mountpoint()));
    addMountLocked(mount.mountpoint(), -1);
    attached.remove(mount);
    detached.add(mount);
  }

  @Override
  public String holderDescription() {
    return "mount table of " + name;
  }

  @Override
  public void forEachHeldRef(Consumer<RefCounted> sink) {
    lock.lock();
    try {
      attached.forEach(sink);
    } finally {
      lock.unlock();
    }
  }
}
