package dev.jkernfs.kernfs;

import dev.jkernfs.vfs.Credentials;
import dev.jkernfs.vfs.Errno;
import dev.jkernfs.vfs.FileDescriptionImpl;
import dev.jkernfs.vfs.FileMode;
import dev.jkernfs.vfs.Filesystem;
import dev.jkernfs.vfs.FilesystemType;
import dev.jkernfs.vfs.OpenOptions;
import dev.jkernfs.vfs.SetStat;
import dev.jkernfs.vfs.Stat;
import dev.jkernfs.vfs.VirtualFilesystem;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A kernfs filesystem for tests of dynamic entries: {@code /numbers/N} exists for every N (looked
 * up, never kept) until N is marked dead, {@code /static/a} is a kept static child.
 */
final class DynamicTestFilesystem extends KernfsFilesystem {
  final Set<Long> dead = ConcurrentHashMap.newKeySet();

  DynamicTestFilesystem(VirtualFilesystem vfs, FilesystemType type, int cacheLimit) {
    super(vfs, type, cacheLimit);
    StaticDirectory root = new StaticDirectory(this, 0555, 0, 0);
    root.add("numbers", new NumberDirectory(this));
    root.add("static", new StaticDirectory(this, 0555, 0, 0).add("a", new Leaf(this, -1, true)));
    setRoot(root);
  }

  static FilesystemType type(int cacheLimit) {
    return new FilesystemType() {
      @Override
      public String name() {
        return "dyntest";
      }

      @Override
      public Filesystem newFilesystem(VirtualFilesystem vfs, Map<String, ?> options) {
        return new DynamicTestFilesystem(vfs, this, cacheLimit);
      }
    };
  }

  /** A directory whose children are all numbers, made on lookup. */
  final class NumberDirectory extends Inode implements Directory {
    NumberDirectory(KernfsFilesystem fs) {
      super(fs, FileMode.S_IFDIR | 0555, 0, 0);
    }

    @Override
    public Inode lookup(String name) {
      long n;
      try {
        n = Long.parseLong(name);
      } catch (NumberFormatException e) {
        throw Errno.ENOENT.exception();
      }
      if (n < 0 || dead.contains(n)) {
        throw Errno.ENOENT.exception();
      }
      return n % 2 == 0 ? new Leaf(filesystem(), n, false) : new NumberSubdirectory(n);
    }

    @Override
    public long iterate(long offset, FileDescriptionImpl.DirSink sink) {
      return offset;
    }

    @Override
    public boolean hasChildren() {
      return true;
    }
  }

  /** An odd number's directory, holding one leaf named "leaf". */
  final class NumberSubdirectory extends Inode implements Directory {
    private final long n;

    NumberSubdirectory(long n) {
      super(DynamicTestFilesystem.this, FileMode.S_IFDIR | 0555, 0, 0);
      this.n = n;
    }

    @Override
    public boolean keep() {
      return false;
    }

    @Override
    public boolean valid() {
      return !dead.contains(n);
    }

    @Override
    public Inode lookup(String name) {
      if (!name.equals("leaf")) {
        throw Errno.ENOENT.exception();
      }
      return new Leaf(filesystem(), n, false);
    }

    @Override
    public long iterate(long offset, FileDescriptionImpl.DirSink sink) {
      return offset;
    }

    @Override
    public boolean hasChildren() {
      return true;
    }
  }

  /** A file standing for a number; kept only if static. */
  final class Leaf extends Inode {
    private final long n;
    private final boolean kept;

    Leaf(KernfsFilesystem fs, long n, boolean kept) {
      super(fs, FileMode.S_IFREG | 0444, 0, 0);
      this.n = n;
      this.kept = kept;
    }

    @Override
    public boolean keep() {
      return kept;
    }

    @Override
    public boolean valid() {
      return !dead.contains(n);
    }

    @Override
    public FileDescriptionImpl open(Credentials credentials, OpenOptions options) {
      return new FileDescriptionImpl() {
        @Override
        public Stat stat() {
          return Leaf.this.stat();
        }

        @Override
        public void setStat(Credentials c, SetStat changes) {
          Leaf.this.setStat(c, changes);
        }
      };
    }
  }
}
