package dev.jkernfs.bench;

import dev.jkernfs.nio.Jkernfs;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Random;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What the leak checker costs a user who leaves it on: {@code createWriteDelete} on jkernfs with
 * leak mode {@code log} (every reference-counted object registered, a report on close) against
 * {@code disabled}. JMH runs each method in a JVM of its own, so each sets the JVM-wide mode.
 */
public class LeakCheckOverheadBenchmark extends BenchmarkDefaults {

  /** A jkernfs filesystem in one leak mode, with the file to create and its content. */
  @State(Scope.Benchmark)
  public abstract static class Cycle {
    private FileSystem fileSystem;
    private Path file;
    private final ByteBuffer content = ByteBuffer.wrap(new byte[4096]);

    abstract String leakMode();

    @Setup
    public void setUp() throws IOException {
      new Random(42).nextBytes(content.array());
      fileSystem = Jkernfs.newFileSystem(Map.of("leakMode", leakMode()));
      file = Files.createDirectories(fileSystem.getPath("/tmp/work")).resolve("scratch.bin");
    }

    @TearDown
    public void tearDown() throws IOException {
      fileSystem.close();
    }

    FileSystem fileSystem() {
      return fileSystem;
    }

    void run() throws IOException {
      try (SeekableByteChannel channel =
          Files.newByteChannel(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        content.clear();
        while (content.hasRemaining()) {
          channel.write(content);
        }
      }
      Files.delete(file);
    }
  }

  /** Leak checking on, reporting to the log. */
  public static class Logged extends Cycle {
    @Override
    String leakMode() {
      return "log";
    }
  }

  /** Leak checking off. */
  public static class Unchecked extends Cycle {
    @Override
    String leakMode() {
      return "disabled";
    }
  }

  @Benchmark
  public void leakCheckLog(Logged cycle) throws IOException {
    cycle.run();
  }

  @Benchmark
  public void leakCheckDisabled(Unchecked cycle) throws IOException {
    cycle.run();
  }
}
