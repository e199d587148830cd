package dev.jkernfs.memfs;

import dev.jkernfs.kernfs.Inode;
import dev.jkernfs.vfs.Credentials;
import dev.jkernfs.vfs.FileDescriptionImpl;
import dev.jkernfs.vfs.FileMode;
import dev.jkernfs.vfs.OpenOptions;
import dev.jkernfs.vfs.SetStat;
import dev.jkernfs.vfs.Stat;
import java.nio.ByteBuffer;
import java.util.concurrent.locks.StampedLock;

/**
 * A memfs regular file: its bytes in {@link PagedContent} under a read/write lock, so readers of
 * one file never wait for each other. Its memory goes back to the JVM (and the quota) when the
 * inode dies, which is when its last link and last open description are gone.
 */
final class RegularFile extends Inode {
  private final MemFilesystem fs;
  // A StampedLock: a quarter of a ReentrantReadWriteLock's memory per file, and no per-thread
  // hold counts; no path takes it twice.
  private final StampedLock contentLock = new StampedLock();
  private final PagedContent content; // guarded by contentLock

  /** Preconditions: the caller has reserved an inode in the quota for this file. */
  RegularFile(MemFilesystem fs, int permissions, int uid, int gid) {
    super(fs, FileMode.S_IFREG | permissions, uid, gid);
    this.fs = fs;
    this.content = new PagedContent(fs.quota);
  }

  @Override
  public long size() {
    long stamp = contentLock.tryOptimisticRead();
    long size = content.size();
    if (contentLock.validate(stamp)) {
      return size;
    }
    stamp = contentLock.readLock();
    try {
      return content.size();
    } finally {
      contentLock.unlockRead(stamp);
    }
  }

  @Override
  public long blocks() {
    long stamp = contentLock.tryOptimisticRead();
    long allocated = content.allocatedBytes();
    if (!contentLock.validate(stamp)) {
      stamp = contentLock.readLock();
      try {
        allocated = content.allocatedBytes();
      } finally {
        contentLock.unlockRead(stamp);
      }
    }
    return allocated / 512;
  }

  /**
   * The size and block count as one consistent pair. Read without writing to the lock, so that
   * readers of one file's attributes on several cores do not fight over its cache line; a writer in
   * between makes it read again under the lock.
   */
  @Override
  public Stat stat() {
    long stamp = contentLock.tryOptimisticRead();
    long size = content.size();
    long allocated = content.allocatedBytes();
    if (!contentLock.validate(stamp)) {
      stamp = contentLock.readLock();
      try {
        size = content.size();
        allocated = content.allocatedBytes();
      } finally {
        contentLock.unlockRead(stamp);
      }
    }
    return attrs().stat(size, allocated / 512, 0);
  }

  @Override
  public void setStat(Credentials credentials, SetStat changes) {
    if (changes.has(SetStat.SIZE)) {
      truncate(changes.size());
    }
    if ((changes.mask() & ~SetStat.SIZE) != 0) {
      attrs().apply(credentials, changes);
    }
  }

  @Override
  public FileDescriptionImpl open(Credentials credentials, OpenOptions options) {
    if (options.truncate() && (options.write() || options.append())) {
      truncate(0);
    }
    return new Description(credentials);
  }

  void truncate(long size) {
    long stamp = contentLock.writeLock();
    try {
      if (size != content.size()) {
        content.truncate(size);
      }
      attrs().touchModified();
    } finally {
      contentLock.unlockWrite(stamp);
    }
  }

  @Override
  protected void release() {
    long stamp = contentLock.writeLock();
    try {
      content.release();
    } finally {
      contentLock.unlockWrite(stamp);
    }
    fs.quota.releaseInode();
  }

  /** One open description of this file. */
  final class Description implements FileDescriptionImpl {
    private final Credentials opener;

    Description(Credentials opener) {
      this.opener = opener;
    }

    RegularFile file() {
      return RegularFile.this;
    }

    @Override
    public int read(ByteBuffer dst, long offset) {
      int n;
      long stamp = contentLock.readLock();
      try {
        n = content.read(offset, dst);
      } finally {
        contentLock.unlockRead(stamp);
      }
      attrs().touchAccessed();
      return n;
    }

    @Override
    public int write(ByteBuffer src, long offset) {
      long stamp = contentLock.writeLock();
      try {
        int n = content.write(offset, src);
        if (n > 0) {
          attrs().touchModified();
          attrs().dropSetIdsOnWrite(opener);
        }
        return n;
      } finally {
        contentLock.unlockWrite(stamp);
      }
    }

    @Override
    public long append(ByteBuffer src) {
      long stamp = contentLock.writeLock();
      try {
        long end = content.size();
        int n = content.write(end, src);
        if (n > 0) {
          attrs().touchModified();
          attrs().dropSetIdsOnWrite(opener);
        }
        return end + n;
      } finally {
        contentLock.unlockWrite(stamp);
      }
    }

    @Override
    public long size() {
      return RegularFile.this.size();
    }

    @Override
    public void truncate(long size) {
      RegularFile.this.truncate(size);
    }

    @Override
    public Stat stat() {
      return RegularFile.this.stat();
    }

    @Override
    public void setStat(Credentials credentials, SetStat changes) {
      RegularFile.this.setStat(credentials, changes);
    }
  }
}
