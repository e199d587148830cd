/**
 * The virtual filesystem: one mount namespace ({@link dev.jkernfs.vfs.VirtualFilesystem}) over
 * filesystems found by type ({@link dev.jkernfs.vfs.FilesystemType}), with Linux's errors, path
 * walk and permission checks. Both front ends, {@code java.nio.file} and FUSE, speak only the
 * operations of {@code VirtualFilesystem} and {@link dev.jkernfs.vfs.FileDescription}; this package
 * knows neither of them and depends on nothing of jkernfs but {@code refs}.
 *
 * <h2>Who lives where</h2>
 *
 * <ul>
 *   <li>{@code VirtualFilesystem}: the path operations and the resolve loop, which calls the
 *       filesystem of the current mount and starts again in another when the walk throws {@link
 *       dev.jkernfs.vfs.ResolveJump}.
 *   <li>{@code MountTable}: which mount sits on which position, and the mount lock.
 *   <li>{@code WatchRegistry}: who watches which directory, and the delivery of entry changes.
 *   <li>{@link dev.jkernfs.vfs.ResolvingPath}: the state of one walk; {@link
 *       dev.jkernfs.vfs.Permissions}: Linux DAC; {@link dev.jkernfs.vfs.Errno}: the error of every
 *       failed operation, carried by the one stackless {@link dev.jkernfs.vfs.ErrnoException}.
 *   <li>{@link dev.jkernfs.vfs.NameFolding}: how a filesystem tells two spellings of a name apart
 *       (exactly, as Linux, or ignoring case as Windows, or case and normalization as macOS); the
 *       filesystems that fold compare keys, and keep each name as created.
 *   <li>{@link dev.jkernfs.vfs.WindowsAttributes}: what a Windows-flavoured front end keeps per
 *       file besides POSIX attributes (DOS bits, ACL), read and changed through the VFS like any
 *       other attribute, by filesystems that keep them (EOPNOTSUPP from the others); never
 *       enforced.
 *   <li>{@link dev.jkernfs.vfs.Xattr}: extended attributes' limits and flags, checked as the system
 *       calls check them, before any walk (path calls) or after the descriptor (the {@code f*xattr}
 *       calls); who may read or write one is {@code Permissions.checkXattr}, what a file keeps is
 *       its filesystem's answer, EOPNOTSUPP by default.
 *   <li>{@link dev.jkernfs.vfs.FaultHook}: what a call asks, before it looks at or changes
 *       anything, when its front end has fault rules: each call of {@code VirtualFilesystem} and
 *       {@code FileDescription} is of one {@link dev.jkernfs.vfs.FileOperation} kind, and a call
 *       the hook fails has changed nothing and holds nothing more than before it started. Without a
 *       hook, a call pays one volatile read.
 *   <li>{@link dev.jkernfs.vfs.PathMemo}: where one path's last stat led, trusted again only while
 *       the mount table's generation (moved by every mount and unmount before it shows) and the
 *       filesystem's own sequence stamp still hold; it holds the dentry weakly, so a remembered
 *       path keeps nothing alive and changes no answer.
 * </ul>
 *
 * <h2>References</h2>
 *
 * <ul>
 *   <li>The mount table holds one reference on each attached mount, the root mount included.
 *   <li>A mount holds its filesystem, its root dentry and, below the root, its parent mount and its
 *       mount point dentry.
 *   <li>A {@link dev.jkernfs.vfs.VirtualDentry} holder (an open file description, a walk that
 *       jumped mounts) holds one reference on its mount and one on its dentry; a description holds
 *       them from open until destroyed.
 *   <li>The namespace is the leak-check owner of every object created in it, and may have a leak
 *       mode of its own ({@link dev.jkernfs.refs.LeakModeOwner}).
 * </ul>
 *
 * <h2>Locks</h2>
 *
 * <p>Filesystem locks, then the mount table's lock. A walk reads the mount table without it. A
 * reference that a walk or an unmount drops may tear down dentries under their filesystem's lock,
 * so it is dropped after the mount lock is released.
 */
package dev.jkernfs.vfs;
