package dev.jkernfs.nio;

import static dev.jkernfs.vfs.FileOperation.FORCE;
import static dev.jkernfs.vfs.FileOperation.RENAME;
import static dev.jkernfs.vfs.FileOperation.WRITE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jkernfs.vfs.Errno;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An injected error against the same error from the host: where Linux gives an error on demand
 * ({@code /dev/full} fills on every write, {@code /dev/null} refuses {@code fsync}, {@code /tmp}
 * and {@code /dev/shm} are two devices), the JDK's own provider meets it and jkernfs meets the
 * injected one through the same calls, and both must answer alike: same exception class, same
 * reason, the files named in the same places.
 */
class InjectedErrorDifferentialTest {
  @TempDir Path hostDir;

  private FileSystem fs;
  private FaultInjector faults;

  @BeforeEach
  void open() throws IOException {
    fs = Jkernfs.newFileSystem(Map.of());
    faults = Jkernfs.faults(fs);
  }

  @AfterEach
  void close() throws IOException {
    fs.close();
  }

  /** A way to use a file, made once on the host's file and once on jkernfs's. */
  @FunctionalInterface
  private interface Use {
    void on(Path file, Path other) throws IOException;
  }

  private static final List<Use> WRITES =
      List.of(
          (file, other) -> Files.write(file, new byte[10]),
          (file, other) -> Files.writeString(file, "x"),
          (file, other) -> Files.write(file, List.of("a", "b")),
          (file, other) -> {
            try (OutputStream out = Files.newOutputStream(file)) {
              out.write(new byte[100_000]);
            }
          },
          (file, other) -> {
            try (Writer out = Files.newBufferedWriter(file)) {
              out.write("x");
            }
          },
          (file, other) -> {
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
              channel.write(ByteBuffer.allocate(10));
            }
          },
          (file, other) -> {
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
              channel.write(new ByteBuffer[] {ByteBuffer.allocate(1), ByteBuffer.allocate(2)});
            }
          });

  @Test
  void writesToAFullDeviceAndInjectedEnospcFailAlike() throws IOException {
    faults.add(FaultRule.on(WRITE).fail(Errno.ENOSPC));
    Path ours = Files.createFile(fs.getPath("/full"));

    for (Use use : WRITES) {
      assertThat(outcome(use, ours, null)).isEqualTo(outcome(use, Path.of("/dev/full"), null));
    }
    assertThat(outcome(WRITES.get(0), ours, null))
        .isEqualTo("java.io.IOException: No space left on device");
  }

  @Test
  void fsyncOfADeviceAndInjectedEinvalFailAlike() throws IOException {
    faults.add(FaultRule.on(FORCE).fail(Errno.EINVAL));
    Path ours = Files.createFile(fs.getPath("/null"));
    List<Use> forces =
        List.of(
            (file, other) -> {
              try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                channel.force(true);
              }
            },
            (file, other) -> {
              try (FileChannel channel = FileChannel.open(file, StandardOpenOption.APPEND)) {
                channel.force(false);
              }
            });

    for (Use use : forces) {
      assertThat(outcome(use, ours, null)).isEqualTo(outcome(use, Path.of("/dev/null"), null));
    }
    assertThat(outcome(forces.get(0), ours, null))
        .isEqualTo("java.io.IOException: Invalid argument");
  }

  @Test
  void renamesAcrossDevicesAndInjectedExdevMoveAlike() throws IOException {
    Path otherDevice = Files.createTempDirectory(Path.of("/dev/shm"), "jkernfs-faults");
    try {
      assumeTrue(
          !Files.getAttribute(hostDir, "unix:dev")
              .equals(Files.getAttribute(otherDevice, "unix:dev")),
          "the temporary directory and /dev/shm are one device here");
      faults.add(FaultRule.on(RENAME).fail(Errno.EXDEV));
      Use atomicMove = (file, other) -> Files.move(file, other, StandardCopyOption.ATOMIC_MOVE);
      Use move = (file, other) -> Files.move(file, other);

      Path hostFile = Files.writeString(hostDir.resolve("f"), "content");
      Path ourFile = Files.writeString(fs.getPath("/f"), "content");
      assertThat(outcome(atomicMove, ourFile, fs.getPath("/g")))
          .isEqualTo(outcome(atomicMove, hostFile, otherDevice.resolve("g")))
          .isEqualTo(
              "java.nio.file.AtomicMoveNotSupportedException: FILE -> OTHER: Invalid cross-device"
                  + " link file=FILE other=OTHER");
      assertThat(outcome(move, ourFile, fs.getPath("/g")))
          .isEqualTo(outcome(move, hostFile, otherDevice.resolve("g")))
          .isEqualTo("ok");
      assertThat(Files.readString(otherDevice.resolve("g"))).isEqualTo("content");
      assertThat(Files.readString(fs.getPath("/g"))).isEqualTo("content");
      assertThat(Files.exists(ourFile)).isFalse();
    } finally {
      Files.deleteIfExists(otherDevice.resolve("g"));
      Files.delete(otherDevice);
    }
  }

  /**
   * What {@code use} did: "ok", or the exception's class and message with the files it names
   * replaced by FILE and OTHER, so that a host's answer compares with jkernfs's.
   */
  private static String outcome(Use use, Path file, Path other) {
    try {
      use.on(file, other);
      return "ok";
    } catch (IOException | RuntimeException e) {
      List<String> parts = new ArrayList<>();
      parts.add(e.getClass().getName() + ": " + e.getMessage());
      if (e instanceof FileSystemException failed) {
        parts.add("file=" + named(failed.getFile(), file, other));
        parts.add("other=" + named(failed.getOtherFile(), file, other));
      }
      return String.join(" ", parts)
          .replace(file.toString(), "FILE")
          .replace(String.valueOf(other), "OTHER");
    }
  }

  private static String named(String name, Path file, Path other) {
    if (name == null) {
      return "none";
    }
    return name.equals(file.toString())
        ? "FILE"
        : name.equals(String.valueOf(other)) ? "OTHER" : name;
  }
}
