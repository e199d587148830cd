package dev.jkernfs.proc;

import static dev.jkernfs.proc.ProcFixture.USER;
import static dev.jkernfs.proc.ProcFixture.assertErrno;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jkernfs.vfs.Errno;
import dev.jkernfs.vfs.ErrnoException;
import dev.jkernfs.vfs.FileDescription;
import dev.jkernfs.vfs.FileMode;
import dev.jkernfs.vfs.OpenOptions;
import dev.jkernfs.vfs.SetStat;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Writes to read-only files, and every change to the tree, are refused as Linux's procfs does. */
class RefusedChangesTest {
  private static final OpenOptions APPEND = OpenOptions.builder().append().build();
  private static final OpenOptions CREATE = OpenOptions.builder().readWrite().create(0644).build();

  private final Map<String, String> items = new ConcurrentHashMap<>(Map.of("one", "1"));
  private final ProcFixture fx =
      new ProcFixture(
          ProcType.publishing(
              root ->
                  root.collection("items", items, (item, dir) -> dir.file("value", () -> item))),
          Map.of());

  @AfterEach
  void tearDown() {
    fx.close();
  }

  private List<String> readOnlyFiles() {
    return List.of(
        "/proc/meminfo",
        "/proc/uptime",
        "/proc/cpuinfo",
        "/proc/loadavg",
        "/proc/self/status",
        "/proc/self/cmdline",
        "/proc/self/limits",
        "/proc/fs/dentry-state",
        "/proc/fs/live-objects",
        "/proc/thread-self/name",
        "/proc/thread-self/state",
        "/proc/thread-self/stack",
        "/proc/items/one/value");
  }

  @Test
  void readOnlyFilesOpenForWritingOnlyForRootAndFailEveryWriteWithEio() {
    for (String path : readOnlyFiles()) {
      for (OpenOptions options : List.of(ProcFixture.READ_WRITE, APPEND, CREATE)) {
        assertThatThrownBy(() -> fx.vfs.open(fx.as(USER, path), options))
            .as("%s by a user with %s", path, options)
            .isInstanceOfSatisfying(
                ErrnoException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EACCES));
        FileDescription fd = fx.vfs.open(fx.op(path), options);
        try {
          assertThatThrownBy(() -> fd.write(ByteBuffer.wrap(new byte[] {'x'})))
              .as("%s by root with %s", path, options)
              .isInstanceOfSatisfying(
                  ErrnoException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EIO));
        } finally {
          fd.close();
        }
      }
      assertThat(fx.vfs.stat(fx.op(path)).mode()).as(path).isEqualTo(FileMode.S_IFREG | 0444);
    }
  }

  @Test
  void creatingAnythingIsRefusedAsAMissingNameForEveryone() {
    // Linux's proc fails the lookup of a missing name, before any permission or create check.
    for (String dir :
        List.of("/proc", "/proc/self", "/proc/threads", "/proc/items", "/proc/items/one")) {
      String path = dir + "/new";
      assertErrno(Errno.ENOENT, () -> fx.vfs.mkdir(fx.op(path), 0755));
      assertErrno(Errno.ENOENT, () -> fx.vfs.open(fx.op(path), CREATE));
      assertErrno(Errno.ENOENT, () -> fx.vfs.symlink(fx.op(path), "meminfo"));
      assertErrno(Errno.ENOENT, () -> fx.vfs.mknod(fx.op(path), FileMode.S_IFIFO | 0644, 0));
      assertErrno(Errno.ENOENT, () -> fx.vfs.link(fx.op("/proc/meminfo"), fx.op(path)));
      assertErrno(Errno.ENOENT, () -> fx.vfs.mkdir(fx.as(USER, path), 0755));
      assertErrno(Errno.ENOENT, () -> fx.vfs.open(fx.as(USER, path), CREATE));
      assertErrno(Errno.ENOENT, () -> fx.vfs.stat(fx.op(path)));
    }
  }

  @Test
  void deletingIsRefused() {
    for (String path : List.of("/proc/meminfo", "/proc/thread-self", "/proc/items/one/value")) {
      assertErrno(Errno.EPERM, () -> fx.vfs.unlink(fx.op(path)));
      assertErrno(Errno.EACCES, () -> fx.vfs.unlink(fx.as(USER, path)));
    }
    String thread = "/proc/threads/" + Thread.currentThread().getId();
    for (String path : List.of("/proc/self", "/proc/fs", thread, "/proc/items/one")) {
      assertErrno(Errno.EACCES, () -> fx.vfs.rmdir(fx.as(USER, path)));
      // Root gets past the permission check; kernfs then refuses the non-empty directory.
      assertThatThrownBy(() -> fx.vfs.rmdir(fx.op(path))).isInstanceOf(ErrnoException.class);
      assertThat(fx.vfs.stat(fx.op(path)).isDirectory()).isTrue();
    }
  }

  @Test
  void renamingIsRefused() {
    assertErrno(Errno.ENOENT, () -> fx.vfs.rename(fx.op("/proc/meminfo"), fx.op("/proc/x"), false));
    assertErrno(
        Errno.EPERM, () -> fx.vfs.rename(fx.op("/proc/uptime"), fx.op("/proc/meminfo"), false));
    assertErrno(
        Errno.ENOENT,
        () -> fx.vfs.rename(fx.op("/proc/items/one/value"), fx.op("/proc/items/one/v"), false));
    assertErrno(
        Errno.ENOENT,
        () -> fx.vfs.rename(fx.as(USER, "/proc/meminfo"), fx.as(USER, "/proc/x"), false));
    assertErrno(
        Errno.EACCES,
        () -> fx.vfs.rename(fx.as(USER, "/proc/uptime"), fx.as(USER, "/proc/meminfo"), false));
    assertErrno(Errno.EXDEV, () -> fx.vfs.rename(fx.op("/proc/meminfo"), fx.op("/x"), false));
    assertThat(fx.vfs.stat(fx.op("/proc/meminfo")).isRegular()).isTrue();
    assertThat(fx.vfs.stat(fx.op("/proc/uptime")).isRegular()).isTrue();
  }

  @Test
  void truncatingChangesNothingForRootAndIsRefusedToOthers() {
    fx.vfs.setStat(fx.op("/proc/meminfo"), SetStat.size(0));
    fx.vfs.setStat(fx.op("/proc/sys/fs/dentry-cache-limit"), SetStat.size(5));
    assertThat(fx.vfs.stat(fx.op("/proc/meminfo")).size()).isZero();
    assertThat(fx.vfs.stat(fx.op("/proc/sys/fs/dentry-cache-limit")).size()).isZero();
    assertErrno(Errno.EACCES, () -> fx.vfs.setStat(fx.as(USER, "/proc/meminfo"), SetStat.size(0)));
  }
}
