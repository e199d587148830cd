package dev.jkernfs.fuse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jkernfs.refs.LeakChecker;
import dev.jkernfs.refs.LeakMode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runnable jar's main: usage errors, and a mount that a host {@code umount} ends cleanly. Main
 * keeps the leak mode the test run chose ({@code throw}), so a leak fails these tests too.
 */
class MainTest {
  @TempDir Path host;

  @Test
  void refusesBadArguments() throws Exception {
    for (List<String> args :
        List.<List<String>>of(
            List.of(), List.of("a", "b"), List.of("--cache=x", "/mnt"), List.of("--bogus"))) {
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      int status =
          Main.run(
              args,
              new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
              new PrintStream(err, true, StandardCharsets.UTF_8));
      assertThat(status).as("%s", args).isEqualTo(2);
      assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("usage:");
    }
  }

  @Test
  void saysWhyItCannotMount() throws Exception {
    Files.createFile(host.resolve("occupied"));
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status =
        Main.run(
            List.of(host.toString()),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(status).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .isEqualTo(
            "jkernfs-fuse: cannot mount: java.nio.file.DirectoryNotEmptyException: "
                + host
                + System.lineSeparator());
  }

  @Test
  void servesProcUntilUnmountedAndReportsNoLeaks() throws Exception {
    assumeTrue(FuseMount.unavailableReason().isEmpty(), "FUSE is unavailable");
    Path mnt = Files.createDirectory(host.resolve("mnt"));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream printer = new PrintStream(out, true, StandardCharsets.UTF_8);
    CompletableFuture<Integer> status =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return Main.run(List.of(mnt.toString(), "--proc"), printer, printer);
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!out.toString(StandardCharsets.UTF_8).contains("unmounts")
        && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(Files.readString(mnt.resolve("proc/meminfo"))).contains("HeapUsed:");

    Process umount = new ProcessBuilder("umount", mnt.toString()).inheritIO().start();
    assertThat(umount.waitFor()).isZero();

    assertThat(status.get(30, TimeUnit.SECONDS)).isZero();
    assertThat(LeakChecker.mode()).isEqualTo(LeakMode.THROW);
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("mounted kernfs://", "(proc at " + mnt.resolve("proc") + ")")
        .contains("unmounted " + mnt + "; 0 leaked objects");
  }
}
