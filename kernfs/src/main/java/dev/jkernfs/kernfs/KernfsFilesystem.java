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
import dev.jkernfs.vfs.FileDescriptionImpl;
import dev.jkernfs.vfs.Filesystem;
import dev.jkernfs.vfs.FilesystemType;
import dev.jkernfs.vfs.OpenOptions;
import dev.jkernfs.vfs.Permissions;
import dev.jkernfs.vfs.ResolvingPath;
import dev.jkernfs.vfs.SetStat;
import dev.jkernfs.vfs.Stat;
import dev.jkernfs.vfs.Statfs;
import dev.jkernfs.vfs.VirtualDentry;
import dev.jkernfs.vfs.VirtualFilesystem;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A filesystem whose files are kernfs inodes, with the dentry tree, locking, deferred reference
 * drops and dentry cache that every kernfs filesystem shares. What the files are comes from the
 * root inode given at construction; see the package documentation for the reference model and the
 * lock order.
 */
public class KernfsFilesystem extends Filesystem implements RefHolder {
  /** The dentry cache limit when none is configured. */
  public static final int DEFAULT_DENTRY_CACHE_LIMIT = 1000;

  /** The tree lock; see the package documentation for what it guards. */
  final TreeLock mu = new TreeLock();

  final DentryCache cache; // guarded by mu, but for its limit

  final DeferredDrops drops;

  final TreeWalk walk = new TreeWalk(this);

  private final AtomicLong liveDentries = new AtomicLong();
  private final AtomicLong liveInodes = new AtomicLong();
  private final AtomicLong inodeNumbers = new AtomicLong(1);

  private KernfsDentry root;
  private volatile boolean released;

  /**
   * Creates the filesystem. Call {@link #setRoot} before first use.
   *
   * @param cacheLimit how many zero-reference dentries to keep; 0 keeps none
   */
  protected KernfsFilesystem(VirtualFilesystem vfs, FilesystemType type, int cacheLimit) {
    super(vfs, type);
    if (cacheLimit < 0) {
      throw new IllegalArgumentException("dentry cache limit must be >= 0, was " + cacheLimit);
    }
    this.cache = new DentryCache(cacheLimit);
    this.drops = new DeferredDrops(mu, cache);
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

  final void inodeDestroyed() {
    liveInodes.decrementAndGet();
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
      drops.deferDecRef(parent);
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
    return stat(rp, false);
  }

  @Override
  public Stat statAtIfExists(ResolvingPath rp) {
    return stat(rp, true);
  }

  /** The attributes at the path; null for a missing one if {@code missingIsNull}. */
  private Stat stat(ResolvingPath rp, boolean missingIsNull) {
    // Most stats name a path whose dentries are all in the tree: walk it without taking mu, which
    // every stat would otherwise write to, and fall back to the locked walk only when a writer
    // came by or the walk needs more.
    long stamp = mu.tryOptimisticRead();
    if (stamp != 0) {
      try {
        Object found = walk.walkCachedOrNull(rp);
        if (found == TreeWalk.MISSING) {
          if (mu.validate(stamp)) {
            if (missingIsNull) {
              return null;
            }
            throw Errno.ENOENT.exception();
          }
        } else if (found != null) {
          // The inode is alive while its dentry is in the tree, which only a writer can change.
          Stat stat = ((KernfsDentry) found).inode.stat();
          if (mu.validate(stamp)) {
            return stat;
          }
        }
      } catch (ErrnoException e) {
        if (e.errno() == Errno.ENOENT && mu.validate(stamp)) {
          if (missingIsNull) {
            return null;
          }
          throw e;
        }
      } catch (RuntimeException e) {
        // A torn read; the locked walk gives the real answer.
      }
    }
    mu.lockForReading();
    try {
      return walk.walkExistingLocked(rp).inode.stat();
    } catch (ErrnoException e) {
      if (missingIsNull && e.errno() == Errno.ENOENT) {
        return null;
      }
      throw e;
    } finally {
      mu.unlockForReading();
      drops.processDeferredDecRefs();
    }
  }

  @Override
  public void setStatAt(ResolvingPath rp, SetStat changes) {
    mu.lockForReading();
    try {
      KernfsDentry d = walk.walkExistingLocked(rp);
      if (changes.has(SetStat.SIZE)) {
        d.inode.checkAccess(rp.credentials(), Permissions.MAY_WRITE);
      }
      d.inode.setStat(rp.credentials(), changes);
      notifyModifiedLocked(d);
    } finally {
      mu.unlockForReading();
      drops.processDeferredDecRefs();
    }
  }

  @Override
  public String readlinkAt(ResolvingPath rp) {
    mu.lockForReading();
    try {
      return walk.walkExistingLocked(rp).inode.readlink();
    } finally {
      mu.unlockForReading();
      drops.processDeferredDecRefs();
    }
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

  /** This filesystem's capacity; unlimited unless a subclass says otherwise. */
  protected Statfs statfs() {
    return new Statfs(
        type().name(), Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE, 4096);
  }

  @Override
  public FileDescription openAt(ResolvingPath rp, OpenOptions options) {
    if (!options.create()) {
      mu.lockForReading();
      try {
        return openExistingLocked(rp, walk.walkExistingLocked(rp), options);
      } finally {
        mu.unlockForReading();
        drops.processDeferredDecRefs();
      }
    }
    mu.lockForWriting();
    try {
      KernfsDentry parent = walk.walkParentDirLocked(rp, (KernfsDentry) rp.start());
      while (true) {
        if (rp.done()) {
          throw Errno.EISDIR.exception(); // open("/", O_CREAT)
        }
        String name = rp.component();
        if (name.equals(".") || name.equals("..")) {
          throw Errno.EISDIR.exception();
        }
        KernfsDentry child = walk.lookupOrNullLocked(parent, name);
        if (child == null) {
          if (rp.mustBeDir()) {
            throw Errno.EISDIR.exception();
          }
          parent.inode.checkAccess(rp.credentials(), Permissions.MAY_WRITE);
          Inode inode = directoryOf(parent).newFile(name, rp.credentials(), options.mode() & 07777);
          child = walk.insertNewChildLocked(parent, name, inode);
          parent.inode.touchModified();
          vfs().notifyChange(parent, name, DentryWatcher.Change.CREATED);
          rp.advance();
          // The creator may write what it created, whatever the new file's mode says.
          return describeLocked(rp, child, inode.open(rp.credentials(), options), options);
        }
        if (options.exclusive()) {
          throw Errno.EEXIST.exception();
        }
        rp.checkMount(child);
        if (child.isSymlink() && !options.noFollow()) {
          rp.handleSymlink(child.inode.readlink());
          parent = walk.walkParentDirLocked(rp, parent);
          continue;
        }
        rp.advance();
        if (rp.mustBeDir() && !child.isDirectory()) {
          throw Errno.ENOTDIR.exception();
        }
        return openExistingLocked(rp, child, options);
      }
    } finally {
      mu.unlockForWriting();
      drops.processDeferredDecRefs();
    }
  }

  /** Preconditions: {@link #mu} is held; the walk has consumed every component. */
  private FileDescription openExistingLocked(
      ResolvingPath rp, KernfsDentry d, OpenOptions options) {
    if (d.isSymlink()) {
      throw Errno.ELOOP.exception(); // only reached with O_NOFOLLOW
    }
    if (options.directory() && !d.isDirectory()) {
      throw Errno.ENOTDIR.exception();
    }
    boolean writing = options.write() || options.append() || options.truncate();
    if (d.isDirectory() && writing) {
      throw Errno.EISDIR.exception();
    }
    d.inode.checkAccess(
        rp.credentials(), options.mayAccess() | (options.truncate() ? Permissions.MAY_WRITE : 0));
    FileDescriptionImpl impl =
        d.isDirectory()
            ? new DirectoryFileDescription(this, d)
            : d.inode.open(rp.credentials(), options);
    if (options.truncate()) {
      notifyModifiedLocked(d);
    }
    return describeLocked(rp, d, impl, options);
  }

  /** Preconditions: {@link #mu} is held. */
  private FileDescription describeLocked(
      ResolvingPath rp, KernfsDentry d, FileDescriptionImpl impl, OpenOptions options) {
    // The dentry may be cached at zero; revive it before the description takes its own reference.
    d.incRefLocked();
    try {
      return new FileDescription(impl, rp.mount(), d, options);
    } catch (RuntimeException e) {
      impl.release();
      throw e;
    } finally {
      drops.deferDecRef(d);
    }
  }

  @Override
  public void mkdirAt(ResolvingPath rp, int mode) {
    create(rp, (dir, name, credentials) -> dir.newDirectory(name, credentials, mode), true);
  }

  @Override
  public void mknodAt(ResolvingPath rp, int mode, long rdev) {
    create(rp, (dir, name, credentials) -> dir.newNode(name, credentials, mode, rdev), false);
  }

  @Override
  public void symlinkAt(ResolvingPath rp, String target) {
    create(rp, (dir, name, credentials) -> dir.newSymlink(name, credentials, target), false);
  }

  /** Creates an inode with {@code factory} at the path's last component. */
  private void create(ResolvingPath rp, InodeFactory factory, boolean isDirectory) {
    mu.lockForWriting();
    try {
      KernfsDentry parent = walk.walkParentDirLocked(rp, (KernfsDentry) rp.start());
      String name = finalNameForCreate(rp);
      if (walk.lookupOrNullLocked(parent, name) != null) {
        throw Errno.EEXIST.exception();
      }
      if (rp.mustBeDir() && !isDirectory) {
        throw Errno.ENOENT.exception();
      }
      parent.inode.checkAccess(rp.credentials(), Permissions.MAY_WRITE);
      Inode inode = factory.create(directoryOf(parent), name, rp.credentials());
      walk.insertNewChildLocked(parent, name, inode);
      parent.inode.touchModified();
      vfs().notifyChange(parent, name, DentryWatcher.Change.CREATED);
    } finally {
      mu.unlockForWriting();
      drops.processDeferredDecRefs();
    }
  }

  @FunctionalInterface
  private interface InodeFactory {
    Inode create(Directory directory, String name, Credentials credentials);
  }

  @Override
  public void linkAt(ResolvingPath rp, VirtualDentry target) {
    mu.lockForWriting();
    try {
      KernfsDentry parent = walk.walkParentDirLocked(rp, (KernfsDentry) rp.start());
      String name = finalNameForCreate(rp);
      if (target.mount() != rp.mount()) {
        throw Errno.EXDEV.exception();
      }
      KernfsDentry source = (KernfsDentry) target.dentry();
      if (source.isDirectory()) {
        throw Errno.EPERM.exception();
      }
      if (walk.lookupOrNullLocked(parent, name) != null) {
        throw Errno.EEXIST.exception();
      }
      if (rp.mustBeDir()) {
        throw Errno.ENOENT.exception();
      }
      parent.inode.checkAccess(rp.credentials(), Permissions.MAY_WRITE);
      if (source.inode.nlink() == 0) {
        throw Errno.ENOENT.exception(); // linking a deleted file back in is refused
      }
      directoryOf(parent).newLink(name, source.inode);
      source.inode.incRef(); // for the new dentry
      walk.insertNewChildLocked(parent, name, source.inode);
      parent.inode.touchModified();
      vfs().notifyChange(parent, name, DentryWatcher.Change.CREATED);
    } finally {
      mu.unlockForWriting();
      drops.processDeferredDecRefs();
    }
  }

  @Override
  public void unlinkAt(ResolvingPath rp) {
    mu.lockForWriting();
    try {
      KernfsDentry parent = walk.walkParentDirLocked(rp, (KernfsDentry) rp.start());
      if (rp.done()) {
        throw Errno.EISDIR.exception();
      }
      String name = rp.component();
      if (name.equals(".") || name.equals("..")) {
        throw Errno.EISDIR.exception();
      }
      KernfsDentry child = walk.revalidateChildLocked(parent, name);
      if (child.isDirectory()) {
        throw Errno.EISDIR.exception();
      }
      if (rp.mustBeDir()) {
        throw Errno.ENOTDIR.exception();
      }
      checkDeleteLocked(rp.credentials(), parent, child);
      vfs().prepareDelete(child);
      try {
        directoryOf(parent).unlink(name, child.inode);
      } catch (RuntimeException e) {
        vfs().abortDelete();
        throw e;
      }
      vfs().commitDelete(child);
      removeFromTreeLocked(child);
      parent.inode.touchModified();
      vfs().notifyChange(parent, name, DentryWatcher.Change.DELETED);
    } finally {
      mu.unlockForWriting();
      drops.processDeferredDecRefs();
    }
  }

  @Override
  public void rmdirAt(ResolvingPath rp) {
    KernfsDentry gone = null;
    mu.lockForWriting();
    try {
      KernfsDentry parent = walk.walkParentDirLocked(rp, (KernfsDentry) rp.start());
      if (rp.done()) {
        throw Errno.EBUSY.exception(); // rmdir("/")
      }
      String name = rp.component();
      if (name.equals(".")) {
        throw Errno.EINVAL.exception();
      }
      if (name.equals("..")) {
        throw Errno.ENOTEMPTY.exception();
      }
      KernfsDentry child = walk.revalidateChildLocked(parent, name);
      if (!child.isDirectory()) {
        throw Errno.ENOTDIR.exception();
      }
      checkDeleteLocked(rp.credentials(), parent, child);
      vfs().prepareDelete(child);
      try {
        if (((Directory) child.inode).hasChildren()) {
          throw Errno.ENOTEMPTY.exception();
        }
        directoryOf(parent).rmdir(name, child.inode);
      } catch (RuntimeException e) {
        vfs().abortDelete();
        throw e;
      }
      vfs().commitDelete(child);
      removeFromTreeLocked(child);
      parent.inode.touchModified();
      vfs().notifyChange(parent, name, DentryWatcher.Change.DELETED);
      gone = child;
    } finally {
      mu.unlockForWriting();
      // A watcher told of its directory's end drops its reference on it: not under our lock.
      if (gone != null) {
        vfs().notifyGone(gone);
      }
      drops.processDeferredDecRefs();
    }
  }

  @Override
  public void renameAt(
      ResolvingPath rp, VirtualDentry oldParentPosition, String oldName, boolean noReplace) {
    KernfsDentry gone = null;
    mu.lockForWriting();
    try {
      KernfsDentry newParent = walk.walkParentDirLocked(rp, (KernfsDentry) rp.start());
      if (rp.done()) {
        throw Errno.EBUSY.exception();
      }
      String newName = rp.component();
      if (newName.equals(".") || newName.equals("..")) {
        throw (noReplace ? Errno.EEXIST : Errno.EBUSY).exception();
      }
      if (oldParentPosition.mount() != rp.mount()) {
        throw Errno.EXDEV.exception();
      }
      KernfsDentry oldParent = (KernfsDentry) oldParentPosition.dentry();
      if (oldParent.isDetached()) {
        throw Errno.ENOENT.exception();
      }
      Credentials credentials = rp.credentials();
      oldParent.inode.checkAccess(credentials, Permissions.MAY_EXEC);
      KernfsDentry moved = walk.revalidateChildLocked(oldParent, oldName);
      KernfsDentry replaced = walk.lookupOrNullLocked(newParent, newName);
      if (rp.mustBeDir() && !moved.isDirectory()) {
        throw Errno.ENOTDIR.exception();
      }
      if (replaced == moved || (replaced != null && replaced.inode == moved.inode)) {
        return; // POSIX: renaming a file onto itself (or another link to it) does nothing
      }
      if (moved.isDirectory()) {
        for (KernfsDentry up = newParent; up != null; up = up.parentLocked()) {
          if (up == moved) {
            throw Errno.EINVAL.exception(); // into its own subtree
          }
        }
      }
      if (replaced != null) {
        if (noReplace) {
          throw Errno.EEXIST.exception();
        }
        if (moved.isDirectory() && !replaced.isDirectory()) {
          throw Errno.ENOTDIR.exception();
        }
        if (!moved.isDirectory() && replaced.isDirectory()) {
          throw Errno.EISDIR.exception();
        }
        if (replaced.isDirectory() && ((Directory) replaced.inode).hasChildren()) {
          throw Errno.ENOTEMPTY.exception();
        }
      }
      checkDeleteLocked(credentials, oldParent, moved);
      if (replaced != null) {
        checkDeleteLocked(credentials, newParent, replaced);
      } else {
        newParent.inode.checkAccess(credentials, Permissions.MAY_WRITE);
      }
      if (moved.isDirectory() && oldParent != newParent) {
        // Its ".." entry changes.
        moved.inode.checkAccess(credentials, Permissions.MAY_WRITE);
      }
      if (moved.isMountPoint()) {
        throw Errno.EBUSY.exception();
      }
      if (replaced != null) {
        vfs().prepareDelete(replaced);
      }
      try {
        directoryOf(oldParent)
            .rename(
                oldName,
                newName,
                moved.inode,
                directoryOf(newParent),
                replaced == null ? null : replaced.inode);
      } catch (RuntimeException e) {
        if (replaced != null) {
          vfs().abortDelete();
        }
        throw e;
      }
      if (replaced != null) {
        vfs().commitDelete(replaced);
        if (Faults.RENAME_VICTIM_KEPT) {
          replaced.detachLocked();
        } else {
          removeFromTreeLocked(replaced);
        }
        if (replaced.isDirectory()) {
          gone = replaced;
        }
      }
      moved.detachLocked();
      if (oldParent != newParent) {
        newParent.incRefLocked(); // the moved dentry's reference on its new parent
        drops.deferDecRef(oldParent);
      }
      moved.moveLocked(newParent, newName);
      if (newParent.insertChildLocked(newName, moved) != moved) {
        throw new IllegalStateException("rename target reappeared: " + newName);
      }
      moved.inode.touchChanged();
      oldParent.inode.touchModified();
      newParent.inode.touchModified();
      vfs().notifyChange(oldParent, oldName, DentryWatcher.Change.DELETED);
      vfs().notifyChange(newParent, newName, DentryWatcher.Change.CREATED);
    } finally {
      mu.unlockForWriting();
      if (gone != null) {
        vfs().notifyGone(gone);
      }
      drops.processDeferredDecRefs();
    }
  }

  // ---- helpers of the operations above ----

  /**
   * Tells watchers of {@code d}'s directory that it changed. Preconditions: {@link #mu} is held.
   */
  private void notifyModifiedLocked(KernfsDentry d) {
    KernfsDentry parent = d.parentLocked();
    if (parent != null && !d.isDetached()) {
      vfs().notifyChange(parent, d.name(), DentryWatcher.Change.MODIFIED);
    }
  }

  /** The last component of a path that names something to create. */
  private static String finalNameForCreate(ResolvingPath rp) {
    if (rp.done()) {
      throw Errno.EEXIST.exception(); // "/" always exists
    }
    String name = rp.component();
    if (name.equals(".") || name.equals("..")) {
      throw Errno.EEXIST.exception();
    }
    return name;
  }

  private static Directory directoryOf(KernfsDentry d) {
    return (Directory) d.inode;
  }

  /** Write and search on the directory, and the sticky-bit rule. */
  private static void checkDeleteLocked(
      Credentials credentials, KernfsDentry parent, KernfsDentry victim) {
    Inode dir = parent.inode;
    dir.checkAccess(credentials, Permissions.MAY_WRITE | Permissions.MAY_EXEC);
    Permissions.checkStickyDelete(credentials, dir.mode(), dir.uid(), victim.inode.uid());
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
