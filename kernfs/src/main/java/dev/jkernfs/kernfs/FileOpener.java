package dev.jkernfs.kernfs;

import dev.jkernfs.vfs.DentryWatcher;
import dev.jkernfs.vfs.Errno;
import dev.jkernfs.vfs.FileDescription;
import dev.jkernfs.vfs.FileDescriptionImpl;
import dev.jkernfs.vfs.OpenOptions;
import dev.jkernfs.vfs.Permissions;
import dev.jkernfs.vfs.ResolvingPath;

/**
 * The open operation of one filesystem: it finds the file, or creates it for {@code O_CREAT}, and
 * gives it a file description.
 */
final class FileOpener {
  private final KernfsFilesystem fs;

  FileOpener(KernfsFilesystem fs) {
    this.fs = fs;
  }

  /** Opens (and, if asked, creates) the file at the path. */
  FileDescription open(ResolvingPath rp, OpenOptions options) {
    if (!options.create()) {
      fs.mu.lockForReading();
      try {
        return openExistingLocked(rp, fs.walk.walkExistingLocked(rp), options);
      } finally {
        fs.mu.unlockForReading();
        fs.drops.processDeferredDecRefs();
      }
    }
    fs.mu.lockForWriting();
    try {
      return openOrCreateLocked(rp, options);
    } finally {
      fs.mu.unlockForWriting();
      fs.drops.processDeferredDecRefs();
    }
  }

  /**
   * Opens the file at the path, creating it if it is not there. Preconditions: the tree lock is
   * held for writing.
   */
  private FileDescription openOrCreateLocked(ResolvingPath rp, OpenOptions options) {
    KernfsDentry parent = fs.walk.walkParentDirLocked(rp, (KernfsDentry) rp.start());
    while (true) {
      if (rp.done()) {
        throw Errno.EISDIR.exception(); // open("/", O_CREAT)
      }
      String name = rp.component();
      if (name.equals(".") || name.equals("..")) {
        throw Errno.EISDIR.exception();
      }
      KernfsDentry child = fs.walk.lookupOrNullLocked(parent, name);
      if (child == null) {
        if (rp.mustBeDir()) {
          throw Errno.EISDIR.exception();
        }
        return createAndOpenLocked(rp, parent, name, options);
      }
      if (options.exclusive()) {
        throw Errno.EEXIST.exception();
      }
      rp.checkMount(child);
      if (child.isSymlink() && !options.noFollow()) {
        child.inode.touchAccessed();
        rp.handleSymlink(child.inode.readlink());
        parent = fs.walk.walkParentDirLocked(rp, parent);
        continue;
      }
      rp.advance();
      if (rp.mustBeDir() && !child.isDirectory()) {
        throw Errno.ENOTDIR.exception();
      }
      return openExistingLocked(rp, child, options);
    }
  }

  /**
   * Creates a regular file named {@code name} in {@code parent} and opens it. Preconditions: the
   * tree lock is held for writing; the path's last component is {@code name}.
   */
  private FileDescription createAndOpenLocked(
      ResolvingPath rp, KernfsDentry parent, String name, OpenOptions options) {
    parent.inode.checkAccess(rp.credentials(), Permissions.MAY_WRITE);
    Inode inode =
        ((Directory) parent.inode).newFile(name, rp.credentials(), options.mode() & 07777);
    KernfsDentry child = fs.walk.insertNewChildLocked(parent, name, inode);
    parent.inode.touchModified();
    fs.vfs().notifyChange(parent, name, DentryWatcher.Change.CREATED);
    rp.advance();
    // The creator may write what it created, whatever the new file's mode says.
    return describeLocked(rp, child, inode.open(rp.credentials(), options), options);
  }

  /** Preconditions: the tree lock is held; the walk has consumed every component. */
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
            ? new DirectoryFileDescription(fs, d)
            : d.inode.open(rp.credentials(), options);
    if (options.truncate()) {
      fs.notifyModifiedLocked(d);
    }
    return describeLocked(rp, d, impl, options);
  }

  /** Preconditions: the tree lock is held. */
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
      // The description holds the dentry now, so the walk's reference is not the last: it goes at
      // once. Only when the description failed may it be, and then it waits for the lock's release.
      if (!d.tryDecRefUnlessLast()) {
        fs.drops.deferDecRef(d);
      }
    }
  }
}
