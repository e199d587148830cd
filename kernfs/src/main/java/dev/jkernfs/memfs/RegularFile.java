package dev.jkernfs.memfs;

import dev.jkernfs.kernfs.Inode;
import dev.jkernfs.kernfs.XattrTable;
import dev.jkernfs.vfs.Credentials;
import dev.jkernfs.vfs.FileDescriptionImpl;
import dev.jkernfs.vfs.FileMode;
import dev.jkernfs.vfs.OpenOptions;
import dev.jkernfs.vfs.SetStat;
import dev.jkernfs.vfs.Stat;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import java.util.concurrent.locks.StampedLock;

/**
 * A memfs regular file: its bytes in {@link PagedContent} under a read/write lock, so readers of
 * one file never wait for each other. Its memory goes back to the JVM (and the quota) when the
 * inode dies, which is when its last link and last open description are gone.
 */
final class RegularFile extends Inode {
  // A StampedLock: a quarter of a ReentrantReadWriteLock's memory per file, no per-thread hold
  // counts, and optimistic reads; no path takes it twice. Made by the first change of the content,
  // so that an empty file, as most new files are, has neither lock nor content. Until then every
  // read answers for an empty file without looking at the content; the content is only made
  // under the lock, so a reader that finds no lock knows there is none.
  private volatile ContentLock contentLock;

  /**
   * The content lock and the content it guards, in one object: a file with content costs no more
   * for it (the reference fits in the lock's padding), and a file without costs a field less. It
   * also keeps the file's extended attributes, so that a file that has neither content nor
   * attributes, as most new files, pays nothing for them.
   */
  private static final class ContentLock extends StampedLock {
    private static final long serialVersionUID = 1L;

    transient PagedContent content; // guarded by this lock; null until the first change

    // Written under the inode's monitor, which also guards the mode and owner its permission
    // checks read; read without a lock. Null for none.
    transient volatile XattrTable xattrs;
  }

  private static final VarHandle CONTENT_LOCK;

  static {
    try {
      CONTENT_LOCK =
          MethodHandles.lookup().findVarHandle(RegularFile.class, "contentLock", ContentLock.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** What reads of a file without content see; never written to. */
  private static final PagedContent EMPTY =
      new PagedContent(new SpaceQuota(SpaceQuota.UNLIMITED, SpaceQuota.UNLIMITED));

  /** Preconditions: the caller has reserved an inode in the quota for this file. */
  RegularFile(MemFilesystem fs, int permissions, int uid, int gid) {
    super(fs, FileMode.S_IFREG | permissions, uid, gid);
  }

  // Not a field: the inode knows its filesystem, and a file is worth eight bytes less.
  private SpaceQuota quota() {
    return ((MemFilesystem) filesystem()).quota;
  }

  /** The content lock, made now if this is the first change. */
  private ContentLock lockForChange() {
    ContentLock lock = contentLock;
    if (lock == null) {
      ContentLock made = new ContentLock();
      ContentLock witness = (ContentLock) CONTENT_LOCK.compareAndExchange(this, null, made);
      lock = witness == null ? made : witness;
    }
    return lock;
  }

  @Override
  public long size() {
    ContentLock contentLock = this.contentLock;
    if (contentLock == null) {
      return 0;
    }
    long stamp = contentLock.tryOptimisticRead();
    long size = readable(contentLock).size();
    if (contentLock.validate(stamp)) {
      return size;
    }
    stamp = contentLock.readLock();
    try {
      return readable(contentLock).size();
    } finally {
      contentLock.unlockRead(stamp);
    }
  }

  @Override
  public long blocks() {
    ContentLock contentLock = this.contentLock;
    if (contentLock == null) {
      return 0;
    }
    long stamp = contentLock.tryOptimisticRead();
    long allocated = readable(contentLock).allocatedBytes();
    if (!contentLock.validate(stamp)) {
      stamp = contentLock.readLock();
      try {
        allocated = readable(contentLock).allocatedBytes();
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
    ContentLock contentLock = this.contentLock;
    if (contentLock == null) {
      return stat(0, 0, 0);
    }
    long stamp = contentLock.tryOptimisticRead();
    long size = readable(contentLock).size();
    long allocated = readable(contentLock).allocatedBytes();
    if (!contentLock.validate(stamp)) {
      stamp = contentLock.readLock();
      try {
        size = readable(contentLock).size();
        allocated = readable(contentLock).allocatedBytes();
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
      dropSetIdsOnWrite(credentials); // a truncate is a write, for the set-ID bits too
    }
    if ((changes.mask() & ~SetStat.SIZE) != 0) {
      apply(credentials, changes);
    }
  }

  /**
   * The content to read, an empty one if none was made yet. Preconditions: {@link #contentLock} is
   * held, or its optimistic stamp is validated after the read.
   */
  private static PagedContent readable(ContentLock contentLock) {
    PagedContent c = contentLock.content;
    return c == null ? EMPTY : c;
  }

  /**
   * The content to change, made now if need be. Preconditions: {@link #contentLock} is held for
   * writing.
   */
  private PagedContent writable(ContentLock contentLock) {
    PagedContent c = contentLock.content;
    if (c == null) {
      c = ((MemFilesystem) filesystem()).newContent();
      contentLock.content = c;
    }
    return c;
  }

  @Override
  public FileDescriptionImpl open(Credentials credentials, OpenOptions options) {
    if (options.truncate() && (options.write() || options.append())) {
      truncate(0);
      dropSetIdsOnWrite(credentials);
    }
    return new Description(credentials);
  }

  void truncate(long size) {
    ContentLock contentLock = lockForChange();
    long stamp = contentLock.writeLock();
    try {
      if (size != readable(contentLock).size()) {
        writable(contentLock).truncate(size);
      }
      touchModified();
    } finally {
      contentLock.unlockWrite(stamp);
    }
  }

  /** Saves the content and attributes, where durability is tracked (fsync). */
  @Override
  public void sync() {
    DurableImage durable = ((MemFilesystem) filesystem()).durable;
    if (durable == null) {
      return;
    }
    ContentLock contentLock = lockForChange();
    long stamp = contentLock.writeLock();
    try {
      if (contentLock.content instanceof CopyOnWriteContent content) {
        content.sync();
      }
      // May drop the image's reference on this file (synced after its last unlink) under the
      // content lock: never the last one, which the open description syncing it holds.
      durable.saveAttributes(this);
    } finally {
      contentLock.unlockWrite(stamp);
    }
  }

  /**
   * Puts the content back as of the last sync, with what {@code tear} says reached the disk of the
   * changes since (see {@link CopyOnWriteContent#revert}).
   */
  void revert(SplittableRandom tear) {
    ContentLock contentLock = this.contentLock;
    if (contentLock == null) {
      return; // never changed: empty at the last sync and now
    }
    long stamp = contentLock.writeLock();
    try {
      if (contentLock.content instanceof CopyOnWriteContent content) {
        content.revert(tear);
      }
    } finally {
      contentLock.unlockWrite(stamp);
    }
  }

  @Override
  protected XattrTable xattrs() {
    ContentLock contentLock = this.contentLock;
    XattrTable table = contentLock == null ? null : contentLock.xattrs;
    return table == null ? XattrTable.EMPTY : table;
  }

  @Override
  protected void replaceXattrsLocked(XattrTable old, XattrTable updated) {
    quota().recharge(old.bytes(), updated.bytes());
    lockForChange().xattrs = updated;
  }

  @Override
  protected void release() {
    ContentLock contentLock = this.contentLock;
    if (contentLock != null) {
      XattrTable table = contentLock.xattrs;
      if (table != null) {
        quota().releaseBytes(table.bytes());
      }
      long stamp = contentLock.writeLock();
      try {
        if (contentLock.content != null) {
          contentLock.content.release();
        }
      } finally {
        contentLock.unlockWrite(stamp);
      }
    }
    quota().releaseInode();
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
      ContentLock contentLock = RegularFile.this.contentLock;
      if (contentLock == null) {
        n = EMPTY.read(offset, dst);
      } else {
        long stamp = contentLock.readLock();
        try {
          n = readable(contentLock).read(offset, dst);
        } finally {
          contentLock.unlockRead(stamp);
        }
      }
      touchAccessed();
      return n;
    }

    @Override
    public int write(ByteBuffer src, long offset) {
      ContentLock contentLock = lockForChange();
      long stamp = contentLock.writeLock();
      try {
        int n = writable(contentLock).write(offset, src);
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
      ContentLock contentLock = lockForChange();
      long stamp = contentLock.writeLock();
      try {
        long end = readable(contentLock).size();
        int n = writable(contentLock).write(end, src);
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
      dropSetIdsOnWrite(opener);
    }

    @Override
    public Stat stat() {
      return RegularFile.this.stat();
    }

    @Override
    public void sync() {
      RegularFile.this.sync();
    }

    @Override
    public void setStat(Credentials credentials, SetStat changes) {
      RegularFile.this.setStat(credentials, changes);
    }
  }
}
