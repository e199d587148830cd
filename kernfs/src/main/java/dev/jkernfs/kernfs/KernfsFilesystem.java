package dev.jkernfs.kernfs;

import dev.jkernfs.refs.RefCounted;
import dev.jkernfs.refs.RefHolder;
import dev.jkernfs.vfs.Credentials;
import dev.jkernfs.vfs.Dentry;
import dev.jkernfs.vfs.DentryWatcher;
import dev.jkernfs.vfs.Errno;
import dev.jkernfs.vfs.ErrnoException;
import dev.jkernfs.vfs.Faults;
import dev.jkernfs.vfs.FileDescription;
import dev.jkernfs.vfs.Filesystem;
import dev.jkernfs.vfs.FilesystemType;
import dev.jkernfs.vfs.NameFolding;
import dev.jkernfs.vfs.OpenOptions;
import dev.jkernfs.vfs.ResolvingPath;
import dev.jkernfs.vfs.SetStat;
import dev.jkernfs.vfs.Stat;
import dev.jkernfs.vfs.Statfs;
import dev.jkernfs.vfs.VirtualDentry;
import dev.jkernfs.vfs.VirtualFilesystem;
import dev.jkernfs.vfs.WindowsAttributes;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * A filesystem whose files are kernfs inodes, with the dentry tree, locking, deferred reference
 * drops and dentry cache that every kernfs filesystem shares. What the files are comes from the
 * root inode given at construction; see the package documentation for the reference model and the
 * lock order.
 *
 * <p>This class is the {@link Filesystem} the VFS calls, and owns the dentry counters, the root and
 * the release of the tree; the lock ({@link TreeLock}), the dentry cache ({@link DentryCache}), the
 * deferred drops ({@link DeferredDrops}), the walks ({@link TreeWalk}), open ({@link FileOpener})
 * and the operations that change names ({@link NamespaceOperations}) are classes of their own, one
 * of each per filesystem.
 */
public class KernfsFilesystem extends Filesystem implements RefHolder {
  /** The dentry cache limit when none is configured. */
  public static final int DEFAULT_DENTRY_CACHE_LIMIT = 1000;

  /** The tree lock; see the package documentation for what it guards. */
  final TreeLock mu = new TreeLock();

  final DentryCache cache; // guarded by mu, but for its limit

  /** References dropped, and subtrees to purge, while {@link #mu} was held. */
  final DeferredDrops drops;

  final TreeWalk walk = new TreeWalk(this);

  private final FileOpener opener = new FileOpener(this);

  private final NamespaceOperations namespace = new NamespaceOperations(this);

  final AttributeOperations attributes = new AttributeOperations(this);

  private final AtomicLong liveDentries = new AtomicLong();
  private final AtomicLong liveInodes = new AtomicLong();
  private final AtomicLong inodeNumbers = new AtomicLong(1);

  /** How names are compared, by the dentry tree and by the directories that ask for it. */
  final NameFolding folding;

  private KernfsDentry root;
  private volatile boolean released;

  // Made by the first change of a file's Windows attributes; until then every file has a new
  // file's, and an inode's death costs one read of this field.
  private volatile WindowsAttributeStore windowsAttributes;
  private final Object windowsAttributesCreation = new Object(); // a leaf lock: nothing inside

  /**
   * Creates the filesystem, whose names are compared as they are. Call {@link #setRoot} before
   * first use.
   *
   * @param cacheLimit how many zero-reference dentries to keep; 0 keeps none
   */
  protected KernfsFilesystem(VirtualFilesystem vfs, FilesystemType type, int cacheLimit) {
    this(vfs, type, cacheLimit, NameFolding.IDENTITY);
  }

  /**
   * Creates the filesystem. Call {@link #setRoot} before first use.
   *
   * @param cacheLimit how many zero-reference dentries to keep; 0 keeps none
   * @param folding how the dentry tree compares names; directories whose child tables should agree
   *     build them with {@link #nameFolding()}
   */
  protected KernfsFilesystem(
      VirtualFilesystem vfs, FilesystemType type, int cacheLimit, NameFolding folding) {
    super(vfs, type);
    if (cacheLimit < 0) {
      throw new IllegalArgumentException("dentry cache limit must be >= 0, was " + cacheLimit);
    }
    this.cache = new DentryCache(cacheLimit);
    this.drops = new DeferredDrops(mu, cache);
    this.folding = java.util.Objects.requireNonNull(folding, "folding");
  }

  /** How this filesystem compares names. */
  public final NameFolding nameFolding() {
    return folding;
  }

  /** Sets the root directory, taking over the caller's reference on {@code rootInode}. */
  protected final void setRoot(Inode rootInode) {
    if (!(rootInode instanceof Directory)) {
      throw new IllegalArgumentException("the root inode must be a directory");
    }
    root = new KernfsDentry(this, "", rootInode);
  }

  @Override
  public final KernfsDentry root() {
    return root;
  }

  final long nextInodeNumber() {
    return inodeNumbers.getAndIncrement();
  }

  // ---- counters ----

  /** Dentries created and not yet destroyed, cached ones included. */
  public final long liveDentries() {
    return liveDentries.get();
  }

  /** Inodes created and not yet destroyed. */
  public final long liveInodes() {
    return liveInodes.get();
  }

  /** Dentries parked in the cache with no references. */
  public final long cachedDentries() {
    mu.lockForReading();
    try {
      return cache.countAtZeroLocked();
    } finally {
      mu.unlockForReading();
    }
  }

  public final int dentryCacheLimit() {
    return cache.limit();
  }

  /** Changes the cache limit, evicting down to it at once. */
  public final void setDentryCacheLimit(int limit) {
    if (limit < 0) {
      throw Errno.EINVAL.exception("dentry cache limit must be >= 0");
    }
    mu.lockForWriting();
    try {
      cache.setLimitLocked(limit);
    } finally {
      mu.unlockForWriting();
      drops.processDeferredDecRefs();
    }
  }

  /** Whether the last mount is gone and the tree is being torn down. */
  final boolean isReleased() {
    return released;
  }

  final void dentryCreated() {
    liveDentries.incrementAndGet();
  }

  final void inodeCreated() {
    liveInodes.incrementAndGet();
  }

  final void inodeDestroyed(Inode inode) {
    liveInodes.decrementAndGet();
    WindowsAttributeStore store = windowsAttributes;
    if (store != null) {
      store.forget(inode);
    }
  }

  // ---- dentry life cycle ----

  /** Called by a dentry whose count reached zero. Preconditions: {@link #mu} is not held. */
  final void dentryReachedZero(KernfsDentry d) {
    if (mu.isReadLockedByCurrentThread()) {
      throw new IllegalStateException(
          "last reference on "
              + d.describe()
              + " dropped under the filesystem's read lock; "
              + "use deferDecRef");
    }
    mu.lockForWriting();
    try {
      d.cacheLocked();
    } finally {
      mu.unlockForWriting();
    }
    drops.processDeferredDecRefs();
  }

  /** Runs as {@code d}'s destructor. Preconditions: {@link #mu} is held for writing. */
  final void dentryDestroyedLocked(KernfsDentry d, KernfsDentry parent) {
    if (!mu.isWriteLockedByCurrentThread()) {
      throw new IllegalStateException("dentry destroyed without the write lock: " + d.describe());
    }
    d.detachLocked();
    cache.removeLocked(d);
    boolean evicted = cache.isEvictingLocked(d);
    liveDentries.decrementAndGet();
    // Inodes never need fs.mu, so the inode reference can go now; the parent's must wait.
    d.inode.decRef();
    if (parent != null && !(Faults.EVICTION_KEEPS_PARENT && evicted)) {
      // Only the parent's last reference needs the lock this thread holds; any other goes now.
      if (!parent.tryDecRefUnlessLast()) {
        drops.deferDecRef(parent);
      }
    }
  }

  /**
   * Removes {@code d} from the tree after its name went away: drops the tree's pin and destroys
   * what is cached below it. Preconditions: {@link #mu} is held.
   */
  final void removeFromTreeLocked(KernfsDentry d) {
    d.detachLocked();
    if (d.unpin()) {
      // Under the write lock the tree's reference, if it is the last, can go at once: dropping
      // it later would take the write lock again only to reach the same end.
      if (!mu.isWriteLockedByCurrentThread() || !d.destroyIfLastRefLocked()) {
        drops.deferDecRef(d);
      }
    }
    if (d.isDestroyed() || (d.childrenLocked().isEmpty() && d.refCount() > 0)) {
      // Gone already, or a leaf whose last drop will find it detached and destroy it: no purge.
      // Dropping to zero needs the write lock, which waits for ours, so the count cannot slip to
      // zero unseen.
      return;
    }
    drops.deferPurge(d);
  }

  // ---- Filesystem operations ----

  @Override
  public Dentry getDentryAt(ResolvingPath rp, boolean mustBeDirectory) {
    mu.lockForReading();
    try {
      KernfsDentry d = walk.walkExistingLocked(rp);
      if (mustBeDirectory && !d.isDirectory()) {
        throw Errno.ENOTDIR.exception();
      }
      d.incRefLocked();
      return d;
    } finally {
      mu.unlockForReading();
      drops.processDeferredDecRefs();
    }
  }

  @Override
  public Dentry getParentDentryAt(ResolvingPath rp) {
    mu.lockForReading();
    try {
      KernfsDentry d = walk.walkParentDirLocked(rp, (KernfsDentry) rp.start());
      d.incRefLocked();
      return d;
    } finally {
      mu.unlockForReading();
      drops.processDeferredDecRefs();
    }
  }

  @Override
  public Stat statAt(ResolvingPath rp) {
    return attributes.stat(rp, false);
  }

  @Override
  public Stat statAtIfExists(ResolvingPath rp) {
    return attributes.stat(rp, true);
  }

  /**
   * The time to give a change of this filesystem's inodes: one clock read per operation under the
   * tree's write lock (see {@link TreeLock#changeTime}), the time now otherwise.
   */
  final long changeTime() {
    return mu.changeTime(vfs().time());
  }

  /**
   * Whether a walk without the lock may be remembered for the next stat of the same path ({@link
   * dev.jkernfs.vfs.PathMemo}): only where every inode's {@link Inode#valid} is always true, since
   * a remembered walk asks nothing again while the tree's sequence lock holds. Off by default.
   */
  protected boolean walksCanBeRemembered() {
    return false;
  }

  @Override
  public Stat statIfUnchanged(Dentry dentry, long stamp) {
    return attributes.statIfUnchanged((KernfsDentry) dentry, stamp);
  }

  @Override
  public void setStatAt(ResolvingPath rp, SetStat changes) {
    attributes.setStat(rp, changes);
  }

  @Override
  public String readlinkAt(ResolvingPath rp) {
    mu.lockForReading();
    try {
      Inode link = walk.walkExistingLocked(rp).inode;
      String target = link.readlink();
      link.touchAccessed(); // readlink(2) reads the link, as Linux's relatime counts
      return target;
    } finally {
      mu.unlockForReading();
      drops.processDeferredDecRefs();
    }
  }

  @Override
  public WindowsAttributes windowsAttributesAt(ResolvingPath rp) {
    mu.lockForReading();
    try {
      Inode inode = walk.walkExistingLocked(rp).inode;
      WindowsAttributeStore store = windowsAttributes;
      return store == null ? WindowsAttributes.initial(inode.isDirectory()) : store.get(inode);
    } finally {
      mu.unlockForReading();
      drops.processDeferredDecRefs();
    }
  }

  /** Changes a file's Windows attributes, as its owner or root may (EACCES for anyone else). */
  @Override
  public void setWindowsAttributesAt(ResolvingPath rp, UnaryOperator<WindowsAttributes> change) {
    mu.lockForReading();
    try {
      KernfsDentry d = walk.walkExistingLocked(rp);
      if (!rp.credentials().isRoot() && rp.credentials().uid() != d.inode.uid()) {
        throw Errno.EACCES.exception();
      }
      windowsAttributeStore().update(d.inode, change);
      d.inode.touchChanged();
      notifyModifiedLocked(d);
    } finally {
      mu.unlockForReading();
      drops.processDeferredDecRefs();
    }
  }

  /** How many files have Windows attributes other than a new file's; for tests. */
  final int changedWindowsAttributes() {
    WindowsAttributeStore store = windowsAttributes;
    return store == null ? 0 : store.size();
  }

  private WindowsAttributeStore windowsAttributeStore() {
    WindowsAttributeStore store = windowsAttributes;
    if (store == null) {
      synchronized (windowsAttributesCreation) {
        store = windowsAttributes;
        if (store == null) {
          store = new WindowsAttributeStore();
          windowsAttributes = store;
        }
      }
    }
    return store;
  }

  @Override
  public Statfs statfsAt(ResolvingPath rp) {
    mu.lockForReading();
    try {
      walk.walkExistingLocked(rp);
      return statfs();
    } finally {
      mu.unlockForReading();
      drops.processDeferredDecRefs();
    }
  }

  /**
   * Whether a create can get as far as a missing name: true for most filesystems, where such a name
   * is a place a new child could go, and the operation then meets the permission check and the
   * directory's own answer. A filesystem that answers false is like Linux's {@code /proc}, whose
   * lookup of a missing name fails outright: every create, link or rename onto a missing name in it
   * fails with ENOENT, for every user.
   */
  protected boolean missingNamesCanBeCreated() {
    return true;
  }

  /** This filesystem's capacity; unlimited unless a subclass says otherwise. */
  protected Statfs statfs() {
    return new Statfs(
        type().name(), Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE, 4096);
  }

  @Override
  public FileDescription openAt(ResolvingPath rp, OpenOptions options) {
    return opener.open(rp, options);
  }

  @Override
  public void mkdirAt(ResolvingPath rp, int mode) {
    namespace.mkdir(rp, mode);
  }

  @Override
  public void mknodAt(ResolvingPath rp, int mode, long rdev) {
    namespace.mknod(rp, mode, rdev);
  }

  @Override
  public void symlinkAt(ResolvingPath rp, String target) {
    namespace.symlink(rp, target);
  }

  @Override
  public void linkAt(ResolvingPath rp, VirtualDentry target) {
    namespace.link(rp, target);
  }

  @Override
  public void unlinkAt(ResolvingPath rp) {
    namespace.unlink(rp);
  }

  @Override
  public void rmdirAt(ResolvingPath rp) {
    namespace.rmdir(rp);
  }

  @Override
  public void renameAt(
      ResolvingPath rp, VirtualDentry oldParentPosition, String oldName, boolean noReplace) {
    namespace.rename(rp, oldParentPosition, oldName, noReplace);
  }

  // ---- extended attributes, kept by the inodes (a held dentry keeps its inode alive) ----

  @Override
  public byte[] getxattr(Dentry dentry, Credentials credentials, String name) {
    return ((KernfsDentry) dentry).inode.getxattr(credentials, name);
  }

  @Override
  public List<String> listxattr(Dentry dentry, Credentials credentials) {
    return ((KernfsDentry) dentry).inode.listxattr();
  }

  @Override
  public void setxattr(
      Dentry dentry, Credentials credentials, String name, byte[] value, int flags) {
    ((KernfsDentry) dentry).inode.setxattr(credentials, name, value, flags);
  }

  @Override
  public void removexattr(Dentry dentry, Credentials credentials, String name) {
    ((KernfsDentry) dentry).inode.removexattr(credentials, name);
  }

  // ---- helpers of the operations above ----

  /**
   * Tells watchers of {@code d}'s directory that it changed. Preconditions: {@link #mu} is held.
   */
  final void notifyModifiedLocked(KernfsDentry d) {
    KernfsDentry parent = d.parentLocked();
    if (parent != null && !d.isDetached()) {
      vfs().notifyChange(parent, d.name(), DentryWatcher.Change.MODIFIED);
    }
  }

  // ---- paths ----

  @Override
  public String pathOf(Dentry dentry) {
    KernfsDentry d = (KernfsDentry) dentry;
    mu.lockForReading();
    try {
      if (d == root) {
        return "/";
      }
      StringBuilder path = new StringBuilder();
      boolean deleted = false;
      for (KernfsDentry cur = d; cur != root && cur != null; cur = cur.parentLocked()) {
        deleted |= cur.isDetached();
        path.insert(0, cur.name()).insert(0, '/');
      }
      return deleted ? path + " (deleted)" : path.toString();
    } finally {
      mu.unlockForReading();
    }
  }

  @Override
  public String nameOf(Dentry dentry) {
    KernfsDentry d = (KernfsDentry) dentry;
    mu.lockForReading();
    try {
      return d == root ? "" : d.name();
    } finally {
      mu.unlockForReading();
    }
  }

  @Override
  public Dentry parentOf(Dentry dentry) {
    KernfsDentry d = (KernfsDentry) dentry;
    mu.lockForReading();
    try {
      return d.isDetached() ? null : d.parentLocked();
    } finally {
      mu.unlockForReading();
    }
  }

  // ---- wholesale changes ----

  /**
   * Lets {@code change} rewrite the children of directory inodes behind the dentry tree's back, as
   * memfs does when it reverts to its durable state after a simulated power cut: runs it with
   * {@link #mu} held for writing, then takes out of the tree every dentry whose name no longer
   * leads to its inode, with everything below it, so that walks look those names up again. Open
   * files keep their dentries (detached, as if unlinked); mounts stay where their dentries still
   * lead.
   */
  protected final void rewriteDirectories(Runnable change) {
    mu.lockForWriting();
    try {
      change.run();
      pruneStaleDentriesLocked();
    } finally {
      mu.unlockForWriting();
      drops.processDeferredDecRefs();
    }
  }

  /**
   * Removes from the tree each dentry whose parent directory no longer names its inode.
   * Preconditions: {@link #mu} is held for writing.
   */
  private void pruneStaleDentriesLocked() {
    ArrayDeque<KernfsDentry> stack = new ArrayDeque<>();
    stack.push(root);
    while (!stack.isEmpty()) {
      KernfsDentry d = stack.pop();
      Directory directory = (Directory) d.inode;
      for (KernfsDentry child : List.copyOf(d.childrenLocked().values())) {
        if (child.isDetached()) {
          continue;
        }
        if (namesLocked(directory, child.name(), child.inode)) {
          if (child.isDirectory()) {
            stack.push(child);
          }
        } else {
          // Its pinned descendants hold it through their parent references: unpin them too.
          unpinSubtreeLocked(child);
          removeFromTreeLocked(child);
        }
      }
    }
  }

  /** Whether {@code directory} has {@code inode} as {@code name}. Preconditions: {@link #mu}. */
  private static boolean namesLocked(Directory directory, String name, Inode inode) {
    Inode found;
    try {
      found = directory.lookup(name);
    } catch (ErrnoException e) {
      return false;
    }
    // The directory keeps its own reference, so this drop never reaches zero for a stored child.
    found.decRef();
    return found == inode;
  }

  // ---- release ----

  /**
   * Called when the last mount of this filesystem is gone: unpins every dentry, empties the cache
   * and drops the root, so that the whole tree dies unless something else still holds part of it.
   */
  @Override
  protected void destroy() {
    mu.lockForWriting();
    try {
      released = true;
      unpinSubtreeLocked(root);
      cache.evictAllLocked();
    } finally {
      mu.unlockForWriting();
    }
    drops.processDeferredDecRefs();
    root.decRef();
  }

  /**
   * Clears the pins below {@code top}, each tree reference to be dropped once the lock is released.
   * Preconditions: {@link #mu} is held for writing.
   */
  private void unpinSubtreeLocked(KernfsDentry top) {
    ArrayDeque<KernfsDentry> stack = new ArrayDeque<>();
    stack.push(top);
    while (!stack.isEmpty()) {
      KernfsDentry d = stack.pop();
      d.childrenLocked().values().forEach(stack::push);
      if (d != top && d.unpin()) {
        drops.deferDecRef(d);
      }
    }
  }

  @Override
  public String holderDescription() {
    return "filesystem " + leakDescription();
  }

  @Override
  public void forEachHeldRef(Consumer<RefCounted> sink) {
    if (!released && root != null) {
      sink.accept(root);
    }
  }
}
