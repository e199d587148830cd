package dev.jkernfs.nio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jkernfs.refs.LeakChecker;
import dev.jkernfs.refs.LeakDetectedException;
import dev.jkernfs.refs.LeakMode;
import dev.jkernfs.refs.LeakScope;
import dev.jkernfs.vfs.Dentry;
import dev.jkernfs.vfs.VirtualFilesystem;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A filesystem's {@code leakMode} is its own: neither the JVM-wide mode nor another's changes. */
class LeakModePerFileSystemTest {
  @Test
  void filesystemsWithDifferentModesRegisterIndependently() throws IOException {
    LeakMode jvmWide = LeakChecker.mode();
    try (FileSystem unchecked = Jkernfs.newFileSystem(Map.of("leakMode", "disabled"));
        FileSystem checked = Jkernfs.newFileSystem(Map.of("leakMode", "throw"));
        FileSystem inherited = Jkernfs.newFileSystem(Map.of())) {
      for (FileSystem fs : new FileSystem[] {unchecked, checked, inherited}) {
        Files.writeString(fs.getPath("/a"), "a");
      }

      assertThat(LeakChecker.mode()).isEqualTo(jvmWide);
      assertThat(LeakChecker.liveCounts(scopeOf(unchecked))).isEmpty();
      assertThat(LeakChecker.liveCounts(scopeOf(checked))).containsKeys("dentry", "inode");
      assertThat(scopeOf(inherited).mode()).isEqualTo(jvmWide);
      assertThat(LeakChecker.liveCounts(scopeOf(inherited))).containsKeys("dentry", "inode");
    }
  }

  @Test
  void aLeakFailsTheCloseOfTheCheckedFilesystemOnly() throws IOException {
    FileSystem unchecked = Jkernfs.newFileSystem(Map.of("leakMode", "disabled"));
    FileSystem checked = Jkernfs.newFileSystem(Map.of("leakMode", "throw"));
    Dentry uncheckedRoot = leakRootReference(unchecked);
    Dentry checkedRoot = leakRootReference(checked);

    unchecked.close();
    assertThat(Jkernfs.leakReport(unchecked).isClean()).isTrue();
    assertThatThrownBy(checked::close)
        .isInstanceOf(LeakDetectedException.class)
        .hasMessageContaining("dentry /");

    // Repair, so that this test's own leak scope is clean.
    uncheckedRoot.decRef();
    checkedRoot.decRef();
    assertThat(Jkernfs.leakReport(checked).isClean()).isTrue();
  }

  private static Dentry leakRootReference(FileSystem fs) {
    Dentry root = Jkernfs.virtualFilesystem(fs).root().dentry();
    root.incRef();
    return root;
  }

  private static LeakScope scopeOf(FileSystem fs) {
    VirtualFilesystem vfs = Jkernfs.virtualFilesystem(fs);
    return LeakScope.ownedBy(vfs, vfs.name());
  }
}
