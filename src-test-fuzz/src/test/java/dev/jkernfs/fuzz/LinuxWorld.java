package dev.jkernfs.fuzz;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessMode;
import java.nio.file.CopyOption;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Two work directories, {@code A} and {@code B} (on two filesystems), that {@link LinuxOp} steps
 * run in, with the channels and secure directory streams the steps keep open across later steps. It
 * uses {@code java.nio.file} alone, so the same code runs on the JDK's provider (in this JVM or in
 * a child JVM of another user) and on jkernfs; each step's outcome and the final snapshot are
 * rendered as text with the work directories' paths replaced by {@code ROOT_A} and {@code ROOT_B},
 * so that the two sides compare as strings.
 *
 * <p>Times are rendered only where a step set them: every time a step sets lies in 1969 or 1970,
 * every time the filesystem sets itself is now, and is rendered as {@code now}.
 */
final class LinuxWorld {
  /** The names steps work on: two directory levels below the work directory. */
  static final String[] NAMES = {"a", "b", "d", "d/a", "d/e", "d/e/a"};

  /** Names relative to an open secure directory stream. */
  private static final String[] RELATIVE = {"a", "b", "d", "e", "e/a", "c"};

  static final int CHANNELS = 4;
  static final int DIRECTORIES = 2;

  private final Path[] roots;
  private final Map<String, String> replacements;
  private final SeekableByteChannel[] channels = new SeekableByteChannel[CHANNELS];

  private final List<SecureDirectoryStream<Path>> directories =
      new ArrayList<>(Collections.nCopies(DIRECTORIES, null));

  private final boolean[] listed = new boolean[DIRECTORIES];

  /** Which work directory's filesystem each directory stream belongs to. */
  private final int[] directoryRoots = new int[DIRECTORIES];

  /**
   * @param rootA the first work directory
   * @param rootB the second, on another filesystem
   * @param replacements strings of this side's paths and what they read as in outcomes, longest
   *     first: at least the two work directories, as {@code ROOT_A} and {@code ROOT_B}
   */
  LinuxWorld(Path rootA, Path rootB, Map<String, String> replacements) {
    this.roots = new Path[] {rootA, rootB};
    this.replacements = new LinkedHashMap<>(replacements);
  }

  // ---- paths and arguments ----

  /** A path selector: mostly under {@code A}, one in eight under {@code B}. */
  static int randomPath(SplittableRandom random) {
    return (random.nextInt(8) == 0 ? 16 : 0) + random.nextInt(NAMES.length);
  }

  private Path path(int selector) {
    return roots[root(selector)].resolve(NAMES[selector % 16 % NAMES.length]);
  }

  private static int root(int selector) {
    return selector / 16 % 2;
  }

  private static String name(int selector) {
    return (root(selector) == 0 ? "A:" : "B:") + NAMES[selector % 16 % NAMES.length];
  }

  /** What a symlink at {@code link} points to: relative, absolute within its root, or dangling. */
  private static String symlinkTarget(int selector, int link) {
    String root = root(link) == 0 ? "ROOT_A" : "ROOT_B";
    String own = NAMES[link % 16 % NAMES.length];
    return switch (selector % 16) {
      case 0 -> "a";
      case 1 -> "b";
      case 2 -> "d";
      case 3 -> "d/a";
      case 4 -> "../a";
      case 5 -> "..";
      case 6 -> ".";
      case 7 -> "missing";
      case 8 -> "e/a";
      case 9 -> own.substring(own.lastIndexOf('/') + 1); // itself: a loop
      case 10 -> root + "/b";
      case 11 -> root + "/d/a";
      case 12 -> root + "/d";
      case 13 -> "/nonexistent-jkdiff/x";
      case 14 -> "a/";
      default -> "a/../b";
    };
  }

  private Path targetPath(String target, int link) {
    if (target.startsWith("ROOT_")) {
      Path root = roots[target.charAt(5) == 'A' ? 0 : 1];
      return root.resolve(target.substring(7));
    }
    return roots[root(link)].getFileSystem().getPath(target);
  }

  static byte[] payload(int selector) {
    int length = selector % 7;
    byte[] bytes = new byte[length];
    for (int i = 0; i < length; i++) {
      bytes[i] = (byte) ('a' + (selector / 7 + i) % 26);
    }
    return bytes;
  }

  private static OpenOption[] writeOptions(int selector) {
    return switch (selector % 9) {
      case 0 -> new OpenOption[0];
      case 1 -> new OpenOption[] {StandardOpenOption.APPEND};
      case 2 -> new OpenOption[] {StandardOpenOption.CREATE, StandardOpenOption.APPEND};
      case 3 -> new OpenOption[] {StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE};
      case 4 -> new OpenOption[] {StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING};
      case 5 -> new OpenOption[] {StandardOpenOption.WRITE};
      case 6 ->
          new OpenOption[] {
            StandardOpenOption.CREATE, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS
          };
      case 7 -> new OpenOption[] {StandardOpenOption.READ};
      default -> new OpenOption[] {StandardOpenOption.APPEND, StandardOpenOption.TRUNCATE_EXISTING};
    };
  }

  private static Set<OpenOption> openOptions(int selector) {
    List<OpenOption> options =
        switch (selector % 15) {
          case 0 -> List.of(StandardOpenOption.READ);
          case 1 -> List.of(StandardOpenOption.WRITE);
          case 2 -> List.of(StandardOpenOption.READ, StandardOpenOption.WRITE);
          case 3 -> List.of(StandardOpenOption.APPEND);
          case 4 -> List.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE);
          case 5 -> List.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
          case 6 -> List.of(StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
          case 7 -> List.of(StandardOpenOption.READ, StandardOpenOption.APPEND);
          case 8 -> List.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
          case 9 ->
              List.of(
                  StandardOpenOption.WRITE, StandardOpenOption.APPEND, StandardOpenOption.CREATE);
          case 10 ->
              List.of(
                  StandardOpenOption.READ,
                  StandardOpenOption.WRITE,
                  StandardOpenOption.CREATE,
                  StandardOpenOption.TRUNCATE_EXISTING);
          case 11 -> List.of(StandardOpenOption.APPEND, StandardOpenOption.TRUNCATE_EXISTING);
          case 12 ->
              List.of(
                  StandardOpenOption.CREATE_NEW,
                  StandardOpenOption.WRITE,
                  StandardOpenOption.DELETE_ON_CLOSE);
          case 13 ->
              List.of(
                  StandardOpenOption.CREATE, StandardOpenOption.APPEND, LinkOption.NOFOLLOW_LINKS);
          default -> List.of();
        };
    return new LinkedHashSet<>(options);
  }

  private static CopyOption[] copyOptions(int selector) {
    List<CopyOption> options = new ArrayList<>();
    if ((selector & 1) != 0) {
      options.add(StandardCopyOption.REPLACE_EXISTING);
    }
    if ((selector & 2) != 0) {
      options.add(StandardCopyOption.ATOMIC_MOVE);
    }
    if ((selector & 4) != 0) {
      options.add(StandardCopyOption.COPY_ATTRIBUTES);
    }
    if ((selector & 8) != 0) {
      options.add(LinkOption.NOFOLLOW_LINKS);
    }
    return options.toArray(new CopyOption[0]);
  }

  static Set<PosixFilePermission> permissions(int selector) {
    int mode = selector & 0777;
    Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
    PosixFilePermission[] all = PosixFilePermission.values(); // OWNER_READ first, 0400 first
    for (int bit = 0; bit < 9; bit++) {
      if ((mode & (0400 >> bit)) != 0) {
        permissions.add(all[bit]);
      }
    }
    return permissions;
  }

  /** A time a step sets: in the days around 1970, to the millisecond. */
  static FileTime time(int selector) {
    return FileTime.fromMillis(((selector % 2000) - 300) * 1_000_007L);
  }

  private static LinkOption[] follow(int selector) {
    return selector % 2 == 0 ? new LinkOption[0] : new LinkOption[] {LinkOption.NOFOLLOW_LINKS};
  }

  private static final int[] IDS = {0, 4242, 65534};

  // ---- steps ----

  /** Runs one step and renders its outcome: its value, or what it threw. */
  String apply(LinuxOp op) {
    try {
      return "= " + render(String.valueOf(run(op)));
    } catch (Exception | StackOverflowError e) {
      return "! " + renderThrown(e);
    }
  }

  // Channels and streams opened here stay open across steps until CLOSE or closeAll.
  @SuppressWarnings("StreamResourceLeak")
  private Object run(LinuxOp op) throws IOException {
    Path p = path(op.p());
    Path q = path(op.q());
    int x = op.x();
    int y = op.y();
    return switch (op.action()) {
      case CREATE_FILE -> done(Files.createFile(p, attributes(x, y)));
      case CREATE_DIRECTORY -> done(Files.createDirectory(p, attributes(x, y)));
      case CREATE_DIRECTORIES -> done(Files.createDirectories(p, attributes(x, y)));
      case WRITE -> done(Files.write(p, payload(y), writeOptions(x)));
      case READ -> text(Files.readAllBytes(p));
      case OPEN_CHANNEL -> openChannel(x % CHANNELS, p, x / CHANNELS, y);
      case CHANNEL_WRITE -> channelWrite(x % CHANNELS, x / CHANNELS, y);
      case CHANNEL_READ -> channelRead(x % CHANNELS, x / CHANNELS, y);
      case CHANNEL_TRUNCATE -> channelTruncate(x % CHANNELS, y);
      case CLOSE -> closeChannel(x % CHANNELS);
      case DELETE -> {
        Files.delete(p);
        yield "ok";
      }
      case DELETE_IF_EXISTS -> Files.deleteIfExists(p);
      case LINK -> done(Files.createLink(p, q));
      case SYMLINK ->
          done(Files.createSymbolicLink(p, targetPath(symlinkTarget(x, op.p()), op.p())));
      case READ_SYMLINK -> Files.readSymbolicLink(p);
      case MOVE -> copyOrMove(true, op.p(), op.q(), x);
      case COPY -> copyOrMove(false, op.p(), op.q(), x);
      case LIST -> list(p, x);
      case OPEN_SECURE_DIRECTORY -> openDirectory(x % DIRECTORIES, op.p());
      case SECURE_DIRECTORY_OP -> secureDirectoryOp(op);
      case READ_ATTRIBUTES -> readAttributes(p, x);
      case SET_PERMISSIONS -> done(Files.setPosixFilePermissions(p, permissions(y)));
      case SET_ATTRIBUTE -> setAttribute(p, x, y);
      case SET_TIMES -> setTimes(p, x, y);
      case EXISTS -> exists(p);
      case SAME_FILE -> sameFile(p, q);
      case REAL_PATH -> p.toRealPath(follow(x));
      case OWNER ->
          Files.getOwner(p, follow(x)).getName()
              + " group="
              + Files.readAttributes(p, PosixFileAttributes.class, follow(x)).group().getName();
      case CHECK_ACCESS -> {
        p.getFileSystem().provider().checkAccess(p, accessModes(y));
        yield "ok";
      }
    };
  }

  private static FileAttribute<?>[] attributes(int x, int y) {
    if (x % 4 != 0) {
      return new FileAttribute<?>[0];
    }
    return new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(permissions(y))};
  }

  private static AccessMode[] accessModes(int selector) {
    List<AccessMode> modes = new ArrayList<>();
    AccessMode[] all = {AccessMode.READ, AccessMode.WRITE, AccessMode.EXECUTE};
    for (int bit = 0; bit < all.length; bit++) {
      if ((selector & (1 << bit)) != 0) {
        modes.add(all[bit]);
      }
    }
    return modes.toArray(new AccessMode[0]);
  }

  private static String done(Object ignored) {
    return "ok";
  }

  private static String text(byte[] bytes) {
    if (bytes.length > 40) {
      return bytes.length + " bytes sha256=" + sha256(bytes);
    }
    return '"' + new String(bytes, StandardCharsets.ISO_8859_1).replace("\0", "\\0") + '"';
  }

  private static String sha256(byte[] bytes) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
      StringBuilder hex = new StringBuilder();
      for (int i = 0; i < 8; i++) {
        hex.append(String.format("%02x", digest[i]));
      }
      return hex.toString();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private String openChannel(int slot, Path p, int how, int y) throws IOException {
    Set<OpenOption> options = openOptions(y);
    FileAttribute<?>[] attributes =
        how / 2 % 4 == 0
            ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(permissions(y / 16))}
            : new FileAttribute<?>[0];
    SeekableByteChannel channel =
        how % 2 == 0
            ? FileChannel.open(p, options, attributes)
            : Files.newByteChannel(p, options, attributes);
    return keep(slot, channel);
  }

  private String keep(int slot, SeekableByteChannel channel) throws IOException {
    String previous = channels[slot] == null ? "" : " (closed the previous)";
    if (channels[slot] != null) {
      channels[slot].close();
    }
    channels[slot] = channel;
    return "h" + slot + previous;
  }

  private Object channelWrite(int slot, int how, int y) throws IOException {
    SeekableByteChannel channel = channels[slot];
    if (channel == null) {
      return "no channel";
    }
    ByteBuffer bytes = ByteBuffer.wrap(payload(y / 10));
    int written;
    switch (how % 3) {
      case 0 -> {
        channel.position(y % 10);
        written = channel.write(bytes);
      }
      case 1 -> {
        if (!(channel instanceof FileChannel file)) {
          return "not a FileChannel";
        }
        written = file.write(bytes, y % 10);
      }
      default -> written = channel.write(bytes);
    }
    return "wrote " + written + ", position " + channel.position() + ", size " + channel.size();
  }

  private Object channelRead(int slot, int how, int y) throws IOException {
    SeekableByteChannel channel = channels[slot];
    if (channel == null) {
      return "no channel";
    }
    ByteBuffer buffer = ByteBuffer.allocate(8);
    int read;
    if (how % 2 == 0) {
      if (!(channel instanceof FileChannel file)) {
        return "not a FileChannel";
      }
      read = file.read(buffer, y % 10);
    } else {
      read = channel.read(buffer);
    }
    String bytes = read < 0 ? "eof" : text(Arrays.copyOf(buffer.array(), read));
    return bytes + ", position " + channel.position();
  }

  private Object channelTruncate(int slot, int y) throws IOException {
    SeekableByteChannel channel = channels[slot];
    if (channel == null) {
      return "no channel";
    }
    channel.truncate(y % 10);
    return "position " + channel.position() + ", size " + channel.size();
  }

  private Object closeChannel(int slot) throws IOException {
    SeekableByteChannel channel = channels[slot];
    if (channel == null) {
      return "no channel";
    }
    channels[slot] = null;
    channel.close();
    return "closed";
  }

  private Object copyOrMove(boolean move, int source, int target, int x) throws IOException {
    Path from = path(source);
    Path to = path(target);
    CopyOption[] options = copyOptions(x);
    // Two work directories of the JDK's provider share one namespace; two jkernfs filesystems do
    // not: an absolute link carried from one to the other resolves differently by construction.
    if (root(source) != root(target)
        && (move || Arrays.asList(options).contains(LinkOption.NOFOLLOW_LINKS))
        && Files.isSymbolicLink(from)
        && Files.readSymbolicLink(from).isAbsolute()) {
      return "not run: an absolute symlink to another filesystem";
    }
    if (move) {
      Files.move(from, to, options);
    } else {
      Files.copy(from, to, options);
    }
    return "ok";
  }

  private static Object list(Path dir, int x) throws IOException {
    List<String> names = new ArrayList<>();
    try (DirectoryStream<Path> stream = directoryStream(dir, x)) {
      for (Path entry : stream) {
        names.add(entry.getFileName().toString());
      }
    }
    names.sort(null);
    return names;
  }

  // The caller closes it: list's try-with-resources.
  @SuppressWarnings("StreamResourceLeak")
  private static DirectoryStream<Path> directoryStream(Path dir, int x) throws IOException {
    DirectoryStream.Filter<Path> noDirectories = entry -> !Files.isDirectory(entry);
    return switch (x % 3) {
      case 0 -> Files.newDirectoryStream(dir);
      case 1 -> Files.newDirectoryStream(dir, "[!b]*");
      default -> Files.newDirectoryStream(dir, noDirectories);
    };
  }

  // The stream stays open across steps until a step closes it, or closeAll.
  @SuppressWarnings("StreamResourceLeak")
  private Object openDirectory(int slot, int selector) throws IOException {
    DirectoryStream<Path> stream = Files.newDirectoryStream(path(selector));
    if (!(stream instanceof SecureDirectoryStream<Path> secure)) {
      stream.close();
      return "not a SecureDirectoryStream";
    }
    return keepDirectory(slot, secure, root(selector));
  }

  private String keepDirectory(int slot, SecureDirectoryStream<Path> stream, int root)
      throws IOException {
    String previous = directories.get(slot) == null ? "" : " (closed the previous)";
    if (directories.get(slot) != null) {
      directories.get(slot).close();
    }
    directories.set(slot, stream);
    directoryRoots[slot] = root;
    listed[slot] = false;
    return "s" + slot + previous;
  }

  private Object secureDirectoryOp(LinuxOp op) throws IOException {
    int x = op.x();
    int y = op.y();
    int slot = x % DIRECTORIES;
    SecureDirectoryStream<Path> stream = directories.get(slot);
    if (stream == null) {
      return "no directory stream";
    }
    // Relative paths resolve against the stream's directory; they are paths of its filesystem.
    int root = directoryRoots[slot];
    Path rel = roots[root].getFileSystem().getPath(RELATIVE[op.q() % RELATIVE.length]);
    LinkOption[] follow = follow(x / 64);
    return switch (x / DIRECTORIES % 12) {
      case 0 -> {
        if (listed[slot]) {
          yield "listed already";
        }
        listed[slot] = true;
        List<String> names = new ArrayList<>();
        for (Path entry : stream) {
          names.add(entry.toString());
        }
        names.sort(null);
        yield names;
      }
      case 1 -> keep(x / 128 % CHANNELS, stream.newByteChannel(rel, openOptions(y)));
      case 2 -> keepDirectory(1 - slot, stream.newDirectoryStream(rel, follow), root);
      case 3 -> {
        stream.deleteFile(rel);
        yield "ok";
      }
      case 4 -> {
        stream.deleteDirectory(rel);
        yield "ok";
      }
      case 5 -> {
        int other = directories.get(1 - slot) != null ? 1 - slot : slot;
        stream.move(
            rel,
            directories.get(other),
            roots[directoryRoots[other]].getFileSystem().getPath(RELATIVE[y % RELATIVE.length]));
        yield "ok";
      }
      case 6 ->
          basic(
              stream
                  .getFileAttributeView(rel, BasicFileAttributeView.class, follow)
                  .readAttributes());
      case 7 ->
          posix(
              stream
                  .getFileAttributeView(rel, PosixFileAttributeView.class, follow)
                  .readAttributes());
      case 8 -> {
        stream
            .getFileAttributeView(rel, PosixFileAttributeView.class, follow)
            .setPermissions(permissions(y));
        yield "ok";
      }
      case 9 -> posix(stream.getFileAttributeView(PosixFileAttributeView.class).readAttributes());
      case 10 -> {
        stream
            .getFileAttributeView(rel, BasicFileAttributeView.class, follow)
            .setTimes(time(y), null, null);
        yield "ok";
      }
      default -> {
        directories.set(slot, null);
        stream.close();
        yield "closed";
      }
    };
  }

  private Object readAttributes(Path p, int x) throws IOException {
    LinkOption[] follow = follow(x / 8);
    return switch (x % 6) {
      case 0 -> basic(Files.readAttributes(p, BasicFileAttributes.class, follow));
      case 1 -> posix(Files.readAttributes(p, PosixFileAttributes.class, follow));
      case 2 -> map(Files.readAttributes(p, "unix:*", follow));
      case 3 -> map(Files.readAttributes(p, "posix:*", follow));
      case 4 -> map(Files.readAttributes(p, "*", follow));
      default ->
          map(
              Files.readAttributes(
                  p, "posix:permissions,owner,size,isDirectory,isSymbolicLink", follow));
    };
  }

  private static String type(BasicFileAttributes attributes) {
    return attributes.isDirectory()
        ? "dir"
        : attributes.isSymbolicLink()
            ? "link"
            : attributes.isRegularFile() ? "file" : attributes.isOther() ? "other" : "none";
  }

  private static String basic(BasicFileAttributes attributes) {
    // A directory's size is its filesystem's; a link's the length of its target, which differs
    // between the sides when it is absolute.
    return type(attributes)
        + (attributes.isDirectory() || attributes.isSymbolicLink()
            ? ""
            : " size=" + attributes.size())
        + " mtime="
        + time(attributes.lastModifiedTime())
        + " atime="
        + time(attributes.lastAccessTime())
        + " created="
        + time(attributes.creationTime())
        + (attributes.fileKey() == null ? " no key" : "");
  }

  private static String posix(PosixFileAttributes attributes) {
    return basic(attributes)
        + " "
        + PosixFilePermissions.toString(attributes.permissions())
        + " "
        + attributes.owner().getName()
        + ":"
        + attributes.group().getName();
  }

  private static String map(Map<String, Object> attributes) {
    boolean directory = Boolean.TRUE.equals(attributes.get("isDirectory"));
    boolean link = Boolean.TRUE.equals(attributes.get("isSymbolicLink"));
    Map<String, String> rendered = new TreeMap<>();
    for (Map.Entry<String, Object> entry : attributes.entrySet()) {
      String key = entry.getKey();
      Object value = entry.getValue();
      String text;
      if (key.equals("ino") || key.equals("dev") || key.equals("fileKey")) {
        text = value == null ? "null" : "*"; // numbers of the filesystem, not of the file
      } else if (key.equals("size") && (directory || link)) {
        text = "*"; // a directory's size is its filesystem's; a link's the length of its target
      } else if (value instanceof FileTime fileTime) {
        text = time(fileTime);
      } else if (value instanceof Set<?> set) {
        @SuppressWarnings("unchecked")
        Set<PosixFilePermission> permissions = (Set<PosixFilePermission>) set;
        text = PosixFilePermissions.toString(permissions);
      } else if (value instanceof UserPrincipal principal) {
        text = principal.getName() + (principal instanceof GroupPrincipal ? " (group)" : "");
      } else if (key.equals("mode") && value instanceof Integer mode) {
        text = Integer.toOctalString(mode);
      } else {
        text = String.valueOf(value);
      }
      rendered.put(key, text);
    }
    return rendered.toString();
  }

  /** A time a step set, or {@code now} for one the filesystem set. */
  static String time(FileTime time) {
    long millis = time.toMillis();
    return Math.abs(millis) < 1_000_000_000_000L ? time.toString() : "now";
  }

  private static Object setAttribute(Path p, int x, int y) throws IOException {
    LinkOption[] follow = follow(x / 16);
    int id = IDS[y % IDS.length];
    switch (x % 9) {
      case 0 -> Files.setAttribute(p, "unix:mode", x / 32 % 2 == 0 ? y & 07777 : y, follow);
      case 1 -> Files.setAttribute(p, "posix:permissions", permissions(y), follow);
      case 2 -> Files.setAttribute(p, "basic:lastModifiedTime", time(y), follow);
      case 3 -> Files.setAttribute(p, "basic:lastAccessTime", time(y), follow);
      case 4 -> Files.setAttribute(p, "unix:uid", id, follow);
      case 5 -> Files.setAttribute(p, "unix:gid", id, follow);
      case 6 ->
          Files.setAttribute(
              p,
              "posix:owner",
              p.getFileSystem()
                  .getUserPrincipalLookupService()
                  .lookupPrincipalByName(id == 0 ? "root" : Integer.toString(id)),
              follow);
      case 7 -> Files.setAttribute(p, "basic:creationTime", time(y), follow);
      default -> Files.setAttribute(p, "unix:nosuch", y, follow);
    }
    return "ok";
  }

  private static Object setTimes(Path p, int x, int y) throws IOException {
    if (x / 16 % 2 == 1) {
      Files.setLastModifiedTime(p, time(y));
      return "ok";
    }
    BasicFileAttributeView view =
        Files.getFileAttributeView(p, BasicFileAttributeView.class, follow(x));
    view.setTimes(
        (x & 2) != 0 ? time(y) : null,
        (x & 4) != 0 ? time(y + 7) : null,
        (x & 8) != 0 ? time(y + 11) : null);
    return "ok";
  }

  private static Object exists(Path p) {
    return "exists="
        + Files.exists(p)
        + " notExists="
        + Files.notExists(p)
        + " dir="
        + Files.isDirectory(p)
        + " file="
        + Files.isRegularFile(p)
        + " link="
        + Files.isSymbolicLink(p)
        + " rwx="
        + Files.isReadable(p)
        + Files.isWritable(p)
        + Files.isExecutable(p)
        + " nofollow: exists="
        + Files.exists(p, LinkOption.NOFOLLOW_LINKS)
        + " notExists="
        + Files.notExists(p, LinkOption.NOFOLLOW_LINKS)
        + " dir="
        + Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)
        + " file="
        + Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS);
  }

  private static Object sameFile(Path p, Path q) throws IOException {
    String keys;
    try {
      Object first = Files.readAttributes(p, BasicFileAttributes.class).fileKey();
      Object second = Files.readAttributes(q, BasicFileAttributes.class).fileKey();
      keys = first == null ? "null" : Boolean.toString(first.equals(second));
    } catch (IOException e) {
      keys = "unreadable";
    }
    return "keys equal=" + keys + " same=" + Files.isSameFile(p, q);
  }

  // ---- rendering ----

  private String render(String text) {
    String rendered = text;
    for (Map.Entry<String, String> replacement : replacements.entrySet()) {
      rendered = rendered.replace(replacement.getKey(), replacement.getValue());
    }
    return rendered;
  }

  /**
   * What a step threw: the nearest {@code java.*} class (a provider's own subclass is the class it
   * stands for), and the reason, file and other file of a {@link FileSystemException} or the
   * message of anything else, and its cause if it wraps one.
   */
  String renderThrown(Throwable thrown) {
    Class<?> type = thrown.getClass();
    while (!type.getName().startsWith("java.")) {
      type = type.getSuperclass();
    }
    StringBuilder text = new StringBuilder(type.getName().replaceFirst("^java\\.[a-z.]*\\.", ""));
    if (thrown instanceof FileSystemException e) {
      text.append(" reason=").append(e.getReason());
      text.append(" file=").append(e.getFile());
      text.append(" other=").append(e.getOtherFile());
    } else {
      text.append(" message=").append(thrown.getMessage());
    }
    if (thrown.getCause() != null
        && (thrown instanceof java.io.UncheckedIOException
            || thrown instanceof java.nio.file.DirectoryIteratorException)) {
      text.append(" cause=").append(renderThrown(thrown.getCause()));
    }
    return render(text.toString());
  }

  /** Closes every channel and directory stream still open. */
  void closeAll() throws IOException {
    List<Closeable> open = new ArrayList<>();
    for (int slot = 0; slot < CHANNELS; slot++) {
      if (channels[slot] != null) {
        open.add(channels[slot]);
        channels[slot] = null;
      }
    }
    for (int slot = 0; slot < DIRECTORIES; slot++) {
      if (directories.get(slot) != null) {
        open.add(directories.get(slot));
        directories.set(slot, null);
      }
    }
    for (Closeable closeable : open) {
      closeable.close();
    }
  }

  // ---- the final state ----

  /**
   * Both work directories, walked without following symlinks and sorted: for each entry its type,
   * owner and permissions, for a file its size, link count and content (or its hash), for a symlink
   * its target; entries that are one file (by their file keys) name the first of them.
   */
  String snapshot() {
    Map<String, String> tree = new TreeMap<>();
    for (int root = 0; root < roots.length; root++) {
      // A key identifies a file within its filesystem: links are looked for within each.
      Map<Object, String> keys = new HashMap<>();
      String label = root == 0 ? "A:" : "B:";
      snapshot(roots[root], label, tree, keys, 0);
    }
    return tree.entrySet().stream()
        .map(entry -> entry.getKey() + " " + entry.getValue())
        .collect(Collectors.joining("\n"));
  }

  private void snapshot(
      Path path, String label, Map<String, String> tree, Map<Object, String> keys, int depth) {
    String entry;
    try {
      PosixFileAttributes attributes =
          Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      Object links = Files.getAttribute(path, "unix:nlink", LinkOption.NOFOLLOW_LINKS);
      StringBuilder text = new StringBuilder(type(attributes));
      if (!attributes.isSymbolicLink()) {
        text.append(' ').append(PosixFilePermissions.toString(attributes.permissions()));
        int mode = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        if ((mode & 07000) != 0) {
          text.append(" special=").append(Integer.toOctalString(mode & 07000));
        }
      }
      text.append(" owner=")
          .append(Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS))
          .append(':')
          .append(Files.getAttribute(path, "unix:gid", LinkOption.NOFOLLOW_LINKS))
          .append(" nlink=")
          .append(links);
      text.append(" mtime=").append(time(attributes.lastModifiedTime()));
      text.append(" atime=").append(time(attributes.lastAccessTime()));
      if (attributes.isSymbolicLink()) {
        text.append(" -> ").append(render(Files.readSymbolicLink(path).toString()));
      } else if (attributes.isRegularFile()) {
        text.append(" size=").append(attributes.size());
        try {
          text.append(" content=").append(text(Files.readAllBytes(path)));
        } catch (IOException e) {
          text.append(" content unreadable: ").append(renderThrown(e));
        }
      }
      if (!attributes.isDirectory() && attributes.fileKey() != null) {
        String first = keys.putIfAbsent(attributes.fileKey(), label);
        if (first != null) {
          text.append(" same as ").append(first);
        }
      }
      entry = text.toString();
      tree.put(label, entry);
      if (attributes.isDirectory() && depth < 6) {
        List<Path> children = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(path)) {
          stream.forEach(children::add);
        } catch (IOException e) {
          tree.put(label, entry + " entries unreadable: " + renderThrown(e));
        }
        children.sort(null);
        for (Path child : children) {
          String name = child.getFileName().toString();
          snapshot(
              child,
              label.endsWith(":") ? label + name : label + "/" + name,
              tree,
              keys,
              depth + 1);
        }
      }
    } catch (IOException | RuntimeException e) {
      tree.put(label, "unreadable: " + renderThrown(e));
    }
  }

  // ---- what steps do, for the known divergences ----

  /** Whether {@code op} opens a channel with {@code DELETE_ON_CLOSE}. */
  static boolean opensDeletingOnClose(LinuxOp op) {
    return switch (op.action()) {
      case OPEN_CHANNEL -> openOptions(op.y()).contains(StandardOpenOption.DELETE_ON_CLOSE);
      case SECURE_DIRECTORY_OP ->
          op.x() / DIRECTORIES % 12 == 1
              && openOptions(op.y()).contains(StandardOpenOption.DELETE_ON_CLOSE);
      default -> false;
    };
  }

  /**
   * Whether {@code op} changes permissions without following a symlink: {@code unix:mode} or {@code
   * posix:permissions} with {@code NOFOLLOW_LINKS}, or a secure directory stream's posix view with
   * it.
   */
  static boolean changesModeWithoutFollowing(LinuxOp op) {
    return switch (op.action()) {
      case SET_ATTRIBUTE -> op.x() % 9 <= 1 && op.x() / 16 % 2 == 1;
      case SECURE_DIRECTORY_OP -> op.x() / DIRECTORIES % 12 == 8 && op.x() / 64 % 2 == 1;
      default -> false;
    };
  }

  /** Whether {@code op} sets a file's creation time. */
  static boolean setsCreationTime(LinuxOp op) {
    return switch (op.action()) {
      case SET_TIMES -> op.x() / 16 % 2 == 0 && (op.x() & 8) != 0;
      case SET_ATTRIBUTE -> op.x() % 9 == 7;
      default -> false;
    };
  }

  /** Whether {@code op} sets a file's creation time and no other. */
  static boolean setsCreationTimeAlone(LinuxOp op) {
    return setsCreationTime(op)
        && (op.action() == LinuxOp.Action.SET_ATTRIBUTE || (op.x() & 6) == 0);
  }

  /** Whether {@code op}'s two paths lie in different work directories (filesystems). */
  static boolean acrossRoots(LinuxOp op) {
    return root(op.p()) != root(op.q());
  }

  // ---- describing steps ----

  /** A step in the terms of the call it makes. */
  static String describe(LinuxOp op) {
    String p = name(op.p());
    String q = name(op.q());
    int x = op.x();
    int y = op.y();
    String attributes = x % 4 == 0 ? " " + PosixFilePermissions.toString(permissions(y)) : "";
    return switch (op.action()) {
      case CREATE_FILE -> "createFile " + p + attributes;
      case CREATE_DIRECTORY -> "createDirectory " + p + attributes;
      case CREATE_DIRECTORIES -> "createDirectories " + p + attributes;
      case WRITE -> "write " + p + " " + text(payload(y)) + " " + Arrays.toString(writeOptions(x));
      case READ -> "readAllBytes " + p;
      case OPEN_CHANNEL ->
          "h"
              + x % CHANNELS
              + " := "
              + (x / CHANNELS % 2 == 0 ? "FileChannel.open " : "newByteChannel ")
              + p
              + " "
              + openOptions(y)
              + (x / CHANNELS / 2 % 4 == 0
                  ? " " + PosixFilePermissions.toString(permissions(y / 16))
                  : "");
      case CHANNEL_WRITE ->
          "h"
              + x % CHANNELS
              + switch (x / CHANNELS % 3) {
                case 0 -> ".position(" + y % 10 + ").write ";
                case 1 -> ".write at " + y % 10 + " ";
                default -> ".write ";
              }
              + text(payload(y / 10));
      case CHANNEL_READ ->
          "h" + x % CHANNELS + (x / CHANNELS % 2 == 0 ? ".read at " + y % 10 : ".read");
      case CHANNEL_TRUNCATE -> "h" + x % CHANNELS + ".truncate " + y % 10;
      case CLOSE -> "h" + x % CHANNELS + ".close";
      case DELETE -> "delete " + p;
      case DELETE_IF_EXISTS -> "deleteIfExists " + p;
      case LINK -> "createLink " + p + " => " + q;
      case SYMLINK -> "createSymbolicLink " + p + " -> " + symlinkTarget(x, op.p());
      case READ_SYMLINK -> "readSymbolicLink " + p;
      case MOVE -> "move " + p + " " + q + " " + Arrays.toString(copyOptions(x));
      case COPY -> "copy " + p + " " + q + " " + Arrays.toString(copyOptions(x));
      case LIST ->
          "newDirectoryStream "
              + p
              + switch (x % 3) {
                case 0 -> "";
                case 1 -> " [!b]*";
                default -> " (no directories)";
              };
      case OPEN_SECURE_DIRECTORY -> "s" + x % DIRECTORIES + " := secure directory stream " + p;
      case SECURE_DIRECTORY_OP -> describeSecure(op);
      case READ_ATTRIBUTES ->
          "readAttributes "
              + p
              + " "
              + switch (x % 6) {
                case 0 -> "BasicFileAttributes";
                case 1 -> "PosixFileAttributes";
                case 2 -> "unix:*";
                case 3 -> "posix:*";
                case 4 -> "*";
                default -> "posix:permissions,owner,size,isDirectory,isSymbolicLink";
              }
              + nofollow(x / 8);
      case SET_PERMISSIONS ->
          "setPosixFilePermissions " + p + " " + PosixFilePermissions.toString(permissions(y));
      case SET_ATTRIBUTE -> "setAttribute " + p + " " + describeAttribute(x, y) + nofollow(x / 16);
      case SET_TIMES ->
          x / 16 % 2 == 1
              ? "setLastModifiedTime " + p + " " + time(y)
              : "setTimes "
                  + p
                  + " mtime="
                  + ((x & 2) != 0 ? time(y) : null)
                  + " atime="
                  + ((x & 4) != 0 ? time(y + 7) : null)
                  + " creationTime="
                  + ((x & 8) != 0 ? time(y + 11) : null)
                  + nofollow(x);
      case EXISTS -> "exists etc. " + p;
      case SAME_FILE -> "isSameFile " + p + " " + q;
      case REAL_PATH -> "toRealPath " + p + nofollow(x);
      case OWNER -> "getOwner " + p + nofollow(x);
      case CHECK_ACCESS -> "checkAccess " + p + " " + Arrays.toString(accessModes(y));
    };
  }

  private static String nofollow(int selector) {
    return selector % 2 == 0 ? "" : " NOFOLLOW_LINKS";
  }

  private static String describeAttribute(int x, int y) {
    int id = IDS[y % IDS.length];
    return switch (x % 9) {
      case 0 -> "unix:mode=0" + Integer.toOctalString(x / 32 % 2 == 0 ? y & 07777 : y);
      case 1 -> "posix:permissions=" + PosixFilePermissions.toString(permissions(y));
      case 2 -> "basic:lastModifiedTime=" + time(y);
      case 3 -> "basic:lastAccessTime=" + time(y);
      case 4 -> "unix:uid=" + id;
      case 5 -> "unix:gid=" + id;
      case 6 -> "posix:owner=" + (id == 0 ? "root" : id);
      case 7 -> "basic:creationTime=" + time(y);
      default -> "unix:nosuch=" + y;
    };
  }

  private static String describeSecure(LinuxOp op) {
    int x = op.x();
    int y = op.y();
    int slot = x % DIRECTORIES;
    String s = "s" + slot;
    String rel = RELATIVE[op.q() % RELATIVE.length];
    String follow = nofollow(x / 64);
    return switch (x / DIRECTORIES % 12) {
      case 0 -> s + ".list";
      case 1 ->
          "h" + x / 128 % CHANNELS + " := " + s + ".newByteChannel " + rel + " " + openOptions(y);
      case 2 -> "s" + (1 - slot) + " := " + s + ".newDirectoryStream " + rel + follow;
      case 3 -> s + ".deleteFile " + rel;
      case 4 -> s + ".deleteDirectory " + rel;
      case 5 ->
          s
              + ".move "
              + rel
              + " to (s"
              + (1 - slot)
              + " or else "
              + s
              + ") "
              + RELATIVE[y % RELATIVE.length];
      case 6 -> s + ".basic view of " + rel + follow + ".readAttributes";
      case 7 -> s + ".posix view of " + rel + follow + ".readAttributes";
      case 8 ->
          s
              + ".posix view of "
              + rel
              + follow
              + ".setPermissions "
              + PosixFilePermissions.toString(permissions(y));
      case 9 -> s + ".posix view (itself).readAttributes";
      case 10 -> s + ".basic view of " + rel + follow + ".setTimes mtime=" + time(time(y));
      default -> s + ".close";
    };
  }
}
