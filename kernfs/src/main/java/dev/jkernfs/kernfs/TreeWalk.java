package dev.jkernfs.kernfs;

import dev.jkernfs.vfs.Credentials;
import dev.jkernfs.vfs.Errno;
import dev.jkernfs.vfs.ErrnoException;
import dev.jkernfs.vfs.Faults;
import dev.jkernfs.vfs.NameFolding;
import dev.jkernfs.vfs.Permissions;
import dev.jkernfs.vfs.ResolvingPath;

/**
 * The walks of path components through one filesystem's dentry tree: under the tree lock, creating
 * dentries for what directory inodes look up, or without any lock through dentries already there.
 */
final class TreeWalk {
  private final KernfsFilesystem fs;

  TreeWalk(KernfsFilesystem fs) {
    this.fs = fs;
  }

  /**
   * Returns the child of {@code parent} named {@code name}: the cached dentry if still valid, else
   * a new dentry for what the directory inode looks up. A new dentry of an inode that is not kept
   * lives only until the end of the operation unless someone takes a reference. Preconditions: the
   * tree lock is held; {@code parent} is a directory.
   *
   * @throws ErrnoException ENOENT if there is no such child
   */
  KernfsDentry revalidateChildLocked(KernfsDentry parent, String name) {
    KernfsDentry child = parent.childLocked(name);
    if (child != null) {
      if (child.inode.valid()) {
        if (Faults.CACHED_LOOKUP_EXTRA_REF && child.refCount() == 0) {
          child.incRefLocked();
        }
        return child;
      }
      fs.removeFromTreeLocked(child);
    }
    Directory directory = (Directory) parent.inode;
    Inode inode = directory.lookup(name);
    // The dentry carries the name as created, which paths of it and events about it show.
    return insertNewChildLocked(
        parent, fs.folding == NameFolding.IDENTITY ? name : directory.createdName(name), inode);
  }

  /**
   * Creates a dentry for {@code inode}, taking over the caller's reference, and links it under
   * {@code parent}. Preconditions: the tree lock is held.
   */
  KernfsDentry insertNewChildLocked(KernfsDentry parent, String name, Inode inode) {
    KernfsDentry child = new KernfsDentry(fs, name, inode);
    parent.incRefLocked(); // owned by the child, dropped when it is destroyed
    KernfsDentry winner = parent.insertChildLocked(name, child);
    if (winner != child) {
      // Another walk inserted the same name first; ours was never in the tree and dies with
      // this operation.
      child.detachLocked();
      fs.drops.deferDecRef(child);
      return winner;
    }
    if (inode.keep()) {
      child.pin(); // the creation reference becomes the tree's
    } else if (!Faults.DYNAMIC_DENTRY_NOT_DROPPED) {
      fs.drops.deferDecRef(child);
    }
    return child;
  }

  /**
   * Resolves the current component from {@code d} and returns where the walk is then.
   * Preconditions: the tree lock is held.
   */
  private KernfsDentry stepLocked(ResolvingPath rp, KernfsDentry d) {
    if (!d.isDirectory()) {
      throw Errno.ENOTDIR.exception();
    }
    d.inode.checkAccess(rp.credentials(), Permissions.MAY_EXEC);
    String name = rp.component();
    if (name.equals(".")) {
      rp.advance();
      return d;
    }
    if (name.equals("..")) {
      KernfsDentry parent = d.parentLocked();
      if (rp.handleDotDot(d) || parent == null) {
        rp.advance();
        return d;
      }
      rp.checkMount(parent);
      rp.advance();
      return parent;
    }
    KernfsDentry next = revalidateChildLocked(d, name);
    rp.checkMount(next);
    if (next.isSymlink() && rp.shouldFollowSymlink()) {
      next.inode.touchAccessed(); // following a link reads it, as Linux's relatime counts
      rp.handleSymlink(next.inode.readlink());
      return d;
    }
    rp.advance();
    return next;
  }

  /** Walks every remaining component. Preconditions: the tree lock is held. */
  KernfsDentry walkExistingLocked(ResolvingPath rp) {
    KernfsDentry d = (KernfsDentry) rp.start();
    while (!rp.done()) {
      d = stepLocked(rp, d);
    }
    if (rp.mustBeDir() && !d.isDirectory()) {
      throw Errno.ENOTDIR.exception();
    }
    return d;
  }

  /**
   * What {@link #walkCachedOrNull} returns for a name that is not there: no exception to unwind.
   */
  static final Object MISSING = new Object();

  /**
   * Walks every remaining component without a lock, through dentries already in the tree, and
   * returns where it ends, leaving {@code rp} where it was. Returns null wherever the walk needs
   * more than a look at the tree (a name not cached, {@code .} or {@code ..}, a mount point, a
   * symlink to follow, a refused search, a cached dentry to revalidate against a dynamic inode), so
   * that the caller walks again under the tree lock. Anything read here may be torn by a writer:
   * the caller trusts the result only if a {@link TreeLock#tryOptimisticRead} stamp taken before
   * still validates.
   *
   * @return the dentry reached; {@link #MISSING} when a directory's inode says that it has no such
   *     child, as trustworthy as a dentry; or null
   */
  Object walkCachedOrNull(ResolvingPath rp) {
    if (Faults.CACHED_LOOKUP_EXTRA_REF) {
      return null;
    }
    KernfsDentry d = (KernfsDentry) rp.start();
    Credentials credentials = rp.credentials();
    int count = rp.remaining();
    for (int i = 0; i < count; i++) {
      if (!d.isDirectory() || !d.inode.allowsSearch(credentials)) {
        return null;
      }
      String name = rp.componentAhead(i);
      if (name.equals(".") || name.equals("..")) {
        return null;
      }
      KernfsDentry next = d.childLocked(name);
      if (next == null) {
        if (!((Directory) d.inode).mayContain(name)) {
          return MISSING;
        }
        return null;
      }
      if (next.isMountPoint()
          || (next.isSymlink() && rp.shouldFollowSymlinkAhead(i))
          || !next.inode.valid()) {
        return null;
      }
      d = next;
    }
    if (rp.mustBeDir() && !d.isDirectory()) {
      return null;
    }
    return d;
  }

  /**
   * Walks all but the last component and checks that the result is a directory the caller may
   * search. Preconditions: the tree lock is held.
   */
  KernfsDentry walkParentDirLocked(ResolvingPath rp, KernfsDentry from) {
    KernfsDentry d = from;
    while (!rp.isFinal()) {
      d = stepLocked(rp, d);
    }
    if (!d.isDirectory()) {
      throw Errno.ENOTDIR.exception();
    }
    d.inode.checkAccess(rp.credentials(), Permissions.MAY_EXEC);
    return d;
  }

  /**
   * The child, revalidated as by {@link #revalidateChildLocked}, or null if the directory has none
   * of that name: the lookup of a name to create or to replace. Preconditions: the tree lock is
   * held; {@code parent} is a directory.
   *
   * @throws ErrnoException ENOENT in a removed directory, and for a missing name in a filesystem
   *     whose lookups of missing names fail ({@link KernfsFilesystem#missingNamesCanBeCreated}),
   *     before any permission check
   */
  KernfsDentry lookupOrNullLocked(KernfsDentry parent, String name) {
    if (parent.isDetached()) {
      // A removed directory takes no new names (Linux's IS_DEADDIR): reached through an open
      // directory stream, say.
      throw Errno.ENOENT.exception();
    }
    if (parent.childLocked(name) == null && !((Directory) parent.inode).mayContain(name)) {
      return missingLocked(); // spares the ENOENT a create would otherwise throw and catch
    }
    try {
      return revalidateChildLocked(parent, name);
    } catch (ErrnoException e) {
      if (e.errno() == Errno.ENOENT) {
        return missingLocked();
      }
      throw e;
    }
  }

  private KernfsDentry missingLocked() {
    if (!fs.missingNamesCanBeCreated()) {
      throw Errno.ENOENT.exception();
    }
    return null;
  }
}
