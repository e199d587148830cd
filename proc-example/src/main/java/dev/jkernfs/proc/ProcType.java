package dev.jkernfs.proc;

import dev.jkernfs.kernfs.KernfsFilesystem;
import dev.jkernfs.vfs.Filesystem;
import dev.jkernfs.vfs.FilesystemType;
import dev.jkernfs.vfs.VirtualFilesystem;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The {@code proc} filesystem type: a read-mostly tree over the live state of this JVM, which can
 * be mounted anywhere, any number of times. The service loader finds it by name with the built-in
 * entries only; {@link #publishing} makes one that also holds an application's own entries.
 *
 * <p>Options: {@value #DENTRY_CACHE_LIMIT} (an Integer or Long, at least 0; default {@value
 * KernfsFilesystem#DEFAULT_DENTRY_CACHE_LIMIT}), the number of unused dentries kept cached.
 */
public final class ProcType implements FilesystemType {
  public static final String NAME = "proc";

  /** The option that sets the dentry cache limit. */
  public static final String DENTRY_CACHE_LIMIT = "dentryCacheLimit";

  private final Consumer<ProcDirectory> application;

  /** The type with the built-in entries only. */
  public ProcType() {
    this(root -> {});
  }

  private ProcType(Consumer<ProcDirectory> application) {
    this.application = application;
  }

  /**
   * A proc type whose every filesystem also holds the entries {@code publish} describes in its
   * root, next to the built-in ones. {@code publish} runs once per mount, as the filesystem is
   * made.
   *
   * <p>A mount fails with {@link IllegalArgumentException} if {@code publish} names an entry twice
   * or reuses a built-in name.
   */
  public static ProcType publishing(Consumer<ProcDirectory> publish) {
    return new ProcType(Objects.requireNonNull(publish, "publish"));
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Filesystem newFilesystem(VirtualFilesystem vfs, Map<String, ?> options) {
    int cacheLimit = cacheLimitOption(options);
    ProcFilesystem fs = new ProcFilesystem(vfs, this, cacheLimit);
    try {
      ProcDirectory.pinned(fs, fs.rootDirectory())
          .fill(
              root -> {
                BuiltinEntries.describe(fs, root);
                application.accept(root);
              });
    } catch (RuntimeException e) {
      fs.decRef();
      throw e;
    }
    return fs;
  }

  private static int cacheLimitOption(Map<String, ?> options) {
    for (String key : options.keySet()) {
      if (!key.equals(DENTRY_CACHE_LIMIT)) {
        throw new IllegalArgumentException("unknown proc option: " + key);
      }
    }
    Object value = options.get(DENTRY_CACHE_LIMIT);
    if (value == null) {
      return KernfsFilesystem.DEFAULT_DENTRY_CACHE_LIMIT;
    }
    if (!(value instanceof Integer || value instanceof Long)) {
      throw new IllegalArgumentException(
          DENTRY_CACHE_LIMIT + " must be an Integer or Long, was " + value.getClass().getName());
    }
    long limit = ((Number) value).longValue();
    if (limit < 0 || limit > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          DENTRY_CACHE_LIMIT + " must be between 0 and " + Integer.MAX_VALUE + ", was " + limit);
    }
    return (int) limit;
  }

  @Override
  public String toString() {
    return "ProcType[" + NAME + "]";
  }
}
