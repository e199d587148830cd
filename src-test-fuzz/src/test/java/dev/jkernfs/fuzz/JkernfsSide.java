package dev.jkernfs.fuzz;

import dev.jkernfs.nio.Jkernfs;
import dev.jkernfs.refs.LeakDetectedException;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The side under test: two fresh jkernfs filesystems per sequence, as one user with one umask, with
 * the work directories at {@code /s/p/p/w} and {@code /s/p/p/v}, the layout {@link
 * DefaultFilesystemSide} gives each sequence. What closing the filesystems reports (a leak) is part
 * of the snapshot.
 */
final class JkernfsSide implements LinuxSide {
  private final Map<String, Object> env;

  /**
   * @param uid the user the filesystems act as, or null for their default (root)
   * @param umask the umask of the reference side
   */
  JkernfsSide(Integer uid, int umask) {
    env = new HashMap<>();
    if (uid != null) {
      env.put("uid", uid);
      env.put("gid", uid);
    }
    env.put("umask", umask);
  }

  @Override
  public Result run(List<LinuxOp> ops) throws IOException {
    FileSystem first = Jkernfs.newFileSystem(env);
    FileSystem second = Jkernfs.newFileSystem(env);
    String snapshot;
    List<String> outcomes = new ArrayList<>();
    try {
      Path rootA = Files.createDirectories(first.getPath("/s/p/p/w"));
      Path rootB = Files.createDirectories(second.getPath("/s/p/p/v"));
      Map<String, String> replacements = new LinkedHashMap<>();
      replacements.put(rootA.toString(), "ROOT_A");
      replacements.put(rootB.toString(), "ROOT_B");
      LinuxWorld world = new LinuxWorld(rootA, rootB, replacements);
      try {
        for (LinuxOp op : ops) {
          outcomes.add(world.apply(op));
        }
        world.closeAll();
        snapshot = world.snapshot();
      } finally {
        world.closeAll();
      }
    } finally {
      String closing = close(first) + close(second);
      if (!closing.isEmpty()) {
        outcomes.add(closing);
      }
    }
    return new Result(outcomes, snapshot);
  }

  /** Closes {@code fs}; what it leaked, or nothing. */
  private static String close(FileSystem fs) throws IOException {
    try {
      fs.close();
      return Jkernfs.leakReport(fs).isClean() ? "" : "leaked: " + Jkernfs.leakReport(fs);
    } catch (LeakDetectedException e) {
      return "leaked: " + e.report();
    }
  }

  @Override
  public void close() {}
}
