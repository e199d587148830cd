package dev.jkernfs.nio;

import dev.jkernfs.vfs.Errno;
import dev.jkernfs.vfs.ErrnoException;
import dev.jkernfs.vfs.FileDescription;
import dev.jkernfs.vfs.SetStat;
import dev.jkernfs.vfs.Stat;
import java.io.IOException;

/**
 * Changes a file's times, mode or owners through one path of a view the way the JDK running this
 * reaches the file on Linux, so that the same caller meets the same refusals: by path (chmod(2),
 * chown(2), utimensat(2)), or through a descriptor it opens first, which needs read permission and
 * meets a symlink not followed as ELOOP.
 *
 * <ul>
 *   <li>Times, through a path: open for reading (with O_NOFOLLOW unless following), then change
 *       through the descriptor; where that open meets a symlink (ELOOP) or a socket (ENXIO), by
 *       path instead.
 *   <li>Mode, through a path: following links, by path; not following, open for reading with
 *       O_NOFOLLOW before JDK 25, so a symlink fails with ELOOP; from JDK 25 the JDK's open follows
 *       the link, and where read permission is missing it opens for writing instead, which a
 *       directory refuses with EISDIR.
 *   <li>Owners, through a path: by path (chown(2) or lchown(2)).
 *   <li>From a directory stream ({@code SecureDirectoryStream}), for a name in it: times and owners
 *       always through a descriptor opened for reading; the mode through one too, except when
 *       following links from JDK 25, which changes it by path. For the stream's own directory,
 *       through the stream's descriptor, which needs nothing more.
 * </ul>
 *
 * <p>Only JDK 17 and JDK 25 are compared with Linux by this project's tests: a JDK between them
 * gets JDK 17's behaviour.
 */
final class AttributeWriter {
  private static final boolean JDK_25 = Runtime.version().feature() >= 25;

  private final FileSystemView files;
  private final JkernfsPath path;
  private final boolean follow;
  private final boolean fromDirectoryStream;

  AttributeWriter(
      FileSystemView files, JkernfsPath path, boolean follow, boolean fromDirectoryStream) {
    this.files = files;
    this.path = path;
    this.follow = follow;
    this.fromDirectoryStream = fromDirectoryStream;
  }

  /** Whether this names the directory stream's own directory, which it holds open. */
  private boolean isStreamDirectory() {
    return fromDirectoryStream && path.toString().isEmpty();
  }

  /** Sets the access and modification times, in nanoseconds since the epoch; null keeps one. */
  void setTimes(Long atime, Long mtime) throws IOException {
    if (!fromDirectoryStream && atime == null && mtime == null) {
      // The JDK's path view does nothing then, but still refuses once its stream is closed.
      files.checkUsable();
      return;
    }
    FileDescription fd = null;
    if (fromDirectoryStream) {
      fd = isStreamDirectory() ? null : files.openForAttributeAccess(path, follow);
    } else {
      try {
        fd = files.openForAttributeAccessOrFail(path, follow);
      } catch (ErrnoException e) {
        if (e.errno() != Errno.ELOOP && e.errno() != Errno.ENXIO) {
          throw NioErrors.translate(e, NioOp.GENERIC, path, null);
        }
      }
    }
    try {
      if (atime == null || mtime == null) {
        Stat current = stat(fd);
        atime = atime == null ? current.atimeNanos() : atime;
        mtime = mtime == null ? current.mtimeNanos() : mtime;
      }
      if (notATimespec(atime) || notATimespec(mtime)) {
        if (fromDirectoryStream) {
          // The stream's view does not retry, so utimensat's refusal stands.
          throw NioErrors.translate(Errno.EINVAL.exception(), NioOp.GENERIC, path, null);
        }
        // The JDK hands utimensat(2) a negative tv_nsec for a time before 1970 that is not a
        // whole second, which fails with EINVAL; it then sets every time before 1970, the one it
        // kept included, to the epoch instead.
        atime = Math.max(0, atime);
        mtime = Math.max(0, mtime);
      }
      change(fd, SetStat.times(atime, mtime, null));
    } finally {
      if (fd != null) {
        fd.close();
      }
    }
  }

  /** Sets the permission bits (and set-ID and sticky bits) to {@code mode}. */
  void setMode(int mode) throws IOException {
    FileDescription fd;
    if (isStreamDirectory() || (follow && (!fromDirectoryStream || JDK_25))) {
      fd = null;
    } else if (JDK_25 && !fromDirectoryStream) {
      fd = openReadingElseWriting();
    } else {
      fd = files.openForAttributeAccess(path, follow);
    }
    try {
      change(fd, SetStat.mode(mode));
    } finally {
      if (fd != null) {
        fd.close();
      }
    }
  }

  /** Sets the owner and group; -1 keeps one. */
  void setOwners(int uid, int gid) throws IOException {
    if (!fromDirectoryStream || isStreamDirectory()) {
      change(null, SetStat.owner(uid, gid));
      return;
    }
    FileDescription fd = files.openForAttributeAccess(path, follow);
    try {
      change(fd, SetStat.owner(uid, gid));
    } finally {
      fd.close();
    }
  }

  /**
   * Opens as JDK 25's mode change does without following links: its O_NOFOLLOW lands where open(2)
   * takes the mode, so the link is followed; without read permission, for writing.
   */
  private FileDescription openReadingElseWriting() throws IOException {
    try {
      return files.openForAttributeAccessOrFail(path, true);
    } catch (ErrnoException e) {
      if (e.errno() != Errno.EACCES) {
        throw NioErrors.translate(e, NioOp.GENERIC, path, null);
      }
    }
    try {
      return files.openForWritingOrFail(path);
    } catch (ErrnoException e) {
      throw NioErrors.translate(e, NioOp.GENERIC, path, null);
    }
  }

  private Stat stat(FileDescription fd) throws IOException {
    if (fd == null) {
      return files.stat(path, follow, NioOp.GENERIC);
    }
    try {
      return fd.stat();
    } catch (ErrnoException e) {
      throw NioErrors.translate(e, NioOp.GENERIC, path, null);
    }
  }

  private void change(FileDescription fd, SetStat changes) throws IOException {
    if (fd == null) {
      files.setStat(path, follow, changes);
      return;
    }
    try {
      fd.setStat(files.credentials(), changes);
    } catch (ErrnoException e) {
      throw NioErrors.translate(e, NioOp.GENERIC, path, null);
    }
  }

  /** Whether {@code nanos} is before 1970 and not a whole second, which no timespec can hold. */
  private static boolean notATimespec(long nanos) {
    return nanos < 0 && nanos % 1_000_000_000L != 0;
  }
}
