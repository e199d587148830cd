package dev.jkernfs.nio.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineTestKit;

class JUnitSupportTest {
  /** Set only while the fixtures below run inside the test kit, so a plain run skips them. */
  static volatile boolean runningFixtures;

  @Test
  void tempDirFromTheFactoryIsOnJkernfs(@TempDir(factory = JkernfsTempDirFactory.class) Path dir)
      throws IOException {
    assertThat(dir.getFileSystem().provider().getScheme()).isEqualTo("kernfs");
    Files.writeString(dir.resolve("f"), "x");
    assertThat(Files.readString(dir.resolve("f"))).isEqualTo("x");
  }

  @Test
  @ExtendWith(JkernfsExtension.class)
  void extensionHandsOutAFreshFilesystem(FileSystem fs) throws IOException {
    assertThat(fs.provider().getScheme()).isEqualTo("kernfs");
    assertThat(Files.exists(fs.getPath("/anything"))).isFalse();
  }

  @Test
  @ExtendWith(JkernfsExtension.class)
  void extensionHandsOutAFilesystemOfTheFlavourAsked(
      @Flavor("windows") FileSystem windows, @Flavor("macos") FileSystem macos, FileSystem linux)
      throws IOException {
    assertThat(windows.getSeparator()).isEqualTo("\\");
    assertThat(windows.getPath("x").toAbsolutePath()).hasToString("C:\\work\\x");
    Files.createFile(macos.getPath("/Readme"));
    assertThat(Files.exists(macos.getPath("/README"))).isTrue();
    Files.createFile(linux.getPath("/Readme"));
    assertThat(Files.exists(linux.getPath("/README"))).isFalse();
  }

  @Test
  @Flavor(
      value = "windows",
      roots = {"D:\\", "E:\\"})
  @ExtendWith(JkernfsExtension.class)
  void aFlavourOnTheMethodServesEveryParameter(FileSystem fs) {
    assertThat(fs.getRootDirectories()).extracting(Path::toString).containsExactly("D:\\", "E:\\");
  }

  @Test
  void tempDirOfAFlavourIsUnderItsFirstRoot(
      @Flavor(value = "windows", roots = "D:\\") @TempDir(factory = JkernfsTempDirFactory.class)
          Path dir)
      throws IOException {
    assertThat(dir).hasToString("D:\\tmp\\junit");
    Files.writeString(dir.resolve("File"), "x");
    assertThat(Files.readString(dir.resolve("FILE"))).isEqualTo("x");
  }

  @Test
  void extensionPassesACleanTestAndFailsNone() {
    run(Fixtures.class).testEvents().assertStatistics(stats -> stats.started(1).succeeded(1));
  }

  private static org.junit.platform.testkit.engine.EngineExecutionResults run(Class<?> fixture) {
    runningFixtures = true;
    try {
      return EngineTestKit.engine("junit-jupiter")
          .configurationParameter("junit.jupiter.extensions.autodetection.enabled", "false")
          .selectors(selectClass(fixture))
          .execute();
    } finally {
      runningFixtures = false;
    }
  }

  static class Fixtures {
    @BeforeEach
    void onlyInsideTheTestKit() {
      Assumptions.assumeTrue(runningFixtures, "runs only through JUnitSupportTest");
    }

    @Test
    @ExtendWith(JkernfsExtension.class)
    void leavesAChannelOpen(FileSystem fs) throws IOException {
      // Left open on purpose: closing the filesystem closes it, so nothing leaks.
      FileChannel.open(Files.createFile(fs.getPath("/f")));
    }
  }
}
