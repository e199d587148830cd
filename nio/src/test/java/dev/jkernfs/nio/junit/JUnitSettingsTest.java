package dev.jkernfs.nio.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jkernfs.nio.Jkernfs;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The JUnit helpers hand out filesystems with the settings of an env. */
class JUnitSettingsTest {
  private static final Instant FIXED = Instant.parse("2020-02-02T02:02:02Z");

  @RegisterExtension
  final JkernfsExtension kernfs =
      new JkernfsExtension(
          Jkernfs.env()
              .workingDirectory("/work")
              .user("alice", 1000)
              .uid(1000)
              .clock(Clock.fixed(FIXED, ZoneOffset.UTC))
              .toMap());

  /** A temporary directory on a filesystem where the tests act as alice. */
  static final class AsAlice extends JkernfsTempDirFactory {
    AsAlice() {
      super(Jkernfs.env().user("alice", 1000).uid(1000).gid(1000).toMap());
    }
  }

  @Test
  void theExtensionHandsOutAFilesystemWithItsSettings(FileSystem fs) throws IOException {
    Path relative = Files.writeString(fs.getPath("notes"), "x");
    assertThat(relative.toAbsolutePath().toString()).isEqualTo("/work/notes");
    assertThat(Files.getOwner(relative).getName()).isEqualTo("alice");
    assertThat(Files.getLastModifiedTime(relative)).isEqualTo(FileTime.from(FIXED));
  }

  @Test
  void aFactoryWithSettingsPutsTheDirectoryOnSuchAFilesystem(
      @TempDir(factory = AsAlice.class) Path dir) throws IOException {
    Path f = Files.writeString(dir.resolve("f"), "x");
    assertThat(Files.getOwner(f).getName()).isEqualTo("alice");
    assertThat(dir.getFileSystem().provider().getScheme()).isEqualTo("kernfs");
  }
}
