package dev.jkernfs.fuse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jkernfs.nio.Jkernfs;
import dev.jkernfs.refs.LeakReport;
import dev.jkernfs.refs.LeakedObject;
import dev.jkernfs.vfs.Credentials;
import dev.jkernfs.vfs.OpenOptions;
import dev.jkernfs.vfs.ParsedPath;
import dev.jkernfs.vfs.PathOperation;
import dev.jkernfs.vfs.VirtualFilesystem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.ProviderMismatchException;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real programs of the host as clients of a mounted jkernfs filesystem. Skipped, with the reason,
 * where FUSE or libfuse 2 is missing; tests that need a program skip without it.
 */
class FuseMountTest {
  @TempDir Path host;

  private FileSystem fs;
  private Path mnt;
  private FuseMount mount;

  @BeforeEach
  void mount() throws IOException {
    Optional<String> unavailable = FuseMount.unavailableReason();
    assumeTrue(unavailable.isEmpty(), () -> "FUSE tests skipped: " + unavailable.orElseThrow());
    fs = Jkernfs.newFileSystem(Map.of("mounts", Map.of("/proc", "proc")));
    mnt = Files.createDirectory(host.resolve("mnt"));
    mount = FuseMount.mount(fs, mnt);
  }

  @AfterEach
  void unmountAndCheckNothingLeaked() throws IOException {
    if (fs == null) {
      return;
    }
    mount.close();
    assertThat(mount.isMounted()).isFalse();
    fs.close();
    LeakReport leaks = Jkernfs.leakReport(fs);
    assertThat(leaks.isClean()).as("%s", leaks).isTrue();
  }

  @Test
  void lsAndCatSeeWhatNioWrote() throws Exception {
    Files.writeString(fs.getPath("/hello.txt"), "hello from jkernfs\n");
    Files.createDirectories(fs.getPath("/a/b"));

    assertThat(sh("ls -la")).contains("hello.txt", " a\n", "proc");
    assertThat(sh("cat hello.txt")).isEqualTo("hello from jkernfs\n");
    assertThat(sh("stat -c '%s %F' hello.txt")).isEqualTo("19 regular file\n");
    assertThat(sh("stat -c %F a/b")).isEqualTo("directory\n");
  }

  @Test
  void nioSeesWhatShellWrote() throws Exception {
    sh(
        "mkdir -p x/y && printf 'abc' > x/y/f && ln -s y/f x/link && ln x/y/f x/hard && mkfifo x/fifo");

    assertThat(Files.readString(fs.getPath("/x/link"))).isEqualTo("abc");
    assertThat(Files.getAttribute(fs.getPath("/x/y/f"), "unix:nlink")).isEqualTo(2);
    assertThat(Files.isSymbolicLink(fs.getPath("/x/link"))).isTrue();
    assertThat(Files.readAttributes(fs.getPath("/x/fifo"), BasicFileAttributes.class).isOther())
        .isTrue();
  }

  @Test
  void aWatchServiceSeesWhatProgramsDoOnTheMount() throws Exception {
    Path dir = Files.createDirectory(fs.getPath("/watched"));
    try (WatchService watcher = fs.newWatchService()) {
      WatchKey key =
          dir.register(
              watcher,
              StandardWatchEventKinds.ENTRY_CREATE,
              StandardWatchEventKinds.ENTRY_MODIFY,
              StandardWatchEventKinds.ENTRY_DELETE);
      sh("echo x > watched/made && mv watched/made watched/moved && rm watched/moved");

      List<String> seen = new ArrayList<>();
      WatchKey signalled = watcher.poll(10, TimeUnit.SECONDS);
      assertThat(signalled).isSameAs(key);
      for (WatchEvent<?> event : signalled.pollEvents()) {
        seen.add(event.kind().name() + " " + event.context());
      }
      assertThat(seen)
          .contains("ENTRY_CREATE made", "ENTRY_DELETE made", "ENTRY_CREATE moved")
          .endsWith("ENTRY_DELETE moved");
    }
  }

  @Test
  void procFilesReadWithCat() throws Exception {
    assertThat(sh("cat proc/meminfo")).contains("HeapUsed:");
    assertThat(sh("cat proc/fs/dentry-state")).isNotBlank();
    assertThat(sh("ls proc/self")).isNotBlank();
  }

  @Test
  void copyTreeInAndOutWithCpAndDiff() throws Exception {
    Path tree = sampleTree(host.resolve("tree"));

    run(host, "cp -a tree " + mnt + "/copy && diff -r tree " + mnt + "/copy");
    run(host, "cp -a " + mnt + "/copy back && diff -r tree back");
    assertThat(sh("stat -c %a copy/private")).isEqualTo("600\n");
    assertThat(Files.readAllBytes(fs.getPath("/copy/data/big.bin")))
        .isEqualTo(Files.readAllBytes(tree.resolve("data/big.bin")));
  }

  @Test
  void findAndTarRoundTrip() throws Exception {
    sampleTree(host.resolve("tree"));
    run(host, "cp -a tree " + mnt + "/tree");

    String expected = run(host.resolve("tree"), "find . | sort");
    assertThat(sh("cd tree && find . | sort")).isEqualTo(expected);
    sh("tar cf - tree | (mkdir out && cd out && tar xf -) && diff -r tree out/tree");
    run(host, "tar cf - -C " + mnt + " tree | (mkdir back && cd back && tar xf -)");
    run(host, "diff -r tree back/tree");
  }

  @Test
  void gitInitAddCommitLog() throws Exception {
    assumeTrue(onPath("git"), "git is not installed");
    String log =
        sh(
            "git init -q repo && cd repo && git config user.email t@example.org"
                + " && git config user.name tester && echo one > f && git add f"
                + " && git commit -qm first && echo two >> f && git commit -qam second"
                + " && git log --format=%s && git status --porcelain && git fsck --strict --no-progress");
    assertThat(log).isEqualTo("second\nfirst\n");
  }

  @Test
  void sqlite3CreateInsertSelect() throws Exception {
    assumeTrue(onPath("sqlite3"), "sqlite3 is not installed");
    String sum =
        sh(
            "sqlite3 db.sqlite 'create table t(x integer); begin;"
                + " insert into t values(1),(2),(3); commit;' && sqlite3 db.sqlite 'select sum(x) from t;'");
    assertThat(sum).isEqualTo("6\n");
  }

  @Test
  void everyCallerHasItsOwnPermissions() throws Exception {
    assumeTrue(sh("id -u").equals("0\n"), "needs root to act as other users");
    assumeTrue(onPath("setpriv"), "setpriv is not installed");
    sh(
        "mkdir closed && echo secret > private && chmod 600 private"
            + " && echo shared > group && chown 0:4242 group && chmod 640 group");
    String nobody = "setpriv --reuid=65534 --regid=65534 ";

    assertThat(runStatus(mnt, nobody + "--clear-groups cat private")).contains("Permission denied");
    assertThat(runStatus(mnt, nobody + "--clear-groups cat group")).contains("Permission denied");
    assertThat(sh(nobody + "--groups=4242 cat group")).isEqualTo("shared\n");
    assertThat(runStatus(mnt, nobody + "--clear-groups touch closed/newfile"))
        .contains("Permission denied");
    sh("mkdir -m 1777 tmp && " + nobody + "--clear-groups touch tmp/mine");
    assertThat(sh("stat -c '%u:%g' tmp/mine")).isEqualTo("65534:65534\n");
  }

  @Test
  void setfattrAndGetfattrKeepUserAttributesThatNioSees() throws Exception {
    assumeTrue(onPath("setfattr") && onPath("getfattr"), "attr is not installed");
    sh("echo x > f && mkdir d && setfattr -n user.colour -v blue f && setfattr -n user.empty f");
    sh("setfattr -n user.tag -v 0x0001ff d");

    assertThat(sh("getfattr --only-values -n user.colour f")).isEqualTo("blue");
    // As getfattr prints them for the same file on tmpfs.
    assertThat(sh("getfattr -d -m - --absolute-names f"))
        .isEqualTo("# file: f\nuser.colour=\"blue\"\nuser.empty=\"\"\n\n");
    assertThat(Files.getAttribute(fs.getPath("/f"), "user:colour"))
        .isEqualTo("blue".getBytes(StandardCharsets.UTF_8));
    assertThat(Files.getAttribute(fs.getPath("/d"), "user:tag")).isEqualTo(new byte[] {0, 1, -1});

    Files.setAttribute(fs.getPath("/f"), "dos:hidden", true);
    assertThat(sh("getfattr -e hex --only-values -n user.DOSATTRIB f | od -An -c | tr -s ' '"))
        .isEqualTo(" 0 x 2 \\0\n");
    sh("setfattr -x user.colour f");
    assertThat(sh("getfattr -d --absolute-names f")).doesNotContain("colour");
    assertThat(runStatus(mnt, "getfattr -n user.colour f")).contains("No such attribute");
    assertThat(runStatus(mnt, "setfattr -n trusted.a -v 1 f")).contains("Operation not supported");
    assertThat(runStatus(mnt, "setfattr -n security.a -v 1 f")).contains("Operation not supported");
    sh("ln -s f link");
    assertThat(runStatus(mnt, "setfattr -h -n user.a -v 1 link"))
        .contains("Operation not permitted");
    // A value over 64 KiB, from a dump file, since no single argument may be that long.
    Path dump = host.resolve("big.dump");
    String restore =
        "(echo '# file: f'; printf 'user.big=0s'; head -c 65537 /dev/zero | base64 -w0; echo)"
            + (" > " + dump + " && setfattr --restore=" + dump);
    assertThat(runStatus(mnt, restore)).contains("Argument list too long");
  }

  @Test
  void cpArchiveCarriesUserAttributesInAndOut() throws Exception {
    assumeTrue(onPath("setfattr") && onPath("getfattr"), "attr is not installed");
    assumeTrue(
        runStatusCode(host, "touch probe && setfattr -n user.probe -v 1 probe") == 0,
        "the host's temporary directory keeps no user attributes");
    run(
        host,
        "mkdir -p tree/sub && echo x > tree/f && setfattr -n user.a -v 1 tree/f"
            + " && setfattr -n user.b -v two tree/sub && setfattr -n user.c -v 3 tree/f");
    run(host, "cp -a tree " + mnt + "/copy && cp -a " + mnt + "/copy back");

    String expected = run(host.resolve("tree"), "getfattr -R -d . | sort");
    assertThat(expected).contains("user.a=\"1\"", "user.b=\"two\"", "user.c=\"3\"");
    assertThat(sh("cd copy && getfattr -R -d . | sort")).isEqualTo(expected);
    assertThat(run(host.resolve("back"), "getfattr -R -d . | sort")).isEqualTo(expected);
  }

  @Test
  void anotherUserWritesOnlyTheAttributesOfFilesItMayWrite() throws Exception {
    assumeTrue(onPath("setfattr") && onPath("getfattr"), "attr is not installed");
    assumeTrue(sh("id -u").equals("0\n"), "needs root to act as other users");
    assumeTrue(onPath("setpriv"), "setpriv is not installed");
    sh("echo x > f && chmod 644 f && setfattr -n user.a -v 1 f && mkdir -m 1777 tmp");
    String nobody = "setpriv --reuid=65534 --regid=65534 --clear-groups ";

    assertThat(sh(nobody + "getfattr --only-values -n user.a f")).isEqualTo("1");
    assertThat(runStatus(mnt, nobody + "setfattr -n user.b -v 2 f")).contains("Permission denied");
    assertThat(runStatus(mnt, nobody + "setfattr -n user.b -v 2 tmp"))
        .contains("Operation not permitted");
    sh(nobody + "touch tmp/mine && " + nobody + "setfattr -n user.b -v 2 tmp/mine");
    assertThat(sh("getfattr --only-values -n user.b tmp/mine")).isEqualTo("2");
  }

  @Test
  void concurrentShellLoopsCreateRenameUnlink() throws Exception {
    sh("mkdir work");
    List<Process> loops = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      String script =
          "cd work && for n in $(seq 1 150); do echo $n > f"
              + i
              + "-$n"
              + " && mv f"
              + i
              + "-$n g"
              + i
              + "-$n && cat g"
              + i
              + "-$n > /dev/null"
              + " && rm g"
              + i
              + "-$n || exit 1; done";
      loops.add(
          new ProcessBuilder("bash", "-c", script).directory(mnt.toFile()).inheritIO().start());
    }
    for (Process loop : loops) {
      assertThat(loop.waitFor(120, TimeUnit.SECONDS)).isTrue();
      assertThat(loop.exitValue()).isZero();
    }
    assertThat(sh("ls -A work")).isEmpty();
  }

  @Test
  void aMountWithKernelCachingSeesItsOwnChangesAtOnce() throws Exception {
    Path cachedPoint = Files.createDirectory(host.resolve("cached"));
    try (FuseMount cached = FuseMount.mount(fs, cachedPoint, Duration.ofSeconds(30))) {
      run(cachedPoint, "mkdir d && echo 1 > d/f && mv d/f d/g && chmod 600 d/g");
      assertThat(run(cachedPoint, "ls d && stat -c %a d/g && cat d/g")).isEqualTo("g\n600\n1\n");
      assertThat(run(cachedPoint, "rm d/g && ls -A d")).isEmpty();
    }
  }

  @Test
  void statfsReportsTheQuota() throws Exception {
    Path point = Files.createDirectory(host.resolve("quota"));
    try (FileSystem small =
            Jkernfs.newFileSystem(Map.of("maxBytes", 8L << 20, "maxInodes", 1000L));
        FuseMount quota = FuseMount.mount(small, point)) {
      Files.write(small.getPath("/one-mib"), new byte[1 << 20]);
      String[] df = run(point, "stat -f -c '%S %b %a %c %d' .").trim().split(" ");
      long blockSize = Long.parseLong(df[0]);
      assertThat(Long.parseLong(df[1]) * blockSize).isEqualTo(8L << 20);
      assertThat(Long.parseLong(df[2]) * blockSize).isEqualTo(7L << 20);
      assertThat(df[3]).isEqualTo("1000");
      assertThat(Long.parseLong(df[4])).isBetween(990L, 999L);
      assertThat(runStatus(point, "head -c 8M /dev/zero > big"))
          .contains("No space left on device");
    }
  }

  @Test
  void closeReleasesFilesStillOpenInTheKernel() throws Exception {
    Files.writeString(fs.getPath("/held"), "x");
    Process holder =
        new ProcessBuilder("bash", "-c", "exec 3<held; echo open; exec sleep 60")
            .directory(mnt.toFile())
            .start();
    try {
      assertThat(new String(holder.getInputStream().readNBytes(5), StandardCharsets.UTF_8))
          .isEqualTo("open\n");
      assertThat(mount.openHandles()).isPositive();
      mount.close(); // busy: detached lazily, the handle released here
      assertThat(mount.openHandles()).isZero();
    } finally {
      holder.destroyForcibly().waitFor();
    }
  }

  @Test
  void whatAProgramSyncsThroughTheMountSurvivesAPowerCut() throws Exception {
    Path durableMnt = Files.createDirectory(host.resolve("durable"));
    FileSystem durable = Jkernfs.newFileSystem(Map.of("durability", "fsync"));
    try {
      FuseMount durableMount = FuseMount.mount(durable, durableMnt);
      // sync(1) fsyncs each file it is given, the directory included.
      run(durableMnt, "printf synced > kept && printf lost > empty && sync kept . && echo >> kept");

      Jkernfs.crash(durable);

      assertThat(durableMount.isMounted()).isFalse(); // as by a reboot
      assertThat(Files.readString(durable.getPath("/kept"))).isEqualTo("synced");
      assertThat(Files.readString(durable.getPath("/empty"))).isEmpty();
    } finally {
      durable.close();
    }
  }

  @Test
  void closingTheFilesystemUnmounts() throws Exception {
    fs.close();
    assertThat(mount.isMounted()).isFalse();
    assertThat(Files.exists(mnt.resolve("proc"))).isFalse();
  }

  @Test
  void leakReportNamesADescriptionAHandleStillHolds() throws Exception {
    // The twin of the clean reports above: a handle kept open must show in the report.
    Files.writeString(fs.getPath("/kept"), "x");
    VirtualFilesystem vfs = Jkernfs.virtualFilesystem(fs);
    Handles handles = new Handles();
    handles.add(
        vfs.open(
            new PathOperation(
                Credentials.root(), vfs.root(), vfs.root(), ParsedPath.parse("/kept"), true),
            OpenOptions.READ));

    assertThat(openFiles()).containsExactly("/kept r");
    assertThat(handles.closeAll()).isEqualTo(1);
    assertThat(openFiles()).isEmpty();
  }

  @Test
  void refusesWhatCannotBeMounted() throws Exception {
    Path file = Files.createFile(host.resolve("file"));
    assertThatThrownBy(() -> FuseMount.mount(fs, file)).isInstanceOf(NotDirectoryException.class);
    assertThatThrownBy(() -> FuseMount.mount(fs, host.resolve("missing")))
        .isInstanceOf(NoSuchFileException.class);
    assertThatThrownBy(() -> FuseMount.mount(fs, host))
        .isInstanceOf(DirectoryNotEmptyException.class)
        .hasMessage(host.toString());
    assertThatThrownBy(() -> FuseMount.mount(fs, fs.getPath("/")))
        .isInstanceOf(ProviderMismatchException.class);
    assertThatThrownBy(() -> FuseMount.mount(host.getFileSystem(), host))
        .isInstanceOf(ProviderMismatchException.class);
    assertThatThrownBy(() -> FuseMount.mount(fs, host, Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  // ---- helpers ----

  private List<String> openFiles() {
    return Jkernfs.leakReport(fs).leaks().stream()
        .filter(leak -> leak.type().equals("file"))
        .map(LeakedObject::description)
        .toList();
  }

  /** A tree with nested directories, empty and large files, a symlink and restrictive modes. */
  private static Path sampleTree(Path root) throws IOException {
    Random random = new Random(42);
    Files.createDirectories(root.resolve("data/nested/deeper"));
    Files.createDirectories(root.resolve("empty-dir"));
    Files.createFile(root.resolve("empty-file"));
    byte[] big = new byte[1 << 20];
    random.nextBytes(big);
    Files.write(root.resolve("data/big.bin"), big);
    for (int i = 0; i < 50; i++) {
      Files.writeString(
          root.resolve("data/nested/file-" + i + ".txt"), "line " + i + "\n".repeat(i));
    }
    Files.writeString(root.resolve("data/nested/deeper/ünïcödé name.txt"), "utf-8\n");
    Files.createSymbolicLink(root.resolve("link"), Path.of("data/nested/file-1.txt"));
    Files.writeString(root.resolve("private"), "secret\n");
    Files.setPosixFilePermissions(
        root.resolve("private"), PosixFilePermissions.fromString("rw-------"));
    return root;
  }

  private String sh(String script) throws Exception {
    return run(mnt, script);
  }

  private static String run(Path dir, String script) throws Exception {
    Process process = start(dir, script);
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("%s finished", script).isTrue();
    assertThat(process.exitValue()).as("exit status of %s; output:%n%s", script, output).isZero();
    return output;
  }

  /** Runs a script expected to fail; returns its output. */
  private static String runStatus(Path dir, String script) throws Exception {
    Process process = start(dir, script);
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as("exit status of %s", script).isNotZero();
    return output;
  }

  private static Process start(Path dir, String script) throws IOException {
    ProcessBuilder builder = new ProcessBuilder("bash", "-c", "set -o pipefail; " + script);
    builder.environment().put("LC_ALL", "C.UTF-8");
    return builder.directory(dir.toFile()).redirectErrorStream(true).start();
  }

  private static int runStatusCode(Path dir, String script) throws Exception {
    Process process = start(dir, script);
    process.getInputStream().readAllBytes();
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
    return process.exitValue();
  }

  private static boolean onPath(String program) throws Exception {
    return new ProcessBuilder("bash", "-c", "command -v " + program)
            .redirectErrorStream(true)
            .start()
            .waitFor()
        == 0;
  }
}
