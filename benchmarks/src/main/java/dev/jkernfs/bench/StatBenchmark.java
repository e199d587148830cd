package dev.jkernfs.bench;

import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * {@code Files.readAttributes(p, BasicFileAttributes.class)} on an existing file eight levels deep,
 * from one thread ({@code statDeep}) and from two threads on the same path ({@code statParallel},
 * whose score is the two threads' sum).
 */
@State(Scope.Benchmark)
public class StatBenchmark extends BenchmarkDefaults {
  @Param({Filesystems.JKERNFS, Filesystems.JIMFS, Filesystems.MEMORYFILESYSTEM})
  public String fs;

  private FileSystem fileSystem;
  private Path deep;

  @Setup
  public void setUp() throws IOException {
    fileSystem = Filesystems.create(fs);
    Path parent = fileSystem.getPath("/level1/level2/level3/level4/level5/level6/level7");
    Files.createDirectories(parent);
    deep = Files.createFile(parent.resolve("level8"));
  }

  @TearDown
  public void tearDown() throws IOException {
    fileSystem.close();
  }

  @Benchmark
  public BasicFileAttributes statDeep() throws IOException {
    return Files.readAttributes(deep, BasicFileAttributes.class);
  }

  @Benchmark
  @Threads(2)
  public BasicFileAttributes statParallel() throws IOException {
    return Files.readAttributes(deep, BasicFileAttributes.class);
  }
}
