package dev.jkernfs.nio;

import java.nio.file.InvalidPathException;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits the text of a Windows path into its root and names, refusing what jimfs's Windows path
 * type refuses (each with an {@link InvalidPathException} naming the text):
 *
 * <ol>
 *   <li>a drive-relative path, a drive letter and colon not followed by a separator ({@code C:},
 *       {@code C:foo});
 *   <li>a UNC root without a host ({@code \\}) or without a share ({@code \\host});
 *   <li>a path rooted on the current drive ({@code \foo});
 *   <li>a character Windows forbids in names, {@code <>:"|?*} or a control character (below 32),
 *       anywhere after a drive root (in a UNC root too), at its index;
 *   <li>a name ending in a space, at the index of its trailing spaces.
 * </ol>
 *
 * <p>{@code /} is read as {@code \}; empty names (repeated separators) are dropped. A name may end
 * in a dot: it is kept, not trimmed as Win32 would.
 */
final class WindowsPathParser {
  private static final String[] NO_NAMES = new String[0];

  /**
   * A parsed path.
   *
   * @param root the root as paths print it ({@code C:\}, {@code \\host\share\}), as written but for
   *     its separators, or null for a relative path
   * @param names the names, none empty
   */
  @SuppressWarnings("ArrayRecordComponent") // read-only, and never compared
  record Parsed(String root, String[] names) {}

  private WindowsPathParser() {}

  static Parsed parse(String text) {
    String path = text.replace('/', '\\');
    if (isDriveRelative(path)) {
      throw new InvalidPathException(
          text, "a path relative to a drive's working directory (C:foo) is not supported");
    }
    String root;
    if (path.startsWith("\\\\")) {
      root = uncRoot(path, text);
    } else if (path.startsWith("\\")) {
      throw new InvalidPathException(
          text, "a path rooted on the current drive (\\foo) is not supported; give the drive");
    } else if (path.length() >= 3
        && WindowsPathSyntax.isAsciiLetter(path.charAt(0))
        && path.charAt(1) == ':'
        && path.charAt(2) == '\\') {
      root = path.substring(0, 3);
    } else {
      root = null;
    }
    // A drive root's colon is its own; a UNC root's host and share are names like any other.
    int checkFrom = root != null && !root.startsWith("\\\\") ? root.length() : 0;
    for (int i = checkFrom; i < path.length(); i++) {
      char c = path.charAt(i);
      if (isForbidden(c)) {
        throw new InvalidPathException(text, "Illegal char <" + c + ">", i);
      }
    }
    int trailingSpace = trailingSpace(path);
    if (trailingSpace >= 0) {
      throw new InvalidPathException(text, "Trailing char < >", trailingSpace);
    }
    String rest = root == null ? path : path.substring(root.length());
    if (root != null && !root.endsWith("\\")) {
      root = root + "\\";
    }
    return new Parsed(root, split(rest));
  }

  private static boolean isDriveRelative(String path) {
    return path.length() >= 2
        && WindowsPathSyntax.isAsciiLetter(path.charAt(0))
        && path.charAt(1) == ':'
        && (path.length() == 2 || path.charAt(2) != '\\');
  }

  /**
   * The UNC root {@code \\host\share} at the start of {@code path}, without a closing {@code \}.
   */
  private static String uncRoot(String path, String text) {
    int hostEnd = path.indexOf('\\', 2);
    if (hostEnd == 2 || path.length() == 2) {
      throw new InvalidPathException(text, "UNC path is missing hostname");
    }
    if (hostEnd < 0 || hostEnd + 1 == path.length() || path.charAt(hostEnd + 1) == '\\') {
      throw new InvalidPathException(text, "UNC path is missing sharename");
    }
    int shareEnd = path.indexOf('\\', hostEnd + 1);
    return shareEnd < 0 ? path : path.substring(0, shareEnd);
  }

  private static boolean isForbidden(char c) {
    return c < 32 || "<>:\"|?*".indexOf(c) >= 0;
  }

  /** The index of the first run of spaces that ends a name, or -1. */
  private static int trailingSpace(String path) {
    for (int i = 0; i < path.length(); i++) {
      if (path.charAt(i) == ' ') {
        int end = i;
        while (end < path.length() && path.charAt(end) == ' ') {
          end++;
        }
        if (end == path.length() || path.charAt(end) == '\\') {
          return i;
        }
        i = end;
      }
    }
    return -1;
  }

  private static String[] split(String rest) {
    List<String> names = new ArrayList<>();
    for (String name : rest.split("\\\\")) {
      if (!name.isEmpty()) {
        names.add(name);
      }
    }
    return names.toArray(NO_NAMES);
  }
}
