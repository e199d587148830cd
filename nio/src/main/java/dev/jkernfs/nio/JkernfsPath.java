package dev.jkernfs.nio;

import dev.jkernfs.vfs.ParsedPath;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
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
 * A path of a jkernfs filesystem, with the rules of the JDK's Unix paths: {@code /} separates
 * names, repeated and trailing slashes are dropped, {@code ""} is the empty path, and no name
 * contains NUL. Immutable.
 */
final class JkernfsPath implements Path {
  private static final String[] NO_NAMES = new String[0];

  private final JkernfsFileSystem fs;
  private final boolean absolute;
  private final String[] names; // never contains "" except as the single name of the empty path
  private String string; // cached toString; benign race
  private ParsedPath parsed; // cached toParsed; benign race

  private JkernfsPath(JkernfsFileSystem fs, boolean absolute, String[] names) {
    this.fs = fs;
    this.absolute = absolute;
    this.names = names;
  }

  /** Parses {@code first} and {@code more} joined with {@code /}, as {@code FileSystem.getPath}. */
  static JkernfsPath parse(JkernfsFileSystem fs, String first, String... more) {
    String joined = first;
    if (more.length > 0) {
      StringBuilder sb = new StringBuilder(first);
      for (String segment : more) {
        if (!segment.isEmpty()) {
          if (sb.length() > 0) {
            sb.append('/');
          }
          sb.append(segment);
        }
      }
      joined = sb.toString();
    }
    int nul = joined.indexOf('\0');
    if (nul >= 0) {
      throw new InvalidPathException(joined, "Nul character not allowed", nul);
    }
    if (joined.isEmpty()) {
      return new JkernfsPath(fs, false, new String[] {""});
    }
    return new JkernfsPath(fs, joined.charAt(0) == '/', ParsedPath.split(joined));
  }

  static JkernfsPath root(JkernfsFileSystem fs) {
    return new JkernfsPath(fs, true, NO_NAMES);
  }

  private JkernfsPath with(boolean isAbsolute, String[] newNames) {
    if (!isAbsolute && newNames.length == 0) {
      return new JkernfsPath(fs, false, new String[] {""});
    }
    return new JkernfsPath(fs, isAbsolute, newNames);
  }

  boolean isEmpty() {
    return !absolute && names.length == 1 && names[0].isEmpty();
  }

  /**
   * The path as the VFS walks it from the root: a relative path as if the working directory were
   * {@code /}, which is what the filesystem's view asks when it is.
   */
  ParsedPath toParsed() {
    ParsedPath p = parsed;
    if (p == null) {
      p = ParsedPath.of(true, isEmpty() ? NO_NAMES : names, false);
      parsed = p;
    }
    return p;
  }

  /**
   * The path as the VFS walks it from an open directory: a relative path stays relative, to start
   * there rather than at the root.
   */
  ParsedPath toParsedFromDirectory() {
    return absolute ? toParsed() : ParsedPath.of(false, isEmpty() ? NO_NAMES : names, false);
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
    return absolute;
  }

  @Override
  public Path getRoot() {
    return absolute ? root(fs) : null;
  }

  @Override
  public Path getFileName() {
    if (names.length == 0) {
      return null;
    }
    if (names.length == 1 && !absolute) {
      return this;
    }
    return new JkernfsPath(fs, false, new String[] {names[names.length - 1]});
  }

  @Override
  public Path getParent() {
    if (names.length == 0 || (names.length == 1 && !absolute)) {
      return null;
    }
    return new JkernfsPath(fs, absolute, Arrays.copyOf(names, names.length - 1));
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
    return new JkernfsPath(fs, false, new String[] {names[index]});
  }

  @Override
  public Path subpath(int beginIndex, int endIndex) {
    if (beginIndex < 0
        || beginIndex >= names.length
        || endIndex > names.length
        || beginIndex >= endIndex) {
      throw new IllegalArgumentException();
    }
    return new JkernfsPath(fs, false, Arrays.copyOfRange(names, beginIndex, endIndex));
  }

  @Override
  public boolean startsWith(Path other) {
    if (!(Objects.requireNonNull(other) instanceof JkernfsPath that) || that.fs != fs) {
      return false;
    }
    if (that.absolute != absolute || that.names.length > names.length) {
      return false;
    }
    if (that.isEmpty()) {
      return isEmpty();
    }
    for (int i = 0; i < that.names.length; i++) {
      if (!that.names[i].equals(names[i])) {
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
    if (that.absolute) {
      return equals(that);
    }
    if (that.isEmpty()) {
      return isEmpty();
    }
    int offset = names.length - that.names.length;
    if (offset < 0) {
      return false;
    }
    for (int i = 0; i < that.names.length; i++) {
      if (!that.names[i].equals(names[offset + i])) {
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
        } else if (absolute) {
          changed = true; // ".." at the root stays at the root
        } else {
          kept.add(name);
        }
      } else {
        kept.add(name);
      }
    }
    return changed ? with(absolute, kept.toArray(NO_NAMES)) : this;
  }

  /**
   * This path with one more name, as {@code resolve(name)} without parsing it again. Preconditions:
   * {@code name} is a directory entry's name: not empty, without {@code /} or NUL.
   */
  JkernfsPath child(String name) {
    if (isEmpty()) {
      return new JkernfsPath(fs, false, new String[] {name});
    }
    String[] joined = Arrays.copyOf(names, names.length + 1);
    joined[names.length] = name;
    return new JkernfsPath(fs, absolute, joined);
  }

  @Override
  public Path resolve(Path other) {
    JkernfsPath that = check(other);
    if (that.absolute) {
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
    return new JkernfsPath(fs, absolute, joined);
  }

  @Override
  public Path relativize(Path other) {
    JkernfsPath that = check(other);
    if (equals(that)) {
      return with(false, NO_NAMES);
    }
    if (that.absolute != absolute) {
      throw new IllegalArgumentException("'other' is different type of Path");
    }
    if (isEmpty()) {
      return that;
    }
    // As the JDK's UnixPath: names are compared after normalizing only if either path has a "."
    // or "..", and the empty path counts as one empty name.
    JkernfsPath base = this;
    JkernfsPath target = that;
    if (base.hasDotOrDotDot() || target.hasDotOrDotDot()) {
      base = (JkernfsPath) base.normalize();
      target = (JkernfsPath) target.normalize();
    }
    String[] from = base.names;
    String[] to = target.names;
    int common = 0;
    while (common < from.length && common < to.length && from[common].equals(to[common])) {
      common++;
    }
    String[] targetRest = Arrays.copyOfRange(to, common, to.length);
    if (targetRest.length == 1 && targetRest[0].isEmpty()) {
      targetRest = NO_NAMES;
    }
    String[] baseRest = Arrays.copyOfRange(from, common, from.length);
    if (baseRest.length == 0 || (baseRest.length == 1 && baseRest[0].isEmpty())) {
      return with(false, targetRest);
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
    return with(false, result);
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
    String path = ((JkernfsPath) toAbsolutePath()).toString();
    if (!path.endsWith("/") && fs.view().isDirectoryQuietly(this)) {
      path += "/";
    }
    try {
      return new URI(JkernfsFileSystemProvider.SCHEME, fs.name(), path, null, null);
    } catch (URISyntaxException e) {
      throw new IllegalStateException("cannot make a URI of " + path, e);
    }
  }

  @Override
  public Path toAbsolutePath() {
    return absolute ? this : fs.workingDirectoryPath().resolve(this);
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
    return toString().compareTo(((JkernfsPath) other).toString());
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof JkernfsPath that
        && that.fs == fs
        && that.absolute == absolute
        && Arrays.equals(that.names, names);
  }

  @Override
  public int hashCode() {
    return toString().hashCode();
  }

  @Override
  public String toString() {
    String s = string;
    if (s == null) {
      s = absolute ? "/" + String.join("/", names) : String.join("/", names);
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
