package dev.jkernfs.nio;

import dev.jkernfs.vfs.ParsedPath;
import java.nio.file.InvalidPathException;
import java.util.List;

/**
 * The rules of the JDK's Unix paths (Linux and macOS alike): {@code /} separates names and is the
 * one root, repeated and trailing slashes are dropped, {@code ""} is the empty path, no name holds
 * NUL, and names compare exactly. A path is its own place in the VFS.
 */
final class UnixPathSyntax implements PathSyntax {
  static final UnixPathSyntax INSTANCE = new UnixPathSyntax();

  static final String ROOT = "/";

  private static final String[] NO_NAMES = new String[0];

  private UnixPathSyntax() {}

  @Override
  public String separator() {
    return "/";
  }

  @Override
  public JkernfsPath parse(JkernfsFileSystem fs, String first, String... more) {
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
      return JkernfsPath.of(fs, null, NO_NAMES);
    }
    return JkernfsPath.of(fs, joined.charAt(0) == '/' ? ROOT : null, ParsedPath.split(joined));
  }

  @Override
  public String format(String root, String[] names) {
    return root == null ? String.join("/", names) : "/" + String.join("/", names);
  }

  @Override
  public boolean sameName(String a, String b) {
    return a.equals(b);
  }

  @Override
  public boolean sameRoot(String a, String b) {
    return true;
  }

  @Override
  public int compare(JkernfsPath a, JkernfsPath b) {
    return a.toString().compareTo(b.toString());
  }

  @Override
  public int hash(JkernfsPath path) {
    return path.toString().hashCode();
  }

  @Override
  public String globToRegex(String glob) {
    return Globs.toRegex(glob, false);
  }

  @Override
  public String toUriPath(JkernfsPath path, boolean directory) {
    String text = path.toString();
    return directory && !text.endsWith("/") ? text + "/" : text;
  }

  @Override
  public JkernfsPath fromUriPath(JkernfsFileSystem fs, String uriPath) {
    return parse(fs, uriPath == null || uriPath.isEmpty() ? "/" : uriPath);
  }

  @Override
  public List<JkernfsPath> roots(JkernfsFileSystem fs) {
    return List.of(JkernfsPath.of(fs, ROOT, NO_NAMES));
  }

  /**
   * The names as they are, from the root: a relative path as if the working directory were {@code
   * /}; a filesystem whose working directory is elsewhere walks relative paths from the directory
   * it holds ({@link #toVfsFromDirectory}) instead.
   */
  @Override
  public ParsedPath toVfs(JkernfsPath path, JkernfsPath workingDirectory) {
    return ParsedPath.of(true, path.isEmpty() ? NO_NAMES : path.names(), false);
  }

  @Override
  public ParsedPath toVfsFromDirectory(JkernfsPath path) {
    return ParsedPath.of(false, path.isEmpty() ? NO_NAMES : path.names(), false);
  }

  @Override
  public String toVfsLinkTarget(JkernfsPath target) {
    return target.toString();
  }

  @Override
  public JkernfsPath fromVfs(JkernfsFileSystem fs, String vfsPath) {
    return parse(fs, vfsPath);
  }
}
