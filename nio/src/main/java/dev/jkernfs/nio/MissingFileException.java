package dev.jkernfs.nio;

import java.nio.file.NoSuchFileException;

/**
 * The {@link NoSuchFileException} of an existence check: {@code checkAccess} on a missing file,
 * which is how {@code Files.exists}, {@code Files.notExists} and {@code Files.isReadable} ask up to
 * JDK 19 before catching and discarding the exception.
 *
 * <p>It records no stack trace. Filling one in costs about ten times the whole lookup, and these
 * callers never look at it; the file name and the exception type, which callers of {@code
 * Files.checkAccess} do look at, are the same as the ordinary exception's.
 */
final class MissingFileException extends NoSuchFileException {
  private static final long serialVersionUID = 1L;

  MissingFileException(String file) {
    super(file);
  }

  // Called by Throwable's constructor; not synchronized, since nothing is filled in.
  @Override
  @SuppressWarnings("UnsynchronizedOverridesSynchronized")
  public Throwable fillInStackTrace() {
    return this;
  }
}
