package dev.jkernfs.vfs;

import dev.jkernfs.refs.LeakChecker;
import dev.jkernfs.refs.LeakMode;
import dev.jkernfs.refs.LeakModeOwner;
import dev.jkernfs.refs.RefCounted;
import dev.jkernfs.refs.RefHolder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * One mount namespace and the operations on it: path resolution across mounts, mount and unmount,
 * and every path-based file operation. Each NIO filesystem is one of these.
 *
 * <p>Operations resolve their path by calling the filesystem of the current mount with a {@link
 * ResolvingPath}; when the walk leaves that filesystem (a mount point, {@code ..} out of a mount,
 * an absolute symlink), the filesystem throws {@link ResolveJump} and the operation is called again
 * on the filesystem of the new position.
 *
 * <p>References: the VFS holds one reference on each attached mount. It is the leak-check owner of
 * every object created in it, so {@code LeakScope.ownedBy(vfs, ...)} covers a whole filesystem
 * tree, and it may have a leak mode of its own ({@link #create(String, TimeSource, FilesystemType,
 * Map, LeakMode)}) that no other namespace sees.
 *
 * <p>Lock order: filesystem locks, then {@link #mountLock}. The mount lock guards the mount table
 * and the mount state of dentries; walks read the table without it.
 */
public final class VirtualFilesystem implements RefHolder, LeakModeOwner {
  private final ReentrantLock mountLock = new ReentrantLock();
  private final Map<VirtualDentry, Mount> mountsAt = new ConcurrentHashMap<>();
  private final Map<Dentry, Integer> mountCounts = new HashMap<>(); // guarded by mountLock
  private final List<Mount> attached = new ArrayList<>(); // guarded by mountLock
  private final AtomicLong deviceNumbers = new AtomicLong(1);
  private final Map<Dentry, List<DentryWatcher>> watchers = new ConcurrentHashMap<>();
  private volatile boolean watched;
  private final TimeSource time;
  private final String name;
  private final LeakMode ownLeakMode; // null: the JVM-wide mode
  private final Mount rootMount;
  private final VirtualDentry rootPosition;
  private boolean closed; // guarded by mountLock

  private VirtualFilesystem(
      String name,
      TimeSource time,
      FilesystemType rootType,
      Map<String, ?> options,
      LeakMode ownLeakMode) {
    this.name = name;
    this.time = time;
    this.ownLeakMode = ownLeakMode;
    LeakChecker.registerHolder(this);
    Filesystem rootFs = rootType.newFilesystem(this, options);
    this.rootMount = new Mount(this, rootFs, null, null, "/");
    this.rootPosition = new VirtualDentry(rootMount, rootMount.root());
    attached.add(rootMount);
  }

  /**
   * Creates a mount namespace whose root is a new filesystem of {@code rootType}.
   *
   * @param name what the VFS is called in reports ({@code "kernfs://demo"})
   * @param options passed to the root filesystem type
   */
  public static VirtualFilesystem create(
      String name, TimeSource time, FilesystemType rootType, Map<String, ?> options) {
    return new VirtualFilesystem(name, time, rootType, options, null);
  }

  /**
   * Creates a mount namespace whose objects are leak-checked in {@code leakMode}, whatever the
   * JVM-wide mode is or becomes.
   *
   * @param name what the VFS is called in reports ({@code "kernfs://demo"})
   * @param options passed to the root filesystem type
   */
  public static VirtualFilesystem create(
      String name,
      TimeSource time,
      FilesystemType rootType,
      Map<String, ?> options,
      LeakMode leakMode) {
    return new VirtualFilesystem(
        name, time, rootType, options, Objects.requireNonNull(leakMode, "leakMode"));
  }

  public String name() {
    return name;
  }

  @Override
  public LeakMode leakMode() {
    return ownLeakMode != null ? ownLeakMode : LeakChecker.mode();
  }

  public TimeSource time() {
    return time;
  }

  /** The root of the namespace. The VFS keeps it alive until {@link #close()}. */
  public VirtualDentry root() {
    return rootPosition;
  }

  long allocateDeviceNumber() {
    return deviceNumbers.getAndIncrement();
  }

  // ---- path operations ----

  /** Resolves to a position; the caller owns a reference on both of its parts. */
  public VirtualDentry getDentry(PathOperation op, boolean mustBeDirectory) {
    return resolve(
        op,
        rp -> {
          Dentry dentry = rp.mount().filesystem().getDentryAt(rp, mustBeDirectory);
          rp.mount().incRef();
          return new VirtualDentry(rp.mount(), dentry);
        });
  }

  public FileDescription open(PathOperation op, OpenOptions options) {
    return resolve(op, rp -> rp.mount().filesystem().openAt(rp, options));
  }

  public Stat stat(PathOperation op) {
    return resolve(op, rp -> rp.mount().filesystem().statAt(rp));
  }

  /**
   * The attributes, or null if the file does not exist: for existence checks, which would otherwise
   * pay for an exception on every missing file. A missing mount or symlink target met while
   * resolving still throws ENOENT.
   */
  public Stat statIfExists(PathOperation op) {
    return resolve(op, rp -> rp.mount().filesystem().statAtIfExists(rp));
  }

  /**
   * {@code access(2)}: checks that the file exists and that the operation's credentials may read,
   * write and/or execute it ({@code mayMask}, a {@link Permissions} MAY_* combination; 0 asks only
   * whether it exists). Root's rules are those of {@link Permissions#checkAccess}.
   *
   * @throws ErrnoException ENOENT (the shared, allocation-free one: existence checks ask here
   *     often) for a missing file, EACCES for a refused access, or what the walk fails with
   */
  public void access(PathOperation op, int mayMask) {
    Stat stat = statIfExists(op);
    if (stat == null) {
      throw Errno.ENOENT.exception();
    }
    if (mayMask != 0) {
      Permissions.checkAccess(op.credentials(), stat.mode(), stat.uid(), stat.gid(), mayMask);
    }
  }

  public void setStat(PathOperation op, SetStat changes) {
    run(op, rp -> rp.mount().filesystem().setStatAt(rp, changes));
  }

  public void mkdir(PathOperation op, int mode) {
    run(op, rp -> rp.mount().filesystem().mkdirAt(rp, mode));
  }

  public void mknod(PathOperation op, int mode, long rdev) {
    run(op, rp -> rp.mount().filesystem().mknodAt(rp, mode, rdev));
  }

  public void symlink(PathOperation op, String target) {
    if (target.isEmpty()) {
      throw Errno.ENOENT.exception();
    }
    run(op, rp -> rp.mount().filesystem().symlinkAt(rp, target));
  }

  /** Creates a hard link at {@code newPath} to what {@code oldPath} names. */
  public void link(PathOperation oldPath, PathOperation newPath) {
    VirtualDentry target = getDentry(oldPath, false);
    try {
      run(newPath, rp -> rp.mount().filesystem().linkAt(rp, target));
    } finally {
      target.decRef();
    }
  }

  public void unlink(PathOperation op) {
    run(op, rp -> rp.mount().filesystem().unlinkAt(rp));
  }

  public void rmdir(PathOperation op) {
    run(op, rp -> rp.mount().filesystem().rmdirAt(rp));
  }

  /**
   * Renames {@code oldPath} to {@code newPath}, as {@code renameat2(2)}.
   *
   * @throws ErrnoException EBUSY if the old path ends in {@code .} or {@code ..}, EXDEV across
   *     mounts, and every error {@code rename(2)} gives
   */
  public void rename(PathOperation oldPath, PathOperation newPath, boolean noReplace) {
    String oldName = oldPath.path().lastName();
    if (oldName == null || oldName.equals(".") || oldName.equals("..")) {
      throw Errno.EBUSY.exception();
    }
    String newName = newPath.path().lastName();
    if (newName == null || newName.equals(".") || newName.equals("..")) {
      throw (noReplace ? Errno.EEXIST : Errno.EBUSY).exception();
    }
    VirtualDentry oldParent =
        resolve(
            oldPath,
            rp -> {
              Dentry parent = rp.mount().filesystem().getParentDentryAt(rp);
              rp.mount().incRef();
              return new VirtualDentry(rp.mount(), parent);
            });
    try {
      run(newPath, rp -> rp.mount().filesystem().renameAt(rp, oldParent, oldName, noReplace));
    } finally {
      oldParent.decRef();
    }
  }

  public String readlink(PathOperation op) {
    return resolve(op, rp -> rp.mount().filesystem().readlinkAt(rp));
  }

  public Statfs statfs(PathOperation op) {
    return resolve(op, rp -> rp.mount().filesystem().statfsAt(rp));
  }

  /** The absolute path of a position, through the mounts above it. */
  public String pathOf(VirtualDentry position) {
    StringBuilder path = new StringBuilder();
    Mount mount = position.mount();
    Dentry dentry = position.dentry();
    List<String> parts = new ArrayList<>();
    while (true) {
      String inFs = mount.filesystem().pathOf(dentry);
      if (!inFs.equals("/")) {
        parts.add(inFs);
      }
      if (mount.parent() == null) {
        break;
      }
      dentry = mount.mountpoint();
      mount = mount.parent();
    }
    for (int i = parts.size() - 1; i >= 0; i--) {
      path.append(parts.get(i));
    }
    return path.length() == 0 ? "/" : path.toString();
  }

  // ---- watches ----

  /**
   * Starts delivering the changes of {@code directory}'s entries to {@code watcher}. The caller
   * keeps the directory alive (holds a reference) until {@link #removeWatcher}.
   */
  public void addWatcher(Dentry directory, DentryWatcher watcher) {
    watchers.compute(
        directory,
        (d, list) -> {
          List<DentryWatcher> copy = list == null ? new ArrayList<>() : new ArrayList<>(list);
          copy.add(watcher);
          return List.copyOf(copy);
        });
    watched = true;
  }

  public void removeWatcher(Dentry directory, DentryWatcher watcher) {
    watchers.computeIfPresent(
        directory,
        (d, list) -> {
          List<DentryWatcher> copy = new ArrayList<>(list);
          copy.remove(watcher);
          return copy.isEmpty() ? null : List.copyOf(copy);
        });
  }

  /** Whether anything watches any directory: lets writers skip the bookkeeping. */
  public boolean isWatched() {
    return watched;
  }

  /** Reports a change to the entry {@code name} of {@code directory}. May be called under locks. */
  public void notifyChange(Dentry directory, String name, DentryWatcher.Change change) {
    if (!watched) {
      return;
    }
    List<DentryWatcher> list = watchers.get(directory);
    if (list != null) {
      for (DentryWatcher watcher : list) {
        watcher.changed(change, name);
      }
    }
  }

  /**
   * Reports that {@code directory} was deleted. Called with no filesystem lock held: watchers drop
   * their references on the directory.
   */
  public void notifyGone(Dentry directory) {
    if (!watched) {
      return;
    }
    List<DentryWatcher> list = watchers.get(directory);
    if (list != null) {
      for (DentryWatcher watcher : list) {
        watcher.watchedDirectoryGone();
      }
    }
  }

  /**
   * Reports that the content or attributes of {@code dentry} changed, to its directory's watchers.
   */
  public void notifyModified(Dentry dentry) {
    if (!watched) {
      return;
    }
    Filesystem fs = dentry.filesystem();
    Dentry parent = fs.parentOf(dentry);
    if (parent != null) {
      notifyChange(parent, fs.nameOf(dentry), DentryWatcher.Change.MODIFIED);
    }
  }

  // ---- mounts ----

  /**
   * Mounts a new filesystem of {@code type} on the directory {@code op} names.
   *
   * @return the new mount (the VFS holds it; the caller owns no reference)
   */
  public Mount mount(PathOperation op, FilesystemType type, Map<String, ?> options) {
    VirtualDentry at = getDentry(op, true);
    Filesystem filesystem = null;
    try {
      filesystem = type.newFilesystem(this, options);
      // Outside the mount lock: naming a path takes filesystem locks, which come first.
      String path = pathOf(at);
      Mount mount;
      mountLock.lock();
      try {
        if (closed) {
          throw Errno.ENODEV.exception("the filesystem is closed");
        }
        if (at.dentry().isDeadLocked()) {
          throw Errno.ENOENT.exception();
        }
        mount = new Mount(this, filesystem, at.mount(), at.dentry(), path);
        filesystem = null; // the mount owns it now
        addMountLocked(at.dentry(), 1);
        mountsAt.put(new VirtualDentry(at.mount(), at.dentry()), mount);
        attached.add(mount);
      } finally {
        mountLock.unlock();
      }
      return mount;
    } finally {
      if (filesystem != null) {
        filesystem.decRef();
      }
      at.decRef();
    }
  }

  /**
   * Unmounts the mount whose root {@code op} names.
   *
   * @param detach detach it even if busy ({@code MNT_DETACH}); it dies when the last user lets go
   * @throws ErrnoException EINVAL if the path is not a mount's root or is the namespace root, EBUSY
   *     if something under it is open or mounted and {@code detach} is false
   */
  public void unmount(PathOperation op, boolean detach) {
    VirtualDentry at = getDentry(op, false);
    Mount mount = at.mount();
    List<Mount> detached = new ArrayList<>();
    try {
      mountLock.lock();
      try {
        if (at.dentry() != mount.root() || mount.parent() == null || !attached.contains(mount)) {
          throw Errno.EINVAL.exception();
        }
        // Our own lookup holds one reference and the mount table another; more means busy.
        if (!detach && (mount.refCount() > 2 || hasChildMountsLocked(mount))) {
          throw Errno.EBUSY.exception();
        }
        detachLocked(mount, detached);
      } finally {
        mountLock.unlock();
      }
    } finally {
      at.decRef();
    }
    // Dropped outside the mount lock: a last reference tears down dentries under their
    // filesystem's lock, which comes before the mount lock.
    detached.forEach(Mount::decRef);
  }

  /** The mounts attached now, the root first. */
  public List<Mount> mounts() {
    mountLock.lock();
    try {
      return List.copyOf(attached);
    } finally {
      mountLock.unlock();
    }
  }

  /**
   * Unmounts everything, children first, and drops the root. Objects still alive afterwards are
   * held by someone who did not close them.
   */
  public void close() {
    List<Mount> detached = new ArrayList<>();
    mountLock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      for (Mount mount : List.copyOf(attached)) {
        if (mount.parent() != null && attached.contains(mount)) {
          detachLocked(mount, detached);
        }
      }
      attached.clear();
    } finally {
      mountLock.unlock();
    }
    detached.forEach(Mount::decRef);
    rootMount.decRef();
    LeakChecker.unregisterHolder(this);
  }

  public boolean isClosed() {
    mountLock.lock();
    try {
      return closed;
    } finally {
      mountLock.unlock();
    }
  }

  /** The topmost mount on {@code dentry} as seen in {@code parent}, or null. */
  Mount topMountAt(Mount parent, Dentry dentry) {
    return mountsAt.get(new VirtualDentry(parent, dentry));
  }

  /**
   * Locks the mount table for the deletion of {@code dentry}, to be finished with {@link
   * #commitDelete} or {@link #abortDelete}. Called with the filesystem's write lock held.
   *
   * @throws ErrnoException EBUSY, with nothing locked, if something is mounted on it
   */
  public void prepareDelete(Dentry dentry) {
    mountLock.lock();
    if (mountCounts.containsKey(dentry)) {
      mountLock.unlock();
      throw Errno.EBUSY.exception();
    }
  }

  /** Marks {@code dentry} deleted, so nothing can be mounted on it, and unlocks. */
  public void commitDelete(Dentry dentry) {
    dentry.markDeadLocked();
    mountLock.unlock();
  }

  public void abortDelete() {
    mountLock.unlock();
  }

  /** Counts a mount more or less on {@code dentry}. Preconditions: {@link #mountLock} is held. */
  private void addMountLocked(Dentry dentry, int delta) {
    int count = mountCounts.getOrDefault(dentry, 0) + delta;
    if (count > 0) {
      mountCounts.put(dentry, count);
    } else {
      mountCounts.remove(dentry);
    }
    dentry.setMountedLocked(count > 0);
  }

  private boolean hasChildMountsLocked(Mount mount) {
    for (Mount other : attached) {
      if (other.parent() == mount) {
        return true;
      }
    }
    return false;
  }

  /**
   * Detaches {@code mount} and every mount below it, adding each to {@code detached}, whose table
   * references the caller drops after unlocking. Preconditions: {@link #mountLock} is held.
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

  // ---- resolution ----

  private <T> T resolve(PathOperation op, Step<T> step) {
    ResolvingPath rp = new ResolvingPath(this, op);
    try {
      while (true) {
        try {
          return step.apply(rp);
        } catch (ResolveJump jump) {
          rp.applyJump();
        }
      }
    } finally {
      rp.release();
    }
  }

  private void run(PathOperation op, VoidStep step) {
    resolve(
        op,
        rp -> {
          step.apply(rp);
          return null;
        });
  }

  @FunctionalInterface
  private interface Step<T> {
    T apply(ResolvingPath rp);
  }

  @FunctionalInterface
  private interface VoidStep {
    void apply(ResolvingPath rp);
  }

  @Override
  public String holderDescription() {
    return "mount table of " + name;
  }

  @Override
  public void forEachHeldRef(Consumer<RefCounted> sink) {
    mountLock.lock();
    try {
      attached.forEach(sink);
    } finally {
      mountLock.unlock();
    }
  }

  @Override
  public String toString() {
    return "VirtualFilesystem[" + name + "]";
  }
}
