package dev.jkernfs.proc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jkernfs.nio.Jkernfs;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The changes proc refuses, tried through {@code java.nio.file} on the host's own {@code /proc} and
 * on jkernfs's: each fails with the same exception class and reason on both.
 */
class HostProcDifferentialTest {
  @FunctionalInterface
  interface Change {
    void apply(Path proc) throws IOException;
  }

  private static final Map<String, Change> CHANGES = new LinkedHashMap<>();

  static {
    CHANGES.put("create a file", proc -> Files.createFile(proc.resolve("jkernfs-new")));
    CHANGES.put("create a directory", proc -> Files.createDirectory(proc.resolve("jkernfs-new")));
    CHANGES.put(
        "create a symlink",
        proc ->
            Files.createSymbolicLink(
                proc.resolve("jkernfs-new"), proc.getFileSystem().getPath("meminfo")));
    CHANGES.put(
        "create a hard link",
        proc -> Files.createLink(proc.resolve("jkernfs-new"), proc.resolve("meminfo")));
    CHANGES.put(
        "create a file in a subdirectory",
        proc -> Files.createFile(proc.resolve("fs/jkernfs-new")));
    CHANGES.put("create over an existing file", proc -> Files.createFile(proc.resolve("meminfo")));
    CHANGES.put("delete a file", proc -> Files.delete(proc.resolve("meminfo")));
    CHANGES.put("delete a directory", proc -> Files.delete(proc.resolve("fs")));
    CHANGES.put(
        "move to a new name", proc -> Files.move(proc.resolve("meminfo"), proc.resolve("jk-x")));
    CHANGES.put(
        "move over an existing file",
        proc -> Files.move(proc.resolve("uptime"), proc.resolve("meminfo")));
    CHANGES.put("truncate by writing", proc -> Files.writeString(proc.resolve("uptime"), ""));
  }

  private FileSystem kernfs;

  @BeforeEach
  void open() throws IOException {
    Assumptions.assumeTrue(
        Files.isRegularFile(Path.of("/proc/meminfo")), "the host has no Linux /proc");
    kernfs = Jkernfs.newFileSystem(Map.of("mounts", Map.of("/proc", "proc")));
  }

  @AfterEach
  void close() throws IOException {
    if (kernfs != null) {
      kernfs.close();
    }
  }

  @Test
  void refusedChangesFailAsOnTheHost() {
    List<String> divergences = new ArrayList<>();
    for (Map.Entry<String, Change> change : CHANGES.entrySet()) {
      String host = outcome(change.getValue(), FileSystems.getDefault().getPath("/proc"));
      String ours = outcome(change.getValue(), kernfs.getPath("/proc"));
      if (!host.equals(ours)) {
        divergences.add(change.getKey() + ": host " + host + ", jkernfs " + ours);
      }
    }
    assertThat(divergences).isEmpty();
  }

  private static String outcome(Change change, Path proc) {
    try {
      change.apply(proc);
      return "done";
    } catch (FileSystemException e) {
      return e.getClass().getSimpleName() + " " + e.getReason();
    } catch (IOException e) {
      return e.getClass().getSimpleName();
    }
  }
}
