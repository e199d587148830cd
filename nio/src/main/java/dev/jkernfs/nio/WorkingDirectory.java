package dev.jkernfs.nio;

import dev.jkernfs.refs.LeakChecker;
import dev.jkernfs.refs.RefCounted;
import dev.jkernfs.refs.RefHolder;
import dev.jkernfs.vfs.VirtualDentry;
import java.util.function.Consumer;

/**
 * The directory a filesystem's relative paths start from, held as Linux holds a process's current
 * directory: by reference, so that it stays the same directory when it is renamed or removed (a
 * removed one takes no new names, ENOENT), until the filesystem closes.
 */
final class WorkingDirectory implements RefHolder {
  private final VirtualDentry position;
  private final String path;
  private boolean released; // guarded by this

  /** Takes over the caller's reference on {@code position}. */
  WorkingDirectory(VirtualDentry position, String path) {
    this.position = position;
    this.path = path;
    LeakChecker.registerHolder(this);
  }

  VirtualDentry position() {
    return position;
  }

  /** Drops the reference; later calls do nothing. */
  synchronized void release() {
    if (released) {
      return;
    }
    released = true;
    LeakChecker.unregisterHolder(this);
    position.decRef();
  }

  @Override
  public String holderDescription() {
    return "working directory " + path;
  }

  @Override
  public synchronized void forEachHeldRef(Consumer<RefCounted> sink) {
    if (!released) {
      sink.accept(position.mount());
      sink.accept(position.dentry());
    }
  }
}
