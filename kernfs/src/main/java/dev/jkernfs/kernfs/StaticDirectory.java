package dev.jkernfs.kernfs;

import dev.jkernfs.refs.RefCounted;
import dev.jkernfs.refs.RefHolder;
import dev.jkernfs.vfs.FileDescriptionImpl;
import dev.jkernfs.vfs.FileMode;
import java.util.function.Consumer;

/**
 * A directory whose children are fixed when it is built and that refuses new ones, like {@code
 * /proc}'s static entries. Subclasses may add dynamic lookups by overriding {@link #lookup} and
 * {@link #iterate}, falling back to the static children.
 */
public class StaticDirectory extends Inode implements Directory, RefHolder {
  private final OrderedChildren children = new OrderedChildren();

  public StaticDirectory(KernfsFilesystem fs, int permissions, int uid, int gid) {
    super(fs, FileMode.S_IFDIR | permissions, uid, gid);
  }

  /**
   * Adds a static child, taking over the caller's reference on it.
   *
   * @return this directory, for chaining
   */
  public final StaticDirectory add(String name, Inode child) {
    try {
      children.insert(name, child, true);
      if (child.isDirectory()) {
        incLinks();
      }
    } finally {
      child.decRef();
    }
    return this;
  }

  @Override
  public Inode lookup(String name) {
    return children.lookup(name);
  }

  @Override
  public long iterate(long offset, FileDescriptionImpl.DirSink sink) {
    return children.iterate(offset, sink);
  }

  @Override
  public boolean hasChildren() {
    return !children.isEmpty();
  }

  /** The static children, for subclasses that list them along with dynamic ones. */
  protected final OrderedChildren staticChildren() {
    return children;
  }

  @Override
  protected void release() {
    children.release();
  }

  @Override
  public String holderDescription() {
    return "directory inode " + ino();
  }

  @Override
  public void forEachHeldRef(Consumer<RefCounted> sink) {
    children.forEachInode(sink);
  }
}
