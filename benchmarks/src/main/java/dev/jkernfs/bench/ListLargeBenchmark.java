package dev.jkernfs.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/** Iterates a {@code DirectoryStream} over a directory of 100,000 empty files. */
@State(Scope.Benchmark)
public class ListLargeBenchmark extends BenchmarkDefaults {
  @Param({Filesystems.JKERNFS, Filesystems.JIMFS, Filesystems.MEMORYFILESYSTEM})
  public String fs;

  @Param("100000")
  public int entries;

  private FileSystem fileSystem;
  private Path directory;

  @Setup
  public void setUp() throws IOException {
    fileSystem = Filesystems.create(fs);
    directory = Files.createDirectories(fileSystem.getPath("/var/spool/large"));
    for (int i = 0; i < entries; i++) {
      Files.createFile(directory.resolve("entry-" + i));
    }
  }

  @TearDown
  public void tearDown() throws IOException {
    fileSystem.close();
  }

  @Benchmark
  public int listLarge(Blackhole blackhole) throws IOException {
    int count = 0;
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory)) {
      for (Path entry : stream) {
        blackhole.consume(entry);
        count++;
      }
    }
    return count;
  }
}
