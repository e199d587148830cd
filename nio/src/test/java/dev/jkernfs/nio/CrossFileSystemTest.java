package dev.jkernfs.nio;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
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
  @FunctionalInterface
  interface Scenario {
    Object run(Path here, Path there) throws Exception;
  }

  private static final Map<String, Scenario> SCENARIOS = new LinkedHashMap<>();

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

  private Path realHere;
  private Path realThere;
  private FileSystem kernfsHere;
  private FileSystem kernfsThere;

  @BeforeEach
  void setUp() throws IOException {
    Path shm = Path.of("/dev/shm");
    Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
    Assumptions.assumeTrue(Files.isDirectory(shm) && Files.isWritable(shm), "no /dev/shm");
    Assumptions.assumeFalse(
        Files.getFileStore(shm).equals(Files.getFileStore(tmp)),
        "/dev/shm and the temporary directory are one filesystem");
    realHere = Files.createTempDirectory("jkernfs-cross");
    realThere = Files.createTempDirectory(shm, "jkernfs-cross");
    kernfsHere = Jkernfs.newFileSystem(Map.of());
    kernfsThere = Jkernfs.newFileSystem(Map.of());
  }

  @AfterEach
  void tearDown() throws IOException {
    for (Path dir : new Path[] {realHere, realThere}) {
      if (dir != null) {
        try (Stream<Path> paths = Files.walk(dir)) {
          for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
            Files.deleteIfExists(path);
          }
        }
      }
    }
    if (kernfsHere != null) {
      kernfsHere.close();
      kernfsThere.close();
    }
  }

  @TestFactory
  Stream<DynamicTest> everyScenarioMatchesTheHostAcrossDevices() {
    return SCENARIOS.entrySet().stream()
        .map(
            entry ->
                DynamicTest.dynamicTest(
                    entry.getKey(),
                    () -> {
                      String dir = entry.getKey().replaceAll("[^a-zA-Z0-9]+", "-");
                      Path realFrom = Files.createDirectory(realHere.resolve(dir));
                      Path realTo = Files.createDirectory(realThere.resolve(dir));
                      Path ourFrom = Files.createDirectory(kernfsHere.getPath("/" + dir));
                      Path ourTo = Files.createDirectories(kernfsThere.getPath("/there/" + dir));
                      String expected =
                          outcome(entry.getValue(), realFrom, realTo)
                              .replace(realTo.toString(), "THERE")
                              .replace(realFrom.toString(), "HERE");
                      String actual =
                          outcome(entry.getValue(), ourFrom, ourTo)
                              .replace(ourTo.toString(), "THERE")
                              .replace(ourFrom.toString(), "HERE");
                      assertThat(actual).as(entry.getKey()).isEqualTo(expected);
                    }));
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

  private static String outcome(Scenario scenario, Path here, Path there) {
    String result;
    try {
      Object value = scenario.run(here, there);
      result = "value " + value;
    } catch (java.nio.file.FileSystemException e) {
      result =
          e.getClass().getName()
              + " reason="
              + e.getReason()
              + " file="
              + e.getFile()
              + " other="
              + e.getOtherFile();
    } catch (Exception e) {
      result = e.getClass().getName() + " " + e.getMessage();
    }
    return result + "; here " + state(here) + "; there " + state(there);
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
