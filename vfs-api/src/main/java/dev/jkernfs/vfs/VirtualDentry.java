package dev.jkernfs.vfs;

import java.util.Objects;

/**
 * A position in the mount tree: a dentry as seen through one mount. Holding a virtual dentry means
 * holding a reference on both parts; {@link #incRef} and {@link #decRef} take and drop the pair.
 *
 * @param mount the mount the dentry is seen through
 * @param dentry a dentry of that mount's filesystem
 */
public record VirtualDentry(Mount mount, Dentry dentry) {
  public VirtualDentry {
    Objects.requireNonNull(mount, "mount");
    Objects.requireNonNull(dentry, "dentry");
  }

  public void incRef() {
    mount.incRef();
    dentry.incRef();
  }

  public void decRef() {
    dentry.decRef();
    mount.decRef();
  }

  // Identity, not value, equality: two positions are the same only if both parts are.
  @Override
  public boolean equals(Object other) {
    return other instanceof VirtualDentry that && that.mount == mount && that.dentry == dentry;
  }

  @Override
  public int hashCode() {
    return 31 * System.identityHashCode(mount) + System.identityHashCode(dentry);
  }
}
