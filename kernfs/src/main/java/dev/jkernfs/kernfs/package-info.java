/**
 * kernfs: the dentry tree, reference model and locking shared by every jkernfs filesystem, after
 * gVisor's {@code pkg/sentry/fsimpl/kernfs}.
 *
 * <h2>Reference model</h2>
 *
 * <p>Kernfs dentries are named pointers to inodes. Kernfs alone maintains the dentry tree; inode
 * implementations never see it. Dentries and inodes have independent lifetimes and counts:
 *
 * <ul>
 *   <li>A child dentry holds a reference on its parent dentry, taken when it is inserted and
 *       dropped when it is destroyed.
 *   <li>A dentry holds a reference on its inode, taken over from {@link
 *       dev.jkernfs.kernfs.Directory#lookup} or the creating call, dropped when it is destroyed.
 *       Inodes can therefore outlive their dentries, and hard links are several dentries on one
 *       inode.
 *   <li>A directory inode's {@link dev.jkernfs.kernfs.OrderedChildren} holds a reference on each
 *       child inode, dropped on unlink, rmdir, rename-over or the directory's death.
 *   <li>A dentry whose inode says {@link dev.jkernfs.kernfs.Inode#keep()} is pinned: it holds the
 *       tree's reference on itself until its name goes away (unlink, rmdir, rename-over,
 *       invalidation) or the filesystem is released.
 *   <li>An open file ({@link dev.jkernfs.vfs.FileDescription}) holds its dentry and mount.
 *   <li>The filesystem holds its root dentry until it is released.
 *   <li>A dentry whose count reaches zero is parked in the dentry cache, a bounded LRU that holds
 *       no reference, if it is still in the tree and valid; otherwise it is destroyed, which drops
 *       its parent reference and may cascade upward. A cached dentry keeps its ancestors alive
 *       until evicted, and comes back to life when a walk finds it. The limit counts dentries at
 *       zero: an ancestor held only by cached children is not itself at zero and is not counted, so
 *       a cache of N dentries keeps at most N more ancestors, each dying with its last cached child
 *       (as in Linux's dcache and gVisor).
 *   <li>{@link dev.jkernfs.kernfs.Inode#valid()} is asked on every cached hit; false removes the
 *       dentry and its cached subtree from the tree and looks the name up again.
 * </ul>
 *
 * <p>Dentries are guaranteed to exist while {@code KernfsFilesystem.mu} is held for reading, so a
 * walk takes no references on the dentries it passes. Destroying a dentry needs {@code mu} for
 * writing, which a reader cannot take; so a reference dropped while {@code mu} is held goes to the
 * filesystem's deferred list ({@code deferDecRef}), drained by {@code processDeferredDecRefs} after
 * every operation releases its locks. No drop runs under the deferred list's own lock.
 *
 * <p>{@code stat} (and existence checks) first walk without {@code mu}, through dentries already in
 * the tree, and take no references either: every holder of {@code mu}'s write side also holds the
 * filesystem's sequence lock ({@code treeChanges}), so a walk that finds it unchanged afterwards
 * saw a tree no writer touched, whose dentries and inodes were alive throughout. Anything that
 * needs more than a look falls back to the walk under {@code mu}.
 *
 * <h2>Lock order</h2>
 *
 * <ol>
 *   <li>{@code KernfsFilesystem.mu} (read: walks, stat, open of existing files; write: create,
 *       link, unlink, rmdir, rename, dentry destruction and the dentry cache), and with its write
 *       side {@code KernfsFilesystem.treeChanges}, which only the holder of that side takes and so
 *       never waits
 *   <li>{@code VirtualFilesystem} mount lock ({@code prepareDelete} .. {@code commitDelete})
 *   <li>a dentry's monitor (creating its children map; its pin flag)
 *   <li>inode locks: an {@link dev.jkernfs.kernfs.OrderedChildren}'s monitor, an inode's content
 *       lock, the monitor of an {@link dev.jkernfs.kernfs.Inode} (its attributes)
 *   <li>the deferred list's lock
 * </ol>
 *
 * <p>Methods that need a lock held end in {@code Locked} and say which in their documentation.
 */
package dev.jkernfs.kernfs;
