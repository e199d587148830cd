package dev.jkernfs.memfs;

import dev.jkernfs.kernfs.KernfsFilesystem;
import dev.jkernfs.vfs.FileMode;
import dev.jkernfs.vfs.NameFolding;
import dev.jkernfs.vfs.Statfs;
import dev.jkernfs.vfs.VirtualFilesystem;

/** A memfs instance: a kernfs filesystem of memfs inodes sharing one space quota. */
final class MemFilesystem extends KernfsFilesystem {
  final SpaceQuota quota;

  MemFilesystem(
      MemfsType type,
      VirtualFilesystem vfs,
      long maxBytes,
      long maxInodes,
      int cacheLimit,
      NameFolding folding) {
    super(vfs, type, cacheLimit, folding);
    this.quota = new SpaceQuota(maxBytes, maxInodes);
    quota.reserveInode();
    // tmpfs's default root: world-writable with the sticky bit, like /tmp.
    setRoot(new MemDirectory(this, FileMode.S_ISVTX | 0777, 0, 0));
  }

  @Override
  protected Statfs statfs() {
    long maxBytes = quota.maxBytes();
    long maxInodes = quota.maxInodes();
    return new Statfs(
        type().name(),
        maxBytes,
        maxBytes == Long.MAX_VALUE ? Long.MAX_VALUE : maxBytes - quota.usedBytes(),
        maxInodes,
        maxInodes == Long.MAX_VALUE ? Long.MAX_VALUE : maxInodes - quota.usedInodes(),
        PagedContent.PAGE_SIZE);
  }
}
