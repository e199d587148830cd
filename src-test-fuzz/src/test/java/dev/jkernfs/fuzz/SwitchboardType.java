package dev.jkernfs.fuzz;

import dev.jkernfs.vfs.Filesystem;
import dev.jkernfs.vfs.FilesystemType;
import dev.jkernfs.vfs.VirtualFilesystem;
import java.util.Map;

/**
 * The {@code switchboard} filesystem type, found through {@link java.util.ServiceLoader} so that
 * the NIO targets can mount it by name. Public only because the service loader instantiates it.
 *
 * <p>Options: {@code dentryCacheLimit} (a number, default {@value #DEFAULT_CACHE_LIMIT}).
 */
public final class SwitchboardType implements FilesystemType {
  static final String NAME = "switchboard";
  private static final int DEFAULT_CACHE_LIMIT = 2;

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Filesystem newFilesystem(VirtualFilesystem vfs, Map<String, ?> options) {
    for (String key : options.keySet()) {
      if (!key.equals("dentryCacheLimit")) {
        throw new IllegalArgumentException("unknown switchboard option: " + key);
      }
    }
    Object limit = options.get("dentryCacheLimit");
    return new SwitchboardFilesystem(
        vfs, this, limit == null ? DEFAULT_CACHE_LIMIT : ((Number) limit).intValue());
  }
}
