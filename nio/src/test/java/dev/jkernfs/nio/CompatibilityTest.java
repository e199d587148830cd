package dev.jkernfs.nio;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystem;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The same scenarios against a temporary directory of the JDK's own filesystem and against jkernfs:
 * each scenario's outcome (its value, or the class and reason of the exception it threw) must be
 * the same on both. Deliberate differences are listed in {@link #KNOWN_DIFFERENCES}.
 */
class CompatibilityTest {
  /**
   * Scenarios whose outcomes differ on purpose, with the reason. Empty: none is needed yet. (The
   * scenarios run as root on jkernfs; the JDK side runs as whoever runs the tests, so no scenario
   * here depends on permissions.)
   */
  private static final Map<String, String> KNOWN_DIFFERENCES = Map.of();

  private FileSystem kernfs;
  private Path realRoot;

  @BeforeEach
  void setUp() throws IOException {
    kernfs = Jkernfs.newFileSystem(Map.of());
    realRoot = Files.createTempDirectory("jkernfs-compat");
  }

  @AfterEach
  void tearDown() throws IOException {
    kernfs.close();
    try (Stream<Path> paths = Files.walk(realRoot)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }

  @FunctionalInterface
  interface Scenario {
    Object run(Path root) throws Exception;
  }

  private static final Map<String, Scenario> SCENARIOS = new TreeMap<>();

  static {
    SCENARIOS.put(
        "write then read",
        root -> {
          Path f = root.resolve("f");
          Files.writeString(f, "hello");
          return Files.readString(f) + " " + Files.size(f);
        });
    SCENARIOS.put(
        "create existing file",
        root -> {
          Files.createFile(root.resolve("f"));
          return Files.createFile(root.resolve("f"));
        });
    SCENARIOS.put("create in missing directory", root -> Files.createFile(root.resolve("no/f")));
    SCENARIOS.put(
        "a group as owner",
        root ->
            Files.setOwner(
                Files.createFile(root.resolve("f")),
                root.getFileSystem()
                    .getUserPrincipalLookupService()
                    .lookupPrincipalByGroupName("root")));
    SCENARIOS.put(
        "a group as owner by name",
        root ->
            Files.setAttribute(
                Files.createFile(root.resolve("f")),
                "posix:owner",
                root.getFileSystem()
                    .getUserPrincipalLookupService()
                    .lookupPrincipalByGroupName("root")));
    SCENARIOS.put(
        "create under a file",
        root -> {
          Files.createFile(root.resolve("f"));
          return Files.createFile(root.resolve("f/g"));
        });
    SCENARIOS.put(
        "hard link to a directory",
        root -> {
          Files.createDirectory(root.resolve("d"));
          return Files.createLink(root.resolve("l"), root.resolve("d"));
        });
    SCENARIOS.put(
        "hard link over an existing name, to a directory",
        root -> {
          Files.createDirectory(root.resolve("d"));
          Files.createFile(root.resolve("l"));
          return Files.createLink(root.resolve("l"), root.resolve("d"));
        });
    SCENARIOS.put(
        "hard link over an existing name, to a missing file",
        root -> {
          Files.createFile(root.resolve("l"));
          return Files.createLink(root.resolve("l"), root.resolve("missing"));
        });
    // A path whose prefix is a regular file: the JDK's answers differ between JDK 17 and 25.
    underAFile("readAttributes", p -> Files.readAttributes(p, BasicFileAttributes.class));
    underAFile(
        "readAttributes without following links",
        p -> Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS));
    underAFile("posix attributes", p -> Files.readAttributes(p, PosixFileAttributes.class));
    underAFile("unix:mode", p -> Files.getAttribute(p, "unix:mode"));
    underAFile("exists", p -> Files.exists(p) + " " + Files.notExists(p));
    underAFile("isDirectory", p -> Files.isDirectory(p) + " " + Files.isRegularFile(p));
    underAFile("size", Files::size);
    underAFile("checkAccess", p -> Files.isReadable(p) + " " + Files.isWritable(p));
    underAFile(
        "provider checkAccess",
        p -> {
          p.getFileSystem().provider().checkAccess(p);
          return null;
        });
    underAFile(
        "delete",
        p -> {
          Files.delete(p);
          return null;
        });
    underAFile("deleteIfExists", Files::deleteIfExists);
    underAFile("move from", p -> Files.move(p, p.getParent().resolveSibling("y")));
    underAFile("move to", p -> Files.move(p.getParent().resolveSibling("g"), p));
    underAFile(
        "move to, replacing",
        p -> Files.move(p.getParent().resolveSibling("g"), p, StandardCopyOption.REPLACE_EXISTING));
    underAFile(
        "atomic move to",
        p -> Files.move(p.getParent().resolveSibling("g"), p, StandardCopyOption.ATOMIC_MOVE));
    underAFile("copy from", p -> Files.copy(p, p.getParent().resolveSibling("y")));
    underAFile("copy to", p -> Files.copy(p.getParent().resolveSibling("g"), p));
    underAFile(
        "copy to, replacing",
        p -> Files.copy(p.getParent().resolveSibling("g"), p, StandardCopyOption.REPLACE_EXISTING));
    underAFile("createFile", Files::createFile);
    underAFile("createDirectory", Files::createDirectory);
    underAFile("createDirectories", Files::createDirectories);
    underAFile(
        "createSymbolicLink", p -> Files.createSymbolicLink(p, p.getParent().resolveSibling("g")));
    underAFile("createLink at", p -> Files.createLink(p, p.getParent().resolveSibling("g")));
    underAFile("createLink to", p -> Files.createLink(p.getParent().resolveSibling("y"), p));
    underAFile("readAllBytes", Files::readAllBytes);
    underAFile("write", p -> Files.write(p, new byte[1]));
    underAFile("newDirectoryStream", Files::newDirectoryStream);
    underAFile("readSymbolicLink", Files::readSymbolicLink);
    underAFile("toRealPath", Path::toRealPath);
    underAFile("setLastModifiedTime", p -> Files.setLastModifiedTime(p, FileTime.fromMillis(0)));
    underAFile(
        "setPosixFilePermissions",
        p -> Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------")));
    underAFile("isSameFile", p -> Files.isSameFile(p, p.getParent().resolveSibling("g")));
    underAFile("getOwner", Files::getOwner);
    SCENARIOS.put(
        "secure stream: a child stream names its entries under the parent's directory",
        root -> {
          Files.createDirectories(root.resolve("d/c"));
          Files.createFile(root.resolve("d/c/e"));
          try (SecureDirectoryStream<Path> parent =
                  (SecureDirectoryStream<Path>) Files.newDirectoryStream(root.resolve("d"));
              SecureDirectoryStream<Path> child =
                  parent.newDirectoryStream(root.getFileSystem().getPath("c"))) {
            List<String> entries = new ArrayList<>();
            for (Path entry : child) {
              entries.add(root.relativize(entry) + " " + Files.exists(entry));
            }
            return entries;
          }
        });
    SCENARIOS.put(
        "secure stream: a closed stream's attribute view refuses even an empty change",
        root -> {
          Files.createDirectory(root.resolve("d"));
          SecureDirectoryStream<Path> stream =
              (SecureDirectoryStream<Path>) Files.newDirectoryStream(root.resolve("d"));
          BasicFileAttributeView view = stream.getFileAttributeView(BasicFileAttributeView.class);
          stream.close();
          view.setTimes(null, null, null);
          return null;
        });
    SCENARIOS.put(
        "secure stream: creating in its directory after the directory was removed",
        root -> {
          Files.createDirectory(root.resolve("d"));
          try (SecureDirectoryStream<Path> stream =
              (SecureDirectoryStream<Path>) Files.newDirectoryStream(root.resolve("d"))) {
            Files.delete(root.resolve("d"));
            return stream.newByteChannel(
                root.getFileSystem().getPath("a"),
                Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE));
          }
        });
    SCENARIOS.put("read missing", root -> Files.readAllBytes(root.resolve("missing")));
    SCENARIOS.put(
        "read directory",
        root -> {
          Files.createDirectory(root.resolve("d"));
          return Files.readAllBytes(root.resolve("d"));
        });
    SCENARIOS.put(
        "newByteChannel on directory",
        root -> {
          Files.createDirectory(root.resolve("d"));
          try (SeekableByteChannel channel = Files.newByteChannel(root.resolve("d"))) {
            return channel.read(ByteBuffer.allocate(1));
          }
        });
    SCENARIOS.put(
        "write to directory",
        root -> {
          Files.createDirectory(root.resolve("d"));
          return Files.write(root.resolve("d"), new byte[1]);
        });
    SCENARIOS.put(
        "delete non-empty directory",
        root -> {
          Files.createDirectories(root.resolve("d/e"));
          Files.delete(root.resolve("d"));
          return null;
        });
    SCENARIOS.put(
        "delete missing",
        root -> {
          Files.delete(root.resolve("missing"));
          return null;
        });
    SCENARIOS.put(
        "deleteIfExists",
        root -> {
          Files.createFile(root.resolve("f"));
          return Files.deleteIfExists(root.resolve("f"))
              + " "
              + Files.deleteIfExists(root.resolve("f"));
        });
    SCENARIOS.put(
        "createDirectories over file",
        root -> {
          Files.createFile(root.resolve("f"));
          return Files.createDirectories(root.resolve("f/g"));
        });
    SCENARIOS.put(
        "createDirectories existing",
        root -> {
          Files.createDirectories(root.resolve("a/b"));
          return root.relativize(Files.createDirectories(root.resolve("a/b")));
        });
    SCENARIOS.put(
        "createDirectory existing",
        root -> {
          Files.createDirectory(root.resolve("d"));
          return Files.createDirectory(root.resolve("d"));
        });
    SCENARIOS.put(
        "list directory sorted",
        root -> {
          for (String name : List.of("c", "a", "b")) {
            Files.createFile(root.resolve(name));
          }
          try (Stream<Path> list = Files.list(root)) {
            return list.map(p -> p.getFileName().toString()).sorted().toList();
          }
        });
    SCENARIOS.put(
        "list a file",
        root -> {
          Files.createFile(root.resolve("f"));
          try (DirectoryStream<Path> stream = Files.newDirectoryStream(root.resolve("f"))) {
            return stream.iterator().hasNext();
          }
        });
    SCENARIOS.put(
        "glob directory stream",
        root -> {
          for (String name : List.of("a.txt", "b.java", "c.txt")) {
            Files.createFile(root.resolve(name));
          }
          List<String> names = new ArrayList<>();
          try (DirectoryStream<Path> stream = Files.newDirectoryStream(root, "*.txt")) {
            stream.forEach(p -> names.add(p.getFileName().toString()));
          }
          names.sort(null);
          return names;
        });
    SCENARIOS.put(
        "symlink and readlink",
        root -> {
          Files.writeString(root.resolve("target"), "via link");
          Files.createSymbolicLink(root.resolve("link"), root.getFileSystem().getPath("target"));
          return Files.readString(root.resolve("link"))
              + " "
              + Files.readSymbolicLink(root.resolve("link"))
              + " "
              + Files.isSymbolicLink(root.resolve("link"))
              + " "
              + Files.isRegularFile(root.resolve("link"))
              + " "
              + Files.isRegularFile(root.resolve("link"), LinkOption.NOFOLLOW_LINKS);
        });
    SCENARIOS.put(
        "readlink of a file",
        root -> {
          Files.createFile(root.resolve("f"));
          return Files.readSymbolicLink(root.resolve("f"));
        });
    SCENARIOS.put(
        "dangling symlink",
        root -> {
          Files.createSymbolicLink(root.resolve("link"), root.resolve("missing"));
          return Files.exists(root.resolve("link"))
              + " "
              + Files.exists(root.resolve("link"), LinkOption.NOFOLLOW_LINKS)
              + " "
              + Files.notExists(root.resolve("link"));
        });
    SCENARIOS.put(
        "symlink loop",
        root -> {
          Files.createSymbolicLink(root.resolve("a"), root.resolve("b"));
          Files.createSymbolicLink(root.resolve("b"), root.resolve("a"));
          return Files.readString(root.resolve("a"));
        });
    SCENARIOS.put(
        "hard link",
        root -> {
          Files.writeString(root.resolve("a"), "x");
          Files.createLink(root.resolve("b"), root.resolve("a"));
          return Files.getAttribute(root.resolve("b"), "unix:nlink")
              + " "
              + Files.isSameFile(root.resolve("a"), root.resolve("b"))
              + " "
              + Files.readAttributes(root.resolve("a"), BasicFileAttributes.class)
                  .fileKey()
                  .equals(
                      Files.readAttributes(root.resolve("b"), BasicFileAttributes.class).fileKey());
        });
    SCENARIOS.put(
        "hard link to directory",
        root -> {
          Files.createDirectory(root.resolve("d"));
          return Files.createLink(root.resolve("e"), root.resolve("d"));
        });
    SCENARIOS.put(
        "move file over file",
        root -> {
          Files.writeString(root.resolve("a"), "a");
          Files.writeString(root.resolve("b"), "b");
          return Files.move(root.resolve("a"), root.resolve("b"));
        });
    SCENARIOS.put(
        "move file over file replacing",
        root -> {
          Files.writeString(root.resolve("a"), "a");
          Files.writeString(root.resolve("b"), "b");
          Files.move(root.resolve("a"), root.resolve("b"), StandardCopyOption.REPLACE_EXISTING);
          return Files.readString(root.resolve("b")) + Files.exists(root.resolve("a"));
        });
    SCENARIOS.put(
        "move directory over non-empty directory",
        root -> {
          Files.createDirectories(root.resolve("a"));
          Files.createDirectories(root.resolve("b/c"));
          return Files.move(
              root.resolve("a"), root.resolve("b"), StandardCopyOption.REPLACE_EXISTING);
        });
    SCENARIOS.put(
        "move directory into itself",
        root -> {
          Files.createDirectories(root.resolve("a"));
          return Files.move(root.resolve("a"), root.resolve("a/b"));
        });
    SCENARIOS.put(
        "atomic move",
        root -> {
          Files.writeString(root.resolve("a"), "a");
          Files.move(root.resolve("a"), root.resolve("b"), StandardCopyOption.ATOMIC_MOVE);
          return Files.readString(root.resolve("b"));
        });
    SCENARIOS.put(
        "move file over directory replacing",
        root -> {
          Files.writeString(root.resolve("a"), "a");
          Files.createDirectory(root.resolve("d"));
          Files.move(root.resolve("a"), root.resolve("d"), StandardCopyOption.REPLACE_EXISTING);
          return Files.isRegularFile(root.resolve("d"));
        });
    SCENARIOS.put(
        "copy file with attributes",
        root -> {
          Files.writeString(root.resolve("a"), "content");
          Files.setPosixFilePermissions(
              root.resolve("a"), PosixFilePermissions.fromString("rw-r-----"));
          Files.copy(root.resolve("a"), root.resolve("b"), StandardCopyOption.COPY_ATTRIBUTES);
          return Files.readString(root.resolve("b"))
              + " "
              + PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve("b")))
              + " "
              // In milliseconds: the JDK copies times at microsecond precision.
              + (Files.getLastModifiedTime(root.resolve("a")).toMillis()
                  == Files.getLastModifiedTime(root.resolve("b")).toMillis());
        });
    SCENARIOS.put(
        "copy onto existing",
        root -> {
          Files.writeString(root.resolve("a"), "a");
          Files.writeString(root.resolve("b"), "b");
          return Files.copy(root.resolve("a"), root.resolve("b"));
        });
    SCENARIOS.put(
        "copy directory",
        root -> {
          Files.createDirectories(root.resolve("d/e"));
          Files.copy(root.resolve("d"), root.resolve("c"));
          try (Stream<Path> list = Files.list(root.resolve("c"))) {
            return Files.isDirectory(root.resolve("c")) + " " + list.count();
          }
        });
    SCENARIOS.put(
        "truncate and append",
        root -> {
          Path f = root.resolve("f");
          Files.writeString(f, "0123456789");
          try (FileChannel channel = FileChannel.open(f, StandardOpenOption.WRITE)) {
            channel.truncate(4);
            channel.truncate(100);
            channel.position(2);
            channel.write(ByteBuffer.wrap("x".getBytes(StandardCharsets.UTF_8)));
          }
          Files.writeString(f, "!", StandardOpenOption.APPEND);
          return Files.readString(f);
        });
    SCENARIOS.put(
        "read and append together",
        root -> {
          Path f = root.resolve("f");
          Files.createFile(f);
          return FileChannel.open(f, StandardOpenOption.READ, StandardOpenOption.APPEND);
        });
    SCENARIOS.put(
        "sparse write",
        root -> {
          Path f = root.resolve("f");
          try (FileChannel channel =
              FileChannel.open(f, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(new byte[] {7}), 10_000);
            return channel.size() + " " + Files.readAllBytes(f)[5000];
          }
        });
    SCENARIOS.put(
        "CREATE_NEW on existing",
        root -> {
          Files.createFile(root.resolve("f"));
          return Files.newByteChannel(
              root.resolve("f"), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        });
    SCENARIOS.put(
        "NOFOLLOW_LINKS open of symlink",
        root -> {
          Files.createFile(root.resolve("f"));
          Files.createSymbolicLink(root.resolve("l"), root.resolve("f"));
          return Files.newByteChannel(root.resolve("l"), LinkOption.NOFOLLOW_LINKS);
        });
    SCENARIOS.put(
        "walkFileTree",
        root -> {
          Files.createDirectories(root.resolve("a/b"));
          Files.createFile(root.resolve("a/b/f"));
          Files.createFile(root.resolve("a/g"));
          List<String> seen = new ArrayList<>();
          Files.walkFileTree(
              root,
              new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                  seen.add(root.relativize(file).toString());
                  return FileVisitResult.CONTINUE;
                }
              });
          seen.sort(null);
          return seen;
        });
    SCENARIOS.put(
        "posix attributes",
        root -> {
          Path f =
              Files.createFile(
                  root.resolve("f"),
                  PosixFilePermissions.asFileAttribute(
                      PosixFilePermissions.fromString("rwxr-x---")));
          Map<String, Object> attrs =
              Files.readAttributes(f, "posix:permissions,size,isRegularFile");
          return new TreeMap<>(
              Map.of(
                  "permissions", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)),
                  "size", attrs.get("size"),
                  "regular", attrs.get("isRegularFile")));
        });
    SCENARIOS.put(
        "unknown attribute view",
        root -> {
          Files.createFile(root.resolve("f"));
          return Files.readAttributes(root.resolve("f"), "acl:acl");
        });
    SCENARIOS.put(
        "unknown attribute",
        root -> {
          Files.createFile(root.resolve("f"));
          return Files.readAttributes(root.resolve("f"), "posix:nosuch");
        });
    SCENARIOS.put(
        "unix mode",
        root -> {
          Path f = Files.createFile(root.resolve("f"));
          Files.setAttribute(f, "unix:mode", 0100640);
          return Integer.toOctalString((Integer) Files.getAttribute(f, "unix:mode"));
        });
    SCENARIOS.put(
        "lines",
        root -> {
          Files.writeString(root.resolve("f"), "a\nb\nc");
          try (Stream<String> lines = Files.lines(root.resolve("f"))) {
            return lines.toList();
          }
        });
    SCENARIOS.put(
        "path normalize relativize",
        root -> {
          Path a = root.resolve("x/./y/../z");
          return a.normalize().startsWith(root)
              + " "
              + root.relativize(a.normalize())
              + " "
              + root.resolve("p/q").relativize(root.resolve("r"));
        });
    SCENARIOS.put(
        "toRealPath through symlink",
        root -> {
          Files.createDirectories(root.resolve("real/dir"));
          Files.createSymbolicLink(root.resolve("link"), root.resolve("real"));
          Path real = root.resolve("link/dir/../dir").toRealPath();
          return root.toRealPath().relativize(real);
        });
    SCENARIOS.put("toRealPath of missing", root -> root.resolve("missing").toRealPath());
    SCENARIOS.put(
        "isHidden and size of empty",
        root -> {
          Path hidden = Files.createFile(root.resolve(".hidden"));
          return Files.isHidden(hidden) + " " + Files.size(hidden);
        });
    SCENARIOS.put(
        "input and output streams",
        root -> {
          Path f = root.resolve("f");
          try (var out = Files.newOutputStream(f)) {
            out.write(new byte[] {1, 2, 3});
          }
          try (var in = Files.newInputStream(f)) {
            return in.readAllBytes().length + " " + in.read();
          }
        });
    SCENARIOS.put(
        "newOutputStream truncates",
        root -> {
          Path f = root.resolve("f");
          Files.writeString(f, "long content");
          Files.writeString(f, "short");
          return Files.readString(f);
        });
  }

  /**
   * A scenario on {@code f/x}, where {@code f} and {@code g} are regular files: every walk through
   * {@code f} meets ENOTDIR.
   */
  private static void underAFile(String name, PathScenario scenario) {
    SCENARIOS.put(
        "under a file: " + name,
        root -> {
          Files.writeString(root.resolve("f"), "f");
          Files.writeString(root.resolve("g"), "g");
          return scenario.run(root.resolve("f/x"));
        });
  }

  @FunctionalInterface
  interface PathScenario {
    Object run(Path path) throws Exception;
  }

  @TestFactory
  Stream<DynamicTest> everyScenarioMatchesTheDefaultFilesystem() {
    return SCENARIOS.entrySet().stream()
        .map(
            entry ->
                DynamicTest.dynamicTest(
                    entry.getKey(),
                    () -> {
                      Path real = Files.createDirectory(realRoot.resolve(slug(entry.getKey())));
                      Path ours = Files.createDirectory(kernfs.getPath("/" + slug(entry.getKey())));
                      String expected = outcome(entry.getValue(), real);
                      String actual = outcome(entry.getValue(), ours);
                      if (KNOWN_DIFFERENCES.containsKey(entry.getKey())) {
                        return;
                      }
                      assertThat(actual.replace(ours.toString(), "ROOT"))
                          .as(entry.getKey())
                          .isEqualTo(expected.replace(real.toString(), "ROOT"));
                    }));
  }

  private static String slug(String name) {
    return name.replaceAll("[^a-zA-Z0-9]+", "-");
  }

  private static String outcome(Scenario scenario, Path root) {
    try {
      Object value = scenario.run(root);
      if (value instanceof AutoCloseable closeable) {
        closeable.close();
        return "opened " + closeable.getClass().getInterfaces().length;
      }
      return "value " + value;
    } catch (Exception e) {
      String reason =
          e instanceof java.nio.file.FileSystemException fse ? " reason=" + fse.getReason() : "";
      String message =
          e instanceof java.nio.file.FileSystemException fse
              ? " file=" + fse.getFile() + " other=" + fse.getOtherFile()
              : " message=" + e.getMessage();
      return e.getClass().getName() + reason + message;
    }
  }
}
