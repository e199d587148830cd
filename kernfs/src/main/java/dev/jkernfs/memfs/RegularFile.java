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
  // Made by the first write or extension; an empty file, as most new files are, has none.
  private PagedContent content; // guarded by contentLock

  /** What reads of a file without content see; never written to. */
  private static final PagedContent EMPTY =
      new PagedContent(new SpaceQuota(SpaceQuota.UNLIMITED, SpaceQuota.UNLIMITED));

  /** Preconditions: the caller has reserved an inode in the quota for this file. */
  RegularFile(MemFilesystem fs, int permissions, int uid, int gid) {
    super(fs, FileMode.S_IFREG | permissions, uid, gid);
    this.fs = fs;
  }

  @Override
  public long size() {
    long stamp = contentLock.tryOptimisticRead();
    long size = readable().size();
    if (contentLock.validate(stamp)) {
      return size;
    }
    stamp = contentLock.readLock();
    try {
      return readable().size();
    } finally {
      contentLock.unlockRead(stamp);
    }
  }

  @Override
  public long blocks() {
    long stamp = contentLock.tryOptimisticRead();
    long allocated = readable().allocatedBytes();
    if (!contentLock.validate(stamp)) {
      stamp = contentLock.readLock();
      try {
        allocated = readable().allocatedBytes();
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
    long size = readable().size();
    long allocated = readable().allocatedBytes();
    if (!contentLock.validate(stamp)) {
      stamp = contentLock.readLock();
      try {
        size = readable().size();
        allocated = readable().allocatedBytes();
      } finally {
        contentLock.unlockRead(stamp);
      }
    }
    return stat(size, allocated / 512, 0);
  }

  @Override
  public void setStat(Credentials credentials, SetStat changes) {
    if (changes.has(SetStat.SIZE)) {
      truncate(changes.size());
    }
    if ((changes.mask() & ~SetStat.SIZE) != 0) {
      apply(credentials, changes);
    }
  }

  /**
   * The content to read, an empty one if none was made yet. Preconditions: {@link #contentLock} is
   * held, or its optimistic stamp is validated after the read.
   */
  private PagedContent readable() {
    PagedContent c = content;
    return c == null ? EMPTY : c;
  }

  /**
   * The content to change, made now if need be. Preconditions: {@link #contentLock} is held for
   * writing.
   */
  private PagedContent writable() {
    PagedContent c = content;
    if (c == null) {
      c = new PagedContent(fs.quota);
      content = c;
    }
    return c;
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
      if (size != readable().size()) {
        writable().truncate(size);
      }
      touchModified();
    } finally {
      contentLock.unlockWrite(stamp);
    }
  }

  @Override
  protected void release() {
    long stamp = contentLock.writeLock();
    try {
      if (content != null) {
        content.release();
      }
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
        n = readable().read(offset, dst);
      } finally {
        contentLock.unlockRead(stamp);
      }
      touchAccessed();
      return n;
    }

    @Override
    public int write(ByteBuffer src, long offset) {
      long stamp = contentLock.writeLock();
      try {
        int n = writable().write(offset, src);
        if (n > 0) {
          touchModified();
          dropSetIdsOnWrite(opener);
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
        long end = readable().size();
        int n = writable().write(end, src);
        if (n > 0) {
          touchModified();
          dropSetIdsOnWrite(opener);
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
