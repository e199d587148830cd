package dev.jkernfs.memfs;

import dev.jkernfs.kernfs.Directory;
import dev.jkernfs.kernfs.Inode;
import dev.jkernfs.kernfs.OrderedChildren;
import dev.jkernfs.kernfs.XattrTable;
import dev.jkernfs.refs.RefCounted;
import dev.jkernfs.refs.RefHolder;
import dev.jkernfs.vfs.Credentials;
import dev.jkernfs.vfs.FileDescriptionImpl;
import dev.jkernfs.vfs.FileMode;
import dev.jkernfs.vfs.Permissions;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** A writable memfs directory: its children in an {@link OrderedChildren} table. */
final class MemDirectory extends Inode implements Directory, RefHolder {
  /** tmpfs counts this many bytes per entry in a directory's size. */
  private static final int BOGO_DIRENT_SIZE = 20;

  private final MemFilesystem fs;
  private final OrderedChildren children;

  // Written under the inode's monitor, read without a lock. It costs a directory nothing: it fills
  // the alignment gap at the end of the object.
  private volatile XattrTable xattrs = XattrTable.EMPTY;

  /** Preconditions: the caller has reserved an inode in the quota for this directory. */
  MemDirectory(MemFilesystem fs, int permissions, int uid, int gid) {
    super(fs, FileMode.S_IFDIR | permissions, uid, gid);
    this.fs = fs;
    this.children = new OrderedChildren(fs.nameFolding());
  }

  @Override
  public Inode lookup(String name) {
    return children.lookup(name);
  }

  @Override
  public boolean mayContain(String name) {
    return children.peek(name) != null;
  }

  @Override
  public String createdName(String name) {
    String created = children.createdName(name);
    return created == null ? name : created;
  }

  @Override
  public long iterate(long offset, FileDescriptionImpl.DirSink sink) {
    return children.iterate(offset, sink);
  }

  @Override
  public boolean hasChildren() {
    return !children.isEmpty();
  }

  @Override
  public long size() {
    return (children.size() + 2L) * BOGO_DIRENT_SIZE;
  }

  @Override
  public Inode newFile(String name, Credentials credentials, int mode) {
    return add(
        name,
        () ->
            new RegularFile(
                fs,
                Permissions.newChildMode(mode, 0, false, mode()),
                credentials.uid(),
                Permissions.newChildGid(credentials, mode(), gid())));
  }

  @Override
  public Inode newDirectory(String name, Credentials credentials, int mode) {
    Inode directory =
        add(
            name,
            () ->
                new MemDirectory(
                    fs,
                    Permissions.newChildMode(mode, 0, true, mode()),
                    credentials.uid(),
                    Permissions.newChildGid(credentials, mode(), gid())));
    incLinks(); // the new directory's ".."
    return directory;
  }

  @Override
  public Inode newSymlink(String name, Credentials credentials, String target) {
    return add(
        name,
        () ->
            new MemSymlink(
                fs,
                credentials.uid(),
                Permissions.newChildGid(credentials, mode(), gid()),
                target));
  }

  @Override
  public Inode newNode(String name, Credentials credentials, int mode, long rdev) {
    return add(
        name,
        () ->
            new SpecialFile(
                fs,
                FileMode.type(mode) | Permissions.newChildMode(mode, 0, false, mode()),
                credentials.uid(),
                Permissions.newChildGid(credentials, mode(), gid()),
                rdev));
  }

  /**
   * Reserves an inode, creates the child and links it in.
   *
   * @return the child with the creation reference, for its dentry
   */
  private Inode add(String name, Supplier<Inode> factory) {
    fs.quota.reserveInode();
    Inode child;
    try {
      child = factory.get();
    } catch (RuntimeException e) {
      fs.quota.releaseInode();
      throw e;
    }
    try {
      children.insert(name, child, false);
    } catch (RuntimeException e) {
      child.decRef();
      throw e;
    }
    return child;
  }

  @Override
  public void newLink(String name, Inode target) {
    children.insert(name, target, false);
    target.incLinks();
  }

  @Override
  public void unlink(String name, Inode child) {
    child.decLinks();
    children.remove(name, child);
    fs.linkDropped(child);
  }

  @Override
  public boolean removesDirectories() {
    return true;
  }

  @Override
  public void rmdir(String name, Inode child) {
    child.decLinks(); // its "." entry
    child.decLinks(); // its name here
    decLinks(); // its ".."
    children.remove(name, child);
    fs.linkDropped(child);
  }

  @Override
  public void rename(
      String oldName, String newName, Inode child, Directory destination, Inode replaced) {
    MemDirectory target = (MemDirectory) destination;
    if (replaced != null) {
      if (replaced.isDirectory()) {
        replaced.decLinks();
        replaced.decLinks();
        target.decLinks();
      } else {
        replaced.decLinks();
      }
    }
    children.move(oldName, newName, child, target.children, replaced);
    if (child.isDirectory() && target != this) {
      decLinks();
      target.incLinks();
    }
    if (replaced != null) {
      fs.linkDropped(replaced);
    }
  }

  /** Saves the entries as they are now, where durability is tracked (fsync of a directory). */
  @Override
  public void sync() {
    if (fs.durable != null) {
      fs.durable.saveDirectory(this, children.snapshot());
    }
  }

  /** The children now, without references. */
  Map<String, Inode> childrenNow() {
    return children.snapshot();
  }

  /**
   * Replaces every child, as a crash does.
   *
   * @return the inodes replaced, whose references the caller must drop
   */
  List<Inode> replaceChildren(Map<String, Inode> entries) {
    return children.replaceAll(entries);
  }

  @Override
  protected XattrTable xattrs() {
    return xattrs;
  }

  @Override
  protected void replaceXattrsLocked(XattrTable old, XattrTable updated) {
    fs.quota.recharge(old.bytes(), updated.bytes());
    xattrs = updated;
  }

  @Override
  protected void release() {
    children.release();
    fs.quota.releaseBytes(xattrs.bytes());
    fs.quota.releaseInode();
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
