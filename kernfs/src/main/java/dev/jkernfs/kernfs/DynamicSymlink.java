package dev.jkernfs.kernfs;

import dev.jkernfs.vfs.FileMode;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A symbolic link whose target is computed each time it is read or followed, like {@code
 * /proc/self} and {@code /proc/thread-self}: the target may depend on the calling thread.
 */
public final class DynamicSymlink extends Inode {
  private final Lifetime lifetime;
  private final Supplier<String> target;

  /**
   * Creates the symlink.
   *
   * @param target computes the target; runs in the walking thread with the filesystem's lock held,
   *     so it must not call into the filesystem
   */
  public DynamicSymlink(
      KernfsFilesystem fs, int uid, int gid, Lifetime lifetime, Supplier<String> target) {
    super(fs, FileMode.S_IFLNK | 0777, uid, gid);
    this.lifetime = Objects.requireNonNull(lifetime, "lifetime");
    this.target = Objects.requireNonNull(target, "target");
  }

  @Override
  public String readlink() {
    return target.get();
  }

  /** The length in bytes of the target as it is now. */
  @Override
  public long size() {
    return readlink().getBytes(StandardCharsets.UTF_8).length;
  }

  @Override
  public boolean keep() {
    return lifetime.keep();
  }

  @Override
  public boolean valid() {
    return lifetime.valid();
  }
}
