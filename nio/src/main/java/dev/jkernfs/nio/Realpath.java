package dev.jkernfs.nio;

import dev.jkernfs.vfs.Credentials;
import dev.jkernfs.vfs.Errno;
import dev.jkernfs.vfs.ErrnoException;
import dev.jkernfs.vfs.ParsedPath;
import dev.jkernfs.vfs.PathOperation;
import dev.jkernfs.vfs.VirtualDentry;
import dev.jkernfs.vfs.VirtualFilesystem;

/**
 * glibc's realpath(3) over a VFS, which the JDK's {@code toRealPath} asks when it follows links.
 */
final class Realpath {
  private Realpath() {}

  /** The most symlinks glibc's realpath(3) follows in one call before it fails with ELOOP. */
  private static final int REALPATH_MAX_LINKS = 40;

  /**
   * What glibc's realpath(3) makes of {@code absolute}, as {@code credentials} see the VFS. It
   * works on the text, not as the kernel walks: a {@code ..} drops the name before it without
   * searching that directory; each other name is read as a link (readlink(2) of what is resolved so
   * far), and a link's target is spliced in front of what is left; a name that is no link must be
   * followed by nothing or another name, or be a directory that exists (a {@code /}, {@code /.} at
   * the end or {@code /..} after it); 40 links in all.
   */
  static String resolve(VirtualFilesystem vfs, Credentials credentials, String absolute) {
    VirtualDentry root = vfs.root();
    StringBuilder resolved = new StringBuilder("/");
    String rest = absolute;
    int links = 0;
    int start = 0;
    while (true) {
      while (start < rest.length() && rest.charAt(start) == '/') {
        start++;
      }
      int end = rest.indexOf('/', start);
      end = end < 0 ? rest.length() : end;
      if (start == end) {
        return resolved.toString();
      }
      String name = rest.substring(start, end);
      if (name.equals("..")) {
        dropLastName(resolved);
      } else if (!name.equals(".")) {
        if (resolved.length() > 1) {
          resolved.append('/');
        }
        resolved.append(name);
        String target = null;
        try {
          target = vfs.readlink(absoluteOp(credentials, root, resolved.toString()));
        } catch (ErrnoException e) {
          if (nextNeedsDirectory(rest, end)) {
            vfs.access(absoluteOp(credentials, root, resolved + "/"), 0);
          } else if (e.errno() != Errno.EINVAL) {
            throw e;
          }
        }
        if (target != null) {
          if (++links > REALPATH_MAX_LINKS) {
            throw Errno.ELOOP.exception();
          }
          rest = target + rest.substring(end);
          end = 0;
          if (target.startsWith("/")) {
            resolved.setLength(1);
          } else {
            dropLastName(resolved);
          }
        }
      }
      start = end;
    }
  }

  private static PathOperation absoluteOp(
      Credentials credentials, VirtualDentry root, String path) {
    return new PathOperation(credentials, root, root, ParsedPath.parse(path), false);
  }

  /** Removes the last name of a resolved path ({@code /} stays {@code /}). */
  private static void dropLastName(StringBuilder resolved) {
    resolved.setLength(Math.max(1, resolved.lastIndexOf("/")));
  }

  /**
   * Whether what follows a name at {@code end} of {@code rest} needs that name to be a directory
   * before anything else would find out: slashes then nothing, {@code .} or {@code ..}.
   */
  private static boolean nextNeedsDirectory(String rest, int end) {
    int i = end;
    while (i < rest.length() && rest.charAt(i) == '/') {
      while (i < rest.length() && rest.charAt(i) == '/') {
        i++;
      }
      int nameEnd = nextSlash(rest, i);
      String next = rest.substring(i, nameEnd);
      if (next.isEmpty() || next.equals("..") || (next.equals(".") && nameEnd == rest.length())) {
        return true;
      }
      if (!next.equals(".")) {
        return false;
      }
      i = nameEnd;
    }
    return false;
  }

  private static int nextSlash(String text, int from) {
    int slash = text.indexOf('/', from);
    return slash < 0 ? text.length() : slash;
  }
}
