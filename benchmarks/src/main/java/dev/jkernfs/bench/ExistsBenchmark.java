package dev.jkernfs.bench;

import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * {@code Files.exists} on a missing file in an existing directory. Up to JDK 19 this goes through
 * {@code checkAccess} and the provider's {@code NoSuchFileException}; from JDK 20 {@code
 * Files.exists} asks the provider's {@code exists} method, so the result depends on the JDK: run it
 * on both.
 */
@State(Scope.Benchmark)
public class ExistsBenchmark extends BenchmarkDefaults {
  @Param({Filesystems.JKERNFS, Filesystems.JIMFS, Filesystems.MEMORYFILESYSTEM})
  public String fs;

  private FileSystem fileSystem;
  private Path missing;

  @Setup
  public void setUp() throws IOException {
    fileSystem = Filesystems.create(fs);
    Path parent = Files.createDirectories(fileSystem.getPath("/data/logs"));
    missing = parent.resolve("missing.log");
  }

  @TearDown
  public void tearDown() throws IOException {
    fileSystem.close();
  }

  @Benchmark
  public boolean existsMissing() {
    return Files.exists(missing);
  }
}
