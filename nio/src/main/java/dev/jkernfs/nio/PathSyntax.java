package dev.jkernfs.nio;

import dev.jkernfs.vfs.ParsedPath;
import java.util.List;

/**
 * How the paths of one filesystem flavour are written, compared and placed in the VFS: Unix paths
 * ({@link UnixPathSyntax}, Linux and macOS) or Windows paths with their drive and UNC roots ({@link
 * WindowsPathSyntax}). A {@link JkernfsPath} holds a root (null for a relative path) and names; the
 * syntax gives them meaning.
 */
interface PathSyntax {
  /** The separator {@code toString} writes between names. */
  String separator();

  /** Parses {@code first} and {@code more} joined with the separator, as {@code getPath}. */
  JkernfsPath parse(JkernfsFileSystem fs, String first, String... more);

  /** The path as text: the root as written, then the names between separators. */
  String format(String root, String[] names);

  /** Whether two names (of paths, not of directory entries) are equal for path equality. */
  boolean sameName(String a, String b);

  /** Whether two roots (neither null) are the same root. */
  boolean sameRoot(String a, String b);

  /** The order of {@code Path.compareTo}, consistent with {@link #sameName}. */
  int compare(JkernfsPath a, JkernfsPath b);

  /** {@code Path.hashCode}, consistent with {@link #sameName} and {@link #sameRoot}. */
  int hash(JkernfsPath path);

  /** The regular expression a glob of {@code getPathMatcher} stands for. */
  String globToRegex(String glob);

  /** The path part of the URI of the absolute {@code path}. */
  String toUriPath(JkernfsPath path, boolean directory);

  /** The path that {@link #toUriPath} wrote as {@code uriPath}. */
  JkernfsPath fromUriPath(JkernfsFileSystem fs, String uriPath);

  /** The root directories, as {@code getRootDirectories} lists them. */
  List<JkernfsPath> roots(JkernfsFileSystem fs);

  /**
   * Where {@code path} is in the VFS, walked from the root: an absolute path. What a relative path
   * becomes is the syntax's: Unix paths walk from a working directory the view holds, Windows paths
   * are joined to {@code workingDirectory} (absolute) as text.
   */
  ParsedPath toVfs(JkernfsPath path, JkernfsPath workingDirectory);

  /** Where the relative {@code path} is in the VFS from an open directory: a relative path. */
  ParsedPath toVfsFromDirectory(JkernfsPath path);

  /** How a symlink to {@code target} stores its target in the VFS. */
  String toVfsLinkTarget(JkernfsPath target);

  /**
   * The path a VFS symlink target or absolute VFS path stands for, or null if this syntax cannot
   * write it (a Windows path outside every root).
   */
  JkernfsPath fromVfs(JkernfsFileSystem fs, String vfsPath);
}
