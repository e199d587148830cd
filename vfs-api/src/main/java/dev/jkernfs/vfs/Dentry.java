package dev.jkernfs.vfs;

import dev.jkernfs.refs.RefCounted;

/**
 * The VFS's view of a dentry: a reference-counted named position in one filesystem's tree, which
 * mounts can sit on. Filesystem implementations extend it with their own tree structure.
 */
public abstract class Dentry extends RefCounted {
  // Both guarded by MountTable.lock; `mounted` is also read without it on walks. How
  // many mounts sit here the VFS counts itself: few dentries are mount points, and every file has
  // a dentry.
  private volatile boolean mounted;
  private boolean dead;

  protected Dentry(Object owner) {
    super(owner);
  }

  /** The filesystem this dentry belongs to. */
  public abstract Filesystem filesystem();

  /** Whether some mount sits on this dentry (in any mount namespace of its VFS). */
  public final boolean isMountPoint() {
    return mounted;
  }

  /**
   * Preconditions: the VFS mount lock is held.
   *
   * @return whether the dentry has been deleted and so can no longer be mounted on
   */
  final boolean isDeadLocked() {
    return dead;
  }

  /** Preconditions: the VFS mount lock is held. */
  final void markDeadLocked() {
    dead = true;
  }

  /** Preconditions: the VFS mount lock is held. */
  final void setMountedLocked(boolean isMounted) {
    mounted = isMounted;
  }
}
