package dev.jkernfs.kernfs;

import dev.jkernfs.vfs.Credentials;
import dev.jkernfs.vfs.Errno;
import dev.jkernfs.vfs.FileMode;
import dev.jkernfs.vfs.Permissions;
import dev.jkernfs.vfs.SetStat;
import dev.jkernfs.vfs.Stat;
import dev.jkernfs.vfs.TimeSource;

/**
 * The attributes every inode has: number, mode, owner, link count and the four timestamps.
 *
 * <p>Fields are volatile and read without a lock, as Linux's {@code generic_fillattr} does: a stat
 * racing with a chmod may see either mode, never a torn value. Changes are serialized on this
 * object's monitor so that read-modify-write updates (link counts, permission checks) are atomic.
 */
public final class InodeAttrs {
  private final long ino;
  private final long dev;
  private final TimeSource time;
  private volatile int mode;
  private volatile int uid;
  private volatile int gid;
  private volatile long nlink;
  private volatile long atime;
  private volatile long mtime;
  private volatile long ctime;
  private volatile long btime;

  /**
   * Creates the attributes of a new inode, timestamped now.
   *
   * @param mode type and permission bits
   * @param nlink the initial link count (2 for a directory, 1 otherwise, 0 for a file that is
   *     linked later)
   */
  public InodeAttrs(KernfsFilesystem fs, int mode, int uid, int gid, long nlink) {
    this.ino = fs.nextInodeNumber();
    this.dev = fs.deviceNumber();
    this.time = fs.vfs().time();
    this.mode = mode;
    this.uid = uid;
    this.gid = gid;
    this.nlink = nlink;
    long now = time.nowNanos();
    this.atime = now;
    this.mtime = now;
    this.ctime = now;
    this.btime = now;
  }

  public long ino() {
    return ino;
  }

  public int mode() {
    return mode;
  }

  public int type() {
    return FileMode.type(mode);
  }

  public boolean isDirectory() {
    return FileMode.isDirectory(mode);
  }

  public int uid() {
    return uid;
  }

  public int gid() {
    return gid;
  }

  public long nlink() {
    return nlink;
  }

  /** The attributes as {@code stat} reports them, with the inode's own size and device fields. */
  public Stat stat(long size, long blocks, long rdev) {
    return new Stat(
        dev, ino, mode, nlink, uid, gid, rdev, size, blocks, atime, mtime, ctime, btime);
  }

  /**
   * Checks {@code credentials} for the access bits in {@code may}.
   *
   * @throws dev.jkernfs.vfs.ErrnoException EACCES if refused
   */
  public void checkAccess(Credentials credentials, int may) {
    Permissions.checkAccess(credentials, mode, uid, gid, may);
  }

  /**
   * Whether {@code credentials} may search this directory, without throwing. Reads only the mode
   * when everyone may search, as nearly every directory on a walk allows.
   */
  public boolean allowsSearch(Credentials credentials) {
    int m = mode;
    if ((m & FileMode.S_IXUGO) == FileMode.S_IXUGO) {
      return true;
    }
    return Permissions.allows(credentials, m, uid, gid, Permissions.MAY_EXEC);
  }

  /** Whether {@code credentials} have the access bits in {@code may}, without throwing. */
  public boolean allows(Credentials credentials, int may) {
    return Permissions.allows(credentials, mode, uid, gid, may);
  }

  /**
   * Applies the metadata part of {@code changes} (all but the size, which the inode's content
   * handles) after Linux's permission rules.
   */
  public synchronized void apply(Credentials c, SetStat changes) {
    long now = time.nowNanos();
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
  public void touchAccessed() {
    long last = atime;
    if (last <= mtime || last <= ctime) {
      atime = time.nowNanos();
      return;
    }
    long now = time.nowNanos();
    if (now - last >= RELATIME_INTERVAL_NANOS) {
      atime = now;
    }
  }

  private static final long RELATIME_INTERVAL_NANOS = 24L * 3600 * 1_000_000_000L;

  /** Records a change of the content (and so of the attributes). */
  public void touchModified() {
    long now = time.nowNanos();
    mtime = now;
    ctime = now;
  }

  /** Records a change of the attributes only (a link, a rename). */
  public void touchChanged() {
    ctime = time.nowNanos();
  }

  /** Clears setuid, and setgid if group-executable, as Linux does when a non-root user writes. */
  public synchronized void dropSetIdsOnWrite(Credentials c) {
    if (!c.isRoot() && (mode & (FileMode.S_ISUID | FileMode.S_ISGID)) != 0) {
      mode = Permissions.chownClearsSetIds(mode, isDirectory());
      ctime = time.nowNanos();
    }
  }

  public synchronized void incLinks() {
    nlink++;
    ctime = time.nowNanos();
  }

  public synchronized void decLinks() {
    if (nlink == 0) {
      throw new IllegalStateException("link count of inode " + ino + " below zero");
    }
    nlink--;
    ctime = time.nowNanos();
  }

  @Override
  public String toString() {
    return "ino=" + ino + " " + FileMode.toString(mode) + " nlink=" + nlink;
  }
}
