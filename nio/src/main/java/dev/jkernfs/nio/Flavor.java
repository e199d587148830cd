package dev.jkernfs.nio;

import dev.jkernfs.vfs.NameFolding;
import dev.jkernfs.vfs.ParsedPath;
import java.nio.file.InvalidPathException;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which operating system a filesystem looks like from {@code java.nio.file}: its paths, how its
 * names compare, the attribute views it offers and how path matchers compare. The env key {@code
 * flavor}; everything underneath (the VFS, permissions, errors) stays Linux's.
 */
enum Flavor {
  /** The JDK on Linux: Unix paths, exact names, {@code basic posix owner unix}. */
  LINUX(NameFolding.IDENTITY, AttributeViews.UNIX_VIEWS, 0),
  /**
   * The JDK on Windows: Windows paths with drive and UNC roots, names that ignore case, {@code
   * basic dos owner acl}, case-insensitive matchers.
   */
  WINDOWS(
      NameFolding.WINDOWS,
      AttributeViews.WINDOWS_VIEWS,
      Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE),
  /**
   * The JDK on macOS (APFS): Unix paths kept as written, names that ignore case and Unicode
   * normalization, the Linux views, matchers that ignore normalization.
   */
  MACOS(NameFolding.MACOS, AttributeViews.UNIX_VIEWS, Pattern.CANON_EQ);

  private final NameFolding folding;
  private final Set<String> views;
  private final int patternFlags;

  Flavor(NameFolding folding, Set<String> views, int patternFlags) {
    this.folding = folding;
    this.views = views;
    this.patternFlags = patternFlags;
  }

  /**
   * The flavour named {@code name} ({@code linux}, {@code windows}, {@code macos}, in any case).
   *
   * @throws IllegalArgumentException naming the key for any other name
   */
  static Flavor parse(String name) {
    for (Flavor flavor : values()) {
      if (flavor.name().equalsIgnoreCase(name)) {
        return flavor;
      }
    }
    throw new IllegalArgumentException(
        "flavor must be \"linux\", \"windows\" or \"macos\", was \"" + name + "\"");
  }

  /** How the filesystem's directories compare names. */
  NameFolding nameFolding() {
    return folding;
  }

  /** The names of the attribute views offered. */
  Set<String> attributeViews() {
    return views;
  }

  /** The flags a path matcher's pattern is compiled with, as the JDK of that system does. */
  int patternFlags() {
    return patternFlags;
  }

  /** Whether {@code path}, written in this flavour's syntax, is absolute. */
  boolean isAbsolute(String path) {
    if (this != WINDOWS) {
      return path.startsWith("/");
    }
    try {
      return WindowsPathParser.parse(path).root() != null;
    } catch (InvalidPathException e) {
      return false;
    }
  }

  /**
   * The names of {@code path}, written in this flavour's syntax.
   *
   * @throws InvalidPathException if it is no path of this flavour
   */
  String[] names(String path) {
    return this == WINDOWS ? WindowsPathParser.parse(path).names() : ParsedPath.split(path);
  }

  /** How many names {@code path}, written in this flavour's syntax, has. */
  int depth(String path) {
    return names(path).length;
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
