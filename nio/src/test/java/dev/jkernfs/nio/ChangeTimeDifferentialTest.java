package dev.jkernfs.nio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Which inodes one operation gives one time, on the host's tmpfs as on jkernfs: a create gives the
 * new file and its directory the same time, a link and an unlink give the directory the time they
 * give the file. Each scenario runs 20 times on each side, reading the times after each step; what
 * is compared is whether the times always agreed.
 *
 * <p>A rename is not compared: since Linux 6.13 tmpfs takes a fine-grained time for an inode whose
 * times were read since its last change and a coarse one otherwise, so whether the moved file and
 * the two directories agree depends on what was read before. Unread, the directories share one time
 * and the moved file gets a later one, which is what jkernfs gives.
 */
class ChangeTimeDifferentialTest {
  private static final Path HOST_TMPFS = Path.of("/dev/shm");
  private static final int ROUNDS = 20;

  @Test
  void eachOperationGivesTheInodesItChangesOneTimeAsTmpfsDoes() throws IOException {
    assumeTrue(Files.isDirectory(HOST_TMPFS) && Files.isWritable(HOST_TMPFS), "needs /dev/shm");
    Path host = Files.createTempDirectory(HOST_TMPFS, "change-time");
    try (FileSystem fs = Jkernfs.newFileSystem(Map.of())) {
      Map<String, Boolean> expected = agreement(host);
      Map<String, Boolean> actual = agreement(Files.createDirectory(fs.getPath("/change-time")));
      assertThat(expected).containsValue(true);
      assertThat(actual).isEqualTo(expected);
    } finally {
      try (var entries = Files.walk(host)) {
        entries.sorted(Comparator.reverseOrder()).forEach(ChangeTimeDifferentialTest::delete);
      }
    }
  }

  /** Whether, in every round, the inodes each scenario changed got one time. */
  private static Map<String, Boolean> agreement(Path base) throws IOException {
    Map<String, Boolean> always = new LinkedHashMap<>();
    always.put("create", true);
    always.put("link", true);
    always.put("unlink", true);
    for (int round = 0; round < ROUNDS; round++) {
      Path a = Files.createDirectory(base.resolve("a" + round));
      Path b = Files.createDirectory(base.resolve("b" + round));
      Path file = Files.createFile(a.resolve("f"));
      always.merge(
          "create",
          time(a, "lastModifiedTime").equals(time(file, "unix:ctime"))
              && time(a, "lastModifiedTime").equals(time(file, "lastModifiedTime")),
          Boolean::logicalAnd);
      Path kept = Files.createLink(b.resolve("kept"), file);
      always.merge(
          "link",
          time(b, "lastModifiedTime").equals(time(kept, "unix:ctime")),
          Boolean::logicalAnd);
      Files.delete(file);
      always.merge(
          "unlink",
          time(a, "lastModifiedTime").equals(time(kept, "unix:ctime")),
          Boolean::logicalAnd);
      Files.delete(kept);
      Files.delete(a);
      Files.delete(b);
    }
    return always;
  }

  private static Object time(Path path, String attribute) throws IOException {
    return Files.getAttribute(path, attribute);
  }

  private static void delete(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
