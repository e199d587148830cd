package dev.jkernfs.kernfs;

import dev.jkernfs.vfs.Filesystem;
import dev.jkernfs.vfs.FilesystemType;
import dev.jkernfs.vfs.VirtualFilesystem;
import java.util.Map;
import java.util.function.BiConsumer;

/** A kernfs filesystem for tests of the synthetic inodes: a static root the test fills. */
final class SyntheticTestFilesystem extends KernfsFilesystem {
  private SyntheticTestFilesystem(
      VirtualFilesystem vfs,
      FilesystemType type,
      int cacheLimit,
      BiConsumer<KernfsFilesystem, StaticDirectory> populate) {
    super(vfs, type, cacheLimit);
    StaticDirectory root = new StaticDirectory(this, 0555, 0, 0);
    populate.accept(this, root);
    setRoot(root);
  }

  /** A type whose every filesystem has a root filled by {@code populate}. */
  static FilesystemType type(
      int cacheLimit, BiConsumer<KernfsFilesystem, StaticDirectory> populate) {
    return new FilesystemType() {
      @Override
      public String name() {
        return "synthetic";
      }

      @Override
      public Filesystem newFilesystem(VirtualFilesystem vfs, Map<String, ?> options) {
        return new SyntheticTestFilesystem(vfs, this, cacheLimit, populate);
      }
    };
  }
}
