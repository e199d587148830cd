package dev.jkernfs.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Writes 64 MiB in 64 KiB chunks through one open {@code FileChannel}, then truncates the file to
 * zero, so that every operation grows the file from empty and frees what it wrote.
 */
@State(Scope.Benchmark)
public class WriteSequentialBenchmark extends BenchmarkDefaults {
  // memoryfilesystem 2.8.2 refuses files over 16 MB ("files bigger than 16MB not yet supported")
  @Param({Filesystems.JKERNFS, Filesystems.JIMFS})
  public String fs;

  @Param(ReadSequentialBenchmark.SIZE)
  public int bytes;

  @Param("65536")
  public int chunk;

  private FileSystem fileSystem;
  private FileChannel channel;
  private ByteBuffer block;

  @Setup
  public void setUp() throws IOException {
    fileSystem = Filesystems.create(fs);
    Path file = Files.createDirectories(fileSystem.getPath("/data")).resolve("output.bin");
    channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    block = ByteBuffer.wrap(ReadSequentialBenchmark.randomBytes(chunk));
  }

  @TearDown
  public void tearDown() throws IOException {
    channel.close();
    fileSystem.close();
  }

  @Benchmark
  public long writeSequential() throws IOException {
    for (long written = 0; written < bytes; written += chunk) {
      block.clear();
      while (block.hasRemaining()) {
        channel.write(block);
      }
    }
    long size = channel.size();
    channel.truncate(0);
    // FileChannel.truncate moves the position back to the new size; repeated for any provider that
    // does not
    channel.position(0);
    return size;
  }
}
