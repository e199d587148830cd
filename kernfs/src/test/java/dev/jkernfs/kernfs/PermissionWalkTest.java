package dev.jkernfs.kernfs;

import static dev.jkernfs.kernfs.ResolutionTest.assertErrno;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jkernfs.vfs.Credentials;
import dev.jkernfs.vfs.Errno;
import dev.jkernfs.vfs.FileDescription;
import dev.jkernfs.vfs.OpenOptions;
import dev.jkernfs.vfs.SetStat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PermissionWalkTest {
  private static final Credentials ALICE = Credentials.of(1000, 1000);
  private static final Credentials BOB = Credentials.of(1001, 1001);
  private final VfsFixture fx = new VfsFixture();

  @AfterEach
  void tearDown() {
    fx.close();
  }

  @Test
  void walkNeedsSearchPermissionOnEveryDirectory() {
    fx.mkdirs("/locked");
    fx.write("/locked/f", "secret");
    fx.vfs.setStat(fx.op("/locked"), SetStat.mode(0700));
    assertErrno(Errno.EACCES, () -> fx.vfs.stat(fx.as(ALICE, "/locked/f")));
    fx.vfs.setStat(fx.op("/locked"), SetStat.mode(0711));
    assertThat(fx.vfs.stat(fx.as(ALICE, "/locked/f")).size()).isEqualTo(6);
  }

  @Test
  void openChecksReadAndWriteBits() {
    fx.write("/f", "x");
    fx.vfs.setStat(fx.op("/f"), SetStat.mode(0444));
    FileDescription fd = fx.vfs.open(fx.as(ALICE, "/f"), OpenOptions.READ);
    fd.close();
    assertErrno(Errno.EACCES, () -> fx.vfs.open(fx.as(ALICE, "/f"), VfsFixture.readWrite()));
    FileDescription asRoot = fx.vfs.open(fx.op("/f"), VfsFixture.readWrite());
    asRoot.close();
  }

  @Test
  void creatingNeedsWritePermissionOnTheDirectoryAndTheOwnerIsTheCreator() {
    fx.mkdirs("/home");
    fx.vfs.setStat(fx.op("/home"), SetStat.owner(1000, 1000));
    fx.vfs.setStat(fx.op("/home"), SetStat.mode(0755));
    fx.vfs.open(fx.as(ALICE, "/home/a"), VfsFixture.create(0600)).close();
    assertThat(fx.vfs.stat(fx.op("/home/a")).uid()).isEqualTo(1000);
    assertErrno(Errno.EACCES, () -> fx.vfs.open(fx.as(BOB, "/home/b"), VfsFixture.create(0600)));
    assertErrno(Errno.EACCES, () -> fx.vfs.mkdir(fx.as(BOB, "/home/d"), 0755));
    assertErrno(Errno.EACCES, () -> fx.vfs.unlink(fx.as(BOB, "/home/a")));
  }

  @Test
  void deletingTheWrongTypeIsRefusedForPermissionBeforeType() {
    // As Linux's may_delete: the directory's write permission is checked before the victim's
    // type, so a user without it hears EACCES where root hears ENOTDIR or EISDIR.
    fx.mkdirs("/etc", "/etc/ssl");
    fx.write("/etc/passwd", "root");
    assertErrno(Errno.EACCES, () -> fx.vfs.rmdir(fx.as(ALICE, "/etc/passwd")));
    assertErrno(Errno.EACCES, () -> fx.vfs.unlink(fx.as(ALICE, "/etc/ssl")));
    assertErrno(Errno.ENOTDIR, () -> fx.vfs.rmdir(fx.op("/etc/passwd")));
    assertErrno(Errno.EISDIR, () -> fx.vfs.unlink(fx.op("/etc/ssl")));
    assertErrno(Errno.ENOTDIR, () -> fx.vfs.unlink(fx.as(ALICE, "/etc/passwd/")));
  }

  @Test
  void truncatingAsItsOwnerClearsSetUidAsAWriteDoesButRootKeepsIt() {
    fx.mkdirs("/home");
    fx.vfs.setStat(fx.op("/home"), SetStat.mode(0777));
    fx.vfs.open(fx.as(ALICE, "/home/a"), VfsFixture.create(0600)).close();
    fx.vfs.setStat(fx.as(ALICE, "/home/a"), SetStat.mode(04700));
    fx.vfs.setStat(fx.op("/home/a"), SetStat.size(0));
    assertThat(fx.vfs.stat(fx.op("/home/a")).mode() & 07777).isEqualTo(04700);
    fx.vfs.setStat(fx.as(ALICE, "/home/a"), SetStat.size(0));
    assertThat(fx.vfs.stat(fx.op("/home/a")).mode() & 07777).isEqualTo(0700);
    fx.vfs.setStat(fx.as(ALICE, "/home/a"), SetStat.mode(04700));
    fx.vfs.open(fx.as(ALICE, "/home/a"), VfsFixture.create(0600)).close(); // O_TRUNC
    assertThat(fx.vfs.stat(fx.op("/home/a")).mode() & 07777).isEqualTo(0700);
  }

  @Test
  void stickyDirectoryLetsOnlyOwnersDelete() {
    fx.mkdirs("/tmp");
    fx.vfs.setStat(fx.op("/tmp"), SetStat.mode(01777));
    fx.vfs.open(fx.as(ALICE, "/tmp/alice"), VfsFixture.create(0666)).close();
    assertErrno(Errno.EPERM, () -> fx.vfs.unlink(fx.as(BOB, "/tmp/alice")));
    assertErrno(
        Errno.EPERM, () -> fx.vfs.rename(fx.as(BOB, "/tmp/alice"), fx.as(BOB, "/tmp/bob"), false));
    fx.vfs.unlink(fx.as(ALICE, "/tmp/alice"));
  }

  @Test
  void onlyTheOwnerMayChmodAndOnlyRootMayChown() {
    fx.mkdirs("/home");
    fx.vfs.setStat(fx.op("/home"), SetStat.mode(0777));
    fx.vfs.open(fx.as(ALICE, "/home/a"), VfsFixture.create(0644)).close();
    assertErrno(Errno.EPERM, () -> fx.vfs.setStat(fx.as(BOB, "/home/a"), SetStat.mode(0777)));
    fx.vfs.setStat(fx.as(ALICE, "/home/a"), SetStat.mode(0600));
    assertErrno(
        Errno.EPERM, () -> fx.vfs.setStat(fx.as(ALICE, "/home/a"), SetStat.owner(1001, -1)));
    fx.vfs.setStat(fx.op("/home/a"), SetStat.owner(1001, 1001));
    assertThat(fx.vfs.stat(fx.op("/home/a")).uid()).isEqualTo(1001);
  }

  @Test
  void setgidDirectoryPassesItsGroupAndTheBitDown() {
    fx.mkdirs("/shared");
    fx.vfs.setStat(fx.op("/shared"), SetStat.owner(0, 50));
    fx.vfs.setStat(fx.op("/shared"), SetStat.mode(02777));
    fx.vfs.open(fx.as(ALICE, "/shared/f"), VfsFixture.create(0644)).close();
    fx.vfs.mkdir(fx.as(ALICE, "/shared/sub"), 0755);
    assertThat(fx.vfs.stat(fx.op("/shared/f")).gid()).isEqualTo(50);
    assertThat(fx.vfs.stat(fx.op("/shared/sub")).gid()).isEqualTo(50);
    assertThat(fx.vfs.stat(fx.op("/shared/sub")).mode() & 02000).isEqualTo(02000);
  }
}
