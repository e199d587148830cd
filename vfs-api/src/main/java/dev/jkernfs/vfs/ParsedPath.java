package dev.jkernfs.vfs;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A pathname split into its components, as the VFS walks it: whether it is absolute, its non-empty
 * names in order ({@code .} and {@code ..} included, never empty ones), and whether it ended in a
 * slash.
 *
 * @param absolute whether the path starts at the root
 * @param names the components, each non-empty and free of {@code /} and NUL
 * @param trailingSlash whether the last component was followed by {@code /}
 */
// The names array is read by the walk and never changed; equals, hashCode and toString use its
// contents.
@SuppressWarnings("ArrayRecordComponent")
public record ParsedPath(boolean absolute, String[] names, boolean trailingSlash) {
  /** Linux's NAME_MAX: the longest component, in bytes. */
  public static final int NAME_MAX = 255;

  /** Linux's PATH_MAX: the longest path in bytes, counting its terminating NUL. */
  public static final int PATH_MAX = 4096;

  private static final String[] NO_NAMES = new String[0];

  /**
   * Splits {@code path} as Linux does: repeated slashes are one, {@code ""} names nothing.
   *
   * @throws ErrnoException ENOENT for an empty path, EINVAL for a NUL character, ENAMETOOLONG for a
   *     path of PATH_MAX bytes or more or a component over NAME_MAX bytes
   */
  public static ParsedPath parse(String path) {
    if (path.isEmpty()) {
      throw Errno.ENOENT.exception();
    }
    if (path.indexOf('\0') >= 0) {
      throw Errno.EINVAL.exception("path contains a NUL character");
    }
    if (longerThan(path, PATH_MAX - 1)) {
      throw Errno.ENAMETOOLONG.exception();
    }
    String[] names = split(path);
    ParsedPath parsed =
        new ParsedPath(
            path.charAt(0) == '/',
            names,
            names.length > 0 && path.charAt(path.length() - 1) == '/');
    parsed.checkNameLengths();
    return parsed;
  }

  /**
   * A path made of already split names, as a {@code java.nio.file.Path} holds them.
   *
   * @throws ErrnoException ENAMETOOLONG for a component over NAME_MAX bytes
   */
  public static ParsedPath of(boolean absolute, String[] names, boolean trailingSlash) {
    ParsedPath parsed = new ParsedPath(absolute, names, trailingSlash);
    parsed.checkNameLengths();
    return parsed;
  }

  /**
   * The names of {@code path} between its slashes: repeated, leading and trailing slashes separate
   * nothing, so no name is empty. Every front end splits with this, so that a path names the same
   * components however it reaches the VFS.
   */
  public static String[] split(String path) {
    List<String> names = new ArrayList<>();
    int length = path.length();
    int i = 0;
    while (i < length) {
      while (i < length && path.charAt(i) == '/') {
        i++;
      }
      int begin = i;
      while (i < length && path.charAt(i) != '/') {
        i++;
      }
      if (i > begin) {
        names.add(path.substring(begin, i));
      }
    }
    return names.toArray(NO_NAMES);
  }

  /** The last component, or null for a path with none ({@code /}). */
  public String lastName() {
    return names.length == 0 ? null : names[names.length - 1];
  }

  private void checkNameLengths() {
    for (String name : names) {
      if (longerThan(name, NAME_MAX)) {
        throw Errno.ENAMETOOLONG.exception();
      }
    }
  }

  /** Whether {@code s} takes more than {@code maxBytes} in UTF-8, encoding only when unsure. */
  static boolean longerThan(String s, int maxBytes) {
    int length = s.length();
    // A char takes 1 to 3 bytes (a surrogate pair 4 for two chars).
    if (length * 3 <= maxBytes) {
      return false;
    }
    if (length > maxBytes) {
      return true;
    }
    return s.getBytes(StandardCharsets.UTF_8).length > maxBytes;
  }

  @Override
  public String toString() {
    String joined = String.join("/", names);
    return (absolute ? "/" : "") + joined + (trailingSlash ? "/" : "");
  }

  // Arrays compare by content here: two parses of one path are equal.
  @Override
  public boolean equals(Object other) {
    return other instanceof ParsedPath that
        && that.absolute == absolute
        && that.trailingSlash == trailingSlash
        && Arrays.equals(that.names, names);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(names) * 4 + (absolute ? 2 : 0) + (trailingSlash ? 1 : 0);
  }
}
