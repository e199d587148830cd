package dev.jkernfs.nio;

import dev.jkernfs.vfs.ErrnoException;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.NotLinkException;
import java.nio.file.Path;

/**
 * The translation of VFS errors into the exceptions {@code java.nio.file} callers expect.
 *
 * <p>The target is whatever the JDK's own Linux provider throws for the same errno and operation
 * ({@code sun.nio.fs.UnixException.translateToIOException} and its special cases in {@code
 * UnixFileSystemProvider}, {@code UnixSecureDirectoryStream} and the copy and move code), so that
 * code tested against this filesystem behaves the same on the default one.
 */
final class NioErrors {
  /** Whether the running JDK reports ENOTDIR from a stat or access as a missing file. */
  private static final boolean ATTRIBUTES_TREAT_ENOTDIR_AS_MISSING =
      Runtime.version().feature() >= 25;

  private NioErrors() {}

  /**
   * Returns the exception to throw for {@code e}, raised while {@code op} worked on {@code file}
   * (and {@code otherFile}, the target of a move, copy or link, or null):
   *
   * <ul>
   *   <li>ENOENT: {@code NoSuchFileException(file, otherFile, null)}.
   *   <li>EEXIST: {@code FileAlreadyExistsException(file, otherFile, null)}; under {@link
   *       NioOp#DELETE}, {@code DirectoryNotEmptyException(file)}.
   *   <li>EACCES: {@code AccessDeniedException(file, otherFile, null)}.
   *   <li>EPERM: the generic case, {@code FileSystemException(file, otherFile, "Operation not
   *       permitted")}, as the JDK throws for a refused chmod, chown, hard link to a directory or
   *       sticky-directory delete.
   *   <li>ENOTEMPTY: {@code DirectoryNotEmptyException(file)} under {@link NioOp#DELETE}; otherwise
   *       (a rename onto a non-empty directory) the generic case, as the JDK reports it.
   *   <li>ENOTDIR: {@code NotDirectoryException(file)} under {@link NioOp#DIRECTORY_STREAM}; {@code
   *       NoSuchFileException(file, otherFile, null)} under {@link NioOp#ATTRIBUTES} on JDK 25 and
   *       later, as the JDK running this gives; otherwise the generic case.
   *   <li>ELOOP: {@code FileSystemException(file, otherFile, "Too many levels of symbolic links or
   *       unable to access attributes of symbolic link")}, the JDK's wording.
   *   <li>EINVAL: {@code NotLinkException(file)} under {@link NioOp#READLINK}; otherwise the
   *       generic case.
   *   <li>EXDEV: {@code AtomicMoveNotSupportedException(file, otherFile, "Invalid cross-device
   *       link")} under {@link NioOp#MOVE_ATOMIC}; otherwise the generic case.
   *   <li>Anything else, the generic case: {@code FileSystemException(file, otherFile, reason)}
   *       with the errno's {@code strerror} text as the reason.
   * </ul>
   *
   * <p>Wherever the result carries a reason, a detail on {@code e} is appended to it after ": ".
   * The JDK gives no reason for ENOENT, EEXIST and EACCES, and neither does this.
   */
  static FileSystemException translate(ErrnoException e, NioOp op, String file, String otherFile) {
    return switch (e.errno()) {
      case ENOENT -> new NoSuchFileException(file, otherFile, null);
      case EEXIST ->
          op == NioOp.DELETE
              ? new DirectoryNotEmptyException(file)
              : new FileAlreadyExistsException(file, otherFile, null);
      case EACCES -> new AccessDeniedException(file, otherFile, null);
      case ENOTEMPTY ->
          op == NioOp.DELETE
              ? new DirectoryNotEmptyException(file)
              : new FileSystemException(file, otherFile, reason(e));
      case ENOTDIR -> {
        if (op == NioOp.DIRECTORY_STREAM) {
          yield new NotDirectoryException(file);
        }
        if (op == NioOp.ATTRIBUTES && ATTRIBUTES_TREAT_ENOTDIR_AS_MISSING) {
          yield new NoSuchFileException(file, otherFile, null);
        }
        yield new FileSystemException(file, otherFile, reason(e));
      }
      case ELOOP ->
          new FileSystemException(
              file,
              otherFile,
              withDetail(
                  e.errno().reason() + " or unable to access attributes of symbolic link", e));
      case EINVAL ->
          op == NioOp.READLINK
              ? new NotLinkException(file)
              : new FileSystemException(file, otherFile, reason(e));
      case EXDEV ->
          op == NioOp.MOVE_ATOMIC
              ? new AtomicMoveNotSupportedException(file, otherFile, reason(e))
              : new FileSystemException(file, otherFile, reason(e));
      default -> new FileSystemException(file, otherFile, reason(e));
    };
  }

  /**
   * {@link #translate(ErrnoException, NioOp, String, String)} for paths ({@code other} may be
   * null).
   */
  static FileSystemException translate(ErrnoException e, NioOp op, Path file, Path other) {
    return translate(e, op, file.toString(), other == null ? null : other.toString());
  }

  private static String reason(ErrnoException e) {
    return withDetail(e.errno().reason(), e);
  }

  private static String withDetail(String reason, ErrnoException e) {
    return e.detail() == null ? reason : reason + ": " + e.detail();
  }
}
