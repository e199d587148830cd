package dev.jkernfs.nio;

import dev.jkernfs.vfs.ErrnoException;
import dev.jkernfs.vfs.FileDescription;
import dev.jkernfs.vfs.PathOperation;
import dev.jkernfs.vfs.Stat;
import dev.jkernfs.vfs.WindowsAttributes;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.attribute.AclEntry;
import java.nio.file.attribute.AclFileAttributeView;
import java.nio.file.attribute.DosFileAttributeView;
import java.nio.file.attribute.DosFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * The {@code dos} and {@code acl} views of the Windows flavour, over the VFS's {@link
 * WindowsAttributes} of each file: the DOS bits ({@code readonly}, {@code hidden}, {@code system},
 * {@code archive}) and the access control list, stored and reported as set, not enforced. A new
 * file is {@code archive}, a new directory nothing; a new file's list is empty.
 */
final class WindowsAttributeViews {
  /** The names the {@code dos} view adds to {@code basic}'s, as the JDK's Windows provider. */
  static final List<String> DOS_ONLY = List.of("readonly", "hidden", "system", "archive");

  /** The names of the {@code acl} view. */
  static final List<String> ACL = List.of("acl", "owner");

  private WindowsAttributeViews() {}

  static WindowsAttributes read(FileSystemView files, JkernfsPath path, boolean follow)
      throws IOException {
    try {
      return files.vfs().windowsAttributes(files.op(path, follow));
    } catch (ErrnoException e) {
      throw NioErrors.translate(e, NioOp.ATTRIBUTES, path, null);
    }
  }

  static void change(
      FileSystemView files,
      JkernfsPath path,
      boolean follow,
      UnaryOperator<WindowsAttributes> change)
      throws IOException {
    try {
      files.vfs().setWindowsAttributes(files.op(path, follow), change);
    } catch (ErrnoException e) {
      throw NioErrors.translate(e, NioOp.GENERIC, path, null);
    }
  }

  /**
   * Refuses to write to or delete a file whose DOS {@code readonly} bit is set, in the Windows
   * flavour, with the {@code AccessDeniedException} the JDK on Windows gives; a directory's bit is
   * ignored, as Windows ignores it. Asked before the operation, from {@code java.nio.file} only (a
   * FUSE client writes as POSIX permissions allow). A missing file passes, for the operation to
   * report.
   */
  static void checkNotReadOnly(FileSystemView files, JkernfsPath path, boolean follow)
      throws AccessDeniedException {
    if (files.fileSystem().flavor() != Flavor.WINDOWS) {
      return;
    }
    try {
      PathOperation op = files.op(path, follow);
      if (!files.vfs().windowsAttributes(op).has(WindowsAttributes.READONLY)
          || files.vfs().stat(op).isDirectory()) {
        return;
      }
    } catch (ErrnoException e) {
      return;
    }
    throw new AccessDeniedException(path.toString());
  }

  /**
   * Refuses, in the Windows flavour, a channel on a directory, closing {@code fd}: the JDK on
   * Windows opens files without the flag that lets {@code CreateFile} open a directory, and reports
   * the refusal as {@code AccessDeniedException}. On Linux the open succeeds and the first read
   * fails.
   */
  static void refuseDirectoryChannel(JkernfsFileSystem fs, FileDescription fd, JkernfsPath path)
      throws IOException {
    if (fs.flavor() != Flavor.WINDOWS) {
      return;
    }
    boolean directory;
    try {
      directory = fd.stat().isDirectory();
    } catch (ErrnoException e) {
      fd.close();
      throw NioErrors.translate(e, NioOp.GENERIC, path, null);
    }
    if (directory) {
      fd.close();
      throw new AccessDeniedException(path.toString());
    }
  }

  /** Whether {@code view:name} is set here rather than as a basic or owner attribute. */
  static boolean sets(String view, String name) {
    return (view.equals("dos") && DOS_ONLY.contains(name))
        || (view.equals("acl") && name.equals("acl"));
  }

  /** Sets a DOS bit (a Boolean) or the ACL (a List of AclEntry) by its name. */
  static void setAttribute(
      FileSystemView files, JkernfsPath path, String name, Object value, boolean follow)
      throws IOException {
    if (name.equals("acl")) {
      List<AclEntry> acl = aclOf(value);
      change(files, path, follow, attributes -> attributes.withAcl(acl));
      return;
    }
    if (!(value instanceof Boolean set)) {
      throw new ClassCastException("'" + name + "' must be a Boolean, was " + value);
    }
    int bit = bit(name);
    change(files, path, follow, attributes -> attributes.with(bit, set));
  }

  private static List<AclEntry> aclOf(Object value) {
    if (!(value instanceof List<?> list)) {
      throw new ClassCastException("'acl' must be a List, was " + value);
    }
    for (Object element : list) {
      if (!(element instanceof AclEntry)) {
        throw new ClassCastException("not an AclEntry: " + element);
      }
    }
    @SuppressWarnings("unchecked") // every element checked above
    List<AclEntry> acl = (List<AclEntry>) list;
    return List.copyOf(acl);
  }

  /**
   * Reads the {@code dos} or {@code acl} view by name: every name is checked before the file is
   * looked at, as the JDK does; {@code *} is all of the view's.
   */
  static Map<String, Object> readAttributes(
      FileSystemView files,
      JkernfsPath path,
      String view,
      String[] requested,
      List<String> basicNames,
      boolean follow)
      throws IOException {
    List<String> known = new ArrayList<>();
    if (view.equals("dos")) {
      known.addAll(basicNames);
      known.addAll(DOS_ONLY);
    } else {
      known.addAll(ACL);
    }
    for (String name : requested) {
      if (!name.equals("*") && !known.contains(name)) {
        throw new IllegalArgumentException("'" + name + "' not recognized");
      }
    }
    Attributes attributes = readDosAttributes(files, path, follow);
    Map<String, Object> basic = AttributeViews.basicValues(attributes);
    Map<String, Object> result = new HashMap<>();
    for (String name : requested) {
      for (String each : name.equals("*") ? known : List.of(name)) {
        Object value;
        if (basic.containsKey(each)) {
          value = basic.get(each);
        } else if (each.equals("acl")) {
          value = attributes.windows.acl();
        } else if (each.equals("owner")) {
          value = attributes.owner();
        } else {
          value = attributes.windows.has(bit(each));
        }
        result.put(each, value);
      }
    }
    return result;
  }

  /** The {@code dos} view's attributes of {@code path}. */
  static Attributes readDosAttributes(FileSystemView files, JkernfsPath path, boolean follow)
      throws IOException {
    Stat stat = files.stat(path, follow);
    return new Attributes(stat, files.fileSystem().principals(), read(files, path, follow));
  }

  /** The DOS bit an attribute name of the {@code dos} view stands for. */
  static int bit(String name) {
    return switch (name) {
      case "readonly" -> WindowsAttributes.READONLY;
      case "hidden" -> WindowsAttributes.HIDDEN;
      case "system" -> WindowsAttributes.SYSTEM;
      case "archive" -> WindowsAttributes.ARCHIVE;
      default -> throw new IllegalArgumentException("'" + name + "' not recognized");
    };
  }

  /** A file's attributes as the {@code dos} view reports them. */
  static final class Attributes extends JkernfsFileAttributes implements DosFileAttributes {
    private final WindowsAttributes windows;

    Attributes(Stat stat, Principals principals, WindowsAttributes windows) {
      super(stat, principals);
      this.windows = windows;
    }

    @Override
    public boolean isReadOnly() {
      return windows.has(WindowsAttributes.READONLY);
    }

    @Override
    public boolean isHidden() {
      return windows.has(WindowsAttributes.HIDDEN);
    }

    @Override
    public boolean isArchive() {
      return windows.has(WindowsAttributes.ARCHIVE);
    }

    @Override
    public boolean isSystem() {
      return windows.has(WindowsAttributes.SYSTEM);
    }
  }

  /** The {@code dos} view of one path; each call reads or changes the file anew. */
  record DosView(FileSystemView files, JkernfsPath path, boolean follow, AttributeWriter writer)
      implements DosFileAttributeView {
    @Override
    public String name() {
      return "dos";
    }

    @Override
    public DosFileAttributes readAttributes() throws IOException {
      return readDosAttributes(files, path, follow);
    }

    @Override
    public void setTimes(FileTime lastModifiedTime, FileTime lastAccessTime, FileTime createTime)
        throws IOException {
      AttributeViews.setTimes(writer, lastModifiedTime, lastAccessTime);
    }

    @Override
    public void setReadOnly(boolean value) throws IOException {
      set(WindowsAttributes.READONLY, value);
    }

    @Override
    public void setHidden(boolean value) throws IOException {
      set(WindowsAttributes.HIDDEN, value);
    }

    @Override
    public void setSystem(boolean value) throws IOException {
      set(WindowsAttributes.SYSTEM, value);
    }

    @Override
    public void setArchive(boolean value) throws IOException {
      set(WindowsAttributes.ARCHIVE, value);
    }

    private void set(int bit, boolean value) throws IOException {
      change(files, path, follow, attributes -> attributes.with(bit, value));
    }
  }

  /** The {@code acl} view of one path: the stored list, and the owner of the {@code owner} view. */
  record AclView(FileSystemView files, JkernfsPath path, boolean follow, AttributeWriter writer)
      implements AclFileAttributeView {
    @Override
    public String name() {
      return "acl";
    }

    @Override
    public List<AclEntry> getAcl() throws IOException {
      return read(files, path, follow).acl();
    }

    @Override
    public void setAcl(List<AclEntry> acl) throws IOException {
      List<AclEntry> copy = List.copyOf(Objects.requireNonNull(acl, "acl"));
      change(files, path, follow, attributes -> attributes.withAcl(copy));
    }

    @Override
    public UserPrincipal getOwner() throws IOException {
      return files.fileSystem().principals().user(files.stat(path, follow).uid());
    }

    @Override
    public void setOwner(UserPrincipal owner) throws IOException {
      writer.setOwners(Principals.uid(owner), -1);
    }
  }
}
