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
 *   <li>A filesystem built on kernfs may hold inodes of its own: memfs with {@code
 *       durability=fsync} holds one reference on each inode its durable image has a record of, so
 *       that a file unlinked since its directory's last fsync stays alive to come back at a
 *       simulated crash, which then puts the directory tables back and prunes the dentries ({@code
 *       rewriteDirectories}).
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
 * needs more than a look falls back to the walk under {@code mu}. A change of a directory's mode or
 * owner, which decides who may search it, is made inside the sequence lock as well ({@code
 * TreeLock.changeWalkRules}). A memfs walk that validated may be remembered in the caller's {@link
 * dev.jkernfs.vfs.PathMemo} and trusted again, without walking, while the same stamp validates:
 * only filesystems whose inodes never turn invalid on their own remember walks.
 *
 * <p>An operation under {@code mu}'s write side reads the clock once, at its first change, and
 * gives that time to the inodes it changes ({@code TreeLock.changeTime}), as Linux's tmpfs gives a
 * file and its directory one time; the file a rename moves reads the clock again, as tmpfs stamps
 * it after the two directories.
 *
 * <h2>Names</h2>
 *
 * <p>Each filesystem compares names by one {@link dev.jkernfs.vfs.NameFolding}, chosen when it is
 * created: {@code IDENTITY} (as Linux) for every filesystem but a memfs made otherwise. A dentry's
 * children are filed under the folded key of their names, as are the entries of an {@link
 * dev.jkernfs.kernfs.OrderedChildren} built with the same folding; a dentry and a listing keep the
 * name as it was created, whatever spelling found it. A rename to another spelling of the same key
 * (nothing replaced) changes only that name. With {@code IDENTITY} the key is the name itself, and
 * no lookup computes anything.
 *
 * <h2>Who holds what</h2>
 *
 * <p>Each filesystem has one of each of these, package-private but for the first:
 *
 * <ul>
 *   <li>{@link dev.jkernfs.kernfs.KernfsFilesystem}: the {@code Filesystem} the VFS calls, which
 *       delegates to the others; the root dentry, the dentry and inode counters, what happens when
 *       a dentry reaches zero or is destroyed or loses its name ({@code removeFromTreeLocked}), the
 *       paths of dentries, the release of the tree with the last mount, and the wholesale rewrite
 *       of directories behind the tree's back ({@code rewriteDirectories}, which then prunes every
 *       dentry whose name no longer leads to its inode).
 *   <li>{@code TreeLock}, the field {@code KernfsFilesystem.mu}: the read-write lock and, taken
 *       with its write side, the sequence lock {@code treeChanges}.
 *   <li>{@code DeferredDrops}: the deferred list ({@code deferDecRef}, and the cached subtrees to
 *       purge) and its drain ({@code processDeferredDecRefs}), with the test-only fault {@code
 *       loseDeferredDecRefs}.
 *   <li>{@code DentryCache}: the LRU of dentries at zero, its limit and eviction. Whether a dentry
 *       at zero is cached or destroyed is decided by {@link dev.jkernfs.kernfs.KernfsDentry} itself
 *       ({@code cacheLocked}), as is reviving it for whoever finds it in the tree ({@code
 *       incRefLocked}).
 *   <li>{@code TreeWalk}: the walks under {@code mu} ({@code walkExistingLocked}, {@code
 *       walkParentDirLocked}, {@code revalidateChildLocked}, {@code insertNewChildLocked}) and the
 *       lock-free one {@code stat} tries first ({@code walkCachedOrNull}).
 *   <li>{@code FileOpener}: open, and create for {@code O_CREAT}.
 *   <li>{@code NamespaceOperations}: mkdir, mknod, symlink, link, unlink, rmdir and rename.
 *   <li>{@code AttributeOperations}: stat, without the tree lock first and remembered where the
 *       filesystem allows, and attribute changes, a directory's mode and owner inside the sequence
 *       lock.
 *   <li>{@code WindowsAttributeStore}, made on first use: the {@code WindowsAttributes} (DOS bits,
 *       ACL) of the inodes whose differ from a new file's, each entry dropped when its inode dies.
 *       It holds no references; its map is its own lock, a leaf.
 * </ul>
 *
 * <h2>Lock order</h2>
 *
 * <ol>
 *   <li>{@code KernfsFilesystem.mu}, a {@code TreeLock} (read: walks, stat, open of existing files;
 *       write: create, link, unlink, rmdir, rename, dentry destruction and the dentry cache), and
 *       with its write side the {@code TreeLock}'s {@code treeChanges}, which only the holder of
 *       that side takes and so never waits
 *   <li>{@code VirtualFilesystem} mount lock ({@code prepareDelete} .. {@code commitDelete})
 *   <li>a dentry's monitor (creating its children map; its pin flag)
 *   <li>inode locks: an {@link dev.jkernfs.kernfs.OrderedChildren}'s monitor, an inode's content
 *       lock, the monitor of an {@link dev.jkernfs.kernfs.Inode} (its attributes, and the writes of
 *       its extended attributes, an immutable {@link dev.jkernfs.kernfs.XattrTable} replaced whole
 *       and read without a lock)
 *   <li>the deferred list's lock, in {@code DeferredDrops}
 * </ol>
 *
 * <p>Methods that need a lock held end in {@code Locked} and say which in their documentation,
 * after {@code Preconditions:}.
 */
package dev.jkernfs.kernfs;
