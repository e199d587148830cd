package dev.jkernfs.bench;

import com.github.marschall.memoryfilesystem.MemoryFileSystemBuilder;
import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import dev.jkernfs.nio.Jkernfs;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.util.List;
import java.util.Map;

/**
 * The filesystems every benchmark compares, by the name a JMH {@code @Param} carries: jkernfs and
 * the in-memory filesystems a user would pick instead, each in its Unix configuration.
 */
public final class Filesystems {
  /** jkernfs with its default settings (memfs root, leak checking as the JVM was started). */
  public static final String JKERNFS = "jkernfs";

  /** Google's jimfs 1.3.2, {@code Configuration.unix()}. */
  public static final String JIMFS = "jimfs";

  /** Philippe Marschall's memoryfilesystem 2.8.2, {@code MemoryFileSystemBuilder.newLinux()}. */
  public static final String MEMORYFILESYSTEM = "memoryfilesystem";

  /** Every name, jkernfs first. */
  public static final List<String> ALL = List.of(JKERNFS, JIMFS, MEMORYFILESYSTEM);

  private Filesystems() {}

  /** A new, empty filesystem of the kind {@code name}; the caller closes it. */
  public static FileSystem create(String name) throws IOException {
    return create(name, Map.of());
  }

  /**
   * A new, empty filesystem of the kind {@code name}, where jkernfs takes {@code jkernfsEnv} as its
   * {@code env} (as {@code Map.of("leakMode", "log")}); the peers have no such settings and ignore
   * it. The caller closes the filesystem.
   */
  public static FileSystem create(String name, Map<String, ?> jkernfsEnv) throws IOException {
    return switch (name) {
      case JKERNFS -> Jkernfs.newFileSystem(jkernfsEnv);
      case JIMFS -> Jimfs.newFileSystem(Configuration.unix());
      case MEMORYFILESYSTEM -> MemoryFileSystemBuilder.newLinux().build();
      default ->
          throw new IllegalArgumentException("unknown filesystem " + name + "; one of " + ALL);
    };
  }
}
