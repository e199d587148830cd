package dev.jkernfs.vfs;

import dev.jkernfs.refs.RefCounted;
import dev.jkernfs.refs.RefHolder;
import java.util.function.Consumer;

/**
 * A filesystem attached to the tree: its root dentry seen at a mount point of a parent mount.
 *
 * <p>References: a mount holds its filesystem, its root dentry and, unless it is the namespace
 * root, its parent mount and mount point dentry. The VFS holds one reference on each mount while it
 * is attached; every {@link VirtualDentry} holder (an open file, a walk in progress) holds one
 * more, which is what makes an unmount busy.
 */
public final class Mount extends RefCounted implements RefHolder {
  private final VirtualFilesystem vfs;
  private final Filesystem filesystem;
  private final Dentry root;
  private final Mount parent;
  private final Dentry mountpoint;
  private final String pathAtMount;

  /**
   * Takes over the caller's reference on {@code filesystem} and takes its own on the root and, if
   * given, on the parent mount and mount point.
   */
  Mount(
      VirtualFilesystem vfs,
      Filesystem filesystem,
      Mount parent,
      Dentry mountpoint,
      String pathAtMount) {
    super(vfs);
    this.vfs = vfs;
    this.filesystem = filesystem;
    this.root = filesystem.root();
    this.parent = parent;
    this.mountpoint = mountpoint;
    this.pathAtMount = pathAtMount;
    root.incRef();
    if (parent != null) {
      parent.incRef();
      mountpoint.incRef();
    }
  }

  public Filesystem filesystem() {
    return filesystem;
  }

  /** The root dentry of the mounted filesystem. */
  public Dentry root() {
    return root;
  }

  /** The mount this one sits in, or null for the namespace root. */
  public Mount parent() {
    return parent;
  }

  /** The dentry of the parent mount this one sits on, or null for the namespace root. */
  public Dentry mountpoint() {
    return mountpoint;
  }

  /** Where the mount was made, as an absolute path at that time. */
  public String path() {
    return pathAtMount;
  }

  VirtualFilesystem vfs() {
    return vfs;
  }

  @Override
  protected void destroy() {
    root.decRef();
    filesystem.decRef();
    if (parent != null) {
      mountpoint.decRef();
      parent.decRef();
    }
  }

  @Override
  public String refType() {
    return "mount";
  }

  @Override
  public String leakDescription() {
    return filesystem.type().name() + " at " + pathAtMount;
  }

  @Override
  public String holderDescription() {
    return "mount " + leakDescription();
  }

  @Override
  public void forEachHeldRef(Consumer<RefCounted> sink) {
    sink.accept(filesystem);
    sink.accept(root);
    if (parent != null) {
      sink.accept(parent);
      sink.accept(mountpoint);
    }
  }
}
