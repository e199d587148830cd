package dev.jkernfs.vfs;

import static dev.jkernfs.vfs.FileMode.S_IALLUGO;
import static dev.jkernfs.vfs.FileMode.S_IFMT;
import static dev.jkernfs.vfs.FileMode.S_IRWXUGO;
import static dev.jkernfs.vfs.FileMode.S_ISGID;
import static dev.jkernfs.vfs.FileMode.S_ISUID;
import static dev.jkernfs.vfs.FileMode.S_ISVTX;
import static dev.jkernfs.vfs.FileMode.S_IXGRP;
import static dev.jkernfs.vfs.FileMode.S_IXUGO;

/**
 * Linux discretionary access control: the checks of {@code generic_permission}, {@code may_delete},
 * {@code setattr_prepare} and {@code inode_init_owner}, on plain mode bits.
 *
 * <p>Each {@code check} method returns normally when the operation is allowed and throws the shared
 * {@link ErrnoException} of the errno Linux returns when it is not. "Root" means uid 0, which here
 * holds every capability that matters ({@code CAP_DAC_OVERRIDE}, {@code CAP_FOWNER}, {@code
 * CAP_CHOWN}, {@code CAP_FSETID}).
 */
public final class Permissions {
  public static final int MAY_READ = 4;
  public static final int MAY_WRITE = 2;
  public static final int MAY_EXEC = 1;

  private Permissions() {}

  /**
   * Checks that {@code c} may read, write and/or execute (search, for a directory) a file, as
   * {@code generic_permission} does.
   *
   * <p>Exactly one class of bits applies: the owner's if {@code c} owns the file, else the group's
   * if {@code c} is in the file's group, else the others'. Linux does not fall through, so an owner
   * without the read bit is refused even when everyone else may read. Root may read and write
   * anything, search any directory, and execute a file only if some execute bit is set.
   *
   * @param mode the file's type and permission bits
   * @param may any combination of {@link #MAY_READ}, {@link #MAY_WRITE} and {@link #MAY_EXEC}
   * @throws ErrnoException EACCES if a requested access is not granted
   */
  public static void checkAccess(Credentials c, int mode, int ownerUid, int ownerGid, int may) {
    if ((may & ~(MAY_READ | MAY_WRITE | MAY_EXEC)) != 0) {
      throw new IllegalArgumentException("not a MAY_* combination: " + may);
    }
    if (!allows(c, mode, ownerUid, ownerGid, may)) {
      throw Errno.EACCES.exception();
    }
  }

  /**
   * Whether {@link #checkAccess} would allow the access, for callers that must not throw (a walk
   * without locks, which leaves refusals to the locked walk). {@code may} is a MAY_* combination.
   */
  public static boolean allows(Credentials c, int mode, int ownerUid, int ownerGid, int may) {
    if (c.isRoot()) {
      return (may & MAY_EXEC) == 0 || FileMode.isDirectory(mode) || (mode & S_IXUGO) != 0;
    }
    int granted;
    if (c.uid() == ownerUid) {
      granted = mode >> 6;
    } else if (c.inGroup(ownerGid)) {
      granted = mode >> 3;
    } else {
      granted = mode;
    }
    return (may & ~granted & 7) == 0;
  }

  /**
   * Checks the sticky-directory rule for removing or renaming away an entry: in a directory with
   * {@code S_ISVTX}, only root, the directory's owner or the entry's owner may do it. The caller
   * still needs write and search permission on the directory, checked separately.
   *
   * @throws ErrnoException EPERM if the sticky bit forbids it
   */
  public static void checkStickyDelete(Credentials c, int dirMode, int dirUid, int victimUid) {
    if ((dirMode & S_ISVTX) == 0 || c.isRoot() || c.uid() == dirUid || c.uid() == victimUid) {
      return;
    }
    throw Errno.EPERM.exception();
  }

  /**
   * Checks that {@code c} may change a file's mode: only its owner and root may.
   *
   * @throws ErrnoException EPERM otherwise
   */
  public static void checkChmod(Credentials c, int fileUid) {
    if (!c.isRoot() && c.uid() != fileUid) {
      throw Errno.EPERM.exception();
    }
  }

  /**
   * Returns a file's mode after an allowed chmod: the old type bits and the requested permission
   * bits, including setuid, setgid and sticky. As on Linux, a caller who is neither root nor in the
   * file's group cannot set setgid, which would let them run code as that group; the bit is dropped
   * silently rather than refused.
   */
  public static int chmodResult(
      Credentials c, int oldMode, int requestedPermissionBits, int fileGid) {
    int permissions = requestedPermissionBits & S_IALLUGO;
    if (!c.isRoot() && !c.inGroup(fileGid)) {
      permissions &= ~S_ISGID;
    }
    return (oldMode & S_IFMT) | permissions;
  }

  /**
   * Checks that {@code c} may change a file's owner and/or group, as {@code chown_ok} and {@code
   * chgrp_ok} do. Root may set any ids. Anyone else may name a new uid only if they own the file
   * and the uid is their own, so no one can give a file away; and may name a new gid only if they
   * own the file and the gid is its current group or one they belong to.
   *
   * @param newUid the requested owner, or -1 to keep it
   * @param newGid the requested group, or -1 to keep it
   * @throws ErrnoException EPERM if a requested change is not allowed
   */
  public static void checkChown(Credentials c, int fileUid, int fileGid, int newUid, int newGid) {
    if (c.isRoot()) {
      return;
    }
    boolean owner = c.uid() == fileUid;
    if (newUid != -1 && !(owner && newUid == fileUid)) {
      throw Errno.EPERM.exception();
    }
    if (newGid != -1 && !(owner && (newGid == fileGid || c.inGroup(newGid)))) {
      throw Errno.EPERM.exception();
    }
  }

  /**
   * Returns a file's mode after a chown, which on Linux clears the set-id bits of a non-directory
   * whoever the caller is, root included, so that a changed owner cannot inherit a privilege. The
   * setgid bit survives when group execute is off, where it has historically marked mandatory
   * locking rather than a privilege.
   */
  public static int chownClearsSetIds(int mode, boolean isDirectory) {
    if (isDirectory) {
      return mode;
    }
    int cleared = mode & ~S_ISUID;
    if ((mode & S_IXGRP) != 0) {
      cleared &= ~S_ISGID;
    }
    return cleared;
  }

  /**
   * Returns the group of a new file: its parent's group if the parent directory has setgid, as
   * shared project directories rely on, and otherwise the creator's primary group.
   */
  public static int newChildGid(Credentials c, int parentMode, int parentGid) {
    return (parentMode & S_ISGID) != 0 ? parentGid : c.gid();
  }

  /**
   * Returns the permission bits (no type bits) of a new file or directory. The umask removes read,
   * write and execute bits only. {@code mkdir} ignores a requested setuid or setgid, and a
   * directory created inside a setgid directory gets setgid so that the inheritance propagates down
   * the tree.
   */
  public static int newChildMode(
      int requestedMode, int umask, boolean isDirectory, int parentMode) {
    int permissions = requestedMode & S_IALLUGO & ~(umask & S_IRWXUGO);
    if (isDirectory) {
      permissions &= S_IRWXUGO | S_ISVTX;
      if ((parentMode & S_ISGID) != 0) {
        permissions |= S_ISGID;
      }
    }
    return permissions;
  }

  /**
   * Checks that {@code c} may change a file's access and modification times, as {@code utimensat}
   * does. The owner and root may set any times. Setting both to the current time, as {@code touch}
   * does, is also allowed to anyone who may write the file.
   *
   * @param settingToNow whether both times are being set to the current time
   * @throws ErrnoException EPERM for explicit times from someone else, EACCES for the current time
   *     from someone else without write permission
   */
  public static void checkUtimes(
      Credentials c, int fileUid, int mode, int fileGid, boolean settingToNow) {
    if (c.isRoot() || c.uid() == fileUid) {
      return;
    }
    if (!settingToNow) {
      throw Errno.EPERM.exception();
    }
    checkAccess(c, mode, fileUid, fileGid, MAY_WRITE);
  }

  /**
   * Checks that {@code c} may read ({@link #MAY_READ}: get) or write ({@link #MAY_WRITE}: set,
   * remove) the extended attribute {@code name} of a file, as Linux's {@code xattr_permission} does
   * before it asks the filesystem:
   *
   * <ul>
   *   <li>{@code security.} and {@code system.}: no check here; the filesystem decides.
   *   <li>{@code trusted.}: root only; anyone else gets EPERM to write, ENODATA to read.
   *   <li>{@code user.}: only regular files and directories have them, so any other file answers
   *       EPERM to a write and ENODATA to a read; in a sticky directory only its owner and root may
   *       write them (EPERM); then the file's permission bits decide, as for any other name.
   * </ul>
   *
   * @param mode the file's type and permission bits
   * @throws ErrnoException EPERM, ENODATA or EACCES as above
   */
  public static void checkXattr(
      Credentials c, int mode, int ownerUid, int ownerGid, String name, int may) {
    if (may != MAY_READ && may != MAY_WRITE) {
      throw new IllegalArgumentException("MAY_READ or MAY_WRITE, not " + may);
    }
    boolean write = may == MAY_WRITE;
    if (name.startsWith(Xattr.SECURITY_PREFIX) || name.startsWith(Xattr.SYSTEM_PREFIX)) {
      return;
    }
    if (name.startsWith(Xattr.TRUSTED_PREFIX)) {
      if (!c.isRoot()) {
        throw (write ? Errno.EPERM : Errno.ENODATA).exception();
      }
      return;
    }
    if (name.startsWith(Xattr.USER_PREFIX)) {
      if (!FileMode.isRegular(mode) && !FileMode.isDirectory(mode)) {
        throw (write ? Errno.EPERM : Errno.ENODATA).exception();
      }
      if (FileMode.isDirectory(mode)
          && (mode & S_ISVTX) != 0
          && write
          && !c.isRoot()
          && c.uid() != ownerUid) {
        throw Errno.EPERM.exception();
      }
    }
    checkAccess(c, mode, ownerUid, ownerGid, may);
  }
}
