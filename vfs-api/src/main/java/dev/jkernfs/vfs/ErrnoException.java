package dev.jkernfs.vfs;

/**
 * A failed VFS operation, identified by its {@link Errno}.
 *
 * <p>Unchecked on purpose: the error travels from deep inside a path walk or a filesystem
 * implementation up to the system-call-like entry point without every layer in between declaring
 * it. It is internal to the VFS and never reaches a {@code java.nio.file} caller; the NIO layer
 * translates it into the {@link java.io.IOException} subtype that caller expects.
 *
 * <p>It records no stack trace, because negative results such as {@code Files.exists} on a missing
 * file are common and must stay cheap. Get instances from {@link Errno#exception()} or {@link
 * Errno#exception(String)}.
 */
public final class ErrnoException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final Errno errno;
  private final String detail;

  ErrnoException(Errno errno, String detail) {
    super(message(errno, detail), null, false, false);
    this.errno = errno;
    this.detail = detail;
  }

  private static String message(Errno errno, String detail) {
    String message = errno.name() + " (" + errno.reason() + ")";
    return detail == null ? message : message + ": " + detail;
  }

  /** Returns the error. */
  public Errno errno() {
    return errno;
  }

  /** Returns what failed, or null for the shared exception of an errno. */
  public String detail() {
    return detail;
  }
}
