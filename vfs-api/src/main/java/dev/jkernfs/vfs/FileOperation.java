package dev.jkernfs.vfs;

import static dev.jkernfs.vfs.Errno.EACCES;
import static dev.jkernfs.vfs.Errno.EAGAIN;
import static dev.jkernfs.vfs.Errno.EBUSY;
import static dev.jkernfs.vfs.Errno.EDEADLK;
import static dev.jkernfs.vfs.Errno.EDQUOT;
import static dev.jkernfs.vfs.Errno.EFBIG;
import static dev.jkernfs.vfs.Errno.EINTR;
import static dev.jkernfs.vfs.Errno.EINVAL;
import static dev.jkernfs.vfs.Errno.EIO;
import static dev.jkernfs.vfs.Errno.EMFILE;
import static dev.jkernfs.vfs.Errno.EMLINK;
import static dev.jkernfs.vfs.Errno.ENFILE;
import static dev.jkernfs.vfs.Errno.ENOLCK;
import static dev.jkernfs.vfs.Errno.ENOMEM;
import static dev.jkernfs.vfs.Errno.ENOSPC;
import static dev.jkernfs.vfs.Errno.EPERM;
import static dev.jkernfs.vfs.Errno.EROFS;
import static dev.jkernfs.vfs.Errno.ETXTBSY;
import static dev.jkernfs.vfs.Errno.EXDEV;

import java.util.EnumSet;
import java.util.Set;

/**
 * A kind of filesystem call, as a fault rule names it ({@link FaultHook}). Each VFS call is of one
 * kind, asked about before it looks at or changes anything:
 *
 * <ul>
 *   <li>{@link #OPEN}: {@code open(2)} of a file or directory that exists (a channel, a stream, a
 *       directory listing, a FUSE open), {@code O_TRUNC} included.
 *   <li>{@link #CREATE}: a call that makes a new name: {@code open(2)} with {@code O_CREAT} of a
 *       missing name (or with {@code O_EXCL}, always), {@code mknod}, {@code symlink}, {@code
 *       link}. An {@code O_CREAT} open of an existing file is an {@link #OPEN}.
 *   <li>{@link #READ}, {@link #WRITE}: one {@code read(2)} / {@code pread(2)} or {@code write(2)} /
 *       {@code pwrite(2)} on an open file, appends included.
 *   <li>{@link #FORCE}: {@code fsync(2)} or {@code fdatasync(2)} of an open file or directory.
 *   <li>{@link #TRUNCATE}: {@code ftruncate(2)}, and {@code truncate(2)} (a change of the size by
 *       path).
 *   <li>{@link #DELETE}: {@code unlink(2)}, {@code rmdir(2)}, or the one call of a front end that
 *       removes whatever a name is.
 *   <li>{@link #RENAME}: {@code rename(2)}.
 *   <li>{@link #MKDIR}: {@code mkdir(2)}.
 *   <li>{@link #LIST}: one {@code getdents(2)}: each batch of entries a directory stream or a FUSE
 *       {@code readdir} fetches.
 *   <li>{@link #SET_ATTRIBUTE}: {@code chmod}, {@code chown}, {@code utimensat}: a change of
 *       attributes other than the size.
 *   <li>{@link #LOCK}: a range lock ({@code fcntl(F_SETLK)}) a front end takes on an open file.
 * </ul>
 *
 * <p>{@link #errors()} lists the errors a fault may inject into each kind: those its calls can fail
 * with on Linux when the storage, not the caller, is at fault. Errors that describe the caller's
 * own mistake or the tree's state (ENOENT, EEXIST, ENOTDIR, ...) are not among them: the filesystem
 * gives those by itself.
 */
public enum FileOperation {
  /** {@code open(2)} of an existing file or directory. */
  OPEN,
  /**
   * A call that makes a new name: a creating open, {@code mknod}, {@code symlink}, {@code link}.
   */
  CREATE,
  /** One {@code read(2)} or {@code pread(2)}. */
  READ,
  /** One {@code write(2)} or {@code pwrite(2)}. */
  WRITE,
  /** {@code fsync(2)} or {@code fdatasync(2)}. */
  FORCE,
  /** {@code ftruncate(2)} or {@code truncate(2)}. */
  TRUNCATE,
  /** {@code unlink(2)} or {@code rmdir(2)}. */
  DELETE,
  /** {@code rename(2)}. */
  RENAME,
  /** {@code mkdir(2)}. */
  MKDIR,
  /** One {@code getdents(2)}: a batch of directory entries. */
  LIST,
  /** {@code chmod}, {@code chown}, {@code utimensat}. */
  SET_ATTRIBUTE,
  /** A range lock, {@code fcntl(F_SETLK)}. */
  LOCK;

  /**
   * The errors a fault may make a call of this kind fail with, after the Linux manual pages of its
   * system calls:
   *
   * <table>
   *   <caption>errors per kind</caption>
   *   <tr><th>kind</th><th>errors</th></tr>
   *   <tr><td>OPEN</td><td>EIO EINTR EACCES EPERM EROFS EMFILE ENFILE ENOMEM ETXTBSY EBUSY</td></tr>
   *   <tr><td>CREATE</td><td>those of OPEN, and ENOSPC EDQUOT EMLINK</td></tr>
   *   <tr><td>READ</td><td>EIO EINTR</td></tr>
   *   <tr><td>WRITE</td><td>EIO EINTR ENOSPC EDQUOT EFBIG EPERM</td></tr>
   *   <tr><td>FORCE</td><td>EIO EINTR ENOSPC EDQUOT EROFS EINVAL</td></tr>
   *   <tr><td>TRUNCATE</td><td>EIO EINTR EACCES EPERM EROFS EFBIG ETXTBSY</td></tr>
   *   <tr><td>DELETE</td><td>EIO EACCES EPERM EBUSY EROFS ENOMEM</td></tr>
   *   <tr><td>RENAME</td><td>EIO EACCES EPERM EBUSY EROFS ENOSPC EDQUOT EMLINK EXDEV ENOMEM</td></tr>
   *   <tr><td>MKDIR</td><td>EIO EACCES EPERM EROFS ENOSPC EDQUOT EMLINK ENOMEM</td></tr>
   *   <tr><td>LIST</td><td>EIO ENOMEM</td></tr>
   *   <tr><td>SET_ATTRIBUTE</td><td>EIO EACCES EPERM EROFS EDQUOT</td></tr>
   *   <tr><td>LOCK</td><td>EINTR EAGAIN EACCES EDEADLK ENOLCK</td></tr>
   * </table>
   *
   * <p>EINTR is listed only for the calls that may sleep; EAGAIN and EACCES on a lock mean another
   * process holds it.
   */
  public Set<Errno> errors() {
    return switch (this) {
      case OPEN ->
          EnumSet.of(EIO, EINTR, EACCES, EPERM, EROFS, EMFILE, ENFILE, ENOMEM, ETXTBSY, EBUSY);
      case CREATE ->
          EnumSet.of(
              EIO, EINTR, EACCES, EPERM, EROFS, EMFILE, ENFILE, ENOMEM, ETXTBSY, EBUSY, ENOSPC,
              EDQUOT, EMLINK);
      case READ -> EnumSet.of(EIO, EINTR);
      case WRITE -> EnumSet.of(EIO, EINTR, ENOSPC, EDQUOT, EFBIG, EPERM);
      case FORCE -> EnumSet.of(EIO, EINTR, ENOSPC, EDQUOT, EROFS, EINVAL);
      case TRUNCATE -> EnumSet.of(EIO, EINTR, EACCES, EPERM, EROFS, EFBIG, ETXTBSY);
      case DELETE -> EnumSet.of(EIO, EACCES, EPERM, EBUSY, EROFS, ENOMEM);
      case RENAME ->
          EnumSet.of(EIO, EACCES, EPERM, EBUSY, EROFS, ENOSPC, EDQUOT, EMLINK, EXDEV, ENOMEM);
      case MKDIR -> EnumSet.of(EIO, EACCES, EPERM, EROFS, ENOSPC, EDQUOT, EMLINK, ENOMEM);
      case LIST -> EnumSet.of(EIO, ENOMEM);
      case SET_ATTRIBUTE -> EnumSet.of(EIO, EACCES, EPERM, EROFS, EDQUOT);
      case LOCK -> EnumSet.of(EINTR, EAGAIN, EACCES, EDEADLK, ENOLCK);
    };
  }

  /** The kind of a change of attributes: TRUNCATE if it sets the size, SET_ATTRIBUTE otherwise. */
  static FileOperation of(SetStat changes) {
    return (changes.mask() & SetStat.SIZE) != 0 ? TRUNCATE : SET_ATTRIBUTE;
  }

  /** Whether this kind of call moves bytes, so that a fault may cut it short. */
  public boolean transfersBytes() {
    return this == READ || this == WRITE;
  }
}
