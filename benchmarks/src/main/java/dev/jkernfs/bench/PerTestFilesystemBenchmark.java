package dev.jkernfs.bench;

import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * A filesystem for one test, as {@code @TempDir(factory = ...)} and jkernfs's JUnit extension give
 * every test its own: open a new filesystem, create 3 directories and 20 small files spread over
 * them (100 B to 1 KiB each), read every file back, close the filesystem. jkernfs runs with leak
 * mode {@code log}, so that its close checks what the test left alive, as a user who leaves the
 * checker on pays for it; the peers have no leak checker.
 */
@State(Scope.Benchmark)
public class PerTestFilesystemBenchmark extends BenchmarkDefaults {
  /** jkernfs's settings: its own leak checker on, reporting to the log. */
  static final Map<String, String> JKERNFS_ENV = Map.of("leakMode", "log");

  static final int DIRECTORIES = 3;
  static final int FILES = 20;
  private static final int MIN_BYTES = 100;
  private static final int MAX_BYTES = 1024;

  @Param({Filesystems.JKERNFS, Filesystems.JIMFS, Filesystems.MEMORYFILESYSTEM})
  public String fs;

  // Names and contents are made once, so that an operation spends its time in the filesystem.
  private final String[] directories = new String[DIRECTORIES];
  private final String[] files = new String[FILES];
  private final byte[][] contents = new byte[FILES][];

  @Setup
  public void setUp() {
    Random random = new Random(42);
    for (int d = 0; d < DIRECTORIES; d++) {
      directories[d] = "/dir" + d;
    }
    for (int f = 0; f < FILES; f++) {
      files[f] = directories[f % DIRECTORIES] + "/file" + f + ".txt";
      contents[f] = new byte[MIN_BYTES + random.nextInt(MAX_BYTES - MIN_BYTES + 1)];
      random.nextBytes(contents[f]);
    }
  }

  /** A new filesystem of the kind {@link #fs}, as each operation opens one. */
  FileSystem open() throws IOException {
    return Filesystems.create(fs, JKERNFS_ENV);
  }

  /** What a test does with its filesystem; returns the bytes it read back. */
  long useAsATestDoes(FileSystem fileSystem, Blackhole blackhole) throws IOException {
    for (String directory : directories) {
      Files.createDirectory(fileSystem.getPath(directory));
    }
    Path[] paths = new Path[FILES];
    for (int f = 0; f < FILES; f++) {
      paths[f] = Files.write(fileSystem.getPath(files[f]), contents[f]);
    }
    long read = 0;
    for (Path path : paths) {
      byte[] content = Files.readAllBytes(path);
      blackhole.consume(content);
      read += content.length;
    }
    return read;
  }

  /** The total size of the files each operation writes and reads back. */
  long bytesPerOperation() {
    long total = 0;
    for (byte[] content : contents) {
      total += content.length;
    }
    return total;
  }

  @Benchmark
  public long perTestFilesystem(Blackhole blackhole) throws IOException {
    try (FileSystem fileSystem = open()) {
      return useAsATestDoes(fileSystem, blackhole);
    }
  }
}
