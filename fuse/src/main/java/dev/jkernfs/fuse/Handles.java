package dev.jkernfs.fuse;

import dev.jkernfs.vfs.Errno;
import dev.jkernfs.vfs.FileDescription;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The VFS file descriptions behind the FUSE file handles of one mount. A handle owns the
 * description's opening reference until {@code release}, or until the mount closes the ones the
 * kernel never released.
 */
final class Handles {
  private final ConcurrentHashMap<Long, FileDescription> open = new ConcurrentHashMap<>();
  private final AtomicLong lastHandle = new AtomicLong();

  /** Takes over {@code fd}'s opening reference; returns its handle (never 0). */
  long add(FileDescription fd) {
    long handle = lastHandle.incrementAndGet();
    open.put(handle, fd);
    return handle;
  }

  /** The description of an open handle; EBADF for a handle that is not open. */
  FileDescription get(long handle) {
    FileDescription fd = open.get(handle);
    if (fd == null) {
      throw Errno.EBADF.exception();
    }
    return fd;
  }

  /** Releases a handle; an unknown handle is ignored, as a second release would be. */
  void close(long handle) {
    FileDescription fd = open.remove(handle);
    if (fd != null) {
      fd.close();
    }
  }

  int size() {
    return open.size();
  }

  /** Closes every description still open; returns how many there were. */
  int closeAll() {
    List<Long> remaining = List.copyOf(open.keySet());
    for (Long handle : remaining) {
      close(handle);
    }
    return remaining.size();
  }
}
