package dev.jkernfs.nio;

import dev.jkernfs.vfs.Errno;
import dev.jkernfs.vfs.ErrnoException;
import dev.jkernfs.vfs.FileDescription;
import dev.jkernfs.vfs.Xattr;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.FileSystemException;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The {@code user} view: a file's {@code user.} extended attributes, reached as the JDK's Linux
 * provider reaches them. Each call opens the file for reading (so it needs read permission, and a
 * symlink not followed fails as an {@code O_NOFOLLOW} open does), works on the descriptor, closes
 * it, and reports failures in the JDK's words.
 */
final class UserAttributeView implements UserDefinedFileAttributeView {
  private static final String PREFIX = Xattr.USER_PREFIX;

  // The JDK asks listxattr(2) with a buffer of up to 32 KiB; a longer list fails with ERANGE.
  private static final int LIST_BUFFER_MAX = 32 * 1024;

  private final FileSystemView files;
  private final JkernfsPath path;
  private final boolean follow;

  UserAttributeView(FileSystemView files, JkernfsPath path, boolean follow) {
    this.files = files;
    this.path = path;
    this.follow = follow;
  }

  @Override
  public String name() {
    return "user";
  }

  @Override
  public List<String> list() throws IOException {
    return onFile(
        "Unable to get list of extended attributes: ",
        fd -> {
          List<String> names = fd.listxattr(files.credentials());
          if (listLength(names) > LIST_BUFFER_MAX) {
            throw Errno.ERANGE.exception();
          }
          List<String> user = new ArrayList<>();
          for (String name : names) {
            if (name.startsWith(PREFIX)) {
              user.add(name.substring(PREFIX.length()));
            }
          }
          return List.copyOf(user);
        });
  }

  @Override
  public int size(String name) throws IOException {
    return onFile(
        "Unable to get size of extended attribute '" + name + "': ",
        fd -> fd.getxattr(files.credentials(), attributeName(name)).length);
  }

  @Override
  public int read(String name, ByteBuffer dst) throws IOException {
    if (dst.isReadOnly()) {
      throw new IllegalArgumentException("Read-only buffer");
    }
    String failing = "Error reading extended attribute '" + name + "': ";
    return onFile(
        failing,
        fd -> {
          byte[] value = fd.getxattr(files.credentials(), attributeName(name));
          if (value.length > dst.remaining()) {
            throw new FileSystemException(
                path.toString(), null, failing + "Insufficient space in buffer");
          }
          dst.put(value);
          return value.length;
        });
  }

  @Override
  public int write(String name, ByteBuffer src) throws IOException {
    return onFile(
        "Error writing extended attribute '" + name + "': ",
        fd -> {
          String attribute = attributeName(name);
          byte[] value = new byte[src.remaining()];
          src.duplicate().get(value);
          fd.setxattr(files.credentials(), attribute, value, 0);
          src.position(src.limit());
          return value.length;
        });
  }

  @Override
  public void delete(String name) throws IOException {
    onFile(
        "Unable to delete extended attribute '" + name + "': ",
        fd -> {
          fd.removexattr(files.credentials(), attributeName(name));
          return null;
        });
  }

  /**
   * Runs {@code call} on the file opened for reading, as each call of the JDK's view does; an errno
   * it fails with is reported as the JDK reports it, after {@code failing}.
   */
  private <T> T onFile(String failing, DescriptorCall<T> call) throws IOException {
    FileDescription fd = files.openForAttributeAccess(path, follow);
    try {
      return call.apply(fd);
    } catch (ErrnoException e) {
      throw new FileSystemException(path.toString(), null, failing + e.errno().reason());
    } finally {
      fd.close();
    }
  }

  /** Work on an open file that may fail with an errno or an IOException. */
  @FunctionalInterface
  private interface DescriptorCall<T> {
    T apply(FileDescription fd) throws IOException;
  }

  /** {@code Files.readAttributes(path, "user:...")}: each name's value, or every one for "*". */
  Map<String, Object> readAttributes(String[] requested) throws IOException {
    List<String> names = new ArrayList<>();
    for (String name : requested) {
      if (name.equals("*")) {
        names = list();
        break;
      }
      if (name.isEmpty()) {
        throw new IllegalArgumentException();
      }
      names.add(name);
    }
    Map<String, Object> values = new HashMap<>();
    for (String name : names) {
      // As the JDK: the size, then the value, each through an open of its own.
      byte[] value = new byte[size(name)];
      int n = read(name, ByteBuffer.wrap(value));
      values.put(name, n == value.length ? value : Arrays.copyOf(value, n));
    }
    return values;
  }

  /** {@code Files.setAttribute(path, "user:NAME", value)} with a byte[] or a ByteBuffer. */
  void setAttribute(String name, Object value) throws IOException {
    write(name, value instanceof byte[] bytes ? ByteBuffer.wrap(bytes) : (ByteBuffer) value);
  }

  /**
   * The full name of {@code name} as the kernel reads it: {@code user.} before it, the JDK's limit
   * on its length (in its own words), and the C string ending at a NUL.
   */
  private String attributeName(String name) throws FileSystemException {
    Objects.requireNonNull(name, "'name' is null");
    String full = PREFIX + name;
    if (Xattr.utf8Length(full) > Xattr.NAME_MAX) {
      throw new FileSystemException(path.toString(), null, "'" + full + "' is too big");
    }
    int nul = full.indexOf('\0');
    return nul < 0 ? full : full.substring(0, nul);
  }

  /** How many bytes listxattr(2) fills for {@code names}: each with its NUL. */
  private static int listLength(List<String> names) {
    int length = 0;
    for (String name : names) {
      length += Xattr.utf8Length(name) + 1;
    }
    return length;
  }

  @Override
  public String toString() {
    return "user view of " + path;
  }
}
