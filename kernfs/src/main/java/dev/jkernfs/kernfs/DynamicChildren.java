package dev.jkernfs.kernfs;

import java.util.stream.Stream;

/**
 * Where a {@link DynamicDirectory}'s children come from: made on each lookup rather than held, and
 * listed in the order of a numeric key that each child keeps for as long as it exists (a thread id,
 * a serial number), so that a listing resumed at an offset neither repeats nor skips the children
 * that stayed.
 */
public interface DynamicChildren {
  /**
   * Makes the child named {@code name}.
   *
   * @return a new inode with one reference, which the new dentry takes over
   * @throws dev.jkernfs.vfs.ErrnoException ENOENT if there is no such child now
   */
  Inode lookup(String name);

  /**
   * The children whose key is at least {@code fromKey}, in increasing key order. Called with no
   * filesystem lock held.
   */
  Stream<Child> listFrom(long fromKey);

  /**
   * One child as a listing shows it.
   *
   * @param key its place in the order: non-negative, below {@code Long.MAX_VALUE - 2}, unique in
   *     the directory and unchanged while the child exists
   * @param name its name
   * @param type its file type bits ({@link dev.jkernfs.vfs.FileMode#S_IFREG}, ...)
   */
  record Child(long key, String name, int type) {}
}
