package dev.jkernfs.vfs;

import java.nio.ByteBuffer;

/**
 * What a filesystem supplies for one open file: positional I/O, attributes, listing. The {@link
 * FileDescription} around it owns the offset, the flags and the references.
 *
 * <p>Defaults refuse as Linux does for a file that does not support the operation.
 */
public interface FileDescriptionImpl {
  /** Reads into {@code dst} from {@code offset}; returns the bytes read, -1 at end of file. */
  default int read(ByteBuffer dst, long offset) {
    throw Errno.EISDIR.exception();
  }

  /** Writes all of {@code src} at {@code offset}; returns the bytes written. */
  default int write(ByteBuffer src, long offset) {
    throw Errno.EISDIR.exception();
  }

  /**
   * Writes all of {@code src} at the end of the file, atomically with respect to other appends.
   *
   * @return the end of the file after the write
   */
  default long append(ByteBuffer src) {
    throw Errno.EISDIR.exception();
  }

  /** The current size, for seeks relative to the end. */
  default long size() {
    return stat().size();
  }

  /** Changes the size: truncates or extends with zeros. */
  default void truncate(long size) {
    throw Errno.EINVAL.exception();
  }

  Stat stat();

  /**
   * Whether the content is made anew when read, so that the size in {@link #stat()} says nothing of
   * what a read returns (as for Linux's {@code /proc} files, whose size is 0). A cache in front of
   * the file, such as the kernel's page cache behind a FUSE mount, must neither keep such content
   * nor cut reads at that size.
   */
  default boolean isGenerated() {
    return false;
  }

  void setStat(Credentials credentials, SetStat changes);

  /**
   * Lists entries from {@code offset} (0 is the start), passing each to {@code sink} until it
   * returns false or the directory ends.
   *
   * @return the offset to continue from
   */
  default long readdir(long offset, DirSink sink) {
    throw Errno.ENOTDIR.exception();
  }

  /**
   * Makes the file's content and attributes (a directory's entries) durable, as {@code fsync(2)}
   * does. Nothing to do for a filesystem whose changes are durable as soon as they are made, the
   * default.
   */
  default void sync() {}

  /** Called once when the description is destroyed, before its dentry reference is dropped. */
  default void release() {}

  /** Receives directory entries; returns false to stop. */
  @FunctionalInterface
  interface DirSink {
    boolean accept(DirEntry entry);
  }
}
