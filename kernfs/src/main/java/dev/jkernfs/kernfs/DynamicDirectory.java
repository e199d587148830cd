package dev.jkernfs.kernfs;

import dev.jkernfs.vfs.DirEntry;
import dev.jkernfs.vfs.FileDescriptionImpl;
import dev.jkernfs.vfs.FileMode;
import java.util.Iterator;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * A directory whose children are made on demand by a {@link DynamicChildren} and never held, like
 * {@code /proc/<pid>/task}: what is listed and what resolves follow live state, and a walk over a
 * million such children leaves only what the dentry cache keeps. It refuses every change.
 *
 * <p>A listing offset is a child's key plus 2 (0 and 1 are the dot entries). Each listed entry gets
 * a fresh inode number, as in gVisor's procfs: the inode a later lookup makes is new as well.
 */
public final class DynamicDirectory extends Inode implements Directory {
  private final Lifetime lifetime;
  private final DynamicChildren children;

  public DynamicDirectory(
      KernfsFilesystem fs,
      int permissions,
      int uid,
      int gid,
      Lifetime lifetime,
      DynamicChildren children) {
    super(fs, FileMode.S_IFDIR | permissions, uid, gid);
    this.lifetime = Objects.requireNonNull(lifetime, "lifetime");
    this.children = Objects.requireNonNull(children, "children");
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalStateException if this directory is not kept but the child is, which would pin
   *     both forever (see {@link Lifetime})
   */
  @Override
  public Inode lookup(String name) {
    Inode child = children.lookup(name);
    if (child.keep() && !keep()) {
      child.decRef();
      throw new IllegalStateException(
          "child \"" + name + "\" is kept but its directory is not; it would never die");
    }
    return child;
  }

  @Override
  public long iterate(long offset, FileDescriptionImpl.DirSink sink) {
    long resume = Math.max(offset, 2);
    try (Stream<DynamicChildren.Child> listed = children.listFrom(resume - 2)) {
      Iterator<DynamicChildren.Child> it = listed.iterator();
      while (it.hasNext()) {
        DynamicChildren.Child child = it.next();
        long next = child.key() + 3;
        DirEntry entry =
            new DirEntry(child.name(), filesystem().nextInodeNumber(), child.type(), next);
        if (!sink.accept(entry)) {
          return child.key() + 2;
        }
        resume = next;
      }
    }
    return resume;
  }

  @Override
  public boolean hasChildren() {
    try (Stream<DynamicChildren.Child> listed = children.listFrom(0)) {
      return listed.findAny().isPresent();
    }
  }

  @Override
  public boolean keep() {
    return lifetime.keep();
  }

  @Override
  public boolean valid() {
    return lifetime.valid();
  }
}
