package dev.jkernfs.vfs;

import java.lang.ref.WeakReference;

/**
 * Where one path last led, so that asking for its attributes again skips the walk while nothing
 * that could change the answer has changed. A caller keeps one per path object it resolves again
 * and again (the NIO provider keeps one in each absolute {@code Path}) and hands it to {@link
 * VirtualFilesystem#stat(PathOperation, PathMemo)}.
 *
 * <p>A remembered walk is trusted only while two sequence counts it was taken under still hold: the
 * mount table's ({@link MountTable#generation}), which every mount and unmount moves before its
 * change shows, and the filesystem's own ({@link Filesystem#statIfUnchanged}), which kernfs ties to
 * its tree's sequence lock, taken by every change of the tree and of a directory's permissions. So
 * a remembered answer is always one that a walk at the same moment gives, and the memo changes no
 * result, only its cost.
 *
 * <p>The memo holds the dentry weakly and nothing else of the tree: a path object kept in a test's
 * field never keeps a deleted file's content alive. Thread-safe: the remembered walk is an
 * immutable record published through a plain field, which a racing thread either sees whole or not
 * at all, and either way answers correctly.
 */
public final class PathMemo {
  private Walk walk; // benign race: Walk is immutable, its fields final

  /**
   * One remembered walk: whose and from where, under which counts, and the dentry it reached.
   *
   * @param credentials whose permissions the walk checked
   * @param root the root the walk started at
   * @param start where a relative path would have started
   * @param followFinalSymlink whether a symlink in the last component would have been followed
   * @param mountGeneration the mount table's count before the walk
   * @param filesystem the filesystem the walk stayed in
   * @param stamp the filesystem's count the walk validated against
   * @param dentry where the walk ended
   */
  private record Walk(
      Credentials credentials,
      VirtualDentry root,
      VirtualDentry start,
      boolean followFinalSymlink,
      long mountGeneration,
      Filesystem filesystem,
      long stamp,
      WeakReference<Dentry> dentry) {}

  /**
   * The attributes at the end of the remembered walk, if {@code op} asks what it asked and nothing
   * has changed since; null otherwise, and the caller walks.
   */
  Stat statIfUnchanged(MountTable mounts, PathOperation op) {
    Walk remembered = walk;
    if (remembered == null
        || remembered.credentials != op.credentials()
        || remembered.root != op.root()
        || remembered.start != op.start()
        || remembered.followFinalSymlink != op.followFinalSymlink()
        || remembered.mountGeneration != mounts.generation()) {
      return null;
    }
    Dentry dentry = remembered.dentry.get();
    if (dentry == null) {
      return null;
    }
    Stat stat = remembered.filesystem.statIfUnchanged(dentry, remembered.stamp);
    // A mount that began after the first look moved the count before it showed anywhere.
    if (stat == null || remembered.mountGeneration != mounts.generation()) {
      return null;
    }
    return stat;
  }

  /**
   * Remembers that a walk by {@code credentials} from {@code root} (or {@code start}), begun with
   * the mount table at {@code mountGeneration}, ended at {@code dentry} in {@code filesystem},
   * validated against {@code stamp}.
   */
  void remember(
      Credentials credentials,
      VirtualDentry root,
      VirtualDentry start,
      boolean followFinalSymlink,
      long mountGeneration,
      Filesystem filesystem,
      long stamp,
      Dentry dentry) {
    walk =
        new Walk(
            credentials,
            root,
            start,
            followFinalSymlink,
            mountGeneration,
            filesystem,
            stamp,
            new WeakReference<>(dentry));
  }
}
