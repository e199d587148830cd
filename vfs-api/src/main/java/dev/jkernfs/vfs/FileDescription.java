package dev.jkernfs.vfs;

import dev.jkernfs.refs.RefCounted;
import dev.jkernfs.refs.RefHolder;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * An open file: the offset, access mode and references behind a channel or directory stream.
 *
 * <p>References: a description holds its mount and dentry from open until it is destroyed. {@link
 * #close()} drops the opener's reference once; each operation holds one more while it runs, so a
 * close racing with a read never frees what the read is using. After close every operation fails
 * with EBADF.
 */
public final class FileDescription extends RefCounted implements RefHolder {
  private final FileDescriptionImpl impl;
  private final Mount mount;
  private final Dentry dentry;
  private final boolean readable;
  private final boolean writable;
  private final boolean append;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Object offsetLock = new Object();
  private long offset; // guarded by offsetLock

  /**
   * Creates a description of {@code dentry} seen through {@code mount}, taking references on both.
   */
  public FileDescription(
      FileDescriptionImpl impl, Mount mount, Dentry dentry, OpenOptions options) {
    super(mount.vfs());
    this.impl = impl;
    this.mount = mount;
    this.dentry = dentry;
    this.readable = options.read();
    this.writable = options.write() || options.append();
    this.append = options.append();
    mount.incRef();
    dentry.incRef();
  }

  public Mount mount() {
    return mount;
  }

  public Dentry dentry() {
    return dentry;
  }

  public FileDescriptionImpl impl() {
    return impl;
  }

  public boolean isReadable() {
    return readable;
  }

  public boolean isWritable() {
    return writable;
  }

  public boolean isAppend() {
    return append;
  }

  public boolean isOpen() {
    return !closed.get();
  }

  /** Reads at the current offset and advances it. */
  public int read(ByteBuffer dst) {
    enter(readable);
    try {
      synchronized (offsetLock) {
        int n = impl.read(dst, offset);
        if (n > 0) {
          offset += n;
        }
        return n;
      }
    } finally {
      decRef();
    }
  }

  /** Reads at {@code position}; the offset does not move. */
  public int pread(ByteBuffer dst, long position) {
    checkPosition(position);
    enter(readable);
    try {
      return impl.read(dst, position);
    } finally {
      decRef();
    }
  }

  /** Writes at the current offset (at the end in append mode) and advances it. */
  public int write(ByteBuffer src) {
    enter(writable);
    try {
      int n;
      synchronized (offsetLock) {
        n = src.remaining();
        if (append) {
          offset = impl.append(src);
        } else {
          n = impl.write(src, offset);
          offset += n;
        }
      }
      modified();
      return n;
    } finally {
      decRef();
    }
  }

  /** Writes at {@code position}; the offset does not move. In append mode, writes at the end. */
  public int pwrite(ByteBuffer src, long position) {
    checkPosition(position);
    enter(writable);
    try {
      int n;
      if (append) {
        // Linux ignores the position of pwrite on an O_APPEND file.
        n = src.remaining();
        impl.append(src);
      } else {
        n = impl.write(src, position);
      }
      modified();
      return n;
    } finally {
      decRef();
    }
  }

  public long position() {
    enter(true);
    try {
      synchronized (offsetLock) {
        return offset;
      }
    } finally {
      decRef();
    }
  }

  /** Moves the offset; past the end is allowed, as {@code lseek(2)} does. */
  public void seek(long newOffset) {
    checkPosition(newOffset);
    enter(true);
    try {
      synchronized (offsetLock) {
        offset = newOffset;
      }
    } finally {
      decRef();
    }
  }

  public long size() {
    enter(true);
    try {
      return impl.size();
    } finally {
      decRef();
    }
  }

  /** Truncates or extends the file; requires the description to be writable. */
  public void truncate(long size) {
    if (size < 0) {
      throw Errno.EINVAL.exception();
    }
    enter(writable);
    try {
      impl.truncate(size);
      modified();
    } finally {
      decRef();
    }
  }

  public Stat stat() {
    enter(true);
    try {
      return impl.stat();
    } finally {
      decRef();
    }
  }

  public void setStat(Credentials credentials, SetStat changes) {
    enter(true);
    try {
      impl.setStat(credentials, changes);
      modified();
    } finally {
      decRef();
    }
  }

  /**
   * Makes the file durable, as {@code fsync(2)}: its content and attributes, or a directory's
   * entries. Any open description may do it, whatever its access mode, as on Linux.
   */
  public void sync() {
    enter(true);
    try {
      impl.sync();
    } finally {
      decRef();
    }
  }

  /**
   * {@code fgetxattr(2)}: as {@link VirtualFilesystem#getxattr} on this description's file, which
   * may be unlinked; EBADF once closed.
   */
  public byte[] getxattr(Credentials credentials, String name) {
    enter(true);
    try {
      Xattr.checkName(name);
      return dentry.filesystem().getxattr(dentry, credentials, name);
    } finally {
      decRef();
    }
  }

  /** {@code flistxattr(2)}. */
  public List<String> listxattr(Credentials credentials) {
    enter(true);
    try {
      return dentry.filesystem().listxattr(dentry, credentials);
    } finally {
      decRef();
    }
  }

  /**
   * {@code fsetxattr(2)}: as {@link VirtualFilesystem#setxattr}, whatever the description's access
   * mode, since the file's permissions decide.
   */
  public void setxattr(Credentials credentials, String name, byte[] value, int flags) {
    enter(true);
    try {
      Xattr.checkSet(name, value, flags);
      dentry.filesystem().setxattr(dentry, credentials, name, value, flags);
      modified();
    } finally {
      decRef();
    }
  }

  /** {@code fremovexattr(2)}. */
  public void removexattr(Credentials credentials, String name) {
    enter(true);
    try {
      Xattr.checkName(name);
      dentry.filesystem().removexattr(dentry, credentials, name);
      modified();
    } finally {
      decRef();
    }
  }

  /**
   * Lists directory entries from the current offset, passing each to {@code sink} until it returns
   * false; the offset moves past the entries accepted.
   */
  public void readdir(FileDescriptionImpl.DirSink sink) {
    enter(true);
    try {
      synchronized (offsetLock) {
        offset = impl.readdir(offset, sink);
      }
    } finally {
      decRef();
    }
  }

  private void modified() {
    VirtualFilesystem vfs = mount.vfs();
    if (vfs.isWatched()) {
      vfs.notifyModified(dentry);
    }
  }

  /** Drops the opener's reference; a second close does nothing. */
  public void close() {
    if (closed.compareAndSet(false, true)) {
      decRef();
    }
  }

  /** Takes a reference for one operation, or fails with EBADF if closed or not permitted. */
  private void enter(boolean permitted) {
    if (closed.get() || !tryIncRef()) {
      throw Errno.EBADF.exception();
    }
    if (!permitted) {
      decRef();
      throw Errno.EBADF.exception();
    }
  }

  private static void checkPosition(long position) {
    if (position < 0) {
      throw Errno.EINVAL.exception();
    }
  }

  @Override
  protected void destroy() {
    try {
      impl.release();
    } finally {
      dentry.decRef();
      if (!Faults.CLOSE_KEEPS_MOUNT) {
        mount.decRef();
      }
    }
  }

  @Override
  public String refType() {
    return "file";
  }

  @Override
  public String leakDescription() {
    return dentry.filesystem().pathOf(dentry)
        + (readable ? " r" : " ")
        + (writable ? "w" : "")
        + (append ? "a" : "");
  }

  @Override
  public String holderDescription() {
    return "file " + leakDescription();
  }

  @Override
  public void forEachHeldRef(Consumer<RefCounted> sink) {
    if (!closed.get()) {
      // The opener's reference: held on behalf of whoever will call close.
      sink.accept(this);
    }
    sink.accept(mount);
    sink.accept(dentry);
  }
}
