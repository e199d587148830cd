package dev.jkernfs.fuse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jkernfs.nio.FaultInjector;
import dev.jkernfs.nio.FaultRule;
import dev.jkernfs.nio.Jkernfs;
import dev.jkernfs.refs.LeakReport;
import dev.jkernfs.vfs.Errno;
import dev.jkernfs.vfs.FileOperation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fault rules seen by programs of the host through a FUSE mount: the VFS asks the rules, so a
 * program gets the injected errno from its system call, and the mount's {@code /proc} shows the
 * rules and the faults. Skipped where FUSE or libfuse 2 is missing.
 */
class FuseFaultInjectionTest {
  @TempDir Path host;

  private FileSystem fs;
  private FaultInjector faults;
  private Path mnt;
  private FuseMount mount;

  @BeforeEach
  void mount() throws IOException {
    Optional<String> unavailable = FuseMount.unavailableReason();
    assumeTrue(unavailable.isEmpty(), () -> "FUSE tests skipped: " + unavailable.orElseThrow());
    fs = Jkernfs.newFileSystem(Map.of("mounts", Map.of("/proc", "proc")));
    faults = Jkernfs.faults(fs);
    mnt = Files.createDirectory(host.resolve("mnt"));
    mount = FuseMount.mount(fs, mnt);
  }

  @AfterEach
  void unmountAndCheckNothingLeaked() throws IOException {
    if (fs == null) {
      return;
    }
    mount.close();
    fs.close();
    LeakReport leaks = Jkernfs.leakReport(fs);
    assertThat(leaks.isClean()).as("%s", leaks).isTrue();
  }

  @Test
  void programsGetTheInjectedErrnoFromTheirSystemCalls() throws Exception {
    Files.writeString(fs.getPath("/data"), "content\n");
    faults.add(FaultRule.on(FileOperation.READ).paths("/data").fail(Errno.EIO));
    faults.add(FaultRule.on(FileOperation.WRITE).paths("/full").fail(Errno.ENOSPC));
    faults.add(FaultRule.on(FileOperation.FORCE).fail(Errno.EIO));
    faults.add(FaultRule.on(FileOperation.CREATE).paths("/quota").fail(Errno.EDQUOT));
    faults.add(FaultRule.on(FileOperation.MKDIR).fail(Errno.EACCES));
    faults.add(FaultRule.on(FileOperation.RENAME).fail(Errno.EBUSY));
    faults.add(FaultRule.on(FileOperation.DELETE).fail(Errno.EPERM));

    assertThat(failing("cat data")).contains("cat: data: Input/output error");
    assertThat(failing("dd if=/dev/zero of=full bs=1k count=1"))
        .contains("dd: error writing 'full': No space left on device");
    assertThat(failing("sync data")).contains("sync: error syncing 'data': Input/output error");
    assertThat(failing("touch quota")).contains("touch: cannot touch 'quota': Disk quota exceeded");
    assertThat(failing("mkdir d"))
        .contains("mkdir: cannot create directory 'd': Permission denied");
    assertThat(failing("mv data moved"))
        .contains("mv: cannot move 'data' to 'moved': Device or resource busy");
    assertThat(failing("rm data")).contains("rm: cannot remove 'data': Operation not permitted");

    // Nothing half-done: what failed left the tree as it was (dd created full, then its write
    // failed).
    faults.clear();
    assertThat(Files.readString(fs.getPath("/data"))).isEqualTo("content\n");
    assertThat(Files.exists(fs.getPath("/quota"))).isFalse();
    assertThat(Files.exists(fs.getPath("/d"))).isFalse();
    assertThat(Files.exists(fs.getPath("/moved"))).isFalse();
    assertThat(Files.size(fs.getPath("/full"))).isZero();
    // The paths are those the VFS sees, the same through FUSE as through java.nio.file.
    assertThat(faults.log())
        .extracting(fault -> fault.operation() + " " + fault.path() + " " + fault.effect())
        .contains(
            "READ /data EIO",
            "WRITE /full ENOSPC",
            "FORCE /data EIO",
            "CREATE /quota EDQUOT",
            "MKDIR /d EACCES",
            "RENAME /data EBUSY",
            "DELETE /data EPERM");
  }

  @Test
  void theMountsProcShowsTheRulesAndTheFaults() throws Exception {
    Files.writeString(fs.getPath("/data"), "content\n");
    FaultInjector.ActiveRule rule =
        faults.add(FaultRule.on(FileOperation.READ).paths("/data").fail(Errno.EIO));

    assertThat(run("cat proc/fs/faults/rules"))
        .isEqualTo(rule.id() + " on=READ paths=/data fail=EIO matched=0 fired=0\n");
    assertThat(run("cat proc/fs/faults/log")).isEmpty();
    failing("cat data");

    // The kernel may read ahead and read again after a failed read ahead: one or more reads.
    assertThat(run("cat proc/fs/faults/rules"))
        .matches("1 on=READ paths=/data fail=EIO matched=(\\d+) fired=\\1\n");
    assertThat(run("cat proc/fs/faults/log"))
        .startsWith("1 rule=1 READ /data EIO\n")
        .satisfies(
            log ->
                assertThat(log.lines())
                    .allMatch(line -> line.matches("\\d+ rule=1 READ /data EIO")));
    rule.close();
    assertThat(run("cat proc/fs/faults/rules")).isEmpty();
    assertThat(run("cat data")).isEqualTo("content\n");
    assertThat(faults.log()).isNotEmpty().allMatch(fault -> fault.effect().equals("EIO"));
  }

  /** Runs a script in the mount that must succeed; returns its output. */
  private String run(String script) throws Exception {
    return runExpecting(script, true);
  }

  /** Runs a script in the mount that must fail; returns its output. */
  private String failing(String script) throws Exception {
    return runExpecting(script, false);
  }

  private String runExpecting(String script, boolean success) throws Exception {
    ProcessBuilder builder = new ProcessBuilder("bash", "-c", script);
    builder.environment().put("LC_ALL", "C");
    Process process = builder.directory(mnt.toFile()).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("%s finished", script).isTrue();
    assertThat(process.exitValue() == 0)
        .as("%s succeeded; output:%n%s", script, output)
        .isEqualTo(success);
    return output;
  }
}
