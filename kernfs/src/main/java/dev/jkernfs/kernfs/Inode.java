package dev.jkernfs.kernfs;

import dev.jkernfs.refs.RefCounted;
import dev.jkernfs.vfs.Credentials;
import dev.jkernfs.vfs.Errno;
import dev.jkernfs.vfs.FileDescriptionImpl;
import dev.jkernfs.vfs.FileMode;
import dev.jkernfs.vfs.OpenOptions;
import dev.jkernfs.vfs.Permissions;
import dev.jkernfs.vfs.SetStat;
import dev.jkernfs.vfs.Stat;
import dev.jkernfs.vfs.Xattr;
import java.util.List;

/**
 * A file object of a kernfs filesystem, with a lifetime of its own: alive while any dentry,
 * directory or open file holds a reference. Behaviour beyond attributes comes from small pieces: a
 * directory implements {@link Directory}, a symlink overrides {@link #readlink()}, a regular file
 * overrides {@link #open}.
 *
 * <p>Inode implementations never touch the dentry tree; kernfs alone maintains it.
 */
public abstract class Inode extends RefCounted {
  private final KernfsFilesystem fs;

  // The attributes, held here rather than in an object of their own: a file costs one object less,
  // and a walk or a listing one pointer less to follow.
  //
  // They are volatile and read without a lock, as Linux's generic_fillattr reads them: a stat
  // racing with a chmod may see either mode, never a torn value. Changes are serialized on this
  // object's monitor so that read-modify-write updates (link counts, permission checks) are atomic.
  private final long ino;
  private volatile int mode;
  private volatile int uid;
  private volatile int gid;
  private volatile int nlink; // an unsigned int on Linux too; a long would cost a file eight bytes
  private volatile long atime;
  private volatile long mtime;
  private volatile long ctime;
  private volatile long btime;

  /**
   * Creates an inode timestamped now, with one reference owned by the caller.
   *
   * @param mode type and permission bits
   */
  protected Inode(KernfsFilesystem fs, int mode, int uid, int gid) {
    super(fs.vfs());
    this.fs = fs;
    this.ino = fs.nextInodeNumber();
    this.mode = mode;
    this.uid = uid;
    this.gid = gid;
    this.nlink = FileMode.isDirectory(mode) ? 2 : 1;
    long now = fs.changeTime();
    this.atime = now;
    this.mtime = now;
    this.ctime = now;
    this.btime = now;
    fs.inodeCreated();
  }

  public final KernfsFilesystem filesystem() {
    return fs;
  }

  public final long ino() {
    return ino;
  }

  public final int mode() {
    return mode;
  }

  public final int type() {
    return FileMode.type(mode);
  }

  public final boolean isDirectory() {
    return FileMode.isDirectory(mode);
  }

  public final int uid() {
    return uid;
  }

  public final int gid() {
    return gid;
  }

  public final long nlink() {
    return nlink;
  }

  /** The attributes as {@code stat} reports them, with the given size and device fields. */
  public final Stat stat(long size, long blocks, long rdev) {
    return new Stat(
        fs.deviceNumber(),
        ino,
        mode,
        nlink,
        uid,
        gid,
        rdev,
        size,
        blocks,
        atime,
        mtime,
        ctime,
        btime);
  }

  /**
   * Checks {@code credentials} for the access bits in {@code may}.
   *
   * @throws dev.jkernfs.vfs.ErrnoException EACCES if refused
   */
  public final void checkAccess(Credentials credentials, int may) {
    Permissions.checkAccess(credentials, mode, uid, gid, may);
  }

  /**
   * Whether {@code credentials} may search this directory, without throwing. Reads only the mode
   * when everyone may search, as nearly every directory on a walk allows.
   */
  public final boolean allowsSearch(Credentials credentials) {
    int m = mode;
    if ((m & FileMode.S_IXUGO) == FileMode.S_IXUGO) {
      return true;
    }
    return Permissions.allows(credentials, m, uid, gid, Permissions.MAY_EXEC);
  }

  /** Whether {@code credentials} have the access bits in {@code may}, without throwing. */
  public final boolean allows(Credentials credentials, int may) {
    return Permissions.allows(credentials, mode, uid, gid, may);
  }

  /**
   * Applies the metadata part of {@code changes} (all but the size, which the inode's content
   * handles) after Linux's permission rules.
   */
  public final synchronized void apply(Credentials c, SetStat changes) {
    long now = fs.changeTime();
    boolean changed = false;
    if (changes.has(SetStat.UID) || changes.has(SetStat.GID)) {
      int newUid = changes.has(SetStat.UID) ? changes.uid() : -1;
      int newGid = changes.has(SetStat.GID) ? changes.gid() : -1;
      Permissions.checkChown(c, uid, gid, newUid, newGid);
    }
    if (changes.has(SetStat.MODE)) {
      Permissions.checkChmod(c, uid);
    }
    boolean timesToNow =
        changes.has(SetStat.ATIME)
            && changes.has(SetStat.MTIME)
            && changes.atimeNanos() == SetStat.UTIME_NOW
            && changes.mtimeNanos() == SetStat.UTIME_NOW;
    if (changes.has(SetStat.ATIME) || changes.has(SetStat.MTIME)) {
      Permissions.checkUtimes(c, uid, mode, gid, timesToNow);
    }
    if (changes.has(SetStat.BTIME) && !c.isRoot() && c.uid() != uid) {
      throw Errno.EPERM.exception();
    }
    // Every check passed: now apply, so a refused change leaves nothing half-done.
    if (changes.has(SetStat.UID) || changes.has(SetStat.GID)) {
      if (changes.has(SetStat.UID)) {
        uid = changes.uid();
      }
      if (changes.has(SetStat.GID)) {
        gid = changes.gid();
      }
      mode = Permissions.chownClearsSetIds(mode, isDirectory());
      changed = true;
    }
    if (changes.has(SetStat.MODE)) {
      mode = Permissions.chmodResult(c, mode, changes.mode(), gid);
      changed = true;
    }
    if (changes.has(SetStat.ATIME)) {
      atime = changes.atimeNanos() == SetStat.UTIME_NOW ? now : changes.atimeNanos();
      changed = true;
    }
    if (changes.has(SetStat.MTIME)) {
      mtime = changes.mtimeNanos() == SetStat.UTIME_NOW ? now : changes.mtimeNanos();
      changed = true;
    }
    if (changes.has(SetStat.BTIME)) {
      btime = changes.btimeNanos() == SetStat.UTIME_NOW ? now : changes.btimeNanos();
      changed = true;
    }
    if (changed) {
      ctime = now;
    }
  }

  /**
   * Records a read of the content with Linux's default {@code relatime} rule: the access time moves
   * only if it is not newer than the last change, or is a day old.
   */
  public final void touchAccessed() {
    long last = atime;
    if (last <= mtime || last <= ctime) {
      atime = fs.changeTime();
      return;
    }
    long now = fs.changeTime();
    if (now - last >= RELATIME_INTERVAL_NANOS) {
      atime = now;
    }
  }

  private static final long RELATIME_INTERVAL_NANOS = 24L * 3600 * 1_000_000_000L;

  /** Records a change of the content (and so of the attributes). */
  public final void touchModified() {
    long now = fs.changeTime();
    mtime = now;
    ctime = now;
  }

  /** Records a change of the attributes only (a link, a rename). */
  public final void touchChanged() {
    ctime = fs.changeTime();
  }

  /**
   * Records a change of the attributes at a time read now, not the operation's: the file a rename
   * moves, which Linux's tmpfs stamps after the two directories (ChangeTimeDifferentialTest).
   */
  final void touchChangedAtItsOwnTime() {
    ctime = fs.vfs().time().nowNanos();
  }

  /** Clears setuid, and setgid if group-executable, as Linux does when a non-root user writes. */
  public final void dropSetIdsOnWrite(Credentials c) {
    // Every write asks; almost no file has a set-id bit, and those need no lock to say so.
    if (c.isRoot() || (mode & (FileMode.S_ISUID | FileMode.S_ISGID)) == 0) {
      return;
    }
    synchronized (this) {
      if ((mode & (FileMode.S_ISUID | FileMode.S_ISGID)) != 0) {
        mode = Permissions.chownClearsSetIds(mode, isDirectory());
        ctime = fs.changeTime();
      }
    }
  }

  public final synchronized void incLinks() {
    nlink++;
    ctime = fs.changeTime();
  }

  public final synchronized void decLinks() {
    if (nlink == 0) {
      throw new IllegalStateException("link count of inode " + ino + " below zero");
    }
    nlink--;
    ctime = fs.changeTime();
  }

  // ---- extended attributes ----

  /**
   * The value of the extended attribute {@code name}, as {@code getxattr(2)} once the VFS has
   * checked its arguments.
   *
   * @throws dev.jkernfs.vfs.ErrnoException what {@link Permissions#checkXattr} refuses, EOPNOTSUPP
   *     for a namespace this inode does not keep, EINVAL for the bare {@code "user."}, ENODATA for
   *     a missing attribute
   */
  public final byte[] getxattr(Credentials c, String name) {
    Permissions.checkXattr(c, mode, uid, gid, name, Permissions.MAY_READ);
    byte[] value = tableFor(name).get(name);
    if (value == null) {
      throw Errno.ENODATA.exception();
    }
    return value;
  }

  /** The names of this inode's extended attributes, in the order Linux's tmpfs lists them. */
  public final List<String> listxattr() {
    XattrTable table = xattrs();
    return table == null ? List.of() : table.names();
  }

  /**
   * Sets the extended attribute {@code name}, as {@code setxattr(2)} once the VFS has checked its
   * arguments, and records the change of the attributes. Nothing changes when it throws.
   *
   * @param flags {@link Xattr#CREATE}, {@link Xattr#REPLACE} or 0
   * @throws dev.jkernfs.vfs.ErrnoException as {@link #getxattr}, EEXIST or ENODATA as the flags
   *     ask, ENOSPC where the filesystem has no room
   */
  public final synchronized void setxattr(Credentials c, String name, byte[] value, int flags) {
    Permissions.checkXattr(c, mode, uid, gid, name, Permissions.MAY_WRITE);
    XattrTable table = tableFor(name);
    boolean exists = table.contains(name);
    if ((flags & Xattr.CREATE) != 0 && exists) {
      throw Errno.EEXIST.exception();
    }
    if ((flags & Xattr.REPLACE) != 0 && !exists) {
      throw Errno.ENODATA.exception();
    }
    replaceXattrsLocked(table, table.with(name, value));
    ctime = fs.changeTime();
  }

  /** Removes the extended attribute {@code name}, as {@code removexattr(2)}; ENODATA if none. */
  public final synchronized void removexattr(Credentials c, String name) {
    Permissions.checkXattr(c, mode, uid, gid, name, Permissions.MAY_WRITE);
    XattrTable table = tableFor(name);
    if (!table.contains(name)) {
      throw Errno.ENODATA.exception();
    }
    replaceXattrsLocked(table, table.without(name));
    ctime = fs.changeTime();
  }

  /**
   * The table that keeps {@code name}: EOPNOTSUPP unless this inode keeps attributes and the name
   * is a {@code user.} one, the only namespace kernfs keeps; EINVAL for {@code "user."} alone.
   */
  private XattrTable tableFor(String name) {
    XattrTable table = xattrs();
    if (table == null || !name.startsWith(Xattr.USER_PREFIX)) {
      throw Errno.EOPNOTSUPP.exception();
    }
    if (name.length() == Xattr.USER_PREFIX.length()) {
      throw Errno.EINVAL.exception();
    }
    return table;
  }

  /**
   * This inode's extended attributes, or null if it keeps none, as files of a filesystem without
   * extended attributes (Linux's procfs): every name is then EOPNOTSUPP and the list is empty.
   * Inodes that keep them override this and {@link #replaceXattrsLocked}.
   */
  protected XattrTable xattrs() {
    return null;
  }

  /**
   * Replaces the table {@link #xattrs()} returned with {@code updated}, charging the difference in
   * size to the filesystem's space if it counts it.
   *
   * <p>Preconditions: this inode's monitor is held; {@code old} is the current table.
   *
   * @throws dev.jkernfs.vfs.ErrnoException ENOSPC, with nothing changed, if there is no room
   */
  protected void replaceXattrsLocked(XattrTable old, XattrTable updated) {
    throw new UnsupportedOperationException("inode " + ino + " keeps no extended attributes");
  }

  /**
   * Puts the attributes back as {@code saved} has them (mode, owner, times), with {@code links}
   * links: for a filesystem that reverts to an earlier state of itself, as memfs does after a
   * simulated power cut. The size and content are the subclass's own.
   */
  public final synchronized void restoreAttributes(Stat saved, long links) {
    if (saved.type() != type()) {
      throw new IllegalArgumentException(
          "inode "
              + ino
              + " is "
              + FileMode.toString(mode)
              + ", not "
              + FileMode.toString(saved.mode()));
    }
    mode = saved.mode();
    uid = saved.uid();
    gid = saved.gid();
    nlink = Math.toIntExact(links);
    atime = saved.atimeNanos();
    mtime = saved.mtimeNanos();
    ctime = saved.ctimeNanos();
    btime = saved.btimeNanos();
  }

  /**
   * Makes the content and attributes durable, as {@code fsync(2)} on an open file does (for a
   * directory: its entries). Nothing to do where every change is durable at once, the default.
   */
  public void sync() {}

  /**
   * Whether the dentry created when this inode is looked up stays in the tree after the operation
   * that looked it up. False for short-lived synthetic entries (a thread's directory), whose
   * dentries are dropped, or parked in the dentry cache, as soon as nothing uses them.
   */
  public boolean keep() {
    return true;
  }

  /**
   * Asked each time a cached dentry of this inode is found by a walk; false makes kernfs drop the
   * dentry and its subtree and look the name up again.
   */
  public boolean valid() {
    return true;
  }

  /** The size {@code stat} reports. */
  public long size() {
    return 0;
  }

  /** The device number of a device node. */
  public long rdev() {
    return 0;
  }

  /** The number of 512-byte blocks the content occupies. */
  public long blocks() {
    return 0;
  }

  public Stat stat() {
    return stat(size(), blocks(), rdev());
  }

  /**
   * Changes attributes. The size is refused here (EINVAL, or EISDIR for a directory); regular files
   * override this to truncate.
   */
  public void setStat(Credentials credentials, SetStat changes) {
    if (changes.has(SetStat.SIZE)) {
      throw (isDirectory() ? Errno.EISDIR : Errno.EINVAL).exception();
    }
    apply(credentials, changes);
  }

  /**
   * Opens this non-directory inode; kernfs has already checked permissions and the open flags
   * against the file type. The default refuses as a device without a driver does.
   */
  public FileDescriptionImpl open(Credentials credentials, OpenOptions options) {
    throw Errno.ENXIO.exception();
  }

  /** A symlink's target; EINVAL for anything else, as {@code readlink(2)}. */
  public String readlink() {
    throw Errno.EINVAL.exception();
  }

  @Override
  protected final void destroy() {
    try {
      release();
    } finally {
      fs.inodeDestroyed(this);
    }
  }

  /** Frees what this inode holds (content, child references) when it dies. */
  protected void release() {}

  @Override
  public String refType() {
    return "inode";
  }

  @Override
  public String leakDescription() {
    return fs.type().name() + " ino=" + ino + " " + FileMode.toString(mode) + " nlink=" + nlink;
  }
}
