package dev.jkernfs.memfs;

import dev.jkernfs.kernfs.Inode;

/**
 * A FIFO, socket or device node: metadata only, as on tmpfs. Opening one fails with ENXIO, since no
 * pipe, socket or driver stands behind it.
 */
final class SpecialFile extends Inode {
  private final MemFilesystem fs;
  private final long rdev;

  /** Preconditions: the caller has reserved an inode in the quota for this node. */
  SpecialFile(MemFilesystem fs, int mode, int uid, int gid, long rdev) {
    super(fs, mode, uid, gid);
    this.fs = fs;
    this.rdev = rdev;
  }

  @Override
  public long rdev() {
    return rdev;
  }

  @Override
  protected void release() {
    fs.quota.releaseInode();
  }
}
