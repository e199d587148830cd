package dev.jkernfs.kernfs;

import dev.jkernfs.vfs.Credentials;
import dev.jkernfs.vfs.Errno;
import dev.jkernfs.vfs.ErrnoException;
import dev.jkernfs.vfs.Faults;
import dev.jkernfs.vfs.Permissions;
import dev.jkernfs.vfs.ResolvingPath;
import dev.jkernfs.vfs.SetStat;
import dev.jkernfs.vfs.Stat;

/**
 * Reading and changing one filesystem's attributes: the stat that walks without the tree lock and
 * may be remembered ({@link dev.jkernfs.vfs.PathMemo}), and the attribute changes that keep such
 * walks honest.
 */
final class AttributeOperations {
  private final KernfsFilesystem fs;

  AttributeOperations(KernfsFilesystem fs) {
    this.fs = fs;
  }

  /** The attributes at the path; null for a missing one if {@code missingIsNull}. */
  Stat stat(ResolvingPath rp, boolean missingIsNull) {
    // Most stats name a path whose dentries are all in the tree: walk it without taking mu, which
    // every stat would otherwise write to, and fall back to the locked walk only when a writer
    // came by or the walk needs more.
    long stamp = fs.mu.tryOptimisticRead();
    if (stamp != 0) {
      try {
        Object found = fs.walk.walkCachedOrNull(rp);
        if (found == TreeWalk.MISSING) {
          if (fs.mu.validate(stamp)) {
            if (missingIsNull) {
              return null;
            }
            throw Errno.ENOENT.exception();
          }
        } else if (found != null) {
          // The inode is alive while its dentry is in the tree, which only a writer can change.
          KernfsDentry d = (KernfsDentry) found;
          Stat stat = d.inode.stat();
          if (fs.mu.validate(stamp)) {
            if (fs.walksCanBeRemembered()) {
              rp.rememberWalk(fs, stamp, d);
            }
            return stat;
          }
        }
      } catch (ErrnoException e) {
        if (e.errno() == Errno.ENOENT && fs.mu.validate(stamp)) {
          if (missingIsNull) {
            return null;
          }
          throw e;
        }
      } catch (RuntimeException e) {
        // A torn read; the locked walk gives the real answer.
      }
    }
    fs.mu.lockForReading();
    try {
      return fs.walk.walkExistingLocked(rp).inode.stat();
    } catch (ErrnoException e) {
      if (missingIsNull && e.errno() == Errno.ENOENT) {
        return null;
      }
      throw e;
    } finally {
      fs.mu.unlockForReading();
      fs.drops.processDeferredDecRefs();
    }
  }

  /**
   * The attributes of {@code d}, reached by a walk remembered under {@code stamp}, if the tree's
   * sequence lock says nothing changed since; null otherwise.
   */
  Stat statIfUnchanged(KernfsDentry d, long stamp) {
    try {
      Stat stat = d.inode.stat();
      if (Faults.REMEMBERED_WALK_UNVALIDATED || fs.mu.validate(stamp)) {
        return stat;
      }
    } catch (RuntimeException torn) {
      // A writer freed what the stat read; the stamp no longer validates either.
    }
    return null;
  }

  /** Changes the attributes of the file at the path. */
  void setStat(ResolvingPath rp, SetStat changes) {
    fs.mu.lockForReading();
    try {
      KernfsDentry d = fs.walk.walkExistingLocked(rp);
      if (changes.has(SetStat.SIZE)) {
        d.inode.checkAccess(rp.credentials(), Permissions.MAY_WRITE);
      }
      setStatLocked(d.inode, rp.credentials(), changes);
      fs.notifyModifiedLocked(d);
    } finally {
      fs.mu.unlockForReading();
      fs.drops.processDeferredDecRefs();
    }
  }

  /** Changes the attributes of an open directory, as {@code fchmod} and {@code fchown} do. */
  void setStatOfOpenDirectory(KernfsDentry d, Credentials credentials, SetStat changes) {
    fs.mu.lockForReading();
    try {
      setStatLocked(d.inode, credentials, changes);
    } finally {
      fs.mu.unlockForReading();
      fs.drops.processDeferredDecRefs();
    }
  }

  /**
   * Changes an inode's attributes. A directory's mode and owner decide who may search it, which a
   * walk that took no lock (or was remembered) must not miss, so their change is made inside the
   * tree's sequence lock. Preconditions: the tree lock is held for reading.
   */
  private void setStatLocked(Inode inode, Credentials credentials, SetStat changes) {
    if (inode.isDirectory() && changes.has(SetStat.MODE | SetStat.UID | SetStat.GID)) {
      fs.mu.changeWalkRules(() -> inode.setStat(credentials, changes));
    } else {
      inode.setStat(credentials, changes);
    }
  }
}
