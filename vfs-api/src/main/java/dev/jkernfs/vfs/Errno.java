package dev.jkernfs.vfs;

import static java.util.Objects.requireNonNull;

/**
 * A Linux error number with its x86_64 value and glibc {@code strerror} text.
 *
 * <p>{@code EAGAIN} also stands for {@code EWOULDBLOCK} and {@code EOPNOTSUPP} for {@code ENOTSUP}:
 * Linux gives each pair the same number.
 */
public enum Errno {
  EPERM(1, "Operation not permitted"),
  ENOENT(2, "No such file or directory"),
  EIO(5, "Input/output error"),
  ENXIO(6, "No such device or address"),
  E2BIG(7, "Argument list too long"),
  EBADF(9, "Bad file descriptor"),
  EAGAIN(11, "Resource temporarily unavailable"),
  ENOMEM(12, "Cannot allocate memory"),
  EACCES(13, "Permission denied"),
  EBUSY(16, "Device or resource busy"),
  EEXIST(17, "File exists"),
  EXDEV(18, "Invalid cross-device link"),
  ENODEV(19, "No such device"),
  ENOTDIR(20, "Not a directory"),
  EISDIR(21, "Is a directory"),
  EINVAL(22, "Invalid argument"),
  ENFILE(23, "Too many open files in system"),
  EMFILE(24, "Too many open files"),
  ETXTBSY(26, "Text file busy"),
  EFBIG(27, "File too large"),
  ENOSPC(28, "No space left on device"),
  ESPIPE(29, "Illegal seek"),
  EROFS(30, "Read-only file system"),
  EMLINK(31, "Too many links"),
  ERANGE(34, "Numerical result out of range"),
  EDEADLK(35, "Resource deadlock avoided"),
  ENAMETOOLONG(36, "File name too long"),
  ENOLCK(37, "No locks available"),
  ENOSYS(38, "Function not implemented"),
  ENOTEMPTY(39, "Directory not empty"),
  ELOOP(40, "Too many levels of symbolic links"),
  ENODATA(61, "No data available"),
  EOVERFLOW(75, "Value too large for defined data type"),
  EOPNOTSUPP(95, "Operation not supported");

  private final int number;
  private final String reason;

  // Safe to share between threads and throw sites: it has no stack trace, suppression is
  // disabled and its cause is fixed at null, so nobody can change it after construction.
  @SuppressWarnings("ImmutableEnumChecker")
  private final ErrnoException shared;

  Errno(int number, String reason) {
    this.number = number;
    this.reason = reason;
    this.shared = new ErrnoException(this, null);
  }

  /** Returns the value of this error in Linux's x86_64 {@code errno.h}. */
  public int number() {
    return number;
  }

  /** Returns what glibc's {@code strerror} says for this error, such as "File exists". */
  public String reason() {
    return reason;
  }

  /**
   * Returns the one preallocated exception for this error; throwing it allocates nothing, which
   * matters on hot negative paths such as a lookup of a missing name.
   */
  public ErrnoException exception() {
    return shared;
  }

  /** Returns a new exception for this error that also says what failed, for the message. */
  public ErrnoException exception(String detail) {
    return new ErrnoException(this, requireNonNull(detail, "detail"));
  }
}
