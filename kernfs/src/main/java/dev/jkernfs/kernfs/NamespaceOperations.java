package dev.jkernfs.kernfs;

import dev.jkernfs.vfs.Credentials;
import dev.jkernfs.vfs.DentryWatcher;
import dev.jkernfs.vfs.Errno;
import dev.jkernfs.vfs.Faults;
import dev.jkernfs.vfs.Permissions;
import dev.jkernfs.vfs.ResolvingPath;
import dev.jkernfs.vfs.VirtualDentry;
import dev.jkernfs.vfs.VirtualFilesystem;

/**
 * The operations that add, remove or move names in one filesystem's dentry tree: mkdir, mknod,
 * symlink, link, unlink, rmdir and rename. Each holds the tree lock for writing throughout.
 */
final class NamespaceOperations {
  private final KernfsFilesystem fs;

  NamespaceOperations(KernfsFilesystem fs) {
    this.fs = fs;
  }

  void mkdir(ResolvingPath rp, int mode) {
    create(rp, (dir, name, credentials) -> dir.newDirectory(name, credentials, mode), true);
  }

  void mknod(ResolvingPath rp, int mode, long rdev) {
    create(rp, (dir, name, credentials) -> dir.newNode(name, credentials, mode, rdev), false);
  }

  void symlink(ResolvingPath rp, String target) {
    create(rp, (dir, name, credentials) -> dir.newSymlink(name, credentials, target), false);
  }

  /** Creates an inode with {@code factory} at the path's last component. */
  private void create(ResolvingPath rp, InodeFactory factory, boolean isDirectory) {
    fs.mu.lockForWriting();
    try {
      KernfsDentry parent = fs.walk.walkParentDirLocked(rp, (KernfsDentry) rp.start());
      String name = finalNameForCreate(rp);
      if (fs.walk.lookupOrNullLocked(parent, name) != null) {
        throw Errno.EEXIST.exception();
      }
      if (rp.mustBeDir() && !isDirectory) {
        throw Errno.ENOENT.exception();
      }
      parent.inode.checkAccess(rp.credentials(), Permissions.MAY_WRITE);
      Inode inode = factory.create(directoryOf(parent), name, rp.credentials());
      fs.walk.insertNewChildLocked(parent, name, inode);
      parent.inode.touchModified();
      vfs().notifyChange(parent, name, DentryWatcher.Change.CREATED);
    } finally {
      fs.mu.unlockForWriting();
      fs.drops.processDeferredDecRefs();
    }
  }

  @FunctionalInterface
  private interface InodeFactory {
    Inode create(Directory directory, String name, Credentials credentials);
  }

  void link(ResolvingPath rp, VirtualDentry target) {
    fs.mu.lockForWriting();
    try {
      KernfsDentry parent = fs.walk.walkParentDirLocked(rp, (KernfsDentry) rp.start());
      String name = finalNameForCreate(rp);
      // linkat(2)'s order: the new name first (filename_create), then the mounts, then
      // vfs_link's may_create, directory and nlink checks.
      if (fs.walk.lookupOrNullLocked(parent, name) != null) {
        throw Errno.EEXIST.exception();
      }
      if (rp.mustBeDir()) {
        throw Errno.ENOENT.exception();
      }
      if (target.mount() != rp.mount()) {
        throw Errno.EXDEV.exception();
      }
      parent.inode.checkAccess(rp.credentials(), Permissions.MAY_WRITE);
      KernfsDentry source = (KernfsDentry) target.dentry();
      if (source.isDirectory()) {
        throw Errno.EPERM.exception();
      }
      if (source.inode.nlink() == 0) {
        throw Errno.ENOENT.exception(); // linking a deleted file back in is refused
      }
      directoryOf(parent).newLink(name, source.inode);
      source.inode.incRef(); // for the new dentry
      fs.walk.insertNewChildLocked(parent, name, source.inode);
      parent.inode.touchModified();
      vfs().notifyChange(parent, name, DentryWatcher.Change.CREATED);
    } finally {
      fs.mu.unlockForWriting();
      fs.drops.processDeferredDecRefs();
    }
  }

  void unlink(ResolvingPath rp) {
    fs.mu.lockForWriting();
    try {
      KernfsDentry parent = fs.walk.walkParentDirLocked(rp, (KernfsDentry) rp.start());
      if (rp.done()) {
        throw Errno.EISDIR.exception();
      }
      String name = rp.component();
      if (name.equals(".") || name.equals("..")) {
        throw Errno.EISDIR.exception();
      }
      KernfsDentry child = fs.walk.revalidateChildLocked(parent, name);
      // unlinkat(2)'s order: a trailing slash first, then may_delete's permission and sticky
      // checks, then the type.
      if (rp.mustBeDir()) {
        throw (child.isDirectory() ? Errno.EISDIR : Errno.ENOTDIR).exception();
      }
      checkDeleteLocked(rp.credentials(), parent, child);
      if (child.isDirectory()) {
        throw Errno.EISDIR.exception();
      }
      removeChildLocked(parent, child, () -> directoryOf(parent).unlink(name, child.inode));
    } finally {
      fs.mu.unlockForWriting();
      fs.drops.processDeferredDecRefs();
    }
  }

  void rmdir(ResolvingPath rp) {
    KernfsDentry gone = null;
    fs.mu.lockForWriting();
    try {
      KernfsDentry parent = fs.walk.walkParentDirLocked(rp, (KernfsDentry) rp.start());
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
      KernfsDentry child = fs.walk.revalidateChildLocked(parent, name);
      // rmdir(2)'s order: may_delete's permission, sticky and type checks, then whether the
      // parent can remove directories at all, then whether something is mounted there, and last
      // whether it is empty.
      checkDeleteLocked(rp.credentials(), parent, child);
      if (!child.isDirectory()) {
        throw Errno.ENOTDIR.exception();
      }
      if (!directoryOf(parent).removesDirectories()) {
        throw Errno.EPERM.exception();
      }
      removeChildLocked(
          parent,
          child,
          () -> {
            if (((Directory) child.inode).hasChildren()) {
              throw Errno.ENOTEMPTY.exception();
            }
            directoryOf(parent).rmdir(name, child.inode);
          });
      gone = child;
    } finally {
      fs.mu.unlockForWriting();
      // A watcher told of its directory's end drops its reference on it: not under our lock.
      if (gone != null) {
        vfs().notifyGone(gone);
      }
      fs.drops.processDeferredDecRefs();
    }
  }

  /**
   * Moves {@code oldName} in the directory at {@code oldParentPosition} to the path's last
   * component, replacing what is there unless {@code noReplace}.
   */
  void rename(
      ResolvingPath rp, VirtualDentry oldParentPosition, String oldName, boolean noReplace) {
    KernfsDentry gone = null;
    if (Faults.RENAME_SKIPS_SEQUENCE_LOCK) {
      fs.mu.lockForWritingUnsequenced();
    } else {
      fs.mu.lockForWriting();
    }
    try {
      KernfsDentry newParent = fs.walk.walkParentDirLocked(rp, (KernfsDentry) rp.start());
      String newName = finalNameForRename(rp, noReplace);
      KernfsDentry oldParent = renameSourceParentLocked(rp, oldParentPosition);
      KernfsDentry moved = fs.walk.revalidateChildLocked(oldParent, oldName);
      KernfsDentry replaced = fs.walk.lookupOrNullLocked(newParent, newName);
      if (rp.mustBeDir() && !moved.isDirectory()) {
        throw Errno.ENOTDIR.exception();
      }
      if (replaced == moved && !newName.equals(moved.name())) {
        // Another spelling of the moved name, in a filesystem that folds names: a change of how
        // the name is written, as rename(2) makes it on NTFS and APFS.
        replaced = null;
      } else if (replaced == moved || (replaced != null && replaced.inode == moved.inode)) {
        return; // POSIX: renaming a file onto itself (or another link to it) does nothing
      }
      checkNotIntoItselfLocked(moved, newParent);
      if (replaced != null) {
        checkNotOntoAnAncestorLocked(moved, replaced);
        if (noReplace) {
          throw Errno.EEXIST.exception();
        }
      }
      checkRenamePermissionsLocked(rp.credentials(), oldParent, moved, newParent, replaced);
      if (replaced != null
          && replaced.isDirectory()
          && ((Directory) replaced.inode).hasChildren()) {
        throw Errno.ENOTEMPTY.exception(); // last, as the filesystem's own rename finds it
      }
      if (moved.isMountPoint()) {
        throw Errno.EBUSY.exception();
      }
      renameInodesLocked(oldParent, oldName, moved, newParent, newName, replaced);
      if (replaced != null) {
        gone = dropReplacedLocked(replaced);
      }
      String movedName = moved.name(); // as created: oldName may spell it otherwise
      moveDentryLocked(moved, oldParent, newParent, newName);
      oldParent.inode.touchModified();
      newParent.inode.touchModified();
      // tmpfs stamps the moved file after both directories, which share one time.
      moved.inode.touchChangedAtItsOwnTime();
      vfs().notifyChange(oldParent, movedName, DentryWatcher.Change.DELETED);
      vfs().notifyChange(newParent, newName, DentryWatcher.Change.CREATED);
    } finally {
      if (Faults.RENAME_SKIPS_SEQUENCE_LOCK) {
        fs.mu.unlockForWritingUnsequenced();
      } else {
        fs.mu.unlockForWriting();
      }
      if (gone != null) {
        vfs().notifyGone(gone);
      }
      fs.drops.processDeferredDecRefs();
    }
  }

  /** The last component of a rename's target path. */
  private static String finalNameForRename(ResolvingPath rp, boolean noReplace) {
    if (rp.done()) {
      throw Errno.EBUSY.exception();
    }
    String name = rp.component();
    if (name.equals(".") || name.equals("..")) {
      throw (noReplace ? Errno.EEXIST : Errno.EBUSY).exception();
    }
    return name;
  }

  /**
   * The directory a rename moves from, which must be on the target's mount, still in the tree and
   * searchable. Preconditions: the tree lock is held for writing.
   */
  private static KernfsDentry renameSourceParentLocked(
      ResolvingPath rp, VirtualDentry oldParentPosition) {
    if (oldParentPosition.mount() != rp.mount()) {
      throw Errno.EXDEV.exception();
    }
    KernfsDentry oldParent = (KernfsDentry) oldParentPosition.dentry();
    if (oldParent.isDetached()) {
      throw Errno.ENOENT.exception();
    }
    oldParent.inode.checkAccess(rp.credentials(), Permissions.MAY_EXEC);
    return oldParent;
  }

  /**
   * Refuses to move a directory into its own subtree. Preconditions: the tree lock is held for
   * writing.
   */
  private static void checkNotIntoItselfLocked(KernfsDentry moved, KernfsDentry newParent) {
    if (!moved.isDirectory()) {
      return;
    }
    for (KernfsDentry up = newParent; up != null; up = up.parentLocked()) {
      if (up == moved) {
        throw Errno.EINVAL.exception();
      }
    }
  }

  /**
   * Refuses to move a file onto a directory above it, with ENOTEMPTY as renameat2(2) does before it
   * compares their types. Preconditions: the tree lock is held for writing.
   */
  private static void checkNotOntoAnAncestorLocked(KernfsDentry moved, KernfsDentry replaced) {
    for (KernfsDentry up = moved.parentLocked(); up != null; up = up.parentLocked()) {
      if (up == replaced) {
        throw Errno.ENOTEMPTY.exception();
      }
    }
  }

  /** Whether {@code moved} may take the place of {@code replaced}: the same kind of file. */
  private static void checkReplaceableType(KernfsDentry moved, KernfsDentry replaced) {
    if (moved.isDirectory() && !replaced.isDirectory()) {
      throw Errno.ENOTDIR.exception();
    }
    if (!moved.isDirectory() && replaced.isDirectory()) {
      throw Errno.EISDIR.exception();
    }
  }

  /**
   * Deletion rights in both directories (creation rights in the new one if nothing is replaced),
   * and write access to a directory whose ".." changes. Preconditions: the tree lock is held for
   * writing.
   */
  private static void checkRenamePermissionsLocked(
      Credentials credentials,
      KernfsDentry oldParent,
      KernfsDentry moved,
      KernfsDentry newParent,
      KernfsDentry replaced) {
    // vfs_rename's order: may_delete of the source, may_delete of the target (with its type
    // check) or may_create, then write access to a directory whose ".." changes.
    checkDeleteLocked(credentials, oldParent, moved);
    if (replaced != null) {
      checkDeleteLocked(credentials, newParent, replaced);
      checkReplaceableType(moved, replaced);
    } else {
      newParent.inode.checkAccess(credentials, Permissions.MAY_WRITE);
    }
    if (moved.isDirectory() && oldParent != newParent) {
      moved.inode.checkAccess(credentials, Permissions.MAY_WRITE);
    }
  }

  /**
   * Has the directory inodes move the name, with the mount table locked for the deletion of {@code
   * replaced} if there is one. On success that lock is still held, for {@link #dropReplacedLocked}
   * to release. Preconditions: the tree lock is held for writing.
   */
  private void renameInodesLocked(
      KernfsDentry oldParent,
      String oldName,
      KernfsDentry moved,
      KernfsDentry newParent,
      String newName,
      KernfsDentry replaced) {
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
  }

  /**
   * Takes the dentry a rename replaced out of the tree and unlocks the mount table. Preconditions:
   * the tree lock is held for writing.
   *
   * @return {@code replaced} if it was a directory, whose watchers must hear of its end; else null
   */
  private KernfsDentry dropReplacedLocked(KernfsDentry replaced) {
    vfs().commitDelete(replaced);
    if (Faults.RENAME_VICTIM_KEPT) {
      replaced.detachLocked();
    } else {
      fs.removeFromTreeLocked(replaced);
    }
    return replaced.isDirectory() ? replaced : null;
  }

  /**
   * Relinks the moved dentry under its new name, moving its reference from the old parent to the
   * new. Preconditions: the tree lock is held for writing.
   */
  private void moveDentryLocked(
      KernfsDentry moved, KernfsDentry oldParent, KernfsDentry newParent, String newName) {
    moved.detachLocked();
    if (oldParent != newParent) {
      newParent.incRefLocked();
      fs.drops.deferDecRef(oldParent);
    }
    moved.moveLocked(newParent, newName);
    if (newParent.insertChildLocked(newName, moved) != moved) {
      throw new IllegalStateException("rename target reappeared: " + newName);
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

  /**
   * Write and search on the directory, and the sticky-bit rule. Preconditions: the tree lock is
   * held.
   */
  /**
   * Takes {@code child} out of {@code parent} once {@code removal} (the directory's own unlink or
   * rmdir, which may refuse) has run, with the mount table locked against a mount on it meanwhile.
   * Preconditions: the tree lock is held for writing; every permission and type check has passed.
   */
  private void removeChildLocked(KernfsDentry parent, KernfsDentry child, Runnable removal) {
    vfs().prepareDelete(child);
    try {
      removal.run();
    } catch (RuntimeException e) {
      vfs().abortDelete();
      throw e;
    }
    vfs().commitDelete(child);
    fs.removeFromTreeLocked(child);
    parent.inode.touchModified();
    // The name as created, which the caller's may spell otherwise in a filesystem that folds names.
    vfs().notifyChange(parent, child.name(), DentryWatcher.Change.DELETED);
  }

  private static void checkDeleteLocked(
      Credentials credentials, KernfsDentry parent, KernfsDentry victim) {
    Inode dir = parent.inode;
    dir.checkAccess(credentials, Permissions.MAY_WRITE | Permissions.MAY_EXEC);
    Permissions.checkStickyDelete(credentials, dir.mode(), dir.uid(), victim.inode.uid());
  }

  private VirtualFilesystem vfs() {
    return fs.vfs();
  }
}
