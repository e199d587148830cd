package dev.jkernfs.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
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

/** The life of a small file: create it, write 4 KiB (or 64 bytes), close it, delete it. */
@State(Scope.Benchmark)
public class CreateWriteDeleteBenchmark extends BenchmarkDefaults {
  @Param({Filesystems.JKERNFS, Filesystems.JIMFS, Filesystems.MEMORYFILESYSTEM})
  public String fs;

  @Param({"4096", "64"})
  public int bytes;

  private FileSystem fileSystem;
  private Path file;
  private ByteBuffer content;

  @Setup
  public void setUp() throws IOException {
    fileSystem = Filesystems.create(fs);
    file = Files.createDirectories(fileSystem.getPath("/tmp/work")).resolve("scratch.bin");
    byte[] data = new byte[bytes];
    new Random(42).nextBytes(data);
    content = ByteBuffer.wrap(data);
  }

  @TearDown
  public void tearDown() throws IOException {
    fileSystem.close();
  }

  @Benchmark
  public void createWriteDelete() throws IOException {
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
