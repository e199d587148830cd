package dev.jkernfs.nio;

import dev.jkernfs.vfs.ParsedPath;
import dev.jkernfs.vfs.PathMemo;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.ProviderMismatchException;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A path of a jkernfs filesystem: a root (null for a relative path) and names, which the
 * filesystem's {@link PathSyntax} parses, prints and compares. With Unix paths this is the JDK's
 * Unix path: {@code /} separates names, repeated and trailing slashes are dropped, {@code ""} is
 * the empty path, and no name contains NUL. Immutable.
 */
final class JkernfsPath implements Path {
  private static final String[] NO_NAMES = new String[0];
  private static final String[] EMPTY_PATH_NAMES = {""};

  private final JkernfsFileSystem fs;
  private final String root; // null for a relative path; "/", "C:\" or "\\host\share\"
  private final String[] names; // never contains "" except as the single name of the empty path
  private String string; // cached toString; benign race
  private ParsedPath parsed; // cached toParsed; benign race
  private PathMemo memo; // made by the second stat; benign race
  private boolean statted; // benign race

  private JkernfsPath(JkernfsFileSystem fs, String root, String[] names) {
    this.fs = fs;
    this.root = root;
    this.names = names;
  }

  /**
   * A path of {@code root} (or none) and {@code names}, which must be non-empty and free of
   * separators: a relative path without names is the empty path.
   */
  static JkernfsPath of(JkernfsFileSystem fs, String root, String[] names) {
    return new JkernfsPath(fs, root, root == null && names.length == 0 ? EMPTY_PATH_NAMES : names);
  }

  /** Parses {@code first} and {@code more} joined with the separator, as {@code getPath}. */
  static JkernfsPath parse(JkernfsFileSystem fs, String first, String... more) {
    return fs.syntax().parse(fs, first, more);
  }

  private JkernfsPath with(String newRoot, String[] newNames) {
    return of(fs, newRoot, newNames);
  }

  boolean isEmpty() {
    return root == null && names.length == 1 && names[0].isEmpty();
  }

  /** The root as written, or null for a relative path. */
  String rootText() {
    return root;
  }

  /** The names; the empty path has one, {@code ""}. Never to be changed. */
  @SuppressWarnings("AvoidObjectArrays") // shared with the syntaxes, which only read it
  String[] names() {
    return names;
  }

  /**
   * The path as the VFS walks it from the root. A relative Unix path is taken as if the working
   * directory were {@code /}, which is what the filesystem's view asks when it is (otherwise it
   * walks from the directory it holds); a relative Windows path is placed under the working
   * directory's path, as Win32 joins them.
   */
  ParsedPath toParsed() {
    ParsedPath p = parsed;
    if (p == null) {
      p = fs.syntax().toVfs(this, fs.workingDirectoryPath());
      parsed = p;
    }
    return p;
  }

  /**
   * The path as the VFS walks it from an open directory: a relative path stays relative, to start
   * there rather than at the working directory.
   */
  ParsedPath toParsedFromDirectory() {
    return root != null ? toParsed() : fs.syntax().toVfsFromDirectory(this);
  }

  /**
   * Where this path last led, for the VFS to skip the walk next time (see {@link PathMemo}); null
   * the first time a path is asked about, so that a path used once (as each entry of a directory
   * walk is) costs nothing more.
   */
  PathMemo memo() {
    PathMemo m = memo;
    if (m == null) {
      if (!statted) {
        statted = true;
        return null;
      }
      m = new PathMemo();
      memo = m;
    }
    return m;
  }

  String lastName() {
    return names.length == 0 ? null : names[names.length - 1];
  }

  JkernfsFileSystem fileSystem() {
    return fs;
  }

  @Override
  public JkernfsFileSystem getFileSystem() {
    return fs;
  }

  @Override
  public boolean isAbsolute() {
    return root != null;
  }

  @Override
  public Path getRoot() {
    return root == null ? null : new JkernfsPath(fs, root, NO_NAMES);
  }

  @Override
  public Path getFileName() {
    if (names.length == 0) {
      return null;
    }
    if (names.length == 1 && root == null) {
      return this;
    }
    return new JkernfsPath(fs, null, new String[] {names[names.length - 1]});
  }

  @Override
  public Path getParent() {
    if (names.length == 0 || (names.length == 1 && root == null)) {
      return null;
    }
    return new JkernfsPath(fs, root, Arrays.copyOf(names, names.length - 1));
  }

  @Override
  public int getNameCount() {
    return names.length;
  }

  @Override
  public Path getName(int index) {
    if (index < 0 || index >= names.length) {
      throw new IllegalArgumentException();
    }
    return new JkernfsPath(fs, null, new String[] {names[index]});
  }

  @Override
  public Path subpath(int beginIndex, int endIndex) {
    if (beginIndex < 0
        || beginIndex >= names.length
        || endIndex > names.length
        || beginIndex >= endIndex) {
      throw new IllegalArgumentException();
    }
    return new JkernfsPath(fs, null, Arrays.copyOfRange(names, beginIndex, endIndex));
  }

  /** Whether {@code that} has this path's root (or none, as this has none). */
  private boolean sameRoot(JkernfsPath that) {
    return root == null
        ? that.root == null
        : that.root != null && fs.syntax().sameRoot(root, that.root);
  }

  @Override
  public boolean startsWith(Path other) {
    if (!(Objects.requireNonNull(other) instanceof JkernfsPath that) || that.fs != fs) {
      return false;
    }
    if (!sameRoot(that) || that.names.length > names.length) {
      return false;
    }
    if (that.isEmpty()) {
      return isEmpty();
    }
    PathSyntax syntax = fs.syntax();
    for (int i = 0; i < that.names.length; i++) {
      if (!syntax.sameName(that.names[i], names[i])) {
        return false;
      }
    }
    return true;
  }

  @Override
  public boolean endsWith(Path other) {
    if (!(Objects.requireNonNull(other) instanceof JkernfsPath that) || that.fs != fs) {
      return false;
    }
    if (that.root != null) {
      return equals(that);
    }
    if (that.isEmpty()) {
      return isEmpty();
    }
    int offset = names.length - that.names.length;
    if (offset < 0) {
      return false;
    }
    PathSyntax syntax = fs.syntax();
    for (int i = 0; i < that.names.length; i++) {
      if (!syntax.sameName(that.names[i], names[offset + i])) {
        return false;
      }
    }
    return true;
  }

  @Override
  public Path normalize() {
    List<String> kept = new ArrayList<>(names.length);
    boolean changed = false;
    for (String name : names) {
      if (name.equals(".")) {
        changed = true;
      } else if (name.equals("..")) {
        if (!kept.isEmpty() && !kept.get(kept.size() - 1).equals("..")) {
          kept.remove(kept.size() - 1);
          changed = true;
        } else if (root != null) {
          changed = true; // ".." at the root stays at the root
        } else {
          kept.add(name);
        }
      } else {
        kept.add(name);
      }
    }
    return changed ? with(root, kept.toArray(NO_NAMES)) : this;
  }

  /**
   * This path with one more name, as {@code resolve(name)} without parsing it again. Preconditions:
   * {@code name} is a directory entry's name: not empty, without a separator or NUL.
   */
  JkernfsPath child(String name) {
    if (isEmpty()) {
      return new JkernfsPath(fs, null, new String[] {name});
    }
    String[] joined = Arrays.copyOf(names, names.length + 1);
    joined[names.length] = name;
    return new JkernfsPath(fs, root, joined);
  }

  @Override
  public Path resolve(Path other) {
    JkernfsPath that = check(other);
    if (that.root != null) {
      return that;
    }
    if (that.isEmpty()) {
      return this;
    }
    if (isEmpty()) {
      return that;
    }
    String[] joined = Arrays.copyOf(names, names.length + that.names.length);
    System.arraycopy(that.names, 0, joined, names.length, that.names.length);
    return new JkernfsPath(fs, root, joined);
  }

  @Override
  public Path relativize(Path other) {
    JkernfsPath that = check(other);
    if (equals(that)) {
      return with(null, NO_NAMES);
    }
    if ((that.root == null) != (root == null)) {
      throw new IllegalArgumentException("'other' is different type of Path");
    }
    if (!sameRoot(that)) {
      throw new IllegalArgumentException("'other' has different root");
    }
    if (isEmpty()) {
      return that;
    }
    // As the JDK's UnixPath and WindowsPath: names are compared after normalizing only if either
    // path has a "." or "..", and the empty path counts as one empty name.
    JkernfsPath base = this;
    JkernfsPath target = that;
    if (base.hasDotOrDotDot() || target.hasDotOrDotDot()) {
      base = (JkernfsPath) base.normalize();
      target = (JkernfsPath) target.normalize();
    }
    String[] from = base.names;
    String[] to = target.names;
    PathSyntax syntax = fs.syntax();
    int common = 0;
    while (common < from.length
        && common < to.length
        && syntax.sameName(from[common], to[common])) {
      common++;
    }
    String[] targetRest = Arrays.copyOfRange(to, common, to.length);
    if (targetRest.length == 1 && targetRest[0].isEmpty()) {
      targetRest = NO_NAMES;
    }
    String[] baseRest = Arrays.copyOfRange(from, common, from.length);
    if (baseRest.length == 0 || (baseRest.length == 1 && baseRest[0].isEmpty())) {
      return with(null, targetRest);
    }
    for (String name : baseRest) {
      if (name.equals(".") || name.equals("..")) {
        throw new IllegalArgumentException(
            "Unable to compute relative  path from " + this + " to " + other);
      }
    }
    String[] result = new String[baseRest.length + targetRest.length];
    Arrays.fill(result, 0, baseRest.length, "..");
    System.arraycopy(targetRest, 0, result, baseRest.length, targetRest.length);
    return with(null, result);
  }

  private boolean hasDotOrDotDot() {
    for (String name : names) {
      if (name.equals(".") || name.equals("..")) {
        return true;
      }
    }
    return false;
  }

  @Override
  public URI toUri() {
    JkernfsPath absolute = (JkernfsPath) toAbsolutePath();
    String path = fs.syntax().toUriPath(absolute, fs.view().isDirectoryQuietly(this));
    try {
      return new URI(JkernfsFileSystemProvider.SCHEME, fs.name(), path, null, null);
    } catch (URISyntaxException e) {
      throw new IllegalStateException("cannot make a URI of " + path, e);
    }
  }

  @Override
  public Path toAbsolutePath() {
    return root != null ? this : fs.workingDirectoryPath().resolve(this);
  }

  @Override
  public Path toRealPath(LinkOption... options) throws IOException {
    return fs.view().toRealPath(this, NioOptions.followLinks(options));
  }

  @Override
  public WatchKey register(
      WatchService watcher, WatchEvent.Kind<?>[] events, WatchEvent.Modifier... modifiers)
      throws IOException {
    return fs.register(this, watcher, events, modifiers);
  }

  @Override
  public int compareTo(Path other) {
    return fs.syntax().compare(this, (JkernfsPath) other);
  }

  @Override
  public boolean equals(Object other) {
    if (!(other instanceof JkernfsPath that) || that.fs != fs) {
      return false;
    }
    if (!sameRoot(that) || that.names.length != names.length) {
      return false;
    }
    PathSyntax syntax = fs.syntax();
    for (int i = 0; i < names.length; i++) {
      if (!syntax.sameName(names[i], that.names[i])) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    return fs.syntax().hash(this);
  }

  @Override
  public String toString() {
    String s = string;
    if (s == null) {
      s = fs.syntax().format(root, names);
      string = s;
    }
    return s;
  }

  private JkernfsPath check(Path other) {
    if (!(Objects.requireNonNull(other, "other") instanceof JkernfsPath that)) {
      throw new ProviderMismatchException();
    }
    return that;
  }

  /** Returns {@code path} as a jkernfs path, or throws {@link ProviderMismatchException}. */
  static JkernfsPath cast(Path path) {
    if (!(Objects.requireNonNull(path, "path") instanceof JkernfsPath kernfs)) {
      throw new ProviderMismatchException(
          "not a jkernfs path: " + path + " (" + path.getClass().getName() + ")");
    }
    return kernfs;
  }
}
