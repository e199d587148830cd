package dev.jkernfs.vfs;

import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A kind of filesystem that can be mounted ({@code memfs}, {@code proc}), found by name through
 * {@link ServiceLoader}: implementations are listed in {@code
 * META-INF/services/dev.jkernfs.vfs.FilesystemType}.
 */
public interface FilesystemType {
  /** The name it is mounted by. */
  String name();

  /**
   * Creates a filesystem of this type in {@code vfs}. The caller owns the one reference the new
   * filesystem starts with.
   *
   * @param options type-specific settings; a type rejects keys it does not know with {@link
   *     IllegalArgumentException} naming the key
   */
  Filesystem newFilesystem(VirtualFilesystem vfs, Map<String, ?> options);

  /**
   * Finds a filesystem type by name among those on the class path.
   *
   * @throws ErrnoException ENODEV if there is none (as {@code mount(2)} does)
   */
  static FilesystemType find(String name) {
    FilesystemType type = Registry.TYPES.computeIfAbsent(name, Registry::load);
    if (type == Registry.NONE) {
      Registry.TYPES.remove(name);
      throw Errno.ENODEV.exception("unknown filesystem type \"" + name + "\"");
    }
    return type;
  }

  /** The types found so far, loaded once each. */
  final class Registry {
    private static final Map<String, FilesystemType> TYPES = new ConcurrentHashMap<>();

    private static final FilesystemType NONE =
        new FilesystemType() {
          @Override
          public String name() {
            return "";
          }

          @Override
          public Filesystem newFilesystem(VirtualFilesystem vfs, Map<String, ?> options) {
            throw new UnsupportedOperationException();
          }
        };

    private Registry() {}

    private static FilesystemType load(String name) {
      for (FilesystemType type :
          ServiceLoader.load(FilesystemType.class, FilesystemType.class.getClassLoader())) {
        if (type.name().equals(name)) {
          return type;
        }
      }
      return NONE;
    }
  }
}
