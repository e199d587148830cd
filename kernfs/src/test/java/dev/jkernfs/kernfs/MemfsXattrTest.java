package dev.jkernfs.kernfs;

import static dev.jkernfs.kernfs.ResolutionTest.assertErrno;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jkernfs.vfs.Credentials;
import dev.jkernfs.vfs.Errno;
import dev.jkernfs.vfs.FileDescription;
import dev.jkernfs.vfs.FileMode;
import dev.jkernfs.vfs.OpenOptions;
import dev.jkernfs.vfs.PathOperation;
import dev.jkernfs.vfs.SetStat;
import dev.jkernfs.vfs.Xattr;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Extended attributes of memfs files through the VFS, with the answers Linux's tmpfs gives (each
 * case below was run against tmpfs on Linux 6.18, as root and as uid 4242).
 */
class MemfsXattrTest {
  private static final Credentials USER = Credentials.of(4242, 4242);
  private static final byte[] ONE = {'1'};

  private final AtomicLong now = new AtomicLong(1_000);
  private VfsFixture fx = new VfsFixture(Map.of(), now::get);

  @AfterEach
  void tearDown() {
    fx.close();
  }

  @Test
  void setGetListRemoveRoundTrip() {
    fx.write("/f", "");
    fx.vfs.setxattr(fx.op("/f"), "user.colour", bytes("blue"), 0);
    fx.vfs.setxattr(fx.op("/f"), "user.empty", new byte[0], 0);

    assertThat(fx.vfs.getxattr(fx.op("/f"), "user.colour")).isEqualTo(bytes("blue"));
    assertThat(fx.vfs.getxattr(fx.op("/f"), "user.empty")).isEmpty();
    assertThat(fx.vfs.listxattr(fx.op("/f"))).containsExactly("user.empty", "user.colour");

    fx.vfs.setxattr(fx.op("/f"), "user.colour", bytes("red"), 0);
    assertThat(fx.vfs.getxattr(fx.op("/f"), "user.colour")).isEqualTo(bytes("red"));
    fx.vfs.removexattr(fx.op("/f"), "user.colour");
    assertThat(fx.vfs.listxattr(fx.op("/f"))).containsExactly("user.empty");
  }

  @Test
  void listingIsInDescendingByteOrderAsTmpfsListsIt() {
    fx.mkdirs("/d");
    for (String name : List.of("m", "b", "z", "a", "y", "c", "B", "aa", "é", "\uD83D\uDE00")) {
      fx.vfs.setxattr(fx.op("/d"), "user." + name, ONE, 0);
    }
    assertThat(fx.vfs.listxattr(fx.op("/d")))
        .containsExactly(
            "user.\uD83D\uDE00",
            "user.é",
            "user.z",
            "user.y",
            "user.m",
            "user.c",
            "user.b",
            "user.aa",
            "user.a",
            "user.B");
  }

  @Test
  void valuesAreCopiedInAndOut() {
    fx.write("/f", "");
    byte[] value = bytes("abc");
    fx.vfs.setxattr(fx.op("/f"), "user.a", value, 0);
    value[0] = 'X';
    byte[] read = fx.vfs.getxattr(fx.op("/f"), "user.a");
    read[1] = 'Y';
    assertThat(fx.vfs.getxattr(fx.op("/f"), "user.a")).isEqualTo(bytes("abc"));
  }

  @Test
  void createAndReplaceFlagsRefuseAndChangeNothing() {
    fx.write("/f", "");
    fx.vfs.setxattr(fx.op("/f"), "user.a", ONE, Xattr.CREATE);
    assertErrno(
        Errno.EEXIST, () -> fx.vfs.setxattr(fx.op("/f"), "user.a", bytes("2"), Xattr.CREATE));
    assertErrno(Errno.ENODATA, () -> fx.vfs.setxattr(fx.op("/f"), "user.b", ONE, Xattr.REPLACE));
    fx.vfs.setxattr(fx.op("/f"), "user.a", bytes("3"), Xattr.REPLACE);
    assertThat(fx.vfs.getxattr(fx.op("/f"), "user.a")).isEqualTo(bytes("3"));
    assertThat(fx.vfs.listxattr(fx.op("/f"))).containsExactly("user.a");
    assertErrno(Errno.EINVAL, () -> fx.vfs.setxattr(fx.op("/f"), "user.a", ONE, 4));
  }

  @Test
  void missingAttributeIsNoData() {
    fx.write("/f", "");
    assertErrno(Errno.ENODATA, () -> fx.vfs.getxattr(fx.op("/f"), "user.nope"));
    assertErrno(Errno.ENODATA, () -> fx.vfs.removexattr(fx.op("/f"), "user.nope"));
  }

  @Test
  void namesAndValuesHaveLinuxLimitsCheckedBeforeTheWalk() {
    fx.write("/f", "");
    String longest = "user." + "a".repeat(250);
    fx.vfs.setxattr(fx.op("/f"), longest, new byte[Xattr.SIZE_MAX], 0);
    assertThat(fx.vfs.getxattr(fx.op("/f"), longest)).hasSize(Xattr.SIZE_MAX);

    String tooLong = longest + "a";
    assertErrno(Errno.ERANGE, () -> fx.vfs.setxattr(fx.op("/f"), tooLong, ONE, 0));
    assertErrno(Errno.ERANGE, () -> fx.vfs.getxattr(fx.op("/f"), tooLong));
    assertErrno(Errno.ERANGE, () -> fx.vfs.getxattr(fx.op("/missing"), tooLong));
    assertErrno(Errno.ERANGE, () -> fx.vfs.getxattr(fx.op("/f"), ""));
    assertErrno(Errno.ERANGE, () -> fx.vfs.removexattr(fx.op("/missing"), ""));
    // Two bytes per letter in UTF-8: 125 of them fill the name.
    assertErrno(
        Errno.ERANGE, () -> fx.vfs.setxattr(fx.op("/f"), "user." + "é".repeat(126), ONE, 0));
    assertErrno(
        Errno.E2BIG,
        () -> fx.vfs.setxattr(fx.op("/missing"), "user.big", new byte[Xattr.SIZE_MAX + 1], 0));
    assertErrno(Errno.EINVAL, () -> fx.vfs.setxattr(fx.op("/f"), "user.", ONE, 0));
    assertErrno(Errno.EINVAL, () -> fx.vfs.getxattr(fx.op("/f"), "user."));
    assertThat(fx.vfs.listxattr(fx.op("/f"))).containsExactly(longest);
  }

  @ParameterizedTest
  @CsvSource({"trusted.a", "security.a", "system.posix_acl_access", "foo.bar", "plain"})
  void namespacesOtherThanUserAreNotSupported(String name) {
    fx.write("/f", "");
    assertErrno(Errno.EOPNOTSUPP, () -> fx.vfs.setxattr(fx.op("/f"), name, ONE, 0));
    assertErrno(Errno.EOPNOTSUPP, () -> fx.vfs.getxattr(fx.op("/f"), name));
    assertErrno(Errno.EOPNOTSUPP, () -> fx.vfs.removexattr(fx.op("/f"), name));
    assertThat(fx.vfs.listxattr(fx.op("/f"))).isEmpty();
  }

  @Test
  void symlinksAndSpecialFilesHaveNoUserAttributes() {
    fx.write("/f", "");
    fx.vfs.symlink(fx.op("/l"), "f");
    fx.vfs.mknod(fx.op("/p"), FileMode.S_IFIFO | 0644, 0);
    for (PathOperation op : List.of(fx.noFollow("/l"), fx.op("/p"))) {
      assertErrno(Errno.EPERM, () -> fx.vfs.setxattr(op, "user.a", ONE, 0));
      assertErrno(Errno.EPERM, () -> fx.vfs.removexattr(op, "user.a"));
      assertErrno(Errno.ENODATA, () -> fx.vfs.getxattr(op, "user.a"));
      assertThat(fx.vfs.listxattr(op)).isEmpty();
    }
    // Followed, the link names its target.
    fx.vfs.setxattr(fx.op("/l"), "user.a", ONE, 0);
    assertThat(fx.vfs.listxattr(fx.op("/f"))).containsExactly("user.a");
  }

  @ParameterizedTest(name = "{0} mode {1} owner {2}: get {3}, set {4}, remove {5}")
  @CsvSource({
    // file, mode, owned by the user, get, set, remove (an existing attribute)
    "file, 0644, false, OK, EACCES, EACCES",
    "file, 0600, false, EACCES, EACCES, EACCES",
    "file, 0444, true, OK, EACCES, EACCES",
    "file, 0666, false, OK, OK, OK",
    "file, 0222, false, EACCES, OK, OK",
    "dir, 01777, false, OK, EPERM, EPERM",
    "dir, 0777, false, OK, OK, OK",
    "dir, 01777, true, OK, OK, OK",
  })
  void otherUsersNeedThePermissionsLinuxAsks(
      String type, String mode, boolean owned, String get, String set, String remove) {
    if (type.equals("dir")) {
      fx.mkdirs("/x");
    } else {
      fx.write("/x", "");
    }
    fx.vfs.setxattr(fx.op("/x"), "user.x", ONE, 0);
    fx.vfs.setStat(fx.op("/x"), SetStat.mode(Integer.parseInt(mode, 8)));
    if (owned) {
      fx.vfs.setStat(fx.op("/x"), SetStat.owner(4242, -1));
    }
    PathOperation op = fx.as(USER, "/x");

    assertThat(outcome(() -> fx.vfs.getxattr(op, "user.x"))).isEqualTo(get);
    assertThat(outcome(() -> fx.vfs.listxattr(op))).isEqualTo("OK");
    assertThat(outcome(() -> fx.vfs.setxattr(op, "user.y", ONE, 0))).isEqualTo(set);
    assertThat(outcome(() -> fx.vfs.removexattr(op, "user.x"))).isEqualTo(remove);
    if (!remove.equals("OK")) {
      assertThat(fx.vfs.getxattr(fx.op("/x"), "user.x")).isEqualTo(ONE);
    }
  }

  @Test
  void permissionComesBeforeTheNamespaceAndTrustedIsForRoot() {
    fx.write("/ro", "");
    fx.vfs.setStat(fx.op("/ro"), SetStat.mode(0644));
    fx.write("/rw", "");
    fx.vfs.setStat(fx.op("/rw"), SetStat.mode(0666));
    assertErrno(Errno.EACCES, () -> fx.vfs.setxattr(fx.as(USER, "/ro"), "foo.a", ONE, 0));
    assertErrno(Errno.EACCES, () -> fx.vfs.setxattr(fx.as(USER, "/ro"), "user.", ONE, 0));
    assertErrno(Errno.EINVAL, () -> fx.vfs.setxattr(fx.as(USER, "/rw"), "user.", ONE, 0));
    assertErrno(Errno.ENODATA, () -> fx.vfs.getxattr(fx.as(USER, "/rw"), "trusted.a"));
    assertErrno(Errno.EPERM, () -> fx.vfs.setxattr(fx.as(USER, "/rw"), "trusted.a", ONE, 0));
  }

  @Test
  void changesMoveTheChangeTimeAndNothingElse() {
    fx.write("/f", "x");
    now.set(2_000);
    fx.vfs.setxattr(fx.op("/f"), "user.a", ONE, 0);
    assertThat(fx.vfs.stat(fx.op("/f")).ctimeNanos()).isEqualTo(2_000);
    assertThat(fx.vfs.stat(fx.op("/f")).mtimeNanos()).isEqualTo(1_000);
    now.set(3_000);
    fx.vfs.getxattr(fx.op("/f"), "user.a");
    assertErrno(Errno.ENODATA, () -> fx.vfs.removexattr(fx.op("/f"), "user.b"));
    assertErrno(Errno.EEXIST, () -> fx.vfs.setxattr(fx.op("/f"), "user.a", ONE, Xattr.CREATE));
    assertThat(fx.vfs.stat(fx.op("/f")).ctimeNanos()).isEqualTo(2_000);
    fx.vfs.removexattr(fx.op("/f"), "user.a");
    assertThat(fx.vfs.stat(fx.op("/f")).ctimeNanos()).isEqualTo(3_000);
    assertThat(fx.vfs.stat(fx.op("/f")).atimeNanos()).isEqualTo(1_000);
  }

  @Test
  void descriptionsReachTheFileEvenUnlinkedAndRefuseOnceClosed() {
    fx.write("/f", "");
    FileDescription fd = fx.open("/f", OpenOptions.READ);
    fx.vfs.unlink(fx.op("/f"));
    fd.setxattr(Credentials.root(), "user.a", ONE, 0);
    assertThat(fd.getxattr(Credentials.root(), "user.a")).isEqualTo(ONE);
    assertThat(fd.listxattr(Credentials.root())).containsExactly("user.a");
    assertErrno(Errno.ERANGE, () -> fd.getxattr(Credentials.root(), ""));
    fd.removexattr(Credentials.root(), "user.a");
    fd.close();
    assertErrno(Errno.EBADF, () -> fd.getxattr(Credentials.root(), ""));
    assertErrno(Errno.EBADF, () -> fd.setxattr(Credentials.root(), "user.a", ONE, 0));
  }

  @Test
  void attributesCountAgainstTheByteQuotaAndComeBackWithTheFile() {
    fx.close();
    fx = new VfsFixture(Map.of("maxBytes", 100_000L));
    fx.mkdirs("/d");
    fx.write("/d/f", "");
    long free = fx.vfs.statfs(fx.op("/")).freeBytes();

    fx.vfs.setxattr(fx.op("/d/f"), "user.a", new byte[40_000], 0);
    fx.vfs.setxattr(fx.op("/d"), "user.b", new byte[40_000], 0);
    assertThat(fx.vfs.statfs(fx.op("/")).freeBytes()).isEqualTo(free - 80_012);
    assertErrno(Errno.ENOSPC, () -> fx.vfs.setxattr(fx.op("/d/f"), "user.c", new byte[40_000], 0));
    assertThat(fx.vfs.listxattr(fx.op("/d/f"))).containsExactly("user.a");
    // Replacing a value charges only the difference.
    fx.vfs.setxattr(fx.op("/d/f"), "user.a", new byte[10], 0);
    assertThat(fx.vfs.statfs(fx.op("/")).freeBytes()).isEqualTo(free - 40_022);

    fx.vfs.unlink(fx.op("/d/f"));
    fx.vfs.removexattr(fx.op("/d"), "user.b");
    assertThat(fx.vfs.statfs(fx.op("/")).freeBytes()).isEqualTo(free);
    fx.vfs.setxattr(fx.op("/d"), "user.b", new byte[40_000], 0);
    fx.vfs.rmdir(fx.op("/d"));
    assertThat(fx.vfs.statfs(fx.op("/")).freeBytes()).isEqualTo(free);
  }

  @Test
  void aFilesystemWithoutAttributesAnswersNotSupported() {
    fx.mkdirs("/syn");
    fx.vfs.mount(
        fx.op("/syn"),
        SyntheticTestFilesystem.type(
            8,
            (fs, root) ->
                root.add(
                    "file",
                    DynamicBytesFile.readOnly(
                        fs, Lifetime.PINNED, DynamicBytesFile.utf8(() -> "")))),
        Map.of());
    assertErrno(Errno.EOPNOTSUPP, () -> fx.vfs.getxattr(fx.op("/syn/file"), "user.a"));
    assertErrno(Errno.EOPNOTSUPP, () -> fx.vfs.setxattr(fx.op("/syn/file"), "user.a", ONE, 0));
    assertErrno(Errno.EOPNOTSUPP, () -> fx.vfs.removexattr(fx.op("/syn"), "user."));
    assertThat(fx.vfs.listxattr(fx.op("/syn/file"))).isEmpty();
    assertThat(fx.vfs.root().mount().filesystem().storesUserXattrs()).isTrue();
    assertThat(fx.vfs.mounts().get(1).filesystem().storesUserXattrs()).isFalse();
    fx.vfs.unmount(fx.op("/syn"), false);
  }

  private static String outcome(Runnable action) {
    try {
      action.run();
      return "OK";
    } catch (dev.jkernfs.vfs.ErrnoException e) {
      return e.errno().name();
    }
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
