package dev.jkernfs.fuzz;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The reference side: the JDK's own provider, in work directories under two base directories that
 * should lie on two Linux filesystems. It runs in whatever JVM creates it, with that process's
 * credentials and umask; {@link LinuxSideServer} runs it in a JVM of another user.
 *
 * <p>Each sequence gets its work directories three levels below a fresh directory of its own,
 * {@code BASE/sN/p/p/w} (and {@code .../v} for {@code B}), the layout the jkernfs side has at its
 * root, so that symlinks that climb out of a work directory still land in the sequence's own
 * directories.
 */
final class DefaultFilesystemSide implements LinuxSide {
  private final Path baseA;
  private final Path baseB;
  private int sequences;

  DefaultFilesystemSide(Path baseA, Path baseB) {
    this.baseA = baseA;
    this.baseB = baseB;
  }

  @Override
  public Result run(List<LinuxOp> ops) throws IOException {
    String container = "s" + sequences++;
    Path rootA = Files.createDirectories(baseA.resolve(container).resolve("p/p/w"));
    Path rootB = Files.createDirectories(baseB.resolve(container).resolve("p/p/v"));
    Map<String, String> replacements = new LinkedHashMap<>();
    replacements.put(rootA.toString(), "ROOT_A");
    replacements.put(rootB.toString(), "ROOT_B");
    replacements.put(baseA.resolve(container).toString(), "/s");
    replacements.put(baseB.resolve(container).toString(), "/s");
    LinuxWorld world = new LinuxWorld(rootA, rootB, replacements);
    try {
      List<String> outcomes = new ArrayList<>();
      for (LinuxOp op : ops) {
        outcomes.add(world.apply(op));
      }
      world.closeAll();
      return new Result(outcomes, world.snapshot());
    } finally {
      world.closeAll();
      deleteTree(baseA.resolve(container));
      deleteTree(baseB.resolve(container));
    }
  }

  /** The umask of this process, read from the permissions of a directory it creates. */
  int umask() throws IOException {
    // Not createTempDirectory: it asks for rwx------ whatever the umask.
    Path probe =
        Files.createDirectory(baseA.resolve("umask-probe-" + ProcessHandle.current().pid()));
    try {
      int mode = (Integer) Files.getAttribute(probe, "unix:mode") & 0777;
      return 0777 & ~mode;
    } finally {
      Files.delete(probe);
    }
  }

  /**
   * Deletes {@code path} and everything in it, giving each directory back the permissions to do so
   * first: a sequence may have left one unreadable or unwritable.
   */
  static void deleteTree(Path path) throws IOException {
    if (!Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
      Files.deleteIfExists(path);
      return;
    }
    try {
      Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwx------"));
    } catch (IOException e) {
      // not ours to change: deleting what is inside fails and says why
    }
    List<Path> children = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(path)) {
      entries.forEach(children::add);
    }
    for (Path child : children) {
      deleteTree(child);
    }
    Files.delete(path);
  }

  @Override
  public void close() {}
}
