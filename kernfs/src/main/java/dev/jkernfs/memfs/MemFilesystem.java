package dev.jkernfs.memfs;

import dev.jkernfs.kernfs.Inode;
import dev.jkernfs.kernfs.KernfsFilesystem;
import dev.jkernfs.vfs.FileMode;
import dev.jkernfs.vfs.NameFolding;
import dev.jkernfs.vfs.Statfs;
import dev.jkernfs.vfs.VirtualFilesystem;
import java.util.OptionalLong;

/** A memfs instance: a kernfs filesystem of memfs inodes sharing one space quota. */
final class MemFilesystem extends KernfsFilesystem {
  final SpaceQuota quota;

  /** Freed pages kept for later writes; never used where durability is tracked. */
  final PagePool pagePool;

  /**
   * What fsync made durable, for a simulated power cut; null where every change is durable as soon
   * as it is made (durability {@code immediate}), which then costs nothing.
   */
  final DurableImage durable;

  private final MemDirectory rootDirectory;

  MemFilesystem(
      MemfsType type,
      VirtualFilesystem vfs,
      long maxBytes,
      long maxInodes,
      int cacheLimit,
      boolean tracksDurability,
      NameFolding folding,
      long pagePoolBytes) {
    super(vfs, type, cacheLimit, folding);
    this.quota = new SpaceQuota(maxBytes, maxInodes);
    quota.reserveInode();
    // tmpfs's default root: world-writable with the sticky bit, like /tmp.
    rootDirectory = new MemDirectory(this, FileMode.S_ISVTX | 0777, 0, 0);
    setRoot(rootDirectory);
    durable = tracksDurability ? new DurableImage(this, rootDirectory) : null;
    // A synced snapshot shares pages with the live files, so none may be handed to another file.
    pagePool = tracksDurability ? PagePool.NONE : new PagePool(pagePoolBytes);
  }

  /** New content for a regular file: copy-on-write where durability is tracked. */
  PagedContent newContent() {
    return durable == null ? new PagedContent(quota, pagePool) : new CopyOnWriteContent(quota);
  }

  /** Tells the durable image that {@code inode} lost a link, which may leave it unreachable. */
  void linkDropped(Inode inode) {
    if (durable != null) {
      durable.linkDropped(inode);
    }
  }

  /**
   * Makes every file and directory durable, as {@code sync(2)}. Preconditions: {@link #durable}.
   */
  void syncAll() {
    durable.saveEverything(rootDirectory);
  }

  /**
   * Reverts to what fsync made durable, as a power cut and a remount do. Preconditions: {@link
   * #durable}; no file of this filesystem is open.
   */
  void crash(OptionalLong seed) {
    rewriteDirectories(() -> durable.revertLocked(seed));
  }

  @Override
  protected void destroy() {
    try {
      super.destroy();
    } finally {
      pagePool.clear();
      if (durable != null) {
        durable.release();
      }
    }
  }

  /** Every memfs inode is valid for as long as its dentry is in the tree. */
  @Override
  protected boolean walksCanBeRemembered() {
    return true;
  }

  @Override
  public boolean storesUserXattrs() {
    return true;
  }

  @Override
  protected Statfs statfs() {
    long maxBytes = quota.maxBytes();
    long maxInodes = quota.maxInodes();
    return new Statfs(
        type().name(),
        maxBytes,
        // A crash may bring back more than the limit (reserveBytesPastLimit): then none is free.
        maxBytes == Long.MAX_VALUE ? Long.MAX_VALUE : Math.max(0, maxBytes - quota.usedBytes()),
        maxInodes,
        maxInodes == Long.MAX_VALUE ? Long.MAX_VALUE : maxInodes - quota.usedInodes(),
        PagedContent.PAGE_SIZE);
  }
}
