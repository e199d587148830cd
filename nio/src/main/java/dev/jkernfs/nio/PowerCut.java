package dev.jkernfs.nio;

import dev.jkernfs.memfs.MemfsType;
import dev.jkernfs.vfs.Filesystem;
import java.nio.file.FileSystem;
import java.nio.file.ProviderMismatchException;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * A simulated power cut of one filesystem created with {@code durability=fsync}: what a reboot
 * closes is closed, and the root filesystem reverts to what fsync made durable ({@link
 * MemfsType#crash} has the rules).
 */
final class PowerCut {
  private PowerCut() {}

  /**
   * Makes the state of a filesystem just set up durable, its mount points included, as a disk is
   * after it was formatted and mounted; nothing for one that does not track durability.
   */
  static void afterSetUp(JkernfsFileSystem fs) {
    Filesystem root = rootOf(fs);
    if (MemfsType.tracksDurability(root)) {
      MemfsType.syncAll(root);
    }
  }

  /**
   * Closes every channel, stream, directory stream and watch service of {@code fs} (and whatever
   * {@link Jkernfs#closeWith} joined to it, a FUSE mount say), then reverts its root filesystem.
   * Mounted filesystems, {@code /proc} or another memfs, are left as they are.
   */
  static void crash(FileSystem fileSystem, OptionalLong seed) {
    if (!(Objects.requireNonNull(fileSystem, "fs") instanceof JkernfsFileSystem fs)) {
      throw new ProviderMismatchException(
          "cannot simulate a power cut of "
              + fileSystem
              + ": only a jkernfs filesystem created with env durability="
              + MemfsType.DURABILITY_FSYNC
              + " can, e.g. Jkernfs.newFileSystem(name, Map.of(\"durability\", \"fsync\"))");
    }
    fs.checkOpen();
    Filesystem root = rootOf(fs);
    if (!MemfsType.tracksDurability(root)) {
      throw new IllegalStateException(
          fs
              + " cannot simulate a power cut: its changes are durable at once (durability="
              + MemfsType.DURABILITY_IMMEDIATE
              + "). Create it with env durability="
              + MemfsType.DURABILITY_FSYNC
              + ", e.g. Jkernfs.newFileSystem(name, Map.of(\"durability\", \"fsync\"))");
    }
    fs.openResources().closeRemembered();
    MemfsType.crash(root, seed);
  }

  private static Filesystem rootOf(JkernfsFileSystem fs) {
    return fs.vfs().root().mount().filesystem();
  }
}
