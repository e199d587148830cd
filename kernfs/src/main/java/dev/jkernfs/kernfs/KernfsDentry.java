package dev.jkernfs.kernfs;

import dev.jkernfs.refs.RefCounted;
import dev.jkernfs.refs.RefHolder;
import dev.jkernfs.vfs.Dentry;
import dev.jkernfs.vfs.FileMode;
import dev.jkernfs.vfs.NameFolding;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * A named pointer to an inode in a kernfs dentry tree. It holds a reference on its inode and, once
 * inserted, on its parent. A dentry pinned in the tree ({@link Inode#keep()}) also holds a
 * reference on itself, the tree's, dropped when it is unlinked or the filesystem is released.
 *
 * <p>When its count reaches zero the dentry is parked in the filesystem's dentry cache if still
 * reachable and valid, or destroyed: removed from its parent's children, its inode and parent
 * references dropped.
 */
public final class KernfsDentry extends Dentry implements RefHolder {
  final Inode inode;
  private final boolean directory;
  private final boolean symlink;

  private String name; // guarded by fs.mu; written only with it held for writing
  private KernfsDentry parent; // guarded by fs.mu; written only with it held for writing
  // Created on first insertion; read without locks, changed under fs.mu (read suffices). Keyed by
  // the filesystem's NameFolding of each child's name.
  private volatile Map<String, KernfsDentry> children;
  private boolean pinned; // guarded by this
  private volatile boolean detached;

  // Links in the filesystem's DentryCache; guarded by fs.mu held for writing.
  KernfsDentry lruPrev;
  KernfsDentry lruNext;
  boolean inLru;

  /**
   * Creates a dentry for {@code inode}, taking over the caller's reference on it. The dentry starts
   * with one reference, owned by the caller.
   */
  KernfsDentry(KernfsFilesystem fs, String name, Inode inode) {
    super(fs.vfs());
    this.name = name;
    this.inode = inode;
    int type = inode.type();
    this.directory = type == FileMode.S_IFDIR;
    this.symlink = type == FileMode.S_IFLNK;
    fs.dentryCreated();
  }

  public Inode inode() {
    return inode;
  }

  public String name() {
    return name;
  }

  /** The parent dentry, or null for the root. Preconditions: fs.mu is held. */
  KernfsDentry parentLocked() {
    return parent;
  }

  boolean isDirectory() {
    return directory;
  }

  boolean isSymlink() {
    return symlink;
  }

  @Override
  public KernfsFilesystem filesystem() {
    return inode.filesystem();
  }

  // Not a field: the inode knows its filesystem, and a dentry per file is worth four bytes less.
  private KernfsFilesystem fs() {
    return inode.filesystem();
  }

  /**
   * The child dentry that {@code childName} finds (under the filesystem's {@link NameFolding}), or
   * null. Preconditions: fs.mu is held.
   */
  KernfsDentry childLocked(String childName) {
    Map<String, KernfsDentry> map = children;
    return map == null ? null : map.get(fs().folding.fold(childName));
  }

  /** Preconditions: fs.mu is held. */
  Map<String, KernfsDentry> childrenLocked() {
    Map<String, KernfsDentry> map = children;
    return map == null ? Map.of() : map;
  }

  /**
   * Adds {@code child} under {@code childName} unless a child of that name is already there, and
   * sets its parent. Preconditions: fs.mu is held; the caller has taken a reference on this dentry
   * for the child to own.
   *
   * @return the dentry now in the tree under that name: {@code child}, or the one that won a race
   */
  KernfsDentry insertChildLocked(String childName, KernfsDentry child) {
    Map<String, KernfsDentry> map = children;
    if (map == null) {
      synchronized (this) {
        map = children;
        if (map == null) {
          map = new ConcurrentHashMap<>();
          children = map;
        }
      }
    }
    child.parent = this;
    KernfsDentry existing = map.putIfAbsent(fs().folding.fold(childName), child);
    return existing == null ? child : existing;
  }

  /**
   * Removes this dentry from its parent's children if it is still there. Preconditions: fs.mu is
   * held.
   */
  void detachLocked() {
    detached = true;
    KernfsDentry p = parent;
    if (p != null) {
      Map<String, KernfsDentry> map = p.children;
      if (map != null) {
        map.remove(fs().folding.fold(name), this);
      }
    }
  }

  /** Whether this dentry was removed from the tree (unlinked, renamed over or invalidated). */
  boolean isDetached() {
    return detached;
  }

  /** Renames this dentry in place. Preconditions: fs.mu is held for writing. */
  void moveLocked(KernfsDentry newParent, String newName) {
    parent = newParent;
    name = newName;
    detached = false;
  }

  /** Marks the dentry as holding the tree's reference on itself. */
  synchronized void pin() {
    pinned = true;
  }

  /**
   * Clears the pin.
   *
   * @return whether it was pinned: the caller now owns the tree's reference and must drop it
   */
  synchronized boolean unpin() {
    boolean was = pinned;
    pinned = false;
    return was;
  }

  synchronized boolean isPinned() {
    return pinned;
  }

  @Override
  protected void onZeroRefs() {
    fs().dentryReachedZero(this);
  }

  /** Preconditions: fs.mu is held for writing (destruction runs from the cache or eviction). */
  @Override
  protected void destroy() {
    fs().dentryDestroyedLocked(this, parent);
  }

  /**
   * Takes a reference on this dentry, found in the tree, reviving it if it was cached at zero.
   * Preconditions: fs.mu is held.
   */
  void incRefLocked() {
    // Two walks may find the same dentry at zero: one revives it, and the other's revive then
    // fails while its tryIncRef would now succeed. Destruction needs mu for writing, which the
    // caller's hold excludes, so retrying ends as soon as either succeeds.
    while (!tryIncRef() && !reviveLocked()) {
      if (isDestroyed()) {
        throw new IllegalStateException("dentry in the tree was destroyed: " + describe());
      }
    }
  }

  /**
   * Parks this dentry, whose count reached zero, in the dentry cache if a walk may still find it,
   * or destroys it; does nothing if it was revived or is gone already. Preconditions: fs.mu is held
   * for writing.
   */
  void cacheLocked() {
    if (refCount() != 0 || isDestroyed()) {
      return; // revived, or already handled
    }
    KernfsFilesystem fs = fs();
    if (this == fs.root()) {
      if (fs.isReleased()) {
        destroyIfUnreferencedLocked();
      }
      return;
    }
    if (!fs.isReleased() && fs.cache.limit() > 0 && reachableLocked() && inode.valid()) {
      fs.cache.addLocked(this);
      return;
    }
    destroyIfUnreferencedLocked();
  }

  /**
   * Whether this dentry is still linked into the tree all the way up to the root. Preconditions:
   * fs.mu is held.
   */
  private boolean reachableLocked() {
    KernfsDentry root = fs().root();
    for (KernfsDentry cur = this; cur != root; cur = cur.parentLocked()) {
      if (cur.isDetached() || cur.parentLocked() == null) {
        return false;
      }
    }
    return true;
  }

  /** Exposes revival to the filesystem. Preconditions: fs.mu is held. */
  boolean reviveLocked() {
    return reviveFromZero();
  }

  /** Exposes destruction at zero to the filesystem. Preconditions: fs.mu is held for writing. */
  boolean destroyIfUnreferencedLocked() {
    return destroyIfUnreferenced();
  }

  /**
   * Drops the caller's reference and destroys the dentry if that was the last one. Preconditions:
   * fs.mu is held for writing, and the dentry is out of the tree, so that a dentry at zero would be
   * destroyed anyway.
   */
  boolean destroyIfLastRefLocked() {
    return destroyIfLastRef();
  }

  @Override
  public String refType() {
    return "dentry";
  }

  @Override
  public String leakDescription() {
    return fs().pathOf(this) + " (inode " + inode.ino() + ")";
  }

  @Override
  public String holderDescription() {
    return "dentry " + fs().pathOf(this);
  }

  @Override
  public void forEachHeldRef(Consumer<RefCounted> sink) {
    sink.accept(inode);
    KernfsDentry p = parent;
    if (p != null && !isDestroyed()) {
      sink.accept(p);
    }
    if (isPinned()) {
      sink.accept(this);
    }
  }
}
