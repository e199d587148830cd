package dev.jkernfs.kernfs;

import dev.jkernfs.vfs.Credentials;
import dev.jkernfs.vfs.DirEntry;
import dev.jkernfs.vfs.FileMode;
import dev.jkernfs.vfs.SetStat;
import dev.jkernfs.vfs.Stat;

/**
 * An open kernfs directory: lists {@code .}, {@code ..} and then the directory inode's children at
 * offsets that survive concurrent changes (0 and 1 are the dot entries).
 */
final class DirectoryFileDescription implements dev.jkernfs.vfs.FileDescriptionImpl {
  private final KernfsFilesystem fs;
  private final KernfsDentry dentry;

  DirectoryFileDescription(KernfsFilesystem fs, KernfsDentry dentry) {
    this.fs = fs;
    this.dentry = dentry;
  }

  @Override
  public long readdir(long offset, DirSink sink) {
    long next = offset;
    if (next == 0) {
      if (!sink.accept(new DirEntry(".", dentry.inode.ino(), FileMode.S_IFDIR, 1))) {
        return next;
      }
      next = 1;
    }
    if (next == 1) {
      KernfsDentry parent = (KernfsDentry) fs.parentOf(dentry);
      long parentIno = (parent == null ? dentry : parent).inode.ino();
      if (!sink.accept(new DirEntry("..", parentIno, FileMode.S_IFDIR, 2))) {
        return next;
      }
      next = 2;
    }
    long resumed = ((Directory) dentry.inode).iterate(next, sink);
    dentry.inode.touchAccessed();
    return resumed;
  }

  /**
   * Syncs the directory with the tree lock held for reading, so that the entries it saves are those
   * before or after each create, unlink or rename, never half of a rename.
   */
  @Override
  public void sync() {
    fs.mu.lockForReading();
    try {
      dentry.inode.sync();
    } finally {
      fs.mu.unlockForReading();
      fs.drops.processDeferredDecRefs();
    }
  }

  @Override
  public Stat stat() {
    return dentry.inode.stat();
  }

  @Override
  public void setStat(Credentials credentials, SetStat changes) {
    fs.attributes.setStatOfOpenDirectory(dentry, credentials, changes);
  }
}
