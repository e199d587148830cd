package dev.jkernfs.kernfs;

import dev.jkernfs.refs.RefCounted;
import dev.jkernfs.vfs.Credentials;
import dev.jkernfs.vfs.Errno;
import dev.jkernfs.vfs.FileDescriptionImpl;
import dev.jkernfs.vfs.FileMode;
import dev.jkernfs.vfs.OpenOptions;
import dev.jkernfs.vfs.SetStat;
import dev.jkernfs.vfs.Stat;

/**
 * A file object of a kernfs filesystem, with a lifetime of its own: alive while any dentry,
 * directory or open file holds a reference. Behaviour beyond attributes comes from small pieces: a
 * directory implements {@link Directory}, a symlink overrides {@link #readlink()}, a regular file
 * overrides {@link #open}.
 *
 * <p>Inode implementations never touch the dentry tree; kernfs alone maintains it.
 */
public abstract class Inode extends RefCounted {
  private final KernfsFilesystem fs;
  private final InodeAttrs attrs;

  protected Inode(KernfsFilesystem fs, int mode, int uid, int gid) {
    super(fs.vfs());
    this.fs = fs;
    this.attrs = new InodeAttrs(fs, mode, uid, gid, FileMode.isDirectory(mode) ? 2 : 1);
    fs.inodeCreated();
  }

  public final KernfsFilesystem filesystem() {
    return fs;
  }

  public final InodeAttrs attrs() {
    return attrs;
  }

  /**
   * Whether the dentry created when this inode is looked up stays in the tree after the operation
   * that looked it up. False for short-lived synthetic entries (a thread's directory), whose
   * dentries are dropped, or parked in the dentry cache, as soon as nothing uses them.
   */
  public boolean keep() {
    return true;
  }

  /**
   * Asked each time a cached dentry of this inode is found by a walk; false makes kernfs drop the
   * dentry and its subtree and look the name up again.
   */
  public boolean valid() {
    return true;
  }

  /** The size {@code stat} reports. */
  public long size() {
    return 0;
  }

  /** The device number of a device node. */
  public long rdev() {
    return 0;
  }

  /** The number of 512-byte blocks the content occupies. */
  public long blocks() {
    return 0;
  }

  public Stat stat() {
    return attrs.stat(size(), blocks(), rdev());
  }

  /**
   * Changes attributes. The size is refused here (EINVAL, or EISDIR for a directory); regular files
   * override this to truncate.
   */
  public void setStat(Credentials credentials, SetStat changes) {
    if (changes.has(SetStat.SIZE)) {
      throw (attrs.isDirectory() ? Errno.EISDIR : Errno.EINVAL).exception();
    }
    attrs.apply(credentials, changes);
  }

  /**
   * Opens this non-directory inode; kernfs has already checked permissions and the open flags
   * against the file type. The default refuses as a device without a driver does.
   */
  public FileDescriptionImpl open(Credentials credentials, OpenOptions options) {
    throw Errno.ENXIO.exception();
  }

  /** A symlink's target; EINVAL for anything else, as {@code readlink(2)}. */
  public String readlink() {
    throw Errno.EINVAL.exception();
  }

  @Override
  protected final void destroy() {
    try {
      release();
    } finally {
      fs.inodeDestroyed();
    }
  }

  /** Frees what this inode holds (content, child references) when it dies. */
  protected void release() {}

  @Override
  public String refType() {
    return "inode";
  }

  @Override
  public String leakDescription() {
    return fs.type().name() + " " + attrs;
  }
}
