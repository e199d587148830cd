package dev.jkernfs.kernfs;

import static dev.jkernfs.kernfs.ResolutionTest.assertErrno;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jkernfs.memfs.MemfsType;
import dev.jkernfs.vfs.Credentials;
import dev.jkernfs.vfs.Errno;
import dev.jkernfs.vfs.FileDescription;
import dev.jkernfs.vfs.FileMode;
import dev.jkernfs.vfs.FilesystemType;
import dev.jkernfs.vfs.OpenOptions;
import dev.jkernfs.vfs.PathMemo;
import dev.jkernfs.vfs.PathOperation;
import dev.jkernfs.vfs.SetStat;
import dev.jkernfs.vfs.Stat;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A path's memory of its last walk ({@link PathMemo}) changes no answer: every change that could
 * change where a path leads, or whether its caller may walk it, is seen by the next stat through
 * the same memo. Each test stats twice first, so that the memo holds a walk.
 */
class PathMemoTest {
  private static final Credentials USER = Credentials.of(1000, 1000);

  private final VfsFixture fx = new VfsFixture();
  private final PathMemo memo = new PathMemo();

  @AfterEach
  void tearDown() {
    fx.close();
  }

  private Stat stat(PathOperation op) {
    return fx.vfs.stat(op, memo);
  }

  private Stat remembered(PathOperation op) {
    stat(op);
    return stat(op);
  }

  @Test
  void aRememberedFileThatWasUnlinkedIsMissing() {
    fx.mkdirs("/d");
    fx.write("/d/f", "x");
    remembered(fx.op("/d/f"));
    fx.vfs.unlink(fx.op("/d/f"));
    assertErrno(Errno.ENOENT, () -> stat(fx.op("/d/f")));
    assertThat(fx.vfs.statIfExists(fx.op("/d/f"), memo)).isNull();
  }

  @Test
  void aFileMadeAgainUnderTheRememberedNameIsTheNewOne() {
    fx.mkdirs("/d");
    fx.write("/d/f", "x");
    long before = remembered(fx.op("/d/f")).ino();
    fx.vfs.unlink(fx.op("/d/f"));
    fx.write("/d/f", "longer");
    Stat after = stat(fx.op("/d/f"));
    assertThat(after.ino()).isNotEqualTo(before);
    assertThat(after.size()).isEqualTo(6);
  }

  @Test
  void aRenameOfADirectoryOnTheWayIsSeen() {
    fx.mkdirs("/a", "/a/b");
    fx.write("/a/b/f", "x");
    remembered(fx.op("/a/b/f"));
    fx.vfs.rename(fx.op("/a"), fx.op("/c"), false);
    assertErrno(Errno.ENOENT, () -> stat(fx.op("/a/b/f")));
  }

  @Test
  void aChangeOfTheFileItselfIsSeen() {
    fx.mkdirs("/d");
    fx.write("/d/f", "x");
    remembered(fx.op("/d/f"));
    fx.vfs.setStat(fx.op("/d/f"), SetStat.mode(0600));
    fx.write("/d/f", "longer");
    Stat after = stat(fx.op("/d/f"));
    assertThat(after.mode() & 07777).isEqualTo(0600);
    assertThat(after.size()).isEqualTo(6);
  }

  @Test
  void aMountOnADirectoryOnTheWayHidesTheFileAndItsUnmountShowsItAgain() {
    fx.mkdirs("/a", "/a/b");
    fx.write("/a/b/f", "x");
    remembered(fx.op("/a/b/f"));
    fx.vfs.mount(fx.op("/a/b"), FilesystemType.find(MemfsType.NAME), Map.of());
    assertErrno(Errno.ENOENT, () -> stat(fx.op("/a/b/f")));
    fx.vfs.unmount(fx.op("/a/b"), false);
    assertThat(remembered(fx.op("/a/b/f")).size()).isEqualTo(1);
  }

  @Test
  void aDirectoryOnTheWayLosingItsSearchPermissionRefusesTheRememberedWalk() {
    fx.mkdirs("/d");
    fx.write("/d/f", "x");
    fx.vfs.setStat(fx.op("/d"), SetStat.owner(1000, 1000));
    remembered(fx.as(USER, "/d/f"));
    fx.vfs.setStat(fx.as(USER, "/d"), SetStat.mode(0600));
    assertErrno(Errno.EACCES, () -> stat(fx.as(USER, "/d/f")));
  }

  @Test
  void aPermissionChangeThroughAnOpenDirectoryIsSeenToo() {
    fx.mkdirs("/d");
    fx.write("/d/f", "x");
    fx.vfs.setStat(fx.op("/d"), SetStat.owner(1000, 1000));
    remembered(fx.as(USER, "/d/f"));
    FileDescription dir = fx.open("/d", OpenOptions.builder().read().directory().build());
    try {
      dir.setStat(USER, SetStat.mode(0600));
    } finally {
      dir.close();
    }
    assertErrno(Errno.EACCES, () -> stat(fx.as(USER, "/d/f")));
  }

  @Test
  void anotherCallerIsNotAnsweredFromTheFirstCallersWalk() {
    fx.mkdirs("/d");
    fx.write("/d/f", "x");
    fx.vfs.setStat(fx.op("/d"), SetStat.mode(0700));
    remembered(fx.op("/d/f"));
    assertErrno(Errno.EACCES, () -> stat(fx.as(USER, "/d/f")));
  }

  @Test
  void aSymlinkNotFollowedIsRememberedApartFromItsTarget() {
    fx.write("/target", "xyz");
    fx.vfs.symlink(fx.op("/link"), "/target");
    assertThat(FileMode.isSymlink(remembered(fx.noFollow("/link")).mode())).isTrue();
    assertThat(remembered(fx.op("/link")).size()).isEqualTo(3);
    assertThat(FileMode.isSymlink(stat(fx.noFollow("/link")).mode())).isTrue();
  }
}
