package dev.jkernfs.nio;

import dev.jkernfs.vfs.Errno;
import dev.jkernfs.vfs.ErrnoException;
import dev.jkernfs.vfs.FileDescription;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.DosFileAttributeView;
import java.nio.file.attribute.DosFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code dos} view as the JDK's Linux provider gives it: the basic attributes, and the DOS
 * flags kept in the extended attribute {@code user.DOSATTRIB} as Samba keeps them, the text {@code
 * 0x} and the flags in hex, NUL-terminated. So the {@code user} view lists {@code DOSATTRIB} once a
 * flag is set, and the two views agree.
 */
final class DosAttributeView implements DosFileAttributeView {
  static final String XATTR = "user.DOSATTRIB";

  private static final int READONLY = 0x01;
  private static final int HIDDEN = 0x02;
  private static final int SYSTEM = 0x04;
  private static final int ARCHIVE = 0x20;

  // The JDK reads the value into a buffer this long; a longer one fails with ERANGE.
  private static final int VALUE_BUFFER = 24;

  private static final List<String> FLAGS = List.of("readonly", "archive", "system", "hidden");

  private final FileSystemView files;
  private final JkernfsPath path;
  private final boolean follow;

  DosAttributeView(FileSystemView files, JkernfsPath path, boolean follow) {
    this.files = files;
    this.path = path;
    this.follow = follow;
  }

  @Override
  public String name() {
    return "dos";
  }

  @Override
  public DosFileAttributes readAttributes() throws IOException {
    FileDescription fd = files.openForAttributeAccess(path, follow);
    try {
      return new Attributes(
          new JkernfsFileAttributes(fd.stat(), files.fileSystem().principals()), flags(fd));
    } catch (ErrnoException e) {
      throw NioErrors.translate(e, NioOp.GENERIC, path, null);
    } finally {
      fd.close();
    }
  }

  @Override
  public void setTimes(FileTime lastModifiedTime, FileTime lastAccessTime, FileTime createTime)
      throws IOException {
    AttributeViews.view(files, path, BasicFileAttributeView.class, follow, false)
        .setTimes(lastModifiedTime, lastAccessTime, createTime);
  }

  @Override
  public void setReadOnly(boolean value) throws IOException {
    update(READONLY, value);
  }

  @Override
  public void setHidden(boolean value) throws IOException {
    update(HIDDEN, value);
  }

  @Override
  public void setSystem(boolean value) throws IOException {
    update(SYSTEM, value);
  }

  @Override
  public void setArchive(boolean value) throws IOException {
    update(ARCHIVE, value);
  }

  /** Whether {@code name} is one of the flags rather than a basic attribute. */
  static boolean isFlag(String name) {
    return FLAGS.contains(name);
  }

  /** {@code Files.setAttribute(path, "dos:FLAG", value)}, a Boolean as the JDK casts it. */
  void setFlag(String name, Object value) throws IOException {
    boolean on = (Boolean) value;
    switch (name) {
      case "readonly" -> setReadOnly(on);
      case "archive" -> setArchive(on);
      case "system" -> setSystem(on);
      default -> setHidden(on); // "hidden"
    }
  }

  /** Sets or clears one flag; the attribute is written only if the flags change. */
  private void update(int flag, boolean enable) throws IOException {
    FileDescription fd = files.openForAttributeAccess(path, follow);
    try {
      int old = flags(fd);
      int flags = enable ? old | flag : old & ~flag;
      if (flags != old) {
        fd.setxattr(files.credentials(), XATTR, encode(flags), 0);
      }
    } catch (ErrnoException e) {
      throw NioErrors.translate(e, NioOp.GENERIC, path, null);
    } finally {
      fd.close();
    }
  }

  /** The flags {@code user.DOSATTRIB} holds: none without it, an IOException if it is not hex. */
  private int flags(FileDescription fd) throws IOException {
    byte[] value;
    try {
      value = fd.getxattr(files.credentials(), XATTR);
    } catch (ErrnoException e) {
      if (e.errno() == Errno.ENODATA) {
        return 0;
      }
      throw e;
    }
    if (value.length > VALUE_BUFFER) {
      throw Errno.ERANGE.exception();
    }
    int length = value.length;
    if (length > 0 && value[length - 1] == 0) {
      length--;
    }
    String text = new String(value, 0, length, StandardCharsets.UTF_8);
    if (text.length() >= 3 && text.startsWith("0x")) {
      try {
        return Integer.parseInt(text.substring(2), 16);
      } catch (NumberFormatException e) {
        // invalid, as below
      }
    }
    throw new IOException("Value of " + XATTR + " attribute is invalid");
  }

  private static byte[] encode(int flags) {
    byte[] text = ("0x" + Integer.toHexString(flags)).getBytes(StandardCharsets.UTF_8);
    byte[] terminated = new byte[text.length + 1];
    System.arraycopy(text, 0, terminated, 0, text.length);
    return terminated;
  }

  /** {@code Files.readAttributes(path, "dos:...")}, with the names of the JDK's dos view. */
  Map<String, Object> readAttributes(String[] requested, List<String> basicNames)
      throws IOException {
    for (String name : requested) {
      if (!name.equals("*") && !basicNames.contains(name) && !isFlag(name)) {
        throw new IllegalArgumentException("'" + name + "' not recognized");
      }
    }
    DosFileAttributes attributes = readAttributes();
    Map<String, Object> all = AttributeViews.basicValues(attributes);
    all.put("readonly", attributes.isReadOnly());
    all.put("archive", attributes.isArchive());
    all.put("system", attributes.isSystem());
    all.put("hidden", attributes.isHidden());
    if (List.of(requested).contains("*")) {
      return all;
    }
    Map<String, Object> result = new HashMap<>();
    for (String name : requested) {
      result.put(name, all.get(name));
    }
    return result;
  }

  /** The basic attributes of one stat, and the DOS flags read with them. */
  private static final class Attributes implements DosFileAttributes {
    private final JkernfsFileAttributes basic;
    private final int flags;

    Attributes(JkernfsFileAttributes basic, int flags) {
      this.basic = basic;
      this.flags = flags;
    }

    @Override
    public boolean isReadOnly() {
      return (flags & READONLY) != 0;
    }

    @Override
    public boolean isHidden() {
      return (flags & HIDDEN) != 0;
    }

    @Override
    public boolean isArchive() {
      return (flags & ARCHIVE) != 0;
    }

    @Override
    public boolean isSystem() {
      return (flags & SYSTEM) != 0;
    }

    @Override
    public FileTime lastModifiedTime() {
      return basic.lastModifiedTime();
    }

    @Override
    public FileTime lastAccessTime() {
      return basic.lastAccessTime();
    }

    @Override
    public FileTime creationTime() {
      return basic.creationTime();
    }

    @Override
    public boolean isRegularFile() {
      return basic.isRegularFile();
    }

    @Override
    public boolean isDirectory() {
      return basic.isDirectory();
    }

    @Override
    public boolean isSymbolicLink() {
      return basic.isSymbolicLink();
    }

    @Override
    public boolean isOther() {
      return basic.isOther();
    }

    @Override
    public long size() {
      return basic.size();
    }

    @Override
    public Object fileKey() {
      return basic.fileKey();
    }
  }
}
