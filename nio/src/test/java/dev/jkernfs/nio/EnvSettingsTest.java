package dev.jkernfs.nio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jkernfs.memfs.MemfsType;
import dev.jkernfs.vfs.Filesystem;
import dev.jkernfs.vfs.FilesystemType;
import dev.jkernfs.vfs.VirtualFilesystem;
import java.io.IOException;
import java.net.URI;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The env keys {@code workingDirectory}, {@code users}, {@code groups}, {@code clock} and {@code
 * pagePoolBytes}, and the builder of the env map.
 */
class EnvSettingsTest {
  private FileSystem fs;

  @AfterEach
  void tearDown() throws IOException {
    if (fs != null) {
      fs.close();
    }
  }

  // ---- workingDirectory ----

  @Test
  void relativePathsStartAtTheWorkingDirectoryMadeWithItsParents() throws IOException {
    fs = Jkernfs.newFileSystem(Map.of("workingDirectory", "/home/work"));
    Path relative = fs.getPath("notes.txt");
    Files.writeString(relative, "hi");

    assertThat(Files.readString(fs.getPath("/home/work/notes.txt"))).isEqualTo("hi");
    assertThat(relative.toAbsolutePath()).isEqualTo(fs.getPath("/home/work/notes.txt"));
    assertThat(fs.getPath("").toAbsolutePath()).isEqualTo(fs.getPath("/home/work"));
    assertThat(relative.toRealPath()).isEqualTo(fs.getPath("/home/work/notes.txt"));
    assertThat(relative.toUri().getPath()).isEqualTo("/home/work/notes.txt");
    assertThat(Files.readString(fs.getPath("../work/./notes.txt"))).isEqualTo("hi");
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(fs.getPath(""))) {
      assertThat(entries).containsExactly(fs.getPath("notes.txt"));
    }
    Files.createDirectories(fs.getPath("a/b"));
    assertThat(Files.isDirectory(fs.getPath("/home/work/a/b"))).isTrue();
    Files.move(relative, fs.getPath("a/moved"));
    Files.copy(fs.getPath("a/moved"), fs.getPath("/copied"));
    assertThat(Files.readString(fs.getPath("/copied"))).isEqualTo("hi");
  }

  @Test
  void theWorkingDirectoryIsMadeByTheConfiguredUserAndKeptIfItExists() throws IOException {
    fs = Jkernfs.env().uid(1000).gid(100).workingDirectory("/home/alice").newFileSystem();
    PosixFileAttributes made = Files.readAttributes(fs.getPath("/home"), PosixFileAttributes.class);
    assertThat(made.owner().getName()).isEqualTo("1000");
    assertThat(PosixFilePermissions.toString(made.permissions())).isEqualTo("rwxr-xr-x");
    Files.writeString(fs.getPath("mine"), "x"); // the user may write there
    assertThat(Files.getOwner(fs.getPath("mine")).getName()).isEqualTo("1000");
  }

  @Test
  void theWorkingDirectoryIsHeldAsLinuxHoldsAProcessCurrentDirectory() throws IOException {
    fs = Jkernfs.newFileSystem(Map.of("workingDirectory", "/w"));
    Files.writeString(fs.getPath("f"), "x");
    Files.move(fs.getPath("/w"), fs.getPath("/renamed"));
    // Still the same directory, now named otherwise, as a process's cwd after a rename.
    assertThat(Files.readString(fs.getPath("f"))).isEqualTo("x");
    assertThat(fs.getPath("f").toAbsolutePath().toString()).isEqualTo("/w/f");
    Files.delete(fs.getPath("/renamed/f"));
    Files.delete(fs.getPath("/renamed"));
    Files.createDirectory(fs.getPath("/w"));
    // Removed, it takes no new names, even with a new directory of its old name in place.
    assertThatThrownBy(() -> Files.writeString(fs.getPath("g"), "x"))
        .isInstanceOf(NoSuchFileException.class)
        .hasMessage("g");
    assertThat(Files.exists(fs.getPath("/w/g"))).isFalse();
  }

  @Test
  void aWorkingDirectoryThatCannotBeEnteredIsRejectedByName() throws IOException {
    assertThatThrownBy(() -> Jkernfs.newFileSystem(Map.of("workingDirectory", "work")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("workingDirectory");
    assertThatThrownBy(() -> Jkernfs.newFileSystem(Map.of("workingDirectory", "/a/../b")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("workingDirectory");
    assertThatThrownBy(() -> Jkernfs.newFileSystem(Map.of("workingDirectory", Path.of("/w"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("workingDirectory");
    // One that cannot be made: the error that stopped it, and the VFS closed again.
    assertThatThrownBy(
            () ->
                Jkernfs.newFileSystem(
                    Map.of("workingDirectory", "/w", "uid", 1000, "maxInodes", 1L)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("workingDirectory: cannot enter /w")
        .hasMessageContaining("No space left on device");
  }

  // ---- users and groups ----

  @Test
  void configuredNamesResolveAndNameOwners() throws IOException {
    fs = Jkernfs.env().user("alice", 1000).user("bob", 1001).group("staff", 50).newFileSystem();
    UserPrincipalLookupService lookup = fs.getUserPrincipalLookupService();
    UserPrincipal alice = lookup.lookupPrincipalByName("alice");
    GroupPrincipal staff = lookup.lookupPrincipalByGroupName("staff");
    Path f = Files.writeString(fs.getPath("/f"), "x");
    Files.setOwner(f, alice);
    Files.getFileAttributeView(f, PosixFileAttributeView.class).setGroup(staff);

    PosixFileAttributes attributes = Files.readAttributes(f, PosixFileAttributes.class);
    assertThat(attributes.owner().getName()).isEqualTo("alice");
    assertThat(attributes.group().getName()).isEqualTo("staff");
    assertThat(Files.getOwner(f)).isEqualTo(alice).hasToString("alice");
    assertThat(Files.getAttribute(f, "unix:uid")).isEqualTo(1000);
    assertThat(Files.getAttribute(f, "unix:gid")).isEqualTo(50);
    assertThat(Files.getOwner(fs.getPath("/")).getName()).isEqualTo("root");

    // Numbers still resolve, named as asked and equal to the same id by name, as the JDK's.
    UserPrincipal byNumber = lookup.lookupPrincipalByName("1001");
    assertThat(byNumber.getName()).isEqualTo("1001");
    assertThat(byNumber).isEqualTo(lookup.lookupPrincipalByName("bob"));
    Files.setOwner(f, lookup.lookupPrincipalByName("2000"));
    assertThat(Files.getOwner(f).getName()).isEqualTo("2000");
    assertThatThrownBy(() -> lookup.lookupPrincipalByName("carol"))
        .isInstanceOf(UserPrincipalNotFoundException.class)
        .satisfies(
            e -> assertThat(((UserPrincipalNotFoundException) e).getName()).isEqualTo("carol"));
    assertThatThrownBy(() -> lookup.lookupPrincipalByGroupName("alice"))
        .isInstanceOf(UserPrincipalNotFoundException.class);
  }

  @Test
  void namesAreCheckedByKey() {
    for (Object users :
        List.of(
            "alice",
            Map.of("alice", "1000"),
            Map.of("alice", -1),
            Map.of("", 5),
            Map.of("alice", 1000, "bob", 1000),
            Map.of("root", 1),
            Map.of("admin", 0))) {
      assertThatThrownBy(() -> Jkernfs.newFileSystem(Map.of("users", users)))
          .as("%s", users)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("users");
    }
    assertThatThrownBy(() -> Jkernfs.newFileSystem(Map.of("groups", Map.of("x", 1L))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("groups");
  }

  // ---- clock ----

  @Test
  void aHandAdvancedClockGivesExactTimes() throws IOException {
    HandClock clock = new HandClock(Instant.parse("2024-01-01T00:00:00.000000001Z"));
    fs = Jkernfs.newFileSystem(Map.of("clock", clock));
    Path dir = fs.getPath("/");
    FileTime t0 = clock.time();

    Path f = Files.createFile(fs.getPath("/f"));
    assertThat(times(f)).containsExactly(t0, t0, t0, t0);
    assertThat(times(dir).get(1)).isEqualTo(t0); // the directory's modification

    FileTime t1 = clock.advance(Duration.ofSeconds(1));
    Files.writeString(f, "content");
    assertThat(times(f)).containsExactly(t0, t1, t0, t1); // created, modified, accessed, changed

    FileTime t2 = clock.advance(Duration.ofNanos(7));
    Files.readString(f);
    assertThat(times(f)).containsExactly(t0, t1, t2, t1);

    FileTime t3 = clock.advance(Duration.ofMinutes(1));
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
    assertThat(times(f)).containsExactly(t0, t1, t2, t3);

    FileTime t4 = clock.advance(Duration.ofMillis(1));
    Files.setAttribute(f, "user:tag", new byte[] {1});
    assertThat(times(f)).containsExactly(t0, t1, t2, t4);

    FileTime t5 = clock.advance(Duration.ofDays(400));
    Path moved = Files.move(f, fs.getPath("/g"));
    assertThat(times(moved)).containsExactly(t0, t1, t2, t5);
    assertThat(times(dir).subList(1, 4)).containsExactly(t5, t0, t5);

    FileTime explicit = FileTime.from(Instant.parse("2001-02-03T04:05:06Z"));
    Files.setLastModifiedTime(moved, explicit);
    assertThat(times(moved)).containsExactly(t0, explicit, t2, t5);
  }

  @Test
  void aFixedClockGivesEveryChangeTheSameTime() throws IOException {
    Instant instant = Instant.parse("1999-12-31T23:59:59.123456789Z");
    fs = Jkernfs.env().clock(Clock.fixed(instant, ZoneOffset.UTC)).newFileSystem();
    Path f = Files.writeString(Files.createDirectories(fs.getPath("/a/b")).resolve("f"), "x");
    for (Path path : List.of(f, fs.getPath("/a"), fs.getPath("/"))) {
      assertThat(times(path)).containsOnly(FileTime.from(instant));
    }
  }

  @Test
  void aClockOfTheWrongTypeIsRejectedByName() {
    assertThatThrownBy(() -> Jkernfs.newFileSystem(Map.of("clock", Instant.EPOCH)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("clock");
  }

  // ---- pagePoolBytes ----

  /** A type other than memfs, as {@code proc}, which knows no page pool. */
  private static final FilesystemType NOT_MEMFS =
      new FilesystemType() {
        @Override
        public String name() {
          return "proc";
        }

        @Override
        public Filesystem newFilesystem(VirtualFilesystem vfs, Map<String, ?> options) {
          throw new UnsupportedOperationException("options only");
        }
      };

  @Test
  void thePagePoolGoesToEveryMemfsAndToNoOtherType() {
    JkernfsConfig config =
        JkernfsConfig.parse(
            Map.of(
                "pagePoolBytes",
                1L << 20,
                "dentryCacheLimit",
                50,
                "maxBytes",
                1L << 30,
                "mounts",
                Map.of("/mnt", "memfs", "/proc", NOT_MEMFS)));

    assertThat(config.pagePoolBytes()).isEqualTo(1L << 20);
    assertThat(config.rootOptions())
        .containsEntry("pagePoolBytes", 1L << 20)
        .containsEntry("maxBytes", 1L << 30);
    // Every memfs gets it, as every filesystem gets the cache limit; the quota stays the root's.
    assertThat(config.mountOptions(new MemfsType()))
        .isEqualTo(Map.of("pagePoolBytes", 1L << 20, "dentryCacheLimit", 50));
    assertThat(config.mountOptions(NOT_MEMFS)).isEqualTo(Map.of("dentryCacheLimit", 50));

    JkernfsConfig windows = JkernfsConfig.parse(Map.of("pagePoolBytes", 0L, "flavor", "windows"));
    assertThat(windows.mountOptions(new MemfsType()))
        .containsEntry("pagePoolBytes", 0L)
        .containsKey("nameFolding");
    assertThat(windows.mountOptions(NOT_MEMFS)).isEmpty();
  }

  @Test
  void anUnsetPagePoolLeavesTheMemfsDefaultAndZeroIsPassedOn() {
    JkernfsConfig unset = JkernfsConfig.parse(Map.of("mounts", Map.of("/mnt", "memfs")));
    assertThat(unset.pagePoolBytes()).isNull();
    assertThat(unset.rootOptions()).doesNotContainKey("pagePoolBytes");
    assertThat(unset.mountOptions(new MemfsType())).doesNotContainKey("pagePoolBytes");

    // 0 turns the pool off: a setting, not an absence.
    JkernfsConfig none = JkernfsConfig.parse(Map.of("pagePoolBytes", 0L));
    assertThat(none.pagePoolBytes()).isZero();
    assertThat(none.rootOptions()).containsEntry("pagePoolBytes", 0L);
  }

  @Test
  void thePagePoolIsANumberOfBytesNotBelowZero() {
    // An Integer is taken as maxBytes takes it, and passed on as a Long.
    JkernfsConfig small = JkernfsConfig.parse(Map.of("pagePoolBytes", 8192));
    assertThat(small.pagePoolBytes()).isEqualTo(8192L);
    assertThat(small.rootOptions()).containsEntry("pagePoolBytes", 8192L);

    for (Object negative : List.of(-1L, -1)) {
      assertThatThrownBy(() -> JkernfsConfig.parse(Map.of("pagePoolBytes", negative)))
          .as("%s", negative)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("pagePoolBytes must be >= 0, was -1");
    }
    assertThatThrownBy(() -> JkernfsConfig.parse(Map.of("pagePoolBytes", "4096")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("pagePoolBytes must be a Long, was java.lang.String");
    assertThatThrownBy(() -> JkernfsConfig.parse(Map.of("pagePoolBytes", 4096.0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("pagePoolBytes must be a Long, was java.lang.Double");

    // Refused before anything is made: no filesystem takes the name.
    assertThatThrownBy(
            () -> Jkernfs.newFileSystem("page-pool-refused", Map.of("pagePoolBytes", -1L)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("pagePoolBytes must be >= 0, was -1");
    assertThatThrownBy(() -> FileSystems.getFileSystem(URI.create("kernfs://page-pool-refused/")))
        .isInstanceOf(FileSystemNotFoundException.class);
  }

  @Test
  void theBuilderSetsThePagePoolAndChecksIt() {
    JkernfsEnv base = Jkernfs.env().maxBytes(1 << 20);
    JkernfsEnv pooled = base.pagePoolBytes(64 * 1024);

    assertThat(pooled.toMap()).isEqualTo(Map.of("maxBytes", 1L << 20, "pagePoolBytes", 65_536L));
    assertThat(base.toMap()).isEqualTo(Map.of("maxBytes", 1L << 20));
    assertThat(Jkernfs.env().pagePoolBytes(0).toMap()).isEqualTo(Map.of("pagePoolBytes", 0L));
    assertThat(JkernfsConfig.parse(pooled.toMap()).rootOptions())
        .containsEntry("pagePoolBytes", 65_536L);
    assertThatThrownBy(() -> base.pagePoolBytes(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("pagePoolBytes must be >= 0, was -1");
  }

  // ---- the builder ----

  @Test
  void theBuilderMakesTheEnvMapAndLeavesItsBaseAlone() throws IOException {
    Clock clock = Clock.fixed(Instant.EPOCH, ZoneOffset.UTC);
    JkernfsEnv base = Jkernfs.env().workingDirectory("/work").user("alice", 1000);
    JkernfsEnv refined = base.user("bob", 1001).clock(clock).maxBytes(1 << 20).umask(027);

    assertThat(base.toMap())
        .isEqualTo(Map.of("workingDirectory", "/work", "users", Map.of("alice", 1000)));
    assertThat(refined.toMap())
        .isEqualTo(
            Map.of(
                "workingDirectory",
                "/work",
                "users",
                Map.of("alice", 1000, "bob", 1001),
                "clock",
                clock,
                "maxBytes",
                1L << 20,
                "umask",
                027));
    assertThat(Jkernfs.env().mount("/a", "memfs").mount("/a/b", "memfs").toMap())
        .isEqualTo(Map.of("mounts", Map.of("/a", "memfs", "/a/b", "memfs")));
    assertThatThrownBy(() -> refined.toMap().put("uid", 1))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThat(refined).isEqualTo(base.user("bob", 1001).clock(clock).maxBytes(1 << 20).umask(027));

    fs = refined.uid(1000).newFileSystem();
    Files.writeString(fs.getPath("f"), "x");
    assertThat(Files.getOwner(fs.getPath("/work/f")).getName()).isEqualTo("alice");
    assertThat(Files.getLastModifiedTime(fs.getPath("f"))).isEqualTo(FileTime.from(Instant.EPOCH));
  }

  @Test
  void theBuilderChecksEachSettingAsItIsMade() {
    assertThatThrownBy(() -> Jkernfs.env().workingDirectory("relative"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("workingDirectory");
    assertThatThrownBy(() -> Jkernfs.env().user("alice", 1).user("bob", 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("users");
    assertThatThrownBy(() -> Jkernfs.env().umask(01000))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("umask");
    assertThatThrownBy(() -> Jkernfs.env().leakMode("loud"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("leakMode");
  }

  /** Created, modified, accessed and changed, as the basic and unix views report them. */
  private static List<FileTime> times(Path path) throws IOException {
    BasicFileAttributes basic = Files.readAttributes(path, BasicFileAttributes.class);
    List<FileTime> times = new ArrayList<>();
    times.add(basic.creationTime());
    times.add(basic.lastModifiedTime());
    times.add(basic.lastAccessTime());
    times.add((FileTime) Files.getAttribute(path, "unix:ctime"));
    return times;
  }

  /** A clock that moves only when the test moves it. */
  private static final class HandClock extends Clock {
    private Instant now;

    HandClock(Instant start) {
      now = start;
    }

    FileTime time() {
      return FileTime.from(now);
    }

    FileTime advance(Duration by) {
      now = now.plus(by);
      return time();
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException();
    }
  }
}
