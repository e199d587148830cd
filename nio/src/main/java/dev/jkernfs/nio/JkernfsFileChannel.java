package dev.jkernfs.nio;

import dev.jkernfs.vfs.Errno;
import dev.jkernfs.vfs.ErrnoException;
import dev.jkernfs.vfs.FileDescription;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.NonReadableChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.util.Objects;

/**
 * A {@link FileChannel} over an open {@link FileDescription}: the description owns the offset and
 * the references; this adds the channel contract (closed-channel and access-mode exceptions,
 * scatter/gather, transfers, range locks).
 */
final class JkernfsFileChannel extends FileChannel {
  private static final int TRANSFER_CHUNK = 64 * 1024;

  private final JkernfsFileSystem fs;
  private final FileDescription fd;
  private final boolean syncWrites; // SYNC or DSYNC: every write is forced before it returns
  // Which file the range locks are keyed by; found on the first lock, so that the many channels
  // that never lock pay neither for a stat when opened nor for the lock table when closed.
  private volatile FileLockTable.Key lockKey;

  JkernfsFileChannel(JkernfsFileSystem fs, FileDescription fd, boolean syncWrites) {
    this.fs = fs;
    this.fd = fd;
    this.syncWrites = syncWrites;
  }

  FileDescription description() {
    return fd;
  }

  @Override
  public int read(ByteBuffer dst) throws IOException {
    checkReadable();
    while (true) {
      try {
        return fd.read(dst);
      } catch (ErrnoException e) {
        restartOrThrow(e);
      }
    }
  }

  @Override
  public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
    Objects.checkFromIndexSize(offset, length, dsts.length);
    checkReadable();
    long total = 0;
    for (int i = offset; i < offset + length; i++) {
      ByteBuffer dst = dsts[i];
      if (!dst.hasRemaining()) {
        continue;
      }
      int n = read(dst);
      if (n < 0) {
        return total == 0 ? -1 : total;
      }
      total += n;
      if (dst.hasRemaining()) {
        break;
      }
    }
    return total;
  }

  @Override
  public int write(ByteBuffer src) throws IOException {
    checkWritable();
    while (true) {
      try {
        int n = fd.write(src);
        if (syncWrites) {
          fd.sync();
        }
        return n;
      } catch (ErrnoException e) {
        restartOrThrow(e);
      }
    }
  }

  @Override
  public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
    Objects.checkFromIndexSize(offset, length, srcs.length);
    checkWritable();
    long total = 0;
    for (int i = offset; i < offset + length; i++) {
      total += write(srcs[i]);
      if (srcs[i].hasRemaining()) {
        break; // a short write, as writev(2) may make: what follows was not written
      }
    }
    return total;
  }

  @Override
  public long position() throws IOException {
    checkOpen();
    // As the JDK: in append mode the position is where the next write goes, the end of the file.
    return fd.isAppend() ? size() : fd.position();
  }

  @Override
  public FileChannel position(long newPosition) throws IOException {
    if (newPosition < 0) {
      throw new IllegalArgumentException("negative position: " + newPosition);
    }
    checkOpen();
    fd.seek(newPosition);
    return this;
  }

  @Override
  public long size() throws IOException {
    checkOpen();
    return fd.size();
  }

  /** As the JDK's: a size at or past the current one changes nothing but the position. */
  @Override
  public FileChannel truncate(long size) throws IOException {
    if (size < 0) {
      throw new IllegalArgumentException("negative size: " + size);
    }
    checkWritable();
    if (size < fd.size()) {
      while (true) {
        try {
          fd.truncate(size);
          break;
        } catch (ErrnoException e) {
          restartOrThrow(e);
        }
      }
    }
    try {
      if (fd.position() > size) {
        fd.seek(size);
      }
    } catch (ErrnoException e) {
      throw ioError(e);
    }
    return this;
  }

  /**
   * Makes the file durable: fsync, which matters where the filesystem simulates power loss ({@code
   * durability=fsync}), with or without {@code metaData} (the size and attributes go with the
   * content either way); on a directory's channel, the directory's entries. A fault rule may fail
   * or delay it.
   */
  @Override
  public void force(boolean metaData) throws IOException {
    checkOpen();
    while (true) {
      try {
        fd.fsync();
        return;
      } catch (ErrnoException e) {
        restartOrThrow(e);
      }
    }
  }

  @Override
  public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
    Objects.requireNonNull(target, "target");
    checkPositionAndCount(position, count);
    checkReadable();
    if (!target.isOpen()) {
      throw new ClosedChannelException();
    }
    long transferred = 0;
    ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(TRANSFER_CHUNK, Math.max(count, 1)));
    while (transferred < count) {
      buffer.clear();
      buffer.limit((int) Math.min(buffer.capacity(), count - transferred));
      int n = read(buffer, position + transferred);
      if (n <= 0) {
        break;
      }
      buffer.flip();
      while (buffer.hasRemaining()) {
        int written = target.write(buffer);
        if (written == 0) {
          return transferred + n - buffer.remaining();
        }
      }
      transferred += n;
    }
    return transferred;
  }

  @Override
  public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
    Objects.requireNonNull(src, "src");
    checkPositionAndCount(position, count);
    checkWritable();
    if (!src.isOpen()) {
      throw new ClosedChannelException();
    }
    if (position > size()) {
      return 0;
    }
    long transferred = 0;
    ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(TRANSFER_CHUNK, Math.max(count, 1)));
    while (transferred < count) {
      buffer.clear();
      buffer.limit((int) Math.min(buffer.capacity(), count - transferred));
      int n = src.read(buffer);
      if (n <= 0) {
        break;
      }
      buffer.flip();
      while (buffer.hasRemaining()) {
        write(buffer, position + transferred + (n - buffer.remaining()));
      }
      transferred += n;
    }
    return transferred;
  }

  @Override
  public int read(ByteBuffer dst, long position) throws IOException {
    Objects.requireNonNull(dst, "dst");
    if (position < 0) {
      throw new IllegalArgumentException("negative position: " + position);
    }
    checkReadable();
    while (true) {
      try {
        return fd.pread(dst, position);
      } catch (ErrnoException e) {
        restartOrThrow(e);
      }
    }
  }

  @Override
  public int write(ByteBuffer src, long position) throws IOException {
    Objects.requireNonNull(src, "src");
    if (position < 0) {
      throw new IllegalArgumentException("negative position: " + position);
    }
    checkWritable();
    while (true) {
      try {
        int n = fd.pwrite(src, position);
        if (syncWrites) {
          fd.sync();
        }
        return n;
      } catch (ErrnoException e) {
        restartOrThrow(e);
      }
    }
  }

  /** Memory mapping needs a real file behind the channel; an in-memory file has none. */
  @Override
  public MappedByteBuffer map(MapMode mode, long position, long size) {
    throw new UnsupportedOperationException("memory-mapping a jkernfs file is not supported");
  }

  @Override
  public FileLock lock(long position, long size, boolean shared) throws IOException {
    return lock(position, size, shared, true);
  }

  /**
   * Takes a range lock. Every holder of a lock on a jkernfs file is in this JVM, where the JDK's
   * rule applies: an overlapping lock held through any channel is an {@link
   * java.nio.channels.OverlappingFileLockException}, so {@code lock} never has anyone to wait for.
   * A fault rule may play another process's lock: EAGAIN or EACCES make this return null.
   */
  @Override
  public FileLock tryLock(long position, long size, boolean shared) throws IOException {
    return lock(position, size, shared, false);
  }

  private FileLock lock(long position, long size, boolean shared, boolean wait) throws IOException {
    if (position < 0 || size < 0 || position + size < 0) {
      throw new IllegalArgumentException("bad lock range: position=" + position + " size=" + size);
    }
    checkOpen();
    if (shared && !fd.isReadable()) {
      throw new NonReadableChannelException();
    }
    if (!shared && !fd.isWritable()) {
      throw new NonWritableChannelException();
    }
    FileLockTable.Key key = lockKey;
    if (key == null) {
      key = FileLockTable.Key.of(fd.stat());
      lockKey = key;
    }
    // As the JDK: the lock joins this JVM's table first, then the system is asked for it, and it
    // leaves the table if the system refuses.
    FileLock lock = fs.locks().acquire(key, this, position, size, shared);
    while (true) {
      try {
        fd.beforeLock();
        return lock;
      } catch (ErrnoException e) {
        if (e.errno() == Errno.EINTR && isOpen()) {
          continue; // the JDK asks again after EINTR
        }
        fs.locks().release((FileLockTable.RangeLock) lock);
        if (!wait && (e.errno() == Errno.EAGAIN || e.errno() == Errno.EACCES)) {
          return null; // another process holds the range: F_SETLK's answer, the JDK's null
        }
        throw e.errno() == Errno.EINTR ? new AsynchronousCloseException() : ioError(e);
      }
    }
  }

  @Override
  protected void implCloseChannel() throws IOException {
    FileLockTable.Key key = lockKey;
    if (key != null) {
      fs.locks().releaseAll(key, this);
    }
    fd.close();
    fs.openResources().forget(this);
  }

  /**
   * Returns if the call that failed with {@code e} is to be made again, as the JDK's channel makes
   * a call again after EINTR while it is open; throws the JDK's exception otherwise.
   */
  private void restartOrThrow(ErrnoException e) throws IOException {
    if (e.errno() != Errno.EINTR) {
      throw ioError(e);
    }
    if (!isOpen()) {
      throw new AsynchronousCloseException();
    }
  }

  /**
   * An I/O error on an open channel, as the JDK reports one: a plain {@link IOException} with the
   * system's message ("Is a directory", "No space left on device"), not a {@code
   * FileSystemException}, since no path is involved.
   */
  private static IOException ioError(ErrnoException e) {
    return new IOException(e.errno().reason());
  }

  private void checkOpen() throws ClosedChannelException {
    if (!isOpen()) {
      throw new ClosedChannelException();
    }
  }

  private void checkReadable() throws ClosedChannelException {
    checkOpen();
    if (!fd.isReadable()) {
      throw new NonReadableChannelException();
    }
  }

  private void checkWritable() throws ClosedChannelException {
    checkOpen();
    if (!fd.isWritable()) {
      throw new NonWritableChannelException();
    }
  }

  private static void checkPositionAndCount(long position, long count) {
    if (position < 0) {
      throw new IllegalArgumentException("negative position: " + position);
    }
    if (count < 0) {
      throw new IllegalArgumentException("negative count: " + count);
    }
  }
}
