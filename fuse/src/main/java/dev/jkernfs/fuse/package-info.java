/**
 * Mounts a jkernfs filesystem into the host through FUSE (libfuse 2 through jnr-fuse), so that any
 * program is its client. {@link dev.jkernfs.fuse.FuseMount} is the whole public API; {@code Main}
 * is the runnable jar.
 *
 * <p>Invariants:
 *
 * <ul>
 *   <li>Each FUSE request becomes the one VFS operation it stands for, run with the credentials of
 *       the requesting process (uid, gid, and supplementary groups from {@code /proc/TID/status});
 *       an {@link dev.jkernfs.vfs.ErrnoException}'s errno goes back to the kernel unchanged, any
 *       other exception is a bug and answers EIO (logged once per mount).
 *   <li>Paths from libfuse are absolute within the mount and already resolved by the kernel, so a
 *       final symlink is never followed, and PATH_MAX does not apply to them.
 *   <li>Every open FUSE handle owns exactly one opening reference on a VFS file description; it is
 *       dropped on {@code release}/{@code releasedir}, or by {@code FuseMount.close()} for handles
 *       the kernel never released. After close, the mount holds no reference.
 *   <li>A mount is registered with its {@code java.nio.file} filesystem, which closes the mount
 *       before it releases its own references.
 *   <li>Files whose content is generated when read bypass the kernel's page cache (direct I/O), as
 *       {@code /proc} files do on Linux.
 *   <li>Extended attributes are the VFS's: {@code user.} ones are kept (memfs), every other
 *       namespace answers EOPNOTSUPP, and getxattr and listxattr answer a size-0 request with the
 *       length and a short buffer with ERANGE, as the system calls do.
 * </ul>
 */
package dev.jkernfs.fuse;
