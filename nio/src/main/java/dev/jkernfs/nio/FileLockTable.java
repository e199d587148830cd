package dev.jkernfs.nio;

import dev.jkernfs.vfs.Stat;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The range locks held on the files of one filesystem, by file. */
final class FileLockTable {
  private final Map<Key, List<RangeLock>> locks = new HashMap<>(); // guarded by this

  /** Identifies a file across its names and open channels. */
  record Key(long dev, long ino) {
    static Key of(Stat stat) {
      return new Key(stat.dev(), stat.ino());
    }
  }

  synchronized FileLock acquire(
      Key key, FileChannel channel, long position, long size, boolean shared) {
    List<RangeLock> held = locks.computeIfAbsent(key, k -> new ArrayList<>());
    for (RangeLock lock : held) {
      if (lock.overlaps(position, size)) {
        throw new OverlappingFileLockException();
      }
    }
    RangeLock lock = new RangeLock(key, channel, position, size, shared);
    held.add(lock);
    return lock;
  }

  synchronized void release(RangeLock lock) {
    List<RangeLock> held = locks.get(lock.key);
    if (held != null && held.remove(lock) && held.isEmpty()) {
      locks.remove(lock.key);
    }
  }

  synchronized void releaseAll(Key key, FileChannel channel) {
    List<RangeLock> held = locks.get(key);
    if (held == null) {
      return;
    }
    for (RangeLock lock : List.copyOf(held)) {
      if (lock.channel() == channel) {
        lock.invalidate();
        held.remove(lock);
      }
    }
    if (held.isEmpty()) {
      locks.remove(key);
    }
  }

  /** One lock on a range of one file. */
  final class RangeLock extends FileLock {
    private final Key key;
    private volatile boolean valid = true;

    RangeLock(Key key, FileChannel channel, long position, long size, boolean shared) {
      super(channel, position, size, shared);
      this.key = key;
    }

    @Override
    public boolean isValid() {
      return valid && channel().isOpen();
    }

    void invalidate() {
      valid = false;
    }

    @Override
    public void release() throws java.io.IOException {
      if (!channel().isOpen()) {
        throw new java.nio.channels.ClosedChannelException();
      }
      if (valid) {
        valid = false;
        FileLockTable.this.release(this);
      }
    }
  }
}
