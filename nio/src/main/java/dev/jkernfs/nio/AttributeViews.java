package dev.jkernfs.nio;

import dev.jkernfs.vfs.Stat;
import java.io.IOException;
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
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.nio.file.attribute.UserPrincipal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The attribute views {@code basic}, {@code posix}, {@code owner} and {@code unix}, by class and by
 * name, with the attribute names the JDK's Linux provider uses; by name, also the {@code user} and
 * {@code dos} views ({@link UserAttributeView}, {@link DosAttributeView}). The Windows flavour
 * offers what the JDK's Windows provider offers instead: {@code basic}, {@code dos} (its primary
 * attributes, {@link WindowsAttributeViews}), {@code owner}, {@code acl} and {@code user}. A view
 * the filesystem's flavour does not offer is not available.
 */
final class AttributeViews {
  /** The views of the Linux and macOS flavours, as the JDK's Linux provider offers them. */
  static final Set<String> UNIX_VIEWS = Set.of("basic", "posix", "owner", "unix", "user", "dos");

  /** The views of the Windows flavour, as the JDK's Windows provider offers them. */
  static final Set<String> WINDOWS_VIEWS = Set.of("basic", "dos", "owner", "acl", "user");

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
    checkOffered(files, view);
    // As the JDK's provider, which splits without keeping trailing empty names.
    if (isWindows(files) && (view.equals("dos") || view.equals("acl"))) {
      return WindowsAttributeViews.readAttributes(
          files, path, view, names.split(","), BASIC, follow);
    }
    if (view.equals("user")) {
      return new UserAttributeView(files, path, follow).readAttributes(names.split(","));
    }
    if (view.equals("dos")) {
      return new DosAttributeView(files, path, follow).readAttributes(names.split(","), BASIC);
    }
    List<String> known = names(view);
    String[] requested = names.split(",");
    // As the JDK: every name is checked before the file is looked at.
    for (String name : requested) {
      if (!name.equals("*") && !known.contains(name)) {
        throw new IllegalArgumentException("'" + name + "' not recognized");
      }
    }
    JkernfsFileAttributes stat =
        new JkernfsFileAttributes(files.stat(path, follow), files.fileSystem().principals());
    Map<String, Object> result = new HashMap<>();
    for (String name : requested) {
      if (name.equals("*")) {
        for (String each : known) {
          result.put(each, value(each, stat));
        }
      } else {
        result.put(name, value(name, stat));
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
    checkOffered(files, view);
    if (isWindows(files) && WindowsAttributeViews.sets(view, name)) {
      WindowsAttributeViews.setAttribute(files, path, name, value, follow);
      return;
    }
    if (view.equals("user")) {
      new UserAttributeView(files, path, follow).setAttribute(name, value);
      return;
    }
    if (view.equals("dos") && DosAttributeView.isFlag(name)) {
      new DosAttributeView(files, path, follow).setFlag(name, value);
      return;
    }
    if (!settable(view).contains(name)) {
      throw new IllegalArgumentException("'" + attribute + "' not recognized");
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
      case "owner" ->
          writer.setOwners(Principals.ownerUid(cast(value, UserPrincipal.class, name)), -1);
      case "group" -> writer.setOwners(-1, Principals.gid(cast(value, GroupPrincipal.class, name)));
      case "mode" -> writer.setMode(cast(value, Integer.class, name));
      case "uid" -> writer.setOwners(cast(value, Integer.class, name), -1);
      default -> writer.setOwners(-1, cast(value, Integer.class, name)); // "gid"
    }
  }

  private static List<String> settable(String view) {
    List<String> basic = List.of("lastModifiedTime", "lastAccessTime", "creationTime");
    return switch (view) {
      case "basic", "dos" -> basic;
      case "owner", "acl" -> List.of("owner");
      case "posix" -> concat(basic, POSIX_ONLY);
      case "unix" -> concat(concat(basic, POSIX_ONLY), List.of("mode", "uid", "gid"));
      default -> throw new UnsupportedOperationException("View '" + view + "' not available");
    };
  }

  /** Refuses a view the filesystem's flavour does not offer, as the JDK refuses an unknown one. */
  private static void checkOffered(FileSystemView files, String view) {
    if (!offers(files, view)) {
      throw new UnsupportedOperationException("View '" + view + "' not available");
    }
  }

  private static boolean offers(FileSystemView files, String view) {
    return files.fileSystem().supportedFileAttributeViews().contains(view);
  }

  private static boolean isWindows(FileSystemView files) {
    return files.fileSystem().flavor() == Flavor.WINDOWS;
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

  private static List<String> names(String view) {
    return switch (view) {
      case "basic" -> BASIC;
      case "owner" -> List.of("owner");
      case "posix" -> concat(BASIC, POSIX_ONLY);
      case "unix" -> concat(concat(BASIC, POSIX_ONLY), UNIX_ONLY);
      default -> throw new UnsupportedOperationException("View '" + view + "' not available");
    };
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new java.util.ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  private static Object value(String name, JkernfsFileAttributes attributes) {
    Stat stat = attributes.stat();
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

  /** The basic attributes by name. */
  static Map<String, Object> basicValues(BasicFileAttributes attributes) {
    Map<String, Object> values = new HashMap<>();
    values.put("lastModifiedTime", attributes.lastModifiedTime());
    values.put("lastAccessTime", attributes.lastAccessTime());
    values.put("creationTime", attributes.creationTime());
    values.put("size", attributes.size());
    values.put("isRegularFile", attributes.isRegularFile());
    values.put("isDirectory", attributes.isDirectory());
    values.put("isSymbolicLink", attributes.isSymbolicLink());
    values.put("isOther", attributes.isOther());
    values.put("fileKey", attributes.fileKey());
    return values;
  }

  /**
   * Returns a view of {@code path} as the provider offers it: those of {@link #view}, and the
   * {@code user} and {@code dos} views, which the JDK's secure directory streams do not offer.
   */
  static <V extends FileAttributeView> V providerView(
      FileSystemView files, JkernfsPath path, Class<V> type, boolean follow) {
    if (type == UserDefinedFileAttributeView.class) {
      return type.cast(new UserAttributeView(files, path, follow));
    }
    if (isWindows(files)
        && (type == DosFileAttributeView.class || type == AclFileAttributeView.class)) {
      AttributeWriter writer = new AttributeWriter(files, path, follow, false);
      return type == DosFileAttributeView.class
          ? type.cast(new WindowsAttributeViews.DosView(files, path, follow, writer))
          : type.cast(new WindowsAttributeViews.AclView(files, path, follow, writer));
    }
    if (type == DosFileAttributeView.class) {
      return type.cast(new DosAttributeView(files, path, follow));
    }
    return view(files, path, type, follow, false);
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
      return new JkernfsFileAttributes(files.stat(path, follow), files.fileSystem().principals());
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
      writer.setOwners(Principals.ownerUid(owner), -1);
    }
  }

  /** Reads attributes of a type, or null if the type is not supported. */
  static <A extends BasicFileAttributes> A readAs(
      FileSystemView files, JkernfsPath path, Class<A> type, boolean follow) throws IOException {
    if (type == BasicFileAttributes.class
        || (type == PosixFileAttributes.class && offers(files, "posix"))) {
      return type.cast(
          new JkernfsFileAttributes(files.stat(path, follow), files.fileSystem().principals()));
    }
    if (type == DosFileAttributes.class && isWindows(files)) {
      return type.cast(WindowsAttributeViews.readDosAttributes(files, path, follow));
    }
    if (type == DosFileAttributes.class) {
      return type.cast(new DosAttributeView(files, path, follow).readAttributes());
    }
    throw new UnsupportedOperationException(type.getName() + " not supported");
  }
}
