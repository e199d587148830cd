package dev.jkernfs.nio;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.DosFileAttributeView;
import java.nio.file.attribute.DosFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The {@code user} and {@code dos} views against the JDK's own provider on tmpfs ({@code /dev/shm},
 * which keeps {@code user.} extended attributes in the order jkernfs lists them): each scenario's
 * outcome (its value, or the class and reason of its exception) and the state it leaves (every
 * file's extended attributes) must be the same on both. Copies and moves to another device go to
 * the temporary directory on the host and to a second jkernfs filesystem. Skipped where {@code
 * /dev/shm} keeps no extended attributes.
 */
class ExtendedAttributesDifferentialTest {
  private static final Map<String, HostTwin.Scenario> SCENARIOS = new LinkedHashMap<>();

  static {
    SCENARIOS.put(
        "write, read, size, list, delete",
        (dir, other) -> {
          UserDefinedFileAttributeView view = user(file(dir));
          int written = view.write("colour", utf8("blue"));
          ByteBuffer into = ByteBuffer.allocate(10);
          int read = view.read("colour", into);
          String listed = view.list().toString();
          int size = view.size("colour");
          view.delete("colour");
          return written + " " + read + " " + into + " " + size + listed + view.list();
        });
    SCENARIOS.put(
        "listing order",
        (dir, other) -> {
          UserDefinedFileAttributeView view = user(file(dir));
          for (String name : List.of("m", "b", "z", "a", "y", "c", "B", "aa", "DOSATTRIB")) {
            view.write(name, utf8(name));
          }
          return view.list();
        });
    SCENARIOS.put(
        "setAttribute with bytes and a buffer, getAttribute",
        (dir, other) -> {
          Path f = file(dir);
          Files.setAttribute(f, "user:a", new byte[] {1, 2});
          ByteBuffer buffer = ByteBuffer.wrap(new byte[] {9, 3, 4}).position(1);
          Files.setAttribute(f, "user:b", buffer);
          return Arrays.toString((byte[]) Files.getAttribute(f, "user:a"))
              + Arrays.toString((byte[]) Files.getAttribute(f, "user:b"))
              + buffer;
        });
    SCENARIOS.put(
        "setAttribute with a string",
        (dir, other) -> {
          Files.setAttribute(file(dir), "user:a", "text");
          return null;
        });
    SCENARIOS.put(
        "readAttributes of every name, of some, with a trailing comma",
        (dir, other) -> {
          Path f = file(dir);
          Files.setAttribute(f, "user:a", utf8("1"));
          Files.setAttribute(f, "user:b", utf8("22"));
          return render(Files.readAttributes(f, "user:*"))
              + render(Files.readAttributes(f, "user:b,a"))
              + render(Files.readAttributes(f, "user:a,"));
        });
    SCENARIOS.put(
        "readAttributes of no name", (dir, other) -> Files.readAttributes(file(dir), "user:"));
    SCENARIOS.put(
        "readAttributes of a missing name",
        (dir, other) -> Files.readAttributes(file(dir), "user:missing"));
    SCENARIOS.put("read a missing name", (dir, other) -> user(file(dir)).read("m", buffer(8)));
    SCENARIOS.put("size of a missing name", (dir, other) -> user(file(dir)).size("m"));
    SCENARIOS.put("delete a missing name", (dir, other) -> delete(user(file(dir)), "m"));
    SCENARIOS.put(
        "read into a buffer too small",
        (dir, other) -> {
          UserDefinedFileAttributeView view = user(file(dir));
          view.write("a", utf8("abc"));
          return view.read("a", buffer(2));
        });
    SCENARIOS.put(
        "read an empty value into an empty buffer, and a value into one",
        (dir, other) -> {
          UserDefinedFileAttributeView view = user(file(dir));
          view.write("empty", utf8(""));
          return view.read("empty", buffer(0)) + " " + view.size("empty");
        });
    SCENARIOS.put(
        "read into a read-only buffer",
        (dir, other) -> user(file(dir)).read("a", buffer(4).asReadOnlyBuffer()));
    SCENARIOS.put(
        "write from a read-only buffer",
        (dir, other) -> {
          ByteBuffer src = utf8("value").asReadOnlyBuffer();
          UserDefinedFileAttributeView view = user(file(dir));
          return view.write("a", src) + " " + src + " " + view.size("a");
        });
    SCENARIOS.put(
        "write into a direct buffer and back",
        (dir, other) -> {
          ByteBuffer src = ByteBuffer.allocateDirect(3).put(utf8("xyz")).flip();
          UserDefinedFileAttributeView view = user(file(dir));
          view.write("a", src);
          ByteBuffer dst = ByteBuffer.allocateDirect(5);
          return view.read("a", dst) + " " + dst + " " + src;
        });
    SCENARIOS.put(
        "longest name, and one byte longer",
        (dir, other) -> {
          UserDefinedFileAttributeView view = user(file(dir));
          view.write("n".repeat(250), utf8("ok"));
          return view.write("n".repeat(251), utf8("no"));
        });
    SCENARIOS.put(
        "a name too long on a missing file",
        (dir, other) -> user(dir.resolve("missing")).write("n".repeat(251), utf8("no")));
    SCENARIOS.put("an empty name", (dir, other) -> user(file(dir)).write("", utf8("x")));
    SCENARIOS.put(
        "a name with a NUL",
        (dir, other) -> {
          UserDefinedFileAttributeView view = user(file(dir));
          view.write("a\0b", utf8("x"));
          return view.list() + " " + view.size("a\0c");
        });
    SCENARIOS.put(
        "largest value, and one byte larger",
        (dir, other) -> {
          UserDefinedFileAttributeView view = user(file(dir));
          view.write("big", ByteBuffer.allocate(65536));
          return view.size("big") + " " + view.write("bigger", ByteBuffer.allocate(65537));
        });
    SCENARIOS.put(
        "a list longer than the JDK's buffer",
        (dir, other) -> {
          UserDefinedFileAttributeView view = user(file(dir));
          for (int i = 0; i < 140; i++) {
            view.write(i + "-" + "n".repeat(240), utf8(""));
          }
          return view.list().size();
        });
    SCENARIOS.put(
        "a directory's attributes",
        (dir, other) -> {
          Path d = Files.createDirectory(dir.resolve("d"));
          user(d).write("a", utf8("dir"));
          return user(d).list();
        });
    SCENARIOS.put(
        "through a symlink, followed",
        (dir, other) -> {
          file(dir);
          Path link = Files.createSymbolicLink(dir.resolve("l"), dir.getFileSystem().getPath("f"));
          user(link).write("a", utf8("via link"));
          return user(link).list();
        });
    SCENARIOS.put(
        "a symlink itself: list",
        (dir, other) -> user(link(dir), LinkOption.NOFOLLOW_LINKS).list());
    SCENARIOS.put(
        "a symlink itself: write",
        (dir, other) -> user(link(dir), LinkOption.NOFOLLOW_LINKS).write("a", utf8("x")));
    SCENARIOS.put(
        "a symlink itself: readAttributes",
        (dir, other) -> Files.readAttributes(link(dir), "user:*", LinkOption.NOFOLLOW_LINKS));
    SCENARIOS.put(
        "a dangling symlink, followed",
        (dir, other) ->
            user(Files.createSymbolicLink(dir.resolve("l"), dir.getFileSystem().getPath("gone")))
                .list());
    SCENARIOS.put("a missing file", (dir, other) -> user(dir.resolve("missing")).list());
    SCENARIOS.put(
        "under a regular file", (dir, other) -> user(file(dir).resolve("x")).write("a", utf8("x")));
    SCENARIOS.put(
        "a missing file's attribute by name",
        (dir, other) -> Files.getAttribute(dir.resolve("missing"), "user:a"));
    SCENARIOS.put(
        "copy keeps attributes only with COPY_ATTRIBUTES",
        (dir, other) -> {
          Path f = file(dir);
          user(f).write("a", utf8("1"));
          Files.copy(f, dir.resolve("plain"));
          Files.copy(f, dir.resolve("with"), StandardCopyOption.COPY_ATTRIBUTES);
          Path d = Files.createDirectory(dir.resolve("d"));
          user(d).write("b", utf8("2"));
          Files.copy(d, dir.resolve("d2"), StandardCopyOption.COPY_ATTRIBUTES);
          return null;
        });
    SCENARIOS.put(
        "copy and move to another device keep attributes",
        (dir, other) -> {
          Path f = file(dir);
          user(f).write("a", utf8("1"));
          Files.copy(f, other.resolve("copied"), StandardCopyOption.COPY_ATTRIBUTES);
          Path d = Files.createDirectory(dir.resolve("d"));
          user(d).write("b", utf8("2"));
          Files.move(d, other.resolve("moved"));
          Files.move(f, dir.resolve("renamed"));
          return user(other.resolve("copied")).list().toString()
              + user(other.resolve("moved")).list()
              + user(dir.resolve("renamed")).list();
        });
    SCENARIOS.put(
        "dos flags of a new file",
        (dir, other) -> dosFlags(Files.readAttributes(file(dir), DosFileAttributes.class)));
    SCENARIOS.put(
        "dos flags set one by one, as the user view sees them",
        (dir, other) -> {
          Path f = file(dir);
          DosFileAttributeView dos = Files.getFileAttributeView(f, DosFileAttributeView.class);
          List<String> seen = new ArrayList<>();
          dos.setHidden(false); // no change: nothing written
          seen.add(user(f).list().toString());
          dos.setHidden(true);
          seen.add(value(f, "DOSATTRIB"));
          dos.setReadOnly(true);
          dos.setSystem(true);
          dos.setArchive(true);
          seen.add(value(f, "DOSATTRIB"));
          dos.setSystem(false);
          seen.add(value(f, "DOSATTRIB") + dosFlags(dos.readAttributes()));
          seen.add(
              Files.isWritable(f)
                  + " "
                  + PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
          return seen;
        });
    SCENARIOS.put(
        "dos attributes by name",
        (dir, other) -> {
          Path f = file(dir);
          Files.setAttribute(f, "dos:hidden", true);
          Files.setAttribute(f, "dos:archive", true);
          Map<String, Object> all = Files.readAttributes(f, "dos:*");
          return new TreeSet<>(all.keySet())
              + " "
              + all.get("hidden")
              + all.get("archive")
              + all.get("readonly")
              + all.get("system")
              + all.get("size")
              + " "
              + render(Files.readAttributes(f, "dos:hidden,system,isDirectory"));
        });
    SCENARIOS.put(
        "dos attribute of another type",
        (dir, other) -> {
          Files.setAttribute(file(dir), "dos:hidden", "yes");
          return null;
        });
    SCENARIOS.put(
        "dos attribute unknown, to set",
        (dir, other) -> {
          Files.setAttribute(file(dir), "dos:bogus", true);
          return null;
        });
    SCENARIOS.put(
        "dos attribute unknown, to read",
        (dir, other) -> Files.readAttributes(file(dir), "dos:hidden,bogus"));
    SCENARIOS.put(
        "dos times through the dos view",
        (dir, other) -> {
          Path f = file(dir);
          Files.setAttribute(
              f, "dos:lastModifiedTime", java.nio.file.attribute.FileTime.fromMillis(5_000));
          return Files.getLastModifiedTime(f);
        });
    dosValue("dos flags of a value without its NUL", "0x21");
    dosValue("dos flags of a value with its NUL", "0x22\0");
    dosValue("dos flags of junk", "junk");
    dosValue("dos flags of 0x alone", "0x");
    dosValue("dos flags of an empty value", "");
    dosValue("dos flags of a negative value", "0x-1");
    dosValue("dos flags of a value longer than the JDK reads", "0x" + "0".repeat(22) + "1");
    dosValue("dos flags of the longest value the JDK reads", "0x" + "0".repeat(21) + "4");
    SCENARIOS.put(
        "dos flags of a symlink itself",
        (dir, other) ->
            Files.readAttributes(link(dir), DosFileAttributes.class, LinkOption.NOFOLLOW_LINKS));
    SCENARIOS.put(
        "dos flags of a missing file",
        (dir, other) -> Files.readAttributes(dir.resolve("missing"), "dos:hidden"));
    SCENARIOS.put(
        "dos flag set on a directory",
        (dir, other) -> {
          Path d = Files.createDirectory(dir.resolve("d"));
          Files.getFileAttributeView(d, DosFileAttributeView.class).setReadOnly(true);
          return Files.readAttributes(d, DosFileAttributes.class).isReadOnly();
        });
    SCENARIOS.put(
        "views the filesystem and its store offer",
        (dir, other) -> {
          var store = Files.getFileStore(file(dir));
          return new TreeSet<>(dir.getFileSystem().supportedFileAttributeViews())
              + " "
              + store.supportsFileAttributeView("user")
              + store.supportsFileAttributeView("dos")
              + store.supportsFileAttributeView(UserDefinedFileAttributeView.class)
              + store.supportsFileAttributeView(DosFileAttributeView.class);
        });
    SCENARIOS.put(
        "a secure directory stream offers neither view",
        (dir, other) -> {
          file(dir);
          try (var stream = Files.newDirectoryStream(dir)) {
            var secure = (java.nio.file.SecureDirectoryStream<Path>) stream;
            Path f = dir.getFileSystem().getPath("f");
            return secure.getFileAttributeView(f, UserDefinedFileAttributeView.class)
                + " "
                + secure.getFileAttributeView(f, DosFileAttributeView.class);
          }
        });
    SCENARIOS.put(
        "other views' names with a trailing comma",
        (dir, other) ->
            new TreeSet<>(Files.readAttributes(file(dir), "posix:size,owner,").keySet())
                + " "
                + Files.readAttributes(file(dir), "size,").keySet());
    SCENARIOS.put(
        "other views' names with an empty one",
        (dir, other) -> Files.readAttributes(file(dir), "unix:size,,mode"));
    SCENARIOS.put(
        "other views' unknown names on a missing file",
        (dir, other) -> Files.readAttributes(dir.resolve("missing"), "posix:size,bogus"));
    SCENARIOS.put("an unknown view", (dir, other) -> Files.readAttributes(file(dir), "nope:*"));
  }

  private static void dosValue(String name, String value) {
    SCENARIOS.put(
        name,
        (dir, other) -> {
          Path f = file(dir);
          user(f).write("DOSATTRIB", ByteBuffer.wrap(value.getBytes(StandardCharsets.UTF_8)));
          return dosFlags(Files.readAttributes(f, DosFileAttributes.class));
        });
  }

  private HostTwin twin;

  @BeforeEach
  void setUp() throws IOException {
    Path shm = Path.of("/dev/shm");
    Assumptions.assumeTrue(Files.isDirectory(shm) && Files.isWritable(shm), "no /dev/shm");
    Path realHere = Files.createTempDirectory(shm, "jkernfs-xattr");
    Path realThere = Files.createTempDirectory("jkernfs-xattr");
    twin = new HostTwin(realHere, realThere); // removes them again, whatever follows
    Assumptions.assumeTrue(
        keepsUserAttributes(realHere) && keepsUserAttributes(realThere),
        "/dev/shm or the temporary directory keeps no user extended attributes");
  }

  private static boolean keepsUserAttributes(Path dir) {
    Path probe = dir.resolve("probe");
    try {
      Files.createFile(probe);
      user(probe).write("probe", utf8("1"));
      return true;
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    } finally {
      try {
        Files.deleteIfExists(probe);
      } catch (IOException e) {
        // the directory goes in tearDown
      }
    }
  }

  @AfterEach
  void tearDown() throws IOException {
    if (twin != null) {
      twin.close();
    }
  }

  @TestFactory
  Stream<DynamicTest> everyScenarioMatchesTheJdkOnTmpfs() {
    return SCENARIOS.entrySet().stream()
        .map(
            entry ->
                DynamicTest.dynamicTest(
                    entry.getKey(),
                    () ->
                        twin.assertSameOutcome(
                            entry.getKey(),
                            entry.getValue(),
                            ExtendedAttributesDifferentialTest::state)));
  }

  // ---- helpers of the scenarios ----

  private static Path file(Path dir) throws IOException {
    return Files.writeString(dir.resolve("f"), "content");
  }

  private static Path link(Path dir) throws IOException {
    file(dir);
    return Files.createSymbolicLink(dir.resolve("l"), dir.getFileSystem().getPath("f"));
  }

  private static UserDefinedFileAttributeView user(Path path, LinkOption... options) {
    return Files.getFileAttributeView(path, UserDefinedFileAttributeView.class, options);
  }

  private static Object delete(UserDefinedFileAttributeView view, String name) throws IOException {
    view.delete(name);
    return null;
  }

  private static ByteBuffer utf8(String text) {
    return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
  }

  private static ByteBuffer buffer(int size) {
    return ByteBuffer.allocate(size);
  }

  private static String value(Path path, String name) throws IOException {
    ByteBuffer value = ByteBuffer.allocate(user(path).size(name));
    user(path).read(name, value);
    return Arrays.toString(value.array());
  }

  private static String dosFlags(DosFileAttributes attributes) {
    return "readonly="
        + attributes.isReadOnly()
        + " hidden="
        + attributes.isHidden()
        + " system="
        + attributes.isSystem()
        + " archive="
        + attributes.isArchive()
        + " size="
        + attributes.size();
  }

  /** A map of attributes by name, byte arrays shown by content. */
  private static String render(Map<String, Object> attributes) {
    Map<String, String> shown = new TreeMap<>();
    attributes.forEach(
        (name, value) ->
            shown.put(
                name,
                value instanceof byte[] bytes ? Arrays.toString(bytes) : String.valueOf(value)));
    return shown.toString();
  }

  /** Each file under {@code dir} with its extended attributes and their values, in name order. */
  private static String state(Path dir) {
    StringBuilder state = new StringBuilder();
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted().toList()) {
        state.append(dir.relativize(path)).append('{');
        if (!Files.isSymbolicLink(path)) {
          for (String name : new TreeSet<>(user(path).list())) {
            state.append(name).append('=').append(value(path, name)).append(' ');
          }
        }
        state.append("} ");
      }
    } catch (IOException e) {
      state.append("unreadable: ").append(e);
    }
    return state.toString().trim();
  }
}
