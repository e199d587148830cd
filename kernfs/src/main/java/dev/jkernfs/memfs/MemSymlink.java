package dev.jkernfs.memfs;

import dev.jkernfs.kernfs.SymlinkInode;

/** A memfs symlink, which counts against the inode quota. */
final class MemSymlink extends SymlinkInode {
  private final MemFilesystem fs;

  /** Preconditions: the caller has reserved an inode in the quota for this symlink. */
  MemSymlink(MemFilesystem fs, int uid, int gid, String target) {
    super(fs, uid, gid, target);
    this.fs = fs;
  }

  @Override
  protected void release() {
    fs.quota.releaseInode();
  }
}
