package dev.jkernfs.kernfs;

import static dev.jkernfs.kernfs.ResolutionTest.assertErrno;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jkernfs.vfs.Credentials;
import dev.jkernfs.vfs.Errno;
import dev.jkernfs.vfs.FileDescription;
import dev.jkernfs.vfs.OpenOptions;
import dev.jkernfs.vfs.WindowsAttributes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Windows attributes a kernfs filesystem keeps beside its inodes. */
class WindowsAttributesTest {
  private final VfsFixture fx = new VfsFixture();

  @AfterEach
  void tearDown() {
    fx.close();
  }

  @Test
  void aNewFileIsArchiveAndANewDirectoryNothing() {
    fx.write("/f", "");
    fx.mkdirs("/d");
    assertThat(fx.vfs.windowsAttributes(fx.op("/f"))).isEqualTo(WindowsAttributes.initial(false));
    assertThat(fx.vfs.windowsAttributes(fx.op("/f")).has(WindowsAttributes.ARCHIVE)).isTrue();
    assertThat(fx.vfs.windowsAttributes(fx.op("/d")).dos()).isZero();
    assertThat(fx.rootFs().changedWindowsAttributes()).isZero();
  }

  @Test
  void changesAreKeptPerInodeAndSeenThroughEveryLink() {
    fx.write("/f", "");
    fx.vfs.link(fx.op("/f"), fx.op("/g"));
    fx.vfs.setWindowsAttributes(fx.op("/f"), a -> a.with(WindowsAttributes.HIDDEN, true));
    assertThat(fx.vfs.windowsAttributes(fx.op("/g")).has(WindowsAttributes.HIDDEN)).isTrue();
    fx.vfs.setWindowsAttributes(fx.op("/g"), a -> a.with(WindowsAttributes.HIDDEN, false));
    // Back to a new file's: nothing is kept for it.
    assertThat(fx.rootFs().changedWindowsAttributes()).isZero();
  }

  @Test
  void onlyTheOwnerOrRootMayChangeThemAndARefusalChangesNothing() {
    fx.write("/f", "");
    Credentials other = Credentials.of(1000, 1000);
    assertErrno(
        Errno.EACCES,
        () ->
            fx.vfs.setWindowsAttributes(
                fx.op("/f", other, true), a -> a.with(WindowsAttributes.READONLY, true)));
    assertThat(fx.vfs.windowsAttributes(fx.op("/f", other, true)).has(WindowsAttributes.READONLY))
        .isFalse();
    assertErrno(
        Errno.ENOENT, () -> fx.vfs.setWindowsAttributes(fx.op("/missing"), a -> a.with(1, true)));
  }

  @Test
  void unknownBitsAreRefused() {
    assertThatThrownBy(() -> new WindowsAttributes(0x10, java.util.List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theEntryOfADeadInodeIsForgotten() {
    fx.write("/f", "");
    fx.vfs.setWindowsAttributes(fx.op("/f"), a -> a.with(WindowsAttributes.SYSTEM, true));
    assertThat(fx.rootFs().changedWindowsAttributes()).isEqualTo(1);
    fx.vfs.unlink(fx.op("/f"));
    assertThat(fx.rootFs().changedWindowsAttributes()).isZero();
  }

  @Test
  void theEntryOfAnInodeStillOpenIsKeptWhichTheCheckAboveWouldReport() {
    // The twin of the test above: an inode kept alive by an open file keeps its entry, so the
    // same assertion that its entry is gone fails.
    fx.write("/f", "");
    fx.vfs.setWindowsAttributes(fx.op("/f"), a -> a.with(WindowsAttributes.SYSTEM, true));
    FileDescription open = fx.open("/f", OpenOptions.READ);
    fx.vfs.unlink(fx.op("/f"));
    assertThatThrownBy(() -> assertThat(fx.rootFs().changedWindowsAttributes()).isZero())
        .isInstanceOf(AssertionError.class);
    open.close();
    assertThat(fx.rootFs().changedWindowsAttributes()).isZero();
  }
}
