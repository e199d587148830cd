package dev.jkernfs.kernfs;

import dev.jkernfs.vfs.WindowsAttributes;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * The {@link WindowsAttributes} of a filesystem's inodes that differ from a new file's. Kept beside
 * the inodes rather than in them, so that a filesystem that never sets one (every Linux-flavoured
 * one) pays nothing per file; an entry goes when its inode dies.
 */
final class WindowsAttributeStore {
  private final Map<Inode, WindowsAttributes> changed = new ConcurrentHashMap<>();

  WindowsAttributes get(Inode inode) {
    WindowsAttributes attributes = changed.get(inode);
    return attributes != null ? attributes : WindowsAttributes.initial(inode.isDirectory());
  }

  /** Applies {@code change} atomically, keeping an entry only for what differs from the initial. */
  void update(Inode inode, UnaryOperator<WindowsAttributes> change) {
    WindowsAttributes initial = WindowsAttributes.initial(inode.isDirectory());
    changed.compute(
        inode,
        (unused, current) -> {
          WindowsAttributes updated = change.apply(current == null ? initial : current);
          return updated.equals(initial) ? null : updated;
        });
  }

  void forget(Inode inode) {
    changed.remove(inode);
  }

  int size() {
    return changed.size();
  }
}
