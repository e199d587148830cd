package dev.jkernfs.kernfs;

import dev.jkernfs.vfs.Credentials;
import dev.jkernfs.vfs.DirEntry;
import dev.jkernfs.vfs.Errno;
import dev.jkernfs.vfs.FileDescriptionImpl;

/**
 * The directory behaviour of an inode: looking up, listing and changing children. Kernfs calls
 * these with the permission, emptiness and type checks already done, and keeps its dentry tree in
 * step with what they return.
 *
 * <p>The changing operations default to refusing with EPERM, as a directory with no new children
 * does ({@code /proc}); writable directories override them.
 */
public interface Directory {
  /**
   * Looks up a child.
   *
   * @return the child with a new reference, which the new dentry takes over
   * @throws dev.jkernfs.vfs.ErrnoException ENOENT if there is none
   */
  Inode lookup(String name);

  /**
   * Whether a {@link #lookup} of {@code name} might find a child: false only if it would surely
   * fail with ENOENT. Must not block or change anything; kernfs asks it on walks that hold no lock,
   * to answer for a missing name without taking one. The default always says it might.
   */
  default boolean mayContain(String name) {
    return true;
  }

  /**
   * The name as created of the child that a {@link #lookup} of {@code name} finds: {@code name}
   * itself unless the filesystem folds names ({@link KernfsFilesystem#nameFolding()}), when another
   * spelling may find it. Asked with the tree lock held, right after a lookup that found the child.
   */
  default String createdName(String name) {
    return name;
  }

  /**
   * Lists children (not {@code .} and {@code ..}) from {@code offset}, which is 2 for the start and
   * otherwise a {@link DirEntry#nextOffset()} this directory returned, passing each to {@code sink}
   * until it returns false.
   *
   * @return the offset to continue from
   */
  long iterate(long offset, FileDescriptionImpl.DirSink sink);

  /** Whether the directory has any child; rmdir refuses a directory that has. */
  boolean hasChildren();

  /** Creates a regular file; returns it with a reference for its dentry. */
  default Inode newFile(String name, Credentials credentials, int mode) {
    throw Errno.EPERM.exception();
  }

  /** Creates a directory; returns it with a reference for its dentry. */
  default Inode newDirectory(String name, Credentials credentials, int mode) {
    throw Errno.EPERM.exception();
  }

  /** Creates a symlink; returns it with a reference for its dentry. */
  default Inode newSymlink(String name, Credentials credentials, String target) {
    throw Errno.EPERM.exception();
  }

  /** Creates a FIFO, socket or device node; returns it with a reference for its dentry. */
  default Inode newNode(String name, Credentials credentials, int mode, long rdev) {
    throw Errno.EPERM.exception();
  }

  /** Adds a hard link to {@code target}, which is not a directory. */
  default void newLink(String name, Inode target) {
    throw Errno.EPERM.exception();
  }

  /** Removes the non-directory {@code child}. */
  default void unlink(String name, Inode child) {
    throw Errno.EPERM.exception();
  }

  /**
   * Whether {@link #rmdir} can remove anything. Linux refuses rmdir in a directory without an rmdir
   * operation with EPERM, before it asks whether the victim is mounted on or empty; directories
   * that override {@link #rmdir} answer true.
   */
  default boolean removesDirectories() {
    return false;
  }

  /** Removes the empty directory {@code child}. */
  default void rmdir(String name, Inode child) {
    throw Errno.EPERM.exception();
  }

  /**
   * Moves {@code child} from {@code oldName} here to {@code newName} in {@code destination},
   * replacing {@code replaced} there if not null (kernfs has checked that the replacement is
   * allowed).
   */
  default void rename(
      String oldName, String newName, Inode child, Directory destination, Inode replaced) {
    throw Errno.EPERM.exception();
  }
}
