package dev.jkernfs.nio;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Copies, moves and links between two devices, run between two directories of the host on different
 * filesystems ({@code java.io.tmpdir} and {@code /dev/shm}) and between two jkernfs filesystems:
 * each scenario's outcome and the state it leaves are the same on both.
 */
class CrossFileSystemTest {
  private static final Map<String, HostTwin.Scenario> SCENARIOS = new LinkedHashMap<>();

  static {
    SCENARIOS.put("copy a file", (here, there) -> Files.copy(file(here), there.resolve("f")));
    SCENARIOS.put(
        "copy over an existing file",
        (here, there) -> Files.copy(file(here), Files.createFile(there.resolve("f"))));
    SCENARIOS.put(
        "copy over an existing file, replacing",
        (here, there) ->
            Files.copy(
                file(here),
                Files.createFile(there.resolve("f")),
                StandardCopyOption.REPLACE_EXISTING));
    SCENARIOS.put(
        "copy a directory with entries",
        (here, there) -> Files.copy(directoryWithEntry(here), there.resolve("d")));
    SCENARIOS.put(
        "copy with attributes",
        (here, there) ->
            Files.copy(file(here), there.resolve("f"), StandardCopyOption.COPY_ATTRIBUTES));
    SCENARIOS.put("move a file", (here, there) -> Files.move(file(here), there.resolve("f")));
    SCENARIOS.put(
        "move an empty directory",
        (here, there) -> Files.move(Files.createDirectory(here.resolve("d")), there.resolve("d")));
    SCENARIOS.put(
        "move a directory with entries",
        (here, there) -> Files.move(directoryWithEntry(here), there.resolve("d")));
    SCENARIOS.put(
        "move a symbolic link",
        (here, there) ->
            Files.move(
                Files.createSymbolicLink(here.resolve("l"), here.getFileSystem().getPath("f")),
                there.resolve("l")));
    SCENARIOS.put(
        "atomic move",
        (here, there) ->
            Files.move(file(here), there.resolve("f"), StandardCopyOption.ATOMIC_MOVE));
    SCENARIOS.put(
        "move over an existing file",
        (here, there) -> Files.move(file(here), Files.createFile(there.resolve("f"))));
    SCENARIOS.put(
        "move a missing file", (here, there) -> Files.move(here.resolve("m"), there.resolve("f")));
    SCENARIOS.put(
        "hard link to another device",
        (here, there) -> Files.createLink(there.resolve("l"), file(here)));
    SCENARIOS.put(
        "secure directory stream move to another device",
        (here, there) -> {
          file(here);
          try (DirectoryStream<Path> from = Files.newDirectoryStream(here);
              DirectoryStream<Path> to = Files.newDirectoryStream(there)) {
            if (!(from instanceof SecureDirectoryStream<Path> source)
                || !(to instanceof SecureDirectoryStream<Path> target)) {
              return "no secure directory streams";
            }
            source.move(
                here.getFileSystem().getPath("f"), target, there.getFileSystem().getPath("f"));
          }
          return null;
        });
  }

  private HostTwin twin;

  @BeforeEach
  void setUp() throws IOException {
    Path shm = Path.of("/dev/shm");
    Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
    Assumptions.assumeTrue(Files.isDirectory(shm) && Files.isWritable(shm), "no /dev/shm");
    Assumptions.assumeFalse(
        Files.getFileStore(shm).equals(Files.getFileStore(tmp)),
        "/dev/shm and the temporary directory are one filesystem");
    twin =
        new HostTwin(
            Files.createTempDirectory("jkernfs-cross"),
            Files.createTempDirectory(shm, "jkernfs-cross"));
  }

  @AfterEach
  void tearDown() throws IOException {
    if (twin != null) {
      twin.close();
    }
  }

  @TestFactory
  Stream<DynamicTest> everyScenarioMatchesTheHostAcrossDevices() {
    return SCENARIOS.entrySet().stream()
        .map(
            entry ->
                DynamicTest.dynamicTest(
                    entry.getKey(),
                    () ->
                        twin.assertSameOutcome(
                            entry.getKey(), entry.getValue(), CrossFileSystemTest::state)));
  }

  private static Path file(Path dir) throws IOException {
    Path file = Files.writeString(dir.resolve("f"), "content");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
    Files.getFileAttributeView(file, BasicFileAttributeView.class)
        .setTimes(FileTime.fromMillis(1_000_000_000L), FileTime.fromMillis(2_000_000_000L), null);
    return file;
  }

  private static Path directoryWithEntry(Path dir) throws IOException {
    Path directory = Files.createDirectory(dir.resolve("d"));
    Files.writeString(directory.resolve("e"), "entry");
    return directory;
  }

  /** Each entry under {@code dir}: its name, type, content, permissions and modification time. */
  private static String state(Path dir) {
    StringBuilder state = new StringBuilder();
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted().toList()) {
        if (path.equals(dir)) {
          continue;
        }
        state.append(dir.relativize(path)).append(':');
        if (Files.isSymbolicLink(path)) {
          state.append("link->").append(Files.readSymbolicLink(path));
        } else if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
          state.append("dir");
        } else {
          state
              .append(Files.readString(path))
              .append(' ')
              .append(PosixFilePermissions.toString(Files.getPosixFilePermissions(path)))
              .append(' ')
              .append(Files.getLastModifiedTime(path).toMillis() == 1_000_000_000L);
        }
        state.append(' ');
      }
    } catch (IOException e) {
      state.append("unreadable: ").append(e);
    }
    return state.toString().trim();
  }
}
