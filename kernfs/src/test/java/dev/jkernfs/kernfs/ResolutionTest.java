package dev.jkernfs.kernfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jkernfs.vfs.Errno;
import dev.jkernfs.vfs.ErrnoException;
import dev.jkernfs.vfs.ParsedPath;
import dev.jkernfs.vfs.ResolvingPath;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ResolutionTest {
  private final VfsFixture fx = new VfsFixture();

  @AfterEach
  void tearDown() {
    fx.close();
  }

  static void assertErrno(Errno errno, ThrowingCallable call) {
    assertThatThrownBy(call)
        .isInstanceOf(ErrnoException.class)
        .satisfies(e -> assertThat(((ErrnoException) e).errno()).isEqualTo(errno));
  }

  @Test
  void dotAndDotDotResolveAndDotDotStopsAtTheRoot() {
    fx.mkdirs("/a", "/a/b");
    long b = fx.vfs.stat(fx.op("/a/b")).ino();
    assertThat(fx.vfs.stat(fx.op("/a/./b/.")).ino()).isEqualTo(b);
    assertThat(fx.vfs.stat(fx.op("/a/b/../b")).ino()).isEqualTo(b);
    long root = fx.vfs.stat(fx.op("/")).ino();
    assertThat(fx.vfs.stat(fx.op("/../../..")).ino()).isEqualTo(root);
    assertThat(fx.vfs.stat(fx.op("/a/../../a/..")).ino()).isEqualTo(root);
  }

  @Test
  void repeatedSlashesAreOne() {
    fx.mkdirs("/a", "/a/b");
    assertThat(fx.vfs.stat(fx.op("//a///b//")).ino()).isEqualTo(fx.vfs.stat(fx.op("/a/b")).ino());
  }

  @Test
  void trailingSlashOnANonDirectoryIsNotADirectory() {
    fx.write("/f", "x");
    assertErrno(Errno.ENOTDIR, () -> fx.vfs.stat(fx.op("/f/")));
    assertErrno(Errno.ENOTDIR, () -> fx.vfs.stat(fx.op("/f/.")));
    assertErrno(Errno.ENOTDIR, () -> fx.vfs.stat(fx.op("/f/x")));
  }

  @Test
  void missingComponentIsNoEntryEvenBelowIt() {
    assertErrno(Errno.ENOENT, () -> fx.vfs.stat(fx.op("/nope")));
    assertErrno(Errno.ENOENT, () -> fx.vfs.stat(fx.op("/nope/deeper/still")));
  }

  @Test
  void emptyPathIsNoEntryAndNulIsInvalid() {
    assertErrno(Errno.ENOENT, () -> ParsedPath.parse(""));
    assertErrno(Errno.EINVAL, () -> ParsedPath.parse("/a\0b"));
  }

  @Test
  void namesOver255BytesAndPathsOf4096BytesAreTooLong() {
    String name255 = "n".repeat(255);
    fx.mkdirs("/" + name255);
    assertErrno(Errno.ENAMETOOLONG, () -> fx.vfs.stat(fx.op("/" + "n".repeat(256))));
    // Multi-byte characters count in UTF-8 bytes: 128 x 2 bytes = 256.
    assertErrno(Errno.ENAMETOOLONG, () -> ParsedPath.parse("/" + "\u00e9".repeat(128)));
    String path4095 = ("/" + "d".repeat(254)).repeat(16) + "/" + "e".repeat(4095 - 16 * 255 - 1);
    assertThat(path4095).hasSize(4095);
    ParsedPath.parse(path4095);
    assertErrno(Errno.ENAMETOOLONG, () -> ParsedPath.parse(path4095 + "x"));
  }

  @Test
  void symlinksAreFollowedRelativeToTheirDirectoryAndAbsolutelyFromTheRoot() {
    fx.mkdirs("/a", "/a/b", "/c");
    fx.write("/a/b/f", "data");
    fx.vfs.symlink(fx.op("/a/rel"), "b/f");
    fx.vfs.symlink(fx.op("/c/abs"), "/a/b");
    fx.vfs.symlink(fx.op("/c/up"), "../a/./b/");
    assertThat(fx.read("/a/rel")).isEqualTo("data");
    assertThat(fx.read("/c/abs/f")).isEqualTo("data");
    assertThat(fx.read("/c/up/f")).isEqualTo("data");
    assertThat(fx.vfs.stat(fx.noFollow("/a/rel")).isSymlink()).isTrue();
    assertThat(fx.vfs.stat(fx.op("/a/rel")).isRegular()).isTrue();
    assertThat(fx.vfs.readlink(fx.noFollow("/c/abs"))).isEqualTo("/a/b");
  }

  @Test
  void symlinkChainsOf40HopsResolveAnd41AreALoop() {
    fx.write("/target", "end");
    fx.vfs.symlink(fx.op("/l0"), "/target");
    for (int i = 1; i <= ResolvingPath.MAX_SYMLINKS; i++) {
      fx.vfs.symlink(fx.op("/l" + i), "l" + (i - 1));
    }
    assertThat(fx.read("/l39")).isEqualTo("end");
    assertErrno(Errno.ELOOP, () -> fx.read("/l40"));
    fx.vfs.symlink(fx.op("/self"), "self");
    assertErrno(Errno.ELOOP, () -> fx.vfs.stat(fx.op("/self")));
  }

  @Test
  void trailingSlashFollowsAFinalSymlinkToADirectory() {
    fx.mkdirs("/dir");
    fx.vfs.symlink(fx.op("/link"), "dir");
    assertThat(fx.vfs.stat(fx.noFollow("/link/")).isDirectory()).isTrue();
    assertThat(fx.vfs.stat(fx.noFollow("/link")).isSymlink()).isTrue();
  }

  @Test
  void danglingSymlinkIsNoEntryWhenFollowed() {
    fx.vfs.symlink(fx.op("/dangling"), "/missing");
    assertErrno(Errno.ENOENT, () -> fx.vfs.stat(fx.op("/dangling")));
    assertThat(fx.vfs.stat(fx.noFollow("/dangling")).isSymlink()).isTrue();
  }

  @Test
  void readlinkOfANonSymlinkIsInvalid() {
    fx.write("/f", "");
    assertErrno(Errno.EINVAL, () -> fx.vfs.readlink(fx.noFollow("/f")));
  }
}
