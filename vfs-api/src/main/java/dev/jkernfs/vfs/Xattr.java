package dev.jkernfs.vfs;

import java.nio.charset.StandardCharsets;

/**
 * Extended attributes as Linux's system calls take them: the limits and flags of {@code
 * setxattr(2)}, the namespaces of names, and the checks {@code getxattr(2)}, {@code setxattr(2)}
 * and {@code removexattr(2)} make of their arguments before they look at any file.
 *
 * <p>Who may read or write an attribute is {@link Permissions#checkXattr}; which namespaces a file
 * keeps is its filesystem's answer (jkernfs's memfs keeps {@code user.} alone).
 */
public final class Xattr {
  /** The longest name, its namespace prefix included, in bytes ({@code XATTR_NAME_MAX}). */
  public static final int NAME_MAX = 255;

  /** The largest value, in bytes ({@code XATTR_SIZE_MAX}). */
  public static final int SIZE_MAX = 65536;

  /** {@code setxattr(2)}'s {@code XATTR_CREATE}: fail with EEXIST if the attribute exists. */
  public static final int CREATE = 1;

  /** {@code setxattr(2)}'s {@code XATTR_REPLACE}: fail with ENODATA if it does not exist. */
  public static final int REPLACE = 2;

  /** The namespace of attributes that users keep on their regular files and directories. */
  public static final String USER_PREFIX = "user.";

  /** The namespace of attributes only root may read and write. */
  public static final String TRUSTED_PREFIX = "trusted.";

  /** The namespace of security modules' labels, which the VFS leaves to them. */
  public static final String SECURITY_PREFIX = "security.";

  /** The namespace of attributes the kernel itself interprets, such as ACLs. */
  public static final String SYSTEM_PREFIX = "system.";

  private Xattr() {}

  /**
   * Checks a name as the system calls do when they copy it in: ERANGE if it is empty or longer than
   * {@link #NAME_MAX} bytes in UTF-8.
   */
  static void checkName(String name) {
    if (name.isEmpty() || utf8Length(name) > NAME_MAX) {
      throw Errno.ERANGE.exception();
    }
  }

  /**
   * Checks the arguments of {@code setxattr(2)} in its order: EINVAL for unknown flags, the name as
   * {@link #checkName}, then E2BIG for a value over {@link #SIZE_MAX} bytes.
   */
  static void checkSet(String name, byte[] value, int flags) {
    if ((flags & ~(CREATE | REPLACE)) != 0) {
      throw Errno.EINVAL.exception();
    }
    checkName(name);
    if (value.length > SIZE_MAX) {
      throw Errno.E2BIG.exception();
    }
  }

  /** The length of {@code name} in UTF-8, the encoding of every name and path in jkernfs. */
  public static int utf8Length(String name) {
    return name.getBytes(StandardCharsets.UTF_8).length;
  }
}
