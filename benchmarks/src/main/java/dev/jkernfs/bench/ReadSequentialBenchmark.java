package dev.jkernfs.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Reads a whole 64 MiB file through a {@code FileChannel} into a heap {@code ByteBuffer} of the
 * same size, next to {@code arraycopyBaseline}: one {@code System.arraycopy} of as many bytes
 * between two arrays, the most any in-heap filesystem could do.
 */
public class ReadSequentialBenchmark extends BenchmarkDefaults {
  /** The default file size, 64 MiB. */
  static final String SIZE = "67108864";

  /** A filesystem holding one file of {@code bytes} random bytes, and a buffer to read it into. */
  @State(Scope.Benchmark)
  public static class FileState {
    // memoryfilesystem 2.8.2 refuses files over 16 MB ("files bigger than 16MB not yet supported")
    @Param({Filesystems.JKERNFS, Filesystems.JIMFS})
    public String fs;

    @Param(SIZE)
    public int bytes;

    FileSystem fileSystem;
    Path file;
    ByteBuffer target;

    @Setup
    public void setUp() throws IOException {
      fileSystem = Filesystems.create(fs);
      file = Files.createDirectories(fileSystem.getPath("/data")).resolve("large.bin");
      Files.write(file, randomBytes(bytes));
      target = ByteBuffer.allocate(bytes);
    }

    @TearDown
    public void tearDown() throws IOException {
      fileSystem.close();
    }
  }

  /** Two arrays of {@code bytes} bytes. */
  @State(Scope.Benchmark)
  public static class ArrayState {
    @Param(SIZE)
    public int bytes;

    byte[] source;
    byte[] target;

    @Setup
    public void setUp() {
      source = randomBytes(bytes);
      target = new byte[bytes];
    }
  }

  @Benchmark
  public int readSequential(FileState state) throws IOException {
    ByteBuffer target = state.target.clear();
    try (FileChannel channel = FileChannel.open(state.file, StandardOpenOption.READ)) {
      while (target.hasRemaining() && channel.read(target) >= 0) {
        // read until the buffer is full or the file ends
      }
    }
    return target.position();
  }

  @Benchmark
  public byte[] arraycopyBaseline(ArrayState state) {
    System.arraycopy(state.source, 0, state.target, 0, state.bytes);
    return state.target;
  }

  static byte[] randomBytes(int count) {
    byte[] bytes = new byte[count];
    new Random(42).nextBytes(bytes);
    return bytes;
  }
}
