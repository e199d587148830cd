package dev.jkernfs.kernfs;

import static dev.jkernfs.kernfs.ResolutionTest.assertErrno;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jkernfs.vfs.DirEntry;
import dev.jkernfs.vfs.Errno;
import dev.jkernfs.vfs.FileDescription;
import dev.jkernfs.vfs.FileMode;
import dev.jkernfs.vfs.OpenOptions;
import dev.jkernfs.vfs.SetStat;
import dev.jkernfs.vfs.Stat;
import dev.jkernfs.vfs.Statfs;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MemfsOperationsTest {
  private VfsFixture fx = new VfsFixture();

  @AfterEach
  void tearDown() {
    fx.close();
  }

  @Test
  void writtenBytesReadBack() {
    fx.write("/f", "hello");
    assertThat(fx.read("/f")).isEqualTo("hello");
    Stat stat = fx.vfs.stat(fx.op("/f"));
    assertThat(stat.size()).isEqualTo(5);
    assertThat(stat.isRegular()).isTrue();
    assertThat(stat.nlink()).isEqualTo(1);
    assertThat(stat.mode() & 07777).isEqualTo(0644);
  }

  @Test
  void exclusiveCreateOfAnExistingFileFails() {
    fx.write("/f", "x");
    assertErrno(Errno.EEXIST, () -> fx.vfs.open(fx.op("/f"), VfsFixture.createExclusive(0644)));
  }

  @Test
  void openWithoutCreateOfAMissingFileFails() {
    assertErrno(Errno.ENOENT, () -> fx.vfs.open(fx.op("/missing"), OpenOptions.READ));
  }

  @Test
  void directoryCannotBeOpenedForWriting() {
    fx.mkdirs("/d");
    assertErrno(Errno.EISDIR, () -> fx.vfs.open(fx.op("/d"), VfsFixture.readWrite()));
    assertErrno(Errno.EISDIR, () -> fx.vfs.open(fx.op("/d"), VfsFixture.create(0644)));
  }

  @Test
  void mkdirOfAnExistingNameFails() {
    fx.mkdirs("/d");
    fx.write("/f", "");
    assertErrno(Errno.EEXIST, () -> fx.vfs.mkdir(fx.op("/d"), 0755));
    assertErrno(Errno.EEXIST, () -> fx.vfs.mkdir(fx.op("/f"), 0755));
    assertErrno(Errno.EEXIST, () -> fx.vfs.mkdir(fx.op("/"), 0755));
    assertErrno(Errno.EEXIST, () -> fx.vfs.mkdir(fx.op("/d/.."), 0755));
  }

  @Test
  void directoryLinkCountsFollowSubdirectories() {
    fx.mkdirs("/d", "/d/a", "/d/b");
    assertThat(fx.vfs.stat(fx.op("/d")).nlink()).isEqualTo(4);
    fx.vfs.rmdir(fx.op("/d/a"));
    assertThat(fx.vfs.stat(fx.op("/d")).nlink()).isEqualTo(3);
  }

  @Test
  void rmdirRefusesNonEmptyNonDirectoryAndDotNames() {
    fx.mkdirs("/d");
    fx.write("/d/f", "");
    assertErrno(Errno.ENOTEMPTY, () -> fx.vfs.rmdir(fx.op("/d")));
    assertErrno(Errno.ENOTDIR, () -> fx.vfs.rmdir(fx.op("/d/f")));
    assertErrno(Errno.EINVAL, () -> fx.vfs.rmdir(fx.op("/d/.")));
    assertErrno(Errno.ENOTEMPTY, () -> fx.vfs.rmdir(fx.op("/d/..")));
    assertErrno(Errno.EBUSY, () -> fx.vfs.rmdir(fx.op("/")));
  }

  @Test
  void unlinkRefusesDirectoriesAndTrailingSlashes() {
    fx.mkdirs("/d");
    fx.write("/f", "");
    assertErrno(Errno.EISDIR, () -> fx.vfs.unlink(fx.op("/d")));
    assertErrno(Errno.ENOTDIR, () -> fx.vfs.unlink(fx.op("/f/")));
    assertErrno(Errno.ENOENT, () -> fx.vfs.unlink(fx.op("/missing")));
  }

  @Test
  void hardLinksShareTheInodeAndCountLinks() {
    fx.write("/a", "shared");
    fx.vfs.link(fx.noFollow("/a"), fx.op("/b"));
    Stat a = fx.vfs.stat(fx.op("/a"));
    Stat b = fx.vfs.stat(fx.op("/b"));
    assertThat(b.ino()).isEqualTo(a.ino());
    assertThat(b.nlink()).isEqualTo(2);
    fx.vfs.unlink(fx.op("/a"));
    assertThat(fx.read("/b")).isEqualTo("shared");
    assertThat(fx.vfs.stat(fx.op("/b")).nlink()).isEqualTo(1);
  }

  @Test
  void hardLinkToADirectoryIsRefused() {
    fx.mkdirs("/d");
    assertErrno(Errno.EPERM, () -> fx.vfs.link(fx.noFollow("/d"), fx.op("/e")));
    fx.write("/f", "");
    assertErrno(Errno.EEXIST, () -> fx.vfs.link(fx.noFollow("/f"), fx.op("/d")));
  }

  @Test
  void unlinkedFileStaysReadableThroughOpenDescriptionAndDiesWithItsClose() {
    fx.write("/f", "still here");
    long inodesBefore = fx.rootFs().liveInodes();
    FileDescription fd = fx.vfs.open(fx.op("/f"), VfsFixture.readWrite());
    fx.vfs.unlink(fx.op("/f"));
    assertErrno(Errno.ENOENT, () -> fx.vfs.stat(fx.op("/f")));
    assertThat(VfsFixture.readAll(fd)).isEqualTo("still here");
    fd.pwrite(ByteBuffer.wrap(" and writable".getBytes(StandardCharsets.UTF_8)), 10);
    assertThat(fd.stat().size()).isEqualTo(23);
    assertThat(fd.stat().nlink()).isZero();
    assertThat(fx.rootFs().liveInodes()).isEqualTo(inodesBefore);
    fd.close();
    assertThat(fx.rootFs().liveInodes()).isEqualTo(inodesBefore - 1);
  }

  @Test
  void closedDescriptionRefusesEveryOperation() {
    fx.write("/f", "x");
    FileDescription fd = fx.vfs.open(fx.op("/f"), OpenOptions.READ);
    fd.close();
    fd.close(); // a second close does nothing
    assertErrno(Errno.EBADF, () -> fd.read(ByteBuffer.allocate(1)));
    assertErrno(Errno.EBADF, fd::stat);
    assertErrno(Errno.EBADF, () -> fd.seek(0));
  }

  @Test
  void readOnlyDescriptionRefusesWrites() {
    fx.write("/f", "x");
    FileDescription fd = fx.open("/f", OpenOptions.READ);
    assertErrno(Errno.EBADF, () -> fd.write(ByteBuffer.allocate(1)));
    assertErrno(Errno.EBADF, () -> fd.truncate(0));
  }

  @Test
  void appendWritesAlwaysGoToTheEnd() {
    fx.write("/f", "ab");
    FileDescription fd = fx.open("/f", OpenOptions.builder().write().append().build());
    fd.seek(0);
    fd.write(ByteBuffer.wrap("cd".getBytes(StandardCharsets.UTF_8)));
    fd.pwrite(ByteBuffer.wrap("ef".getBytes(StandardCharsets.UTF_8)), 0);
    assertThat(fx.read("/f")).isEqualTo("abcdef");
    assertThat(fd.position()).isEqualTo(4);
  }

  @Test
  void truncateShrinksAndExtendsWithZeros() {
    fx.write("/f", "abcdef");
    fx.vfs.setStat(fx.op("/f"), SetStat.size(2));
    assertThat(fx.read("/f")).isEqualTo("ab");
    fx.vfs.setStat(fx.op("/f"), SetStat.size(4));
    assertThat(fx.read("/f")).isEqualTo("ab\0\0");
    fx.mkdirs("/d");
    assertErrno(Errno.EISDIR, () -> fx.vfs.setStat(fx.op("/d"), SetStat.size(0)));
  }

  @Test
  void renameFileOverFileReplacesIt() {
    fx.write("/a", "new");
    fx.write("/b", "old");
    fx.vfs.rename(fx.noFollow("/a"), fx.noFollow("/b"), false);
    assertThat(fx.read("/b")).isEqualTo("new");
    assertErrno(Errno.ENOENT, () -> fx.vfs.stat(fx.op("/a")));
  }

  @Test
  void renameDirectoryOverEmptyDirectoryReplacesItAndFixesLinkCounts() {
    fx.mkdirs("/x", "/x/src", "/y", "/y/dst");
    fx.write("/x/src/f", "moved");
    fx.vfs.rename(fx.noFollow("/x/src"), fx.noFollow("/y/dst"), false);
    assertThat(fx.read("/y/dst/f")).isEqualTo("moved");
    assertThat(fx.vfs.stat(fx.op("/x")).nlink()).isEqualTo(2);
    assertThat(fx.vfs.stat(fx.op("/y")).nlink()).isEqualTo(3);
  }

  @Test
  void renameRefusalsFollowPosix() {
    fx.mkdirs("/d", "/d/sub", "/full", "/empty");
    fx.write("/full/f", "");
    fx.write("/file", "");
    assertErrno(
        Errno.ENOTEMPTY, () -> fx.vfs.rename(fx.noFollow("/d"), fx.noFollow("/full"), false));
    assertErrno(
        Errno.EINVAL, () -> fx.vfs.rename(fx.noFollow("/d"), fx.noFollow("/d/sub/x"), false));
    assertErrno(Errno.ENOTDIR, () -> fx.vfs.rename(fx.noFollow("/d"), fx.noFollow("/file"), false));
    assertErrno(
        Errno.EISDIR, () -> fx.vfs.rename(fx.noFollow("/file"), fx.noFollow("/empty"), false));
    assertErrno(Errno.EEXIST, () -> fx.vfs.rename(fx.noFollow("/d"), fx.noFollow("/empty"), true));
    assertErrno(
        Errno.ENOENT, () -> fx.vfs.rename(fx.noFollow("/missing"), fx.noFollow("/x"), false));
    assertErrno(Errno.EBUSY, () -> fx.vfs.rename(fx.noFollow("/d/."), fx.noFollow("/x"), false));
    // Nothing changed.
    assertThat(fx.vfs.stat(fx.op("/d/sub")).isDirectory()).isTrue();
    assertThat(fx.vfs.stat(fx.op("/full/f")).isRegular()).isTrue();
  }

  @Test
  void renameOntoAnotherLinkOfTheSameFileDoesNothing() {
    fx.write("/a", "x");
    fx.vfs.link(fx.noFollow("/a"), fx.op("/b"));
    fx.vfs.rename(fx.noFollow("/a"), fx.noFollow("/b"), false);
    assertThat(fx.vfs.stat(fx.op("/a")).nlink()).isEqualTo(2);
  }

  @Test
  void renamedDirectoryKeepsItsSubtreeAndPath() {
    fx.mkdirs("/a", "/a/b");
    fx.write("/a/b/f", "deep");
    fx.vfs.rename(fx.noFollow("/a"), fx.noFollow("/z"), false);
    assertThat(fx.read("/z/b/f")).isEqualTo("deep");
    FileDescription fd = fx.open("/z/b/f", OpenOptions.READ);
    assertThat(fd.dentry().filesystem().pathOf(fd.dentry())).isEqualTo("/z/b/f");
  }

  @Test
  void specialFilesAreMetadataOnlyAndCannotBeOpened() {
    fx.vfs.mknod(fx.op("/fifo"), FileMode.S_IFIFO | 0644, 0);
    fx.vfs.mknod(fx.op("/dev"), FileMode.S_IFCHR | 0600, (1 << 8) | 3);
    assertThat(fx.vfs.stat(fx.op("/fifo")).type()).isEqualTo(FileMode.S_IFIFO);
    assertThat(fx.vfs.stat(fx.op("/dev")).rdev()).isEqualTo(259);
    assertErrno(Errno.ENXIO, () -> fx.vfs.open(fx.op("/fifo"), OpenOptions.READ));
  }

  @Test
  void listingIncludesDotEntriesThenChildrenInCreationOrder() {
    fx.mkdirs("/d");
    for (String name : List.of("c", "a", "b")) {
      fx.write("/d/" + name, "");
    }
    FileDescription dir = fx.open("/d", OpenOptions.DIRECTORY);
    List<String> names = new ArrayList<>();
    dir.readdir(entry -> names.add(entry.name()));
    assertThat(names).containsExactly(".", "..", "c", "a", "b");
  }

  @Test
  void listingOffsetsSurviveConcurrentChanges() {
    fx.mkdirs("/d");
    for (int i = 0; i < 10; i++) {
      fx.write("/d/f" + i, "");
    }
    FileDescription dir = fx.open("/d", OpenOptions.DIRECTORY);
    List<String> names = new ArrayList<>();
    readSome(dir, names, 7); // ".", "..", f0..f4
    fx.vfs.unlink(fx.op("/d/f2")); // already listed
    fx.vfs.unlink(fx.op("/d/f5")); // not yet listed: may or may not appear; here removed first
    fx.write("/d/new", "");
    readSome(dir, names, Integer.MAX_VALUE);
    assertThat(names)
        .containsExactly(".", "..", "f0", "f1", "f2", "f3", "f4", "f6", "f7", "f8", "f9", "new");
  }

  private static void readSome(FileDescription dir, List<String> names, int count) {
    int[] left = {count};
    dir.readdir(
        (DirEntry entry) -> {
          if (left[0]-- == 0) {
            return false;
          }
          names.add(entry.name());
          return true;
        });
  }

  @Test
  void quotaOnBytesFailsWithNoSpaceAndLeavesTheFileUnchanged() {
    fx.close();
    fx = new VfsFixture(Map.of("maxBytes", 16384L));
    fx.write("/f", "x".repeat(8192));
    FileDescription fd = fx.open("/f", VfsFixture.readWrite());
    assertErrno(Errno.ENOSPC, () -> fd.pwrite(ByteBuffer.allocate(16384), 8192));
    assertThat(fd.stat().size()).isEqualTo(8192);
    Statfs statfs = fx.vfs.statfs(fx.op("/"));
    assertThat(statfs.totalBytes()).isEqualTo(16384);
    assertThat(statfs.freeBytes()).isEqualTo(8192);
  }

  @Test
  void quotaOnInodesFailsWithNoSpaceAndCreatesNothing() {
    fx.close();
    fx = new VfsFixture(Map.of("maxInodes", 3L)); // the root and two more
    fx.write("/a", "");
    fx.mkdirs("/d");
    assertErrno(Errno.ENOSPC, () -> fx.write("/b", ""));
    assertErrno(Errno.ENOSPC, () -> fx.vfs.mkdir(fx.op("/e"), 0755));
    assertErrno(Errno.ENOENT, () -> fx.vfs.stat(fx.op("/b")));
    fx.vfs.unlink(fx.op("/a"));
    fx.write("/b", "");
  }

  @Test
  void deletedFileReturnsItsSpace() {
    fx.close();
    fx = new VfsFixture(Map.of("maxBytes", 1L << 20));
    fx.write("/f", "y".repeat(100_000));
    long free = fx.vfs.statfs(fx.op("/")).freeBytes();
    fx.vfs.unlink(fx.op("/f"));
    assertThat(fx.vfs.statfs(fx.op("/")).freeBytes()).isGreaterThan(free).isEqualTo(1L << 20);
  }

  @Test
  void timestampsMoveAsLinuxMovesThem() throws InterruptedException {
    fx.mkdirs("/d");
    Stat dirBefore = fx.vfs.stat(fx.op("/d"));
    Thread.sleep(2);
    fx.write("/d/f", "x");
    Stat dirAfter = fx.vfs.stat(fx.op("/d"));
    assertThat(dirAfter.mtimeNanos()).isGreaterThan(dirBefore.mtimeNanos());
    Stat file = fx.vfs.stat(fx.op("/d/f"));
    Thread.sleep(2);
    fx.vfs.setStat(fx.op("/d/f"), SetStat.mode(0600));
    Stat chmodded = fx.vfs.stat(fx.op("/d/f"));
    assertThat(chmodded.ctimeNanos()).isGreaterThan(file.ctimeNanos());
    assertThat(chmodded.mtimeNanos()).isEqualTo(file.mtimeNanos());
    fx.vfs.setStat(fx.op("/d/f"), SetStat.times(1_000L, 2_000L, null));
    Stat touched = fx.vfs.stat(fx.op("/d/f"));
    assertThat(touched.atimeNanos()).isEqualTo(1_000L);
    assertThat(touched.mtimeNanos()).isEqualTo(2_000L);
  }
}
