package dev.jkernfs.nio;

import dev.jkernfs.vfs.NameFolding;
import dev.jkernfs.vfs.ParsedPath;
import java.nio.file.InvalidPathException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Windows paths, as jimfs's Windows path type parses them: {@code \} and {@code /} separate names,
 * {@code \} is written; a path is absolute with a drive root ({@code C:\}) or a UNC root ({@code
 * \\host\share\}), and relative without one. Drive-relative paths ({@code C:foo}) and paths rooted
 * on the current drive ({@code \foo}) are refused, as are names with a character Windows forbids
 * ({@code <>:"|?*} and controls) or ending in spaces. Names and roots compare case-insensitively,
 * each UTF-16 unit upper-cased on its own (as {@code WindowsPath} and NTFS compare); paths order as
 * jimfs orders them: by root, absolute first, then name by name.
 *
 * <p>In the VFS, a drive {@code C:\} is the top-level directory {@code /C:} and a UNC root {@code
 * \\host\share\} is {@code /UNC/host/share}; no Windows path reaches anything else there. A path is
 * resolved in the VFS after its {@code .} and {@code ..} are taken out as text, as Win32 does
 * before a file system sees the path, so {@code ..} never leaves a root. The root itself is the VFS
 * path ending in {@code .}, which nothing can create, remove or rename.
 */
final class WindowsPathSyntax implements PathSyntax {
  /** The top-level VFS directory holding the UNC hosts. */
  static final String UNC_DIRECTORY = "UNC";

  private static final String[] NO_NAMES = new String[0];
  private static final NameFolding FOLDING = NameFolding.WINDOWS;

  /** The configured roots, as they are printed. */
  private final List<String> roots;

  /**
   * @param roots the root directories, each a drive ({@code C:\}) or UNC ({@code \\host\share\})
   *     root as {@link #parseRoot} accepts it
   */
  WindowsPathSyntax(List<String> roots) {
    this.roots = List.copyOf(roots);
  }

  /**
   * The root {@code text} names, written as paths print it ({@code \} separators, a closing {@code
   * \}).
   *
   * @throws IllegalArgumentException if it is not a drive or UNC root alone
   */
  static String parseRoot(String text) {
    WindowsPathParser.Parsed parsed;
    try {
      parsed = WindowsPathParser.parse(text);
    } catch (InvalidPathException e) {
      throw new IllegalArgumentException("not a Windows root: " + e.getMessage(), e);
    }
    if (parsed.root() == null || parsed.names().length > 0) {
      throw new IllegalArgumentException(
          "not a Windows root (C:\\ or \\\\host\\share\\): \"" + text + "\"");
    }
    return parsed.root();
  }

  /**
   * The Windows roots, each as paths print it ({@code C:\} by default), from the env key {@code
   * roots}; none for other flavours.
   */
  static List<String> roots(Object value, Flavor flavor) {
    if (value == null) {
      return flavor == Flavor.WINDOWS ? List.of("C:\\") : List.of();
    }
    if (flavor != Flavor.WINDOWS) {
      throw new IllegalArgumentException("roots is for flavor \"windows\" only, not " + flavor);
    }
    if (!(value instanceof List<?> list) || list.isEmpty()) {
      throw new IllegalArgumentException(
          "roots must be a non-empty List of Windows roots (C:\\, \\\\host\\share\\), was "
              + value);
    }
    List<String> roots = new ArrayList<>();
    for (Object element : list) {
      if (!(element instanceof String text)) {
        throw new IllegalArgumentException("roots must hold Strings, held " + element);
      }
      String root;
      try {
        root = parseRoot(text);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("roots: " + e.getMessage(), e);
      }
      for (String other : roots) {
        if (FOLDING.same(other, root)) {
          throw new IllegalArgumentException("roots: " + text + " is given twice");
        }
      }
      roots.add(root);
    }
    return List.copyOf(roots);
  }

  /**
   * Where relative paths start unless the env key {@code workingDirectory} says otherwise: {@code
   * /} for Unix paths; for Windows {@code C:\work} if {@code C:\} is one of the roots (as jimfs's
   * Windows configuration has it), else {@code work} under the first root.
   */
  static String defaultWorkingDirectory(Flavor flavor, List<String> roots) {
    if (flavor != Flavor.WINDOWS) {
      return "/";
    }
    String root = roots.get(0);
    for (String candidate : roots) {
      if (FOLDING.same(candidate, "C:\\")) {
        root = candidate;
      }
    }
    return root + "work";
  }

  /** The VFS directories, from the top, that hold the files under {@code root}. */
  static String[] rootDirectories(String root) {
    if (root.startsWith("\\\\")) {
      String[] hostAndShare = root.substring(2).split("\\\\");
      return new String[] {UNC_DIRECTORY, hostAndShare[0], hostAndShare[1]};
    }
    return new String[] {root.substring(0, 2)};
  }

  @Override
  public String separator() {
    return "\\";
  }

  @Override
  public JkernfsPath parse(JkernfsFileSystem fs, String first, String... more) {
    StringBuilder joined = new StringBuilder();
    append(joined, first);
    for (String segment : more) {
      append(joined, segment);
    }
    WindowsPathParser.Parsed parsed = WindowsPathParser.parse(joined.toString());
    return JkernfsPath.of(fs, parsed.root(), parsed.names());
  }

  private static void append(StringBuilder joined, String segment) {
    if (!segment.isEmpty()) {
      if (joined.length() > 0) {
        joined.append('\\');
      }
      joined.append(segment);
    }
  }

  @Override
  public String format(String root, String[] names) {
    String joined = String.join("\\", names);
    return root == null ? joined : root + joined;
  }

  @Override
  public boolean sameName(String a, String b) {
    return FOLDING.same(a, b);
  }

  @Override
  public boolean sameRoot(String a, String b) {
    return FOLDING.same(a, b);
  }

  @Override
  public int compare(JkernfsPath a, JkernfsPath b) {
    String rootA = a.rootText();
    String rootB = b.rootText();
    if (rootA == null || rootB == null) {
      if (rootA != rootB) {
        return rootA == null ? 1 : -1; // absolute paths first
      }
    } else {
      int byRoot = compareNames(rootA, rootB);
      if (byRoot != 0) {
        return byRoot;
      }
    }
    String[] namesA = a.names();
    String[] namesB = b.names();
    for (int i = 0; i < Math.min(namesA.length, namesB.length); i++) {
      int byName = compareNames(namesA[i], namesB[i]);
      if (byName != 0) {
        return byName;
      }
    }
    return Integer.compare(namesA.length, namesB.length);
  }

  /**
   * Orders names by the key of each UTF-16 unit: its upper case, an ASCII letter's then lowered (so
   * that ASCII names order as jimfs orders them, by their lower case). Two names compare equal
   * exactly when they are {@link #sameName}, the mapping from upper case to key being one to one.
   */
  private static int compareNames(String a, String b) {
    int length = Math.min(a.length(), b.length());
    for (int i = 0; i < length; i++) {
      int x = orderKey(a.charAt(i));
      int y = orderKey(b.charAt(i));
      if (x != y) {
        return x - y;
      }
    }
    return a.length() - b.length();
  }

  private static int orderKey(char c) {
    char upper = Character.toUpperCase(c);
    return upper >= 'A' && upper <= 'Z' ? upper + ('a' - 'A') : upper;
  }

  @Override
  public int hash(JkernfsPath path) {
    String root = path.rootText();
    int hash = root == null ? 0 : FOLDING.fold(root).hashCode();
    for (String name : path.names()) {
      hash = 31 * hash + FOLDING.fold(name).hashCode();
    }
    return hash;
  }

  @Override
  public String globToRegex(String glob) {
    return Globs.toRegex(glob, true);
  }

  @Override
  public String toUriPath(JkernfsPath path, boolean directory) {
    String root = path.rootText().replace('\\', '/');
    StringBuilder uri = new StringBuilder(root.startsWith("//") ? root : "/" + root);
    uri.append(String.join("/", path.names()));
    if (directory && uri.charAt(uri.length() - 1) != '/') {
      uri.append('/');
    }
    return uri.toString();
  }

  @Override
  public JkernfsPath fromUriPath(JkernfsFileSystem fs, String uriPath) {
    if (uriPath == null || uriPath.isEmpty()) {
      throw new IllegalArgumentException("URI has no path: a Windows path needs a root");
    }
    String path = uriPath.replace('/', '\\');
    if (path.startsWith("\\") && !path.startsWith("\\\\")) {
      path = path.substring(1); // the URI's own leading slash before a drive
    }
    return parse(fs, path);
  }

  @Override
  public List<JkernfsPath> roots(JkernfsFileSystem fs) {
    List<JkernfsPath> paths = new ArrayList<>();
    for (String root : roots) {
      paths.add(JkernfsPath.of(fs, root, NO_NAMES));
    }
    return paths;
  }

  @Override
  public ParsedPath toVfs(JkernfsPath path, JkernfsPath workingDirectory) {
    JkernfsPath absolute = path.isAbsolute() ? path : (JkernfsPath) workingDirectory.resolve(path);
    String[] names = ((JkernfsPath) absolute.normalize()).names();
    String[] top = rootDirectories(absolute.rootText());
    // The root alone is its directory's ".", so that no operation creates, removes or renames it.
    String[] joined = Arrays.copyOf(top, top.length + Math.max(1, names.length));
    if (names.length == 0) {
      joined[top.length] = ".";
    } else {
      System.arraycopy(names, 0, joined, top.length, names.length);
    }
    return ParsedPath.of(true, joined, false);
  }

  @Override
  public ParsedPath toVfsFromDirectory(JkernfsPath path) {
    JkernfsPath normal = (JkernfsPath) path.normalize();
    return ParsedPath.of(false, normal.isEmpty() ? NO_NAMES : normal.names(), false);
  }

  @Override
  public String toVfsLinkTarget(JkernfsPath target) {
    if (!target.isAbsolute()) {
      return target.isEmpty() ? "" : String.join("/", target.names());
    }
    StringBuilder vfs = new StringBuilder();
    for (String directory : rootDirectories(target.rootText())) {
      vfs.append('/').append(directory);
    }
    for (String name : target.names()) {
      vfs.append('/').append(name);
    }
    return vfs.toString();
  }

  @Override
  public JkernfsPath fromVfs(JkernfsFileSystem fs, String vfsPath) {
    String[] names = ParsedPath.split(vfsPath);
    if (!vfsPath.startsWith("/")) {
      return parseOrNull(fs, String.join("\\", names));
    }
    if (names.length >= 1 && isDrive(names[0])) {
      return parseOrNull(fs, printedRoot(names[0] + "\\") + join(names, 1));
    }
    if (names.length >= 3 && names[0].equals(UNC_DIRECTORY)) {
      String root = "\\\\" + names[1] + "\\" + names[2] + "\\";
      return parseOrNull(fs, printedRoot(root) + join(names, 3));
    }
    return null;
  }

  /** The configured spelling of {@code root}, or {@code root} itself if it is not configured. */
  private String printedRoot(String root) {
    for (String configured : roots) {
      if (sameRoot(configured, root)) {
        return configured;
      }
    }
    return root;
  }

  private static boolean isDrive(String name) {
    return name.length() == 2 && name.charAt(1) == ':' && isAsciiLetter(name.charAt(0));
  }

  static boolean isAsciiLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  private static String join(String[] names, int from) {
    return String.join("\\", Arrays.copyOfRange(names, from, names.length));
  }

  private JkernfsPath parseOrNull(JkernfsFileSystem fs, String text) {
    try {
      return parse(fs, text);
    } catch (InvalidPathException e) {
      return null;
    }
  }
}
