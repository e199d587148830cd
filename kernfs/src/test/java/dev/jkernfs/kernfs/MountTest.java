package dev.jkernfs.kernfs;

import static dev.jkernfs.kernfs.ResolutionTest.assertErrno;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jkernfs.memfs.MemfsType;
import dev.jkernfs.vfs.Errno;
import dev.jkernfs.vfs.FileDescription;
import dev.jkernfs.vfs.FilesystemType;
import dev.jkernfs.vfs.Mount;
import dev.jkernfs.vfs.OpenOptions;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MountTest {
  private final VfsFixture fx = new VfsFixture();
  private final FilesystemType memfs = FilesystemType.find(MemfsType.NAME);

  @AfterEach
  void tearDown() {
    fx.close();
  }

  @Test
  void mountedFilesystemHidesTheDirectoryBelowAndUnmountRevealsIt() {
    fx.mkdirs("/mnt");
    fx.write("/mnt/under", "below");
    Mount mount = fx.vfs.mount(fx.op("/mnt"), memfs, Map.of());
    assertErrno(Errno.ENOENT, () -> fx.vfs.stat(fx.op("/mnt/under")));
    fx.write("/mnt/over", "above");
    assertThat(fx.vfs.stat(fx.op("/mnt/over")).dev()).isEqualTo(mount.filesystem().deviceNumber());
    assertThat(fx.vfs.stat(fx.op("/mnt")).dev()).isNotEqualTo(fx.vfs.stat(fx.op("/")).dev());
    fx.vfs.unmount(fx.op("/mnt"), false);
    assertThat(fx.read("/mnt/under")).isEqualTo("below");
    assertErrno(Errno.ENOENT, () -> fx.vfs.stat(fx.op("/mnt/over")));
  }

  @Test
  void dotDotLeavesAMountThroughItsMountPoint() {
    fx.mkdirs("/a", "/a/mnt");
    fx.write("/a/sibling", "s");
    fx.vfs.mount(fx.op("/a/mnt"), memfs, Map.of());
    fx.mkdirs("/a/mnt/inner");
    assertThat(fx.read("/a/mnt/inner/../../sibling")).isEqualTo("s");
    assertThat(fx.vfs.stat(fx.op("/a/mnt/..")).ino()).isEqualTo(fx.vfs.stat(fx.op("/a")).ino());
  }

  @Test
  void absoluteSymlinkInsideAMountResolvesFromTheNamespaceRoot() {
    fx.mkdirs("/mnt");
    fx.write("/top", "root file");
    fx.vfs.mount(fx.op("/mnt"), memfs, Map.of());
    fx.vfs.symlink(fx.op("/mnt/link"), "/top");
    assertThat(fx.read("/mnt/link")).isEqualTo("root file");
  }

  @Test
  void renameAndLinkAcrossMountsAreCrossDevice() {
    fx.mkdirs("/mnt");
    fx.write("/f", "x");
    fx.vfs.mount(fx.op("/mnt"), memfs, Map.of());
    assertErrno(Errno.EXDEV, () -> fx.vfs.rename(fx.noFollow("/f"), fx.noFollow("/mnt/f"), false));
    assertErrno(Errno.EXDEV, () -> fx.vfs.link(fx.noFollow("/f"), fx.op("/mnt/f")));
    assertThat(fx.read("/f")).isEqualTo("x");
  }

  @Test
  void busyMountRefusesUnmountUntilItsFilesClose() {
    fx.mkdirs("/mnt");
    fx.vfs.mount(fx.op("/mnt"), memfs, Map.of());
    fx.write("/mnt/f", "x");
    FileDescription fd = fx.vfs.open(fx.op("/mnt/f"), OpenOptions.READ);
    assertErrno(Errno.EBUSY, () -> fx.vfs.unmount(fx.op("/mnt"), false));
    fd.close();
    fx.vfs.unmount(fx.op("/mnt"), false);
  }

  @Test
  void detachedMountLivesUntilItsLastFileCloses() {
    fx.mkdirs("/mnt");
    fx.vfs.mount(fx.op("/mnt"), memfs, Map.of());
    fx.write("/mnt/f", "still readable");
    FileDescription fd = fx.vfs.open(fx.op("/mnt/f"), OpenOptions.READ);
    fx.vfs.unmount(fx.op("/mnt"), true);
    assertErrno(Errno.ENOENT, () -> fx.vfs.stat(fx.op("/mnt/f")));
    assertThat(VfsFixture.readAll(fd)).isEqualTo("still readable");
    fd.close();
  }

  @Test
  void mountPointCannotBeRemovedOrRenamed() {
    fx.mkdirs("/mnt");
    fx.vfs.mount(fx.op("/mnt"), memfs, Map.of());
    assertErrno(Errno.EBUSY, () -> fx.vfs.rmdir(fx.op("/mnt")));
    assertErrno(Errno.EBUSY, () -> fx.vfs.rename(fx.noFollow("/mnt"), fx.noFollow("/m2"), false));
  }

  @Test
  void unmountOfSomethingThatIsNotAMountIsInvalid() {
    fx.mkdirs("/d");
    assertErrno(Errno.EINVAL, () -> fx.vfs.unmount(fx.op("/d"), false));
    assertErrno(Errno.EINVAL, () -> fx.vfs.unmount(fx.op("/"), false));
  }

  @Test
  void mountWithChildMountsIsBusyAndDetachTakesTheSubtree() {
    fx.mkdirs("/a");
    fx.vfs.mount(fx.op("/a"), memfs, Map.of());
    fx.mkdirs("/a/b");
    fx.vfs.mount(fx.op("/a/b"), memfs, Map.of());
    assertErrno(Errno.EBUSY, () -> fx.vfs.unmount(fx.op("/a"), false));
    fx.vfs.unmount(fx.op("/a"), true);
    assertThat(fx.vfs.mounts()).hasSize(1);
  }

  @Test
  void unknownFilesystemTypeIsNoDevice() {
    assertErrno(Errno.ENODEV, () -> FilesystemType.find("nosuchfs"));
  }

  @Test
  void mountOnAFileIsNotADirectory() {
    fx.write("/f", "");
    assertErrno(Errno.ENOTDIR, () -> fx.vfs.mount(fx.op("/f"), memfs, Map.of()));
  }
}
