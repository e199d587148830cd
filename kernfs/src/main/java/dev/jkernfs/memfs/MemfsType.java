package dev.jkernfs.memfs;

import dev.jkernfs.kernfs.KernfsFilesystem;
import dev.jkernfs.vfs.Filesystem;
import dev.jkernfs.vfs.FilesystemType;
import dev.jkernfs.vfs.NameFolding;
import dev.jkernfs.vfs.VirtualFilesystem;
import java.util.Map;
import java.util.Set;

/**
 * The {@code memfs} filesystem type: a writable in-memory filesystem like Linux's tmpfs, the
 * default root of every jkernfs filesystem.
 *
 * <p>Options: {@code maxBytes} and {@code maxInodes} (numbers; unlimited if absent), {@code
 * dentryCacheLimit} (a number) and {@code nameFolding} (a {@link NameFolding}: how names are
 * compared; {@link NameFolding#IDENTITY}, as Linux, if absent).
 */
public final class MemfsType implements FilesystemType {
  public static final String NAME = "memfs";

  private static final Set<String> OPTIONS =
      Set.of("maxBytes", "maxInodes", "dentryCacheLimit", "nameFolding");

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Filesystem newFilesystem(VirtualFilesystem vfs, Map<String, ?> options) {
    for (String key : options.keySet()) {
      if (!OPTIONS.contains(key)) {
        throw new IllegalArgumentException("unknown memfs option: " + key);
      }
    }
    long maxBytes = longOption(options, "maxBytes", Long.MAX_VALUE);
    long maxInodes = longOption(options, "maxInodes", Long.MAX_VALUE);
    long cacheLimit =
        longOption(options, "dentryCacheLimit", KernfsFilesystem.DEFAULT_DENTRY_CACHE_LIMIT);
    if (cacheLimit > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("dentryCacheLimit too large: " + cacheLimit);
    }
    Object folding = options.get("nameFolding");
    if (folding != null && !(folding instanceof NameFolding)) {
      throw new IllegalArgumentException(
          "nameFolding must be a NameFolding, was " + folding.getClass().getName());
    }
    return new MemFilesystem(
        this,
        vfs,
        maxBytes,
        maxInodes,
        (int) cacheLimit,
        folding == null ? NameFolding.IDENTITY : (NameFolding) folding);
  }

  private static long longOption(Map<String, ?> options, String key, long absent) {
    Object value = options.get(key);
    if (value == null) {
      return absent;
    }
    if (!(value instanceof Long || value instanceof Integer)) {
      throw new IllegalArgumentException(
          key + " must be a Long or Integer, was " + value.getClass().getName());
    }
    long number = ((Number) value).longValue();
    if (number < 0) {
      throw new IllegalArgumentException(key + " must not be negative, was " + number);
    }
    return number;
  }
}
