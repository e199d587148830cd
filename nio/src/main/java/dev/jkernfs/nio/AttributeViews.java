package dev.jkernfs.nio;

import dev.jkernfs.vfs.Stat;
import dev.jkernfs.vfs.WindowsAttributes;
import java.io.IOException;
import java.nio.file.attribute.AclEntry;
import java.nio.file.attribute.AclFileAttributeView;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.DosFileAttributeView;
import java.nio.file.attribute.DosFileAttributes;
import java.nio.file.attribute.FileAttributeView;
import java.nio.file.attribute.FileOwnerAttributeView;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The attribute views by class and by name, with the attribute names the JDK uses: {@code basic},
 * {@code posix}, {@code owner} and {@code unix} as its Linux provider has them, and for the Windows
 * flavour {@code basic}, {@code dos}, {@code owner} and {@code acl} as its Windows provider has
 * them. A view the filesystem's flavour does not offer is not available.
 */
final class AttributeViews {
  /** The views of the Linux and macOS flavours, as the JDK's Linux provider offers them. */
  static final Set<String> UNIX_VIEWS = Set.of("basic", "posix", "owner", "unix");

  /** The views of the Windows flavour, as the JDK's Windows provider offers them. */
  static final Set<String> WINDOWS_VIEWS = Set.of("basic", "dos", "owner", "acl");

  private static final List<String> BASIC =
      List.of(
          "lastModifiedTime",
          "lastAccessTime",
          "creationTime",
          "size",
          "isRegularFile",
          "isDirectory",
          "isSymbolicLink",
          "isOther",
          "fileKey");
  private static final List<String> POSIX_ONLY = List.of("permissions", "owner", "group");
  private static final List<String> UNIX_ONLY =
      List.of("mode", "ino", "dev", "rdev", "nlink", "uid", "gid", "ctime");

  private AttributeViews() {}

  /** Reads attributes by the name syntax of {@code Files.readAttributes(path, String)}. */
  static Map<String, Object> read(
      FileSystemView files, JkernfsPath path, String attributes, boolean follow)
      throws IOException {
    int colon = attributes.indexOf(':');
    String view = colon < 0 ? "basic" : attributes.substring(0, colon);
    String names = colon < 0 ? attributes : attributes.substring(colon + 1);
    List<String> known = names(files, view);
    Stat stat = files.stat(path, follow);
    WindowsAttributes windows =
        view.equals("dos") || view.equals("acl")
            ? WindowsAttributeViews.read(files, path, follow)
            : null;
    Map<String, Object> result = new HashMap<>();
    for (String name : names.split(",", -1)) {
      if (name.equals("*")) {
        for (String each : known) {
          result.put(each, value(each, stat, windows));
        }
      } else if (known.contains(name)) {
        result.put(name, value(name, stat, windows));
      } else {
        throw new IllegalArgumentException("'" + name + "' not recognized");
      }
    }
    return result;
  }

  /** Sets one attribute by the name syntax of {@code Files.setAttribute}. */
  static void set(
      FileSystemView files, JkernfsPath path, String attribute, Object value, boolean follow)
      throws IOException {
    int colon = attribute.indexOf(':');
    String view = colon < 0 ? "basic" : attribute.substring(0, colon);
    String name = colon < 0 ? attribute : attribute.substring(colon + 1);
    if (!settable(files, view).contains(name)) {
      throw new IllegalArgumentException("'" + attribute + "' not recognized");
    }
    if (view.equals("dos") && WindowsAttributeViews.DOS_ONLY.contains(name)) {
      boolean set = cast(value, Boolean.class, name);
      int bit = WindowsAttributeViews.bit(name);
      WindowsAttributeViews.change(files, path, follow, attributes -> attributes.with(bit, set));
      return;
    }
    if (view.equals("acl") && name.equals("acl")) {
      List<AclEntry> acl = aclOf(value);
      WindowsAttributeViews.change(files, path, follow, attributes -> attributes.withAcl(acl));
      return;
    }
    if (name.equals("creationTime")) {
      // Linux has no creation time a caller can set: the JDK checks the value and does nothing.
      nanos(value);
      return;
    }
    AttributeWriter writer = new AttributeWriter(files, path, follow, false);
    switch (name) {
      case "lastModifiedTime" -> writer.setTimes(null, nanos(value));
      case "lastAccessTime" -> writer.setTimes(nanos(value), null);
      case "permissions" -> writer.setMode(permissionsMode(value));
      case "owner" -> writer.setOwners(Principals.uid(cast(value, UserPrincipal.class, name)), -1);
      case "group" -> writer.setOwners(-1, Principals.gid(cast(value, GroupPrincipal.class, name)));
      case "mode" -> writer.setMode(cast(value, Integer.class, name));
      case "uid" -> writer.setOwners(cast(value, Integer.class, name), -1);
      default -> writer.setOwners(-1, cast(value, Integer.class, name)); // "gid"
    }
  }

  private static List<String> settable(FileSystemView files, String view) {
    checkOffered(files, view);
    List<String> basic = List.of("lastModifiedTime", "lastAccessTime", "creationTime");
    return switch (view) {
      case "basic" -> basic;
      case "owner" -> List.of("owner");
      case "posix" -> concat(basic, POSIX_ONLY);
      case "unix" -> concat(concat(basic, POSIX_ONLY), List.of("mode", "uid", "gid"));
      case "dos" -> concat(basic, WindowsAttributeViews.DOS_ONLY);
      case "acl" -> WindowsAttributeViews.ACL;
      default -> throw new UnsupportedOperationException("View '" + view + "' not available");
    };
  }

  /** Refuses a view the filesystem's flavour does not offer, as the JDK refuses an unknown one. */
  private static void checkOffered(FileSystemView files, String view) {
    if (!files.fileSystem().supportedFileAttributeViews().contains(view)) {
      throw new UnsupportedOperationException("View '" + view + "' not available");
    }
  }

  private static boolean offers(FileSystemView files, String view) {
    return files.fileSystem().supportedFileAttributeViews().contains(view);
  }

  private static List<AclEntry> aclOf(Object value) {
    List<?> list = cast(value, List.class, "acl");
    for (Object element : list) {
      if (!(element instanceof AclEntry)) {
        throw new ClassCastException("not an AclEntry: " + element);
      }
    }
    @SuppressWarnings("unchecked") // every element checked above
    List<AclEntry> acl = (List<AclEntry>) list;
    return List.copyOf(acl);
  }

  /** Sets the times a view's {@code setTimes} gives; Linux has no creation time to set. */
  static void setTimes(AttributeWriter writer, FileTime lastModifiedTime, FileTime lastAccessTime)
      throws IOException {
    writer.setTimes(
        lastAccessTime == null ? null : lastAccessTime.to(TimeUnit.NANOSECONDS),
        lastModifiedTime == null ? null : lastModifiedTime.to(TimeUnit.NANOSECONDS));
  }

  private static int permissionsMode(Object value) {
    @SuppressWarnings("unchecked") // checked element by element below
    Set<Object> set = cast(value, Set.class, "permissions");
    for (Object element : set) {
      if (!(element instanceof PosixFilePermission)) {
        throw new ClassCastException("not a PosixFilePermission: " + element);
      }
    }
    @SuppressWarnings("unchecked") // every element checked above
    Set<PosixFilePermission> permissions = (Set<PosixFilePermission>) (Set<?>) set;
    return JkernfsFileAttributes.mode(permissions);
  }

  private static Long nanos(Object value) {
    return cast(value, FileTime.class, "time").to(TimeUnit.NANOSECONDS);
  }

  private static <T> T cast(Object value, Class<T> type, String name) {
    if (!type.isInstance(value)) {
      throw new ClassCastException(
          "'" + name + "' must be a " + type.getSimpleName() + ", was " + value);
    }
    return type.cast(value);
  }

  private static List<String> names(FileSystemView files, String view) {
    checkOffered(files, view);
    return switch (view) {
      case "basic" -> BASIC;
      case "owner" -> List.of("owner");
      case "posix" -> concat(BASIC, POSIX_ONLY);
      case "unix" -> concat(concat(BASIC, POSIX_ONLY), UNIX_ONLY);
      case "dos" -> concat(BASIC, WindowsAttributeViews.DOS_ONLY);
      case "acl" -> WindowsAttributeViews.ACL;
      default -> throw new UnsupportedOperationException("View '" + view + "' not available");
    };
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new java.util.ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  private static Object value(String name, Stat stat, WindowsAttributes windows) {
    JkernfsFileAttributes attributes = new JkernfsFileAttributes(stat);
    if (windows != null) {
      if (name.equals("acl")) {
        return windows.acl();
      }
      if (WindowsAttributeViews.DOS_ONLY.contains(name)) {
        return windows.has(WindowsAttributeViews.bit(name));
      }
    }
    return switch (name) {
      case "lastModifiedTime" -> attributes.lastModifiedTime();
      case "lastAccessTime" -> attributes.lastAccessTime();
      case "creationTime" -> attributes.creationTime();
      case "size" -> attributes.size();
      case "isRegularFile" -> attributes.isRegularFile();
      case "isDirectory" -> attributes.isDirectory();
      case "isSymbolicLink" -> attributes.isSymbolicLink();
      case "isOther" -> attributes.isOther();
      case "fileKey" -> attributes.fileKey();
      case "permissions" -> attributes.permissions();
      case "owner" -> attributes.owner();
      case "group" -> attributes.group();
      case "mode" -> stat.mode();
      case "ino" -> stat.ino();
      case "dev" -> stat.dev();
      case "rdev" -> stat.rdev();
      case "nlink" -> (int) stat.nlink();
      case "uid" -> stat.uid();
      case "gid" -> stat.gid();
      case "ctime" -> JkernfsFileAttributes.time(stat.ctimeNanos());
      default -> throw new IllegalArgumentException("'" + name + "' not recognized");
    };
  }

  /**
   * Returns a view of {@code path}, resolved in {@code files} on each use, or null if the type is
   * not supported; {@code fromDirectoryStream} if it is a {@code SecureDirectoryStream}'s, which
   * reaches files otherwise.
   */
  static <V extends FileAttributeView> V view(
      FileSystemView files,
      JkernfsPath path,
      Class<V> type,
      boolean follow,
      boolean fromDirectoryStream) {
    String name;
    if (type == BasicFileAttributeView.class) {
      name = "basic";
    } else if (type == PosixFileAttributeView.class && offers(files, "posix")) {
      name = "posix";
    } else if (type == FileOwnerAttributeView.class) {
      name = "owner";
    } else if (type == DosFileAttributeView.class && offers(files, "dos")) {
      return type.cast(
          new WindowsAttributeViews.DosView(
              files, path, follow, new AttributeWriter(files, path, follow, fromDirectoryStream)));
    } else if (type == AclFileAttributeView.class && offers(files, "acl")) {
      return type.cast(
          new WindowsAttributeViews.AclView(
              files, path, follow, new AttributeWriter(files, path, follow, fromDirectoryStream)));
    } else {
      return null;
    }
    return type.cast(
        new View(
            files,
            path,
            follow,
            name,
            new AttributeWriter(files, path, follow, fromDirectoryStream)));
  }

  /** A live view of one path's attributes; each call reads or writes the file anew. */
  private static final class View implements PosixFileAttributeView {
    private final FileSystemView files;
    private final JkernfsPath path;
    private final boolean follow;
    private final String name;
    private final AttributeWriter writer;

    View(
        FileSystemView files,
        JkernfsPath path,
        boolean follow,
        String name,
        AttributeWriter writer) {
      this.files = files;
      this.path = path;
      this.follow = follow;
      this.name = name;
      this.writer = writer;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public PosixFileAttributes readAttributes() throws IOException {
      return new JkernfsFileAttributes(files.stat(path, follow));
    }

    @Override
    public void setTimes(FileTime lastModifiedTime, FileTime lastAccessTime, FileTime createTime)
        throws IOException {
      // Linux has no creation time a caller can set, and the JDK ignores one.
      AttributeViews.setTimes(writer, lastModifiedTime, lastAccessTime);
    }

    @Override
    public void setPermissions(Set<PosixFilePermission> permissions) throws IOException {
      writer.setMode(JkernfsFileAttributes.mode(permissions));
    }

    @Override
    public void setGroup(GroupPrincipal group) throws IOException {
      writer.setOwners(-1, Principals.gid(group));
    }

    @Override
    public UserPrincipal getOwner() throws IOException {
      return readAttributes().owner();
    }

    @Override
    public void setOwner(UserPrincipal owner) throws IOException {
      writer.setOwners(Principals.uid(owner), -1);
    }
  }

  /** Reads attributes of a type, or null if the type is not supported. */
  static <A extends BasicFileAttributes> A readAs(
      FileSystemView files, JkernfsPath path, Class<A> type, boolean follow) throws IOException {
    if (type == BasicFileAttributes.class
        || (type == PosixFileAttributes.class && offers(files, "posix"))) {
      return type.cast(new JkernfsFileAttributes(files.stat(path, follow)));
    }
    if (type == DosFileAttributes.class && offers(files, "dos")) {
      Stat stat = files.stat(path, follow);
      return type.cast(
          new WindowsAttributeViews.Attributes(
              stat, WindowsAttributeViews.read(files, path, follow)));
    }
    throw new UnsupportedOperationException(type.getName() + " not supported");
  }
}
