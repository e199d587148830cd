package dev.jkernfs.nio;

import dev.jkernfs.vfs.ErrnoException;
import dev.jkernfs.vfs.FileDescription;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
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
    try {
      return fd.read(dst);
    } catch (ErrnoException e) {
      throw ioError(e);
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
    try {
      int n = fd.write(src);
      if (syncWrites) {
        fd.sync();
      }
      return n;
    } catch (ErrnoException e) {
      throw ioError(e);
    }
  }

  @Override
  public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
    Objects.checkFromIndexSize(offset, length, srcs.length);
    checkWritable();
    long total = 0;
    for (int i = offset; i < offset + length; i++) {
      total += write(srcs[i]);
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
    try {
      if (size < fd.size()) {
        fd.truncate(size);
      }
      if (fd.position() > size) {
        fd.seek(size);
      }
    } catch (ErrnoException e) {
      throw ioError(e);
    }
    return this;
  }

  /**
   * Makes the file durable: nothing to do unless the filesystem simulates power loss ({@code
   * durability=fsync}), where this is fsync, with or without {@code metaData} (the size and
   * attributes go with the content either way). On a directory's channel, the directory's entries.
   */
  @Override
  public void force(boolean metaData) throws IOException {
    checkOpen();
    try {
      fd.sync();
    } catch (ErrnoException e) {
      throw ioError(e);
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
    try {
      return fd.pread(dst, position);
    } catch (ErrnoException e) {
      throw ioError(e);
    }
  }

  @Override
  public int write(ByteBuffer src, long position) throws IOException {
    Objects.requireNonNull(src, "src");
    if (position < 0) {
      throw new IllegalArgumentException("negative position: " + position);
    }
    checkWritable();
    try {
      int n = fd.pwrite(src, position);
      if (syncWrites) {
        fd.sync();
      }
      return n;
    } catch (ErrnoException e) {
      throw ioError(e);
    }
  }

  /** Memory mapping needs a real file behind the channel; an in-memory file has none. */
  @Override
  public MappedByteBuffer map(MapMode mode, long position, long size) {
    throw new UnsupportedOperationException("memory-mapping a jkernfs file is not supported");
  }

  @Override
  public FileLock lock(long position, long size, boolean shared) throws IOException {
    return tryLock(position, size, shared);
  }

  /**
   * Takes a range lock. Every holder of a lock on a jkernfs file is in this JVM, where the JDK's
   * rule applies: an overlapping lock held through any channel is an {@link
   * java.nio.channels.OverlappingFileLockException}, so {@code lock} never has anyone to wait for.
   */
  @Override
  public FileLock tryLock(long position, long size, boolean shared) throws IOException {
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
    return fs.locks().acquire(key, this, position, size, shared);
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
