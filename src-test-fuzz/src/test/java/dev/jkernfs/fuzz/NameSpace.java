package dev.jkernfs.fuzz;

import java.util.List;
import java.util.stream.Stream;

/**
 * The small set of paths the steps of a script choose from, so that random bytes collide on the
 * same names often enough to build trees, replace files and rename over each other.
 */
final class NameSpace {
  private static final List<String> BASE =
      List.of("/a", "/b", "/c", "/a/a", "/a/b", "/b/a", "/b/b", "/c/a", "/a/a/a", "/a/b/c");

  /** Symlink targets beyond the paths themselves: relative, upward and dangling. */
  private static final List<String> EXTRA_TARGETS = List.of("a", "..", "b/c", "/missing");

  /** One plain tree, as jimfs can have it too. */
  static final NameSpace PLAIN = new NameSpace(BASE);

  /**
   * The plain tree plus a second memfs mounted at {@code /mnt} and a {@link SwitchboardFilesystem}
   * at {@code /dyn}, whose paths the steps may also name.
   */
  static final NameSpace WITH_MOUNTS =
      new NameSpace(
          Stream.concat(
                  BASE.stream(),
                  Stream.of(
                      "/mnt",
                      "/mnt/a",
                      "/mnt/b",
                      "/dyn/numbers/1",
                      "/dyn/numbers/2",
                      "/dyn/numbers/3/leaf"))
              .toList());

  private final List<String> paths;

  private NameSpace(List<String> paths) {
    this.paths = paths;
  }

  String path(int selector) {
    return paths.get(selector % paths.size());
  }

  String symlinkTarget(int selector) {
    int index = selector % (paths.size() + EXTRA_TARGETS.size());
    return index < paths.size() ? paths.get(index) : EXTRA_TARGETS.get(index - paths.size());
  }
}
