package dev.jkernfs.vfs;

import dev.jkernfs.refs.LeakChecker;
import dev.jkernfs.refs.LeakMode;
import dev.jkernfs.refs.LeakModeOwner;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One mount namespace and the path operations on it, resolved across its mounts. Each NIO
 * filesystem is one of these.
 *
 * <p>Operations resolve their path by calling the filesystem of the current mount with a {@link
 * ResolvingPath}; when the walk leaves that filesystem (a mount point, {@code ..} out of a mount,
 * an absolute symlink), the filesystem throws {@link ResolveJump} and the operation is called again
 * on the filesystem of the new position.
 *
 * <p>References: its {@link MountTable} holds one reference on each attached mount. It is the
 * leak-check owner of every object created in it, so {@code LeakScope.ownedBy(vfs, ...)} covers a
 * whole filesystem tree, and it may have a leak mode of its own ({@link #create(String, TimeSource,
 * FilesystemType, Map, LeakMode)}) that no other namespace sees.
 *
 * <p>Lock order: filesystem locks, then the mount table's lock (see {@link MountTable}).
 */
public final class VirtualFilesystem implements LeakModeOwner {
  // One numbering for the whole JVM: two filesystems are two devices, so that a file's (dev, ino)
  // names it in every namespace, as fileKey and isSameFile need.
  private static final AtomicLong DEVICE_NUMBERS = new AtomicLong(1);
  private final WatchRegistry watches = new WatchRegistry();
  private final TimeSource time;
  private final String name;
  private final LeakMode ownLeakMode; // null: the JVM-wide mode
  private final Mount rootMount;
  private final VirtualDentry rootPosition;
  private final MountTable mounts;
  // Null (the common case) or the front end's fault rules, asked before each call they may name.
  private volatile FaultHook faultHook;

  private VirtualFilesystem(
      String name,
      TimeSource time,
      FilesystemType rootType,
      Map<String, ?> options,
      LeakMode ownLeakMode) {
    this.name = name;
    this.time = time;
    this.ownLeakMode = ownLeakMode;
    Filesystem rootFs = rootType.newFilesystem(this, options);
    this.rootMount = new Mount(this, rootFs, null, null, "/");
    this.rootPosition = new VirtualDentry(rootMount, rootMount.root());
    this.mounts = new MountTable(name, rootMount);
    LeakChecker.registerHolder(mounts);
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
    return DEVICE_NUMBERS.getAndIncrement();
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
    FaultHook hook = faultHook;
    if (hook != null) {
      beforeOpen(hook, op, options);
    }
    return resolve(op, rp -> rp.mount().filesystem().openAt(rp, options));
  }

  /** An open is a CREATE when it will make its file, an OPEN otherwise (see FileOperation). */
  private void beforeOpen(FaultHook hook, PathOperation op, OpenOptions options) {
    if (!options.create()) {
      beforeCall(hook, FileOperation.OPEN, op, null);
      return;
    }
    if (!hook.covers(FileOperation.OPEN) && !hook.covers(FileOperation.CREATE)) {
      return;
    }
    boolean creates;
    try {
      creates = options.exclusive() || statIfExists(op) == null;
    } catch (ErrnoException e) {
      creates = true; // the open fails as the look-up did, trying to create
    }
    beforeCall(hook, creates ? FileOperation.CREATE : FileOperation.OPEN, op, null);
  }

  public Stat stat(PathOperation op) {
    return resolve(op, rp -> rp.mount().filesystem().statAt(rp));
  }

  /**
   * As {@link #stat(PathOperation)}, for a caller that asks about the same path again and again:
   * {@code memo} remembers where the walk led, and the next call with the same memo skips the walk
   * while nothing has changed that could change its answer (see {@link PathMemo}). A null memo
   * remembers nothing.
   */
  public Stat stat(PathOperation op, PathMemo memo) {
    return statRemembering(op, memo, rp -> rp.mount().filesystem().statAt(rp));
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
   * As {@link #statIfExists(PathOperation)}, remembering the walk as {@link #stat(PathOperation,
   * PathMemo)} does; a null memo remembers nothing.
   */
  public Stat statIfExists(PathOperation op, PathMemo memo) {
    return statRemembering(op, memo, rp -> rp.mount().filesystem().statAtIfExists(rp));
  }

  /**
   * Answers from {@code memo} if it can, else resolves with {@code step} and remembers the walk.
   */
  private Stat statRemembering(PathOperation op, PathMemo memo, Step<Stat> step) {
    if (memo == null) {
      return resolve(op, step);
    }
    Stat remembered = memo.statIfUnchanged(mounts, op);
    if (remembered != null) {
      return remembered;
    }
    return resolve(op, memo, step);
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
    beforeCall(FileOperation.of(changes), op, null);
    run(op, rp -> rp.mount().filesystem().setStatAt(rp, changes));
  }

  public void mkdir(PathOperation op, int mode) {
    beforeCall(FileOperation.MKDIR, op, null);
    run(op, rp -> rp.mount().filesystem().mkdirAt(rp, mode));
  }

  public void mknod(PathOperation op, int mode, long rdev) {
    beforeCall(FileOperation.CREATE, op, null);
    run(op, rp -> rp.mount().filesystem().mknodAt(rp, mode, rdev));
  }

  public void symlink(PathOperation op, String target) {
    beforeCall(FileOperation.CREATE, op, null);
    if (target.isEmpty()) {
      throw Errno.ENOENT.exception();
    }
    run(op, rp -> rp.mount().filesystem().symlinkAt(rp, target));
  }

  /** Creates a hard link at {@code newPath} to what {@code oldPath} names. */
  public void link(PathOperation oldPath, PathOperation newPath) {
    VirtualDentry target = getDentry(oldPath, false);
    try {
      link(target, newPath);
    } finally {
      target.decRef();
    }
  }

  /**
   * Creates a hard link at {@code newPath} to {@code target}, which the caller keeps alive; a
   * target in another mount or namespace is EXDEV, after the checks of the new name.
   */
  public void link(VirtualDentry target, PathOperation newPath) {
    FaultHook hook = faultHook;
    if (hook != null && hook.covers(FileOperation.CREATE)) {
      hook.before(FileOperation.CREATE, pathOf(newPath), pathOf(target), 0);
    }
    run(newPath, rp -> rp.mount().filesystem().linkAt(rp, target));
  }

  public void unlink(PathOperation op) {
    beforeCall(FileOperation.DELETE, op, null);
    run(op, rp -> rp.mount().filesystem().unlinkAt(rp));
  }

  public void rmdir(PathOperation op) {
    beforeCall(FileOperation.DELETE, op, null);
    run(op, rp -> rp.mount().filesystem().rmdirAt(rp));
  }

  /**
   * Removes what {@code op} names, whatever its type, in one call: {@code unlink}, or {@code rmdir}
   * for a directory, as a front end's delete of a path does. Fails as {@code rmdir(2)} does for a
   * directory, as {@code unlink(2)} does otherwise.
   */
  public void remove(PathOperation op) {
    beforeCall(FileOperation.DELETE, op, null);
    try {
      run(op, rp -> rp.mount().filesystem().unlinkAt(rp));
    } catch (ErrnoException e) {
      // unlink refuses a directory (and "/", ".", "..") with EISDIR before changing anything;
      // rmdir then gives the answer rmdir(2) would.
      if (e.errno() != Errno.EISDIR) {
        throw e;
      }
      run(op, rp -> rp.mount().filesystem().rmdirAt(rp));
    }
  }

  /**
   * Renames {@code oldPath} to {@code newPath}, as {@code renameat2(2)}.
   *
   * @throws ErrnoException EBUSY if the old path ends in {@code .} or {@code ..}, EXDEV across
   *     mounts, and every error {@code rename(2)} gives
   */
  public void rename(PathOperation oldPath, PathOperation newPath, boolean noReplace) {
    beforeCall(FileOperation.RENAME, oldPath, newPath);
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

  /** The {@link WindowsAttributes} of the file at the path. */
  public WindowsAttributes windowsAttributes(PathOperation op) {
    return resolve(op, rp -> rp.mount().filesystem().windowsAttributesAt(rp));
  }

  /**
   * Changes the {@link WindowsAttributes} of the file at the path: {@code change} maps the current
   * ones to the new ones, atomically. Its owner or root may; others get EACCES, as Windows refuses
   * them.
   */
  public void setWindowsAttributes(
      PathOperation op, java.util.function.UnaryOperator<WindowsAttributes> change) {
    run(op, rp -> rp.mount().filesystem().setWindowsAttributesAt(rp, change));
  }

  public Statfs statfs(PathOperation op) {
    return resolve(op, rp -> rp.mount().filesystem().statfsAt(rp));
  }

  // ---- extended attributes ----

  /**
   * {@code getxattr(2)}, or {@code lgetxattr(2)} if {@code op} does not follow a final symlink: the
   * value of the extended attribute {@code name}.
   *
   * @throws ErrnoException ERANGE for an empty name or one over {@link Xattr#NAME_MAX} bytes
   *     (before the walk), then the walk's errors and those of {@link Filesystem#getxattr}
   */
  public byte[] getxattr(PathOperation op, String name) {
    Xattr.checkName(name);
    VirtualDentry position = getDentry(op, false);
    try {
      return position.dentry().filesystem().getxattr(position.dentry(), op.credentials(), name);
    } finally {
      position.decRef();
    }
  }

  /** {@code listxattr(2)}: the names of the file's extended attributes. */
  public List<String> listxattr(PathOperation op) {
    VirtualDentry position = getDentry(op, false);
    try {
      return position.dentry().filesystem().listxattr(position.dentry(), op.credentials());
    } finally {
      position.decRef();
    }
  }

  /**
   * {@code setxattr(2)}: sets the extended attribute {@code name} to {@code value}; watchers of the
   * file's directory see it modified.
   *
   * @param flags {@link Xattr#CREATE}, {@link Xattr#REPLACE} or 0
   * @throws ErrnoException EINVAL for other flags, ERANGE for the name and E2BIG for a value over
   *     {@link Xattr#SIZE_MAX} bytes (all before the walk), then the walk's errors and those of
   *     {@link Filesystem#setxattr}
   */
  public void setxattr(PathOperation op, String name, byte[] value, int flags) {
    Xattr.checkSet(name, value, flags);
    VirtualDentry position = getDentry(op, false);
    try {
      Dentry dentry = position.dentry();
      dentry.filesystem().setxattr(dentry, op.credentials(), name, value, flags);
      if (isWatched()) {
        notifyModified(dentry);
      }
    } finally {
      position.decRef();
    }
  }

  /** {@code removexattr(2)}; watchers of the file's directory see it modified. */
  public void removexattr(PathOperation op, String name) {
    Xattr.checkName(name);
    VirtualDentry position = getDentry(op, false);
    try {
      Dentry dentry = position.dentry();
      dentry.filesystem().removexattr(dentry, op.credentials(), name);
      if (isWatched()) {
        notifyModified(dentry);
      }
    } finally {
      position.decRef();
    }
  }

  /**
   * The absolute path {@code op} names, as given: its path if absolute, else its start's path and
   * its path. Nothing is resolved, so {@code ..} and symlinks stay as they are.
   */
  public String pathOf(PathOperation op) {
    String path = op.path().toString();
    if (op.path().absolute()) {
      return path;
    }
    String start = pathOf(op.start());
    return start.equals("/") ? "/" + path : start + "/" + path;
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

  // ---- faults ----

  /**
   * Makes every later call ask {@code hook} first (see {@link FaultHook}); null asks nothing. A
   * front end sets it once, when it makes the namespace.
   */
  public void setFaultHook(FaultHook hook) {
    faultHook = hook;
  }

  /** The hook calls ask before they start, or null. */
  public FaultHook faultHook() {
    return faultHook;
  }

  private void beforeCall(FileOperation kind, PathOperation op, PathOperation other) {
    FaultHook hook = faultHook;
    if (hook != null) {
      beforeCall(hook, kind, op, other);
    }
  }

  private void beforeCall(
      FaultHook hook, FileOperation kind, PathOperation op, PathOperation other) {
    if (hook.covers(kind)) {
      hook.before(kind, pathOf(op), other == null ? null : pathOf(other), 0);
    }
  }

  // ---- watches ----

  /**
   * Starts delivering the changes of {@code directory}'s entries to {@code watcher}. The caller
   * keeps the directory alive (holds a reference) until {@link #removeWatcher}.
   */
  public void addWatcher(Dentry directory, DentryWatcher watcher) {
    watches.add(directory, watcher);
  }

  public void removeWatcher(Dentry directory, DentryWatcher watcher) {
    watches.remove(directory, watcher);
  }

  /** Whether anything watches any directory: lets writers skip the bookkeeping. */
  public boolean isWatched() {
    return watches.isWatched();
  }

  /** Reports a change to the entry {@code name} of {@code directory}. May be called under locks. */
  public void notifyChange(Dentry directory, String name, DentryWatcher.Change change) {
    watches.changed(directory, name, change);
  }

  /**
   * Reports that {@code directory} was deleted. Called with no filesystem lock held: watchers drop
   * their references on the directory.
   */
  public void notifyGone(Dentry directory) {
    watches.gone(directory);
  }

  /**
   * Reports that the content or attributes of {@code dentry} changed, to its directory's watchers.
   */
  public void notifyModified(Dentry dentry) {
    watches.modified(dentry);
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
      Mount mount = mounts.attach(this, at, filesystem, pathOf(at));
      filesystem = null; // the mount owns it now
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
    List<Mount> detached;
    try {
      detached = mounts.detach(at, detach);
    } finally {
      at.decRef();
    }
    detached.forEach(Mount::decRef);
  }

  /** The mounts attached now, the root first. */
  public List<Mount> mounts() {
    return mounts.mounts();
  }

  /**
   * Unmounts everything, children first, and drops the root. Objects still alive afterwards are
   * held by someone who did not close them.
   */
  public void close() {
    List<Mount> detached = mounts.close();
    if (detached.isEmpty()) {
      return;
    }
    detached.forEach(Mount::decRef);
    LeakChecker.unregisterHolder(mounts);
  }

  public boolean isClosed() {
    return mounts.isClosed();
  }

  /** The topmost mount on {@code dentry} as seen in {@code parent}, or null. */
  Mount topMountAt(Mount parent, Dentry dentry) {
    return mounts.topMountAt(parent, dentry);
  }

  /**
   * Locks the mount table for the deletion of {@code dentry}, to be finished with {@link
   * #commitDelete} or {@link #abortDelete}. Called with the filesystem's write lock held.
   *
   * @throws ErrnoException EBUSY, with nothing locked, if something is mounted on it
   */
  public void prepareDelete(Dentry dentry) {
    mounts.prepareDelete(dentry);
  }

  /** Marks {@code dentry} deleted, so nothing can be mounted on it, and unlocks. */
  public void commitDelete(Dentry dentry) {
    mounts.commitDelete(dentry);
  }

  public void abortDelete() {
    mounts.abortDelete();
  }

  // ---- resolution ----

  private <T> T resolve(PathOperation op, Step<T> step) {
    return resolve(new ResolvingPath(this, op), step);
  }

  private <T> T resolve(PathOperation op, PathMemo memo, Step<T> step) {
    // The count is read before the walk starts, so that a mount that shows during it is caught.
    long mountGeneration = mounts.generation();
    ResolvingPath rp = new ResolvingPath(this, op);
    rp.rememberIn(memo, mountGeneration);
    return resolve(rp, step);
  }

  private <T> T resolve(ResolvingPath rp, Step<T> step) {
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
  public String toString() {
    return "VirtualFilesystem[" + name + "]";
  }
}
