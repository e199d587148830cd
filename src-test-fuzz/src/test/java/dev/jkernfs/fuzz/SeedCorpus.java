package dev.jkernfs.fuzz;

import static dev.jkernfs.fuzz.KernfsInternalsTarget.Action.CHMOD;
import static dev.jkernfs.fuzz.KernfsInternalsTarget.Action.CONCURRENT_WALKS;
import static dev.jkernfs.fuzz.KernfsInternalsTarget.Action.CREATE;
import static dev.jkernfs.fuzz.KernfsInternalsTarget.Action.HOLD;
import static dev.jkernfs.fuzz.KernfsInternalsTarget.Action.MKDIR;
import static dev.jkernfs.fuzz.KernfsInternalsTarget.Action.MOUNT;
import static dev.jkernfs.fuzz.KernfsInternalsTarget.Action.OPEN;
import static dev.jkernfs.fuzz.KernfsInternalsTarget.Action.READ;
import static dev.jkernfs.fuzz.KernfsInternalsTarget.Action.RELEASE;
import static dev.jkernfs.fuzz.KernfsInternalsTarget.Action.RENAME;
import static dev.jkernfs.fuzz.KernfsInternalsTarget.Action.SET_CACHE_LIMIT;
import static dev.jkernfs.fuzz.KernfsInternalsTarget.Action.UNMOUNT;
import static dev.jkernfs.fuzz.KernfsInternalsTarget.Action.WALK_DYNAMIC;
import static dev.jkernfs.fuzz.NioAction.CHANNEL_READ;
import static dev.jkernfs.fuzz.NioAction.CHANNEL_TRUNCATE;
import static dev.jkernfs.fuzz.NioAction.CHANNEL_WRITE;
import static dev.jkernfs.fuzz.NioAction.CLOSE;
import static dev.jkernfs.fuzz.NioAction.CREATE_FILE;
import static dev.jkernfs.fuzz.NioAction.DELETE;
import static dev.jkernfs.fuzz.NioAction.DYNAMIC_WALK;
import static dev.jkernfs.fuzz.NioAction.FLIP;
import static dev.jkernfs.fuzz.NioAction.LINK;
import static dev.jkernfs.fuzz.NioAction.LIST;
import static dev.jkernfs.fuzz.NioAction.MOVE;
import static dev.jkernfs.fuzz.NioAction.OPEN_CHANNEL;
import static dev.jkernfs.fuzz.NioAction.OPEN_DIRECTORY;
import static dev.jkernfs.fuzz.NioAction.READ_DIRECTORY;
import static dev.jkernfs.fuzz.NioAction.READ_FILE;
import static dev.jkernfs.fuzz.NioAction.SET_PERMISSIONS;
import static dev.jkernfs.fuzz.NioAction.STAT;
import static dev.jkernfs.fuzz.NioAction.WRITE_FILE;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The hand-written seed inputs of each target: short scripts that reach the interesting corners
 * (replacing renames, unlinked but open files, kept directory streams, dynamic entries going away
 * under a walk, busy unmounts) so that fuzzing starts from there. {@link #main} writes them into
 * the committed inputs directories; they replay in every build.
 */
final class SeedCorpus {
  /** Move modes of {@link NioWorld#moveMode}. */
  private static final int PLAIN = 0;

  private static final int REPLACE = 1;
  private static final int ATOMIC = 2;

  /** Channel modes of {@link NioWorld#channelMode}. */
  private static final int READ_ONLY = 0;

  private static final int APPEND = 3;
  private static final int READ_WRITE_CREATE = 7;

  private SeedCorpus() {}

  static Map<String, byte[]> nioSequences() {
    Map<String, byte[]> seeds = new LinkedHashMap<>();
    seeds.put(
        "seed-unlinked-file-stays-readable",
        Scripts.nio(2, false)
            .nio(OPEN_CHANNEL, "/a", READ_WRITE_CREATE, 0)
            .nio(CHANNEL_WRITE, 0, 5, 0)
            .nio(DELETE, "/a")
            .nio(CHANNEL_READ, 0, 1, 0)
            .nio(STAT, "/a")
            .nio(CLOSE, 0)
            .encode());
    seeds.put(
        "seed-atomic-rename-over-open-file",
        Scripts.nio(1, true)
            .nio(OPEN_CHANNEL, "/a", READ_ONLY, 1)
            .nio(MOVE, "/b/a", "/a", ATOMIC)
            .nio(CHANNEL_READ, 1, 0, 0)
            .nio(READ_FILE, "/a")
            .nio(CLOSE, 1)
            .encode());
    seeds.put(
        "seed-links-and-symlinks",
        Scripts.nio(0, false)
            .nio(WRITE_FILE, "/a", 3, 0)
            .nio(LINK, "/a", "/b", 0)
            .symlink("/c", "/a")
            .nio(STAT, "/b")
            .nio(DELETE, "/a")
            .nio(READ_FILE, "/b")
            .nio(STAT, "/c", 1, 0)
            .encode());
    seeds.put(
        "seed-directory-stream-across-rename",
        Scripts.nio(3, false)
            .nio(NioAction.MKDIR, "/a")
            .nio(CREATE_FILE, "/a/a")
            .nio(OPEN_DIRECTORY, "/a", 0, 2)
            .nio(MOVE, "/a", "/b", PLAIN)
            .nio(READ_DIRECTORY, 2)
            .nio(DELETE, "/b/a")
            .nio(DELETE, "/b")
            .nio(CLOSE, 2)
            .encode());
    seeds.put(
        "seed-dynamic-entries-come-and-go",
        Scripts.nio(1, false)
            .nio(DYNAMIC_WALK, 4, 3, 0) // stat /dyn/numbers/3/leaf
            .nio(DYNAMIC_WALK, 3, 2, 1) // channel on /dyn/numbers/2
            .nio(FLIP, 2)
            .nio(FLIP, 3)
            .nio(DYNAMIC_WALK, 0, 3, 0)
            .nio(CHANNEL_READ, 1, 0, 0)
            .nio(DYNAMIC_WALK, 5, 0, 0) // list /dyn/numbers
            .nio(FLIP, 3)
            .nio(DYNAMIC_WALK, 2, 3, 0)
            .encode());
    seeds.put(
        "seed-across-mounts",
        Scripts.nio(0, true)
            .nio(MOVE, "/a", "/mnt/b", PLAIN)
            .nio(LINK, "/mnt/a", "/b/b", 0)
            .nio(MOVE, "/mnt/a", "/b/a", REPLACE)
            .nio(DELETE, "/mnt")
            .nio(LIST, "/mnt")
            .encode());
    return seeds;
  }

  static Map<String, byte[]> differentialAgainstJimfs() {
    Map<String, byte[]> seeds = new LinkedHashMap<>();
    seeds.put(
        "seed-write-append-truncate",
        Scripts.plain(2, false)
            .nio(WRITE_FILE, "/a", 5, 0)
            .nio(OPEN_CHANNEL, "/a", APPEND, 0)
            .nio(CHANNEL_WRITE, 0, 3, 9)
            .nio(CHANNEL_TRUNCATE, 0, 6, 0)
            .nio(CLOSE, 0)
            .nio(READ_FILE, "/a")
            .encode());
    seeds.put(
        "seed-renames-in-all-forms",
        Scripts.plain(1, true)
            .nio(MOVE, "/a", "/b/a", PLAIN)
            .nio(MOVE, "/a", "/b/a", REPLACE)
            .nio(MOVE, "/b/b", "/a", ATOMIC)
            .nio(MOVE, "/b", "/a/b", PLAIN)
            .nio(MOVE, "/c", "/c/a", REPLACE)
            .nio(LIST, "/b")
            .encode());
    seeds.put(
        "seed-links-symlinks-permissions",
        Scripts.plain(0, false)
            .nio(CREATE_FILE, "/a")
            .nio(LINK, "/a", "/b", 0)
            .symlink("/c", "b/c")
            .nio(WRITE_FILE, "/c", 2, 1)
            .nio(SET_PERMISSIONS, "/b", 0644 & 0xff, 1)
            .nio(STAT, "/a")
            .nio(DELETE, "/b")
            .nio(STAT, "/a", 1, 0)
            .encode());
    seeds.put(
        "seed-not-a-directory",
        Scripts.plain(3, false)
            .nio(CREATE_FILE, "/a")
            .nio(CREATE_FILE, "/a/a")
            .nio(LIST, "/a")
            .nio(NioAction.MKDIR, "/b")
            .nio(OPEN_DIRECTORY, "/b", 0, 0)
            .nio(READ_DIRECTORY, 0)
            .nio(READ_FILE, "/b")
            .encode());
    return seeds;
  }

  static Map<String, byte[]> kernfsInternals() {
    Map<String, byte[]> seeds = new LinkedHashMap<>();
    seeds.put(
        "seed-busy-unmount",
        Scripts.internals(1, 1)
            .internal(MOUNT, "/m", 0, 2) // memfs
            .internal(OPEN, "/m/a", 1, 0)
            .internal(UNMOUNT, "/m", 0, 0)
            .internal(RELEASE, 0, 0, 0)
            .internal(UNMOUNT, "/m", 0, 0)
            .encode());
    seeds.put(
        "seed-held-dynamic-dentry-invalidated",
        Scripts.internals(0, 1)
            .internal(WALK_DYNAMIC, 3, 3, 1) // getDentry /dyn/numbers/3
            .internal(KernfsInternalsTarget.Action.FLIP, 3, 0, 0)
            .internal(WALK_DYNAMIC, 1, 3, 0) // stat /dyn/numbers/3/leaf
            .internal(KernfsInternalsTarget.Action.FLIP, 3, 0, 0)
            .internal(WALK_DYNAMIC, 1, 3, 0)
            .internal(RELEASE, 1, 0, 0)
            .encode());
    seeds.put(
        "seed-cache-limits-change-under-walks",
        Scripts.internals(2, 3)
            .internal(WALK_DYNAMIC, 1, 1, 0)
            .internal(WALK_DYNAMIC, 1, 5, 0)
            .internal(WALK_DYNAMIC, 2, 4, 2)
            .internal(SET_CACHE_LIMIT, 1, 0, 0)
            .internal(SET_CACHE_LIMIT, 1, 3, 0)
            .internal(READ, 2, 0, 0)
            .internal(CONCURRENT_WALKS, 1, 2, 0)
            .encode());
    seeds.put(
        "seed-rename-over-held-dentry",
        Scripts.internals(1, 0)
            .internal(MKDIR, "/a", 0, 0)
            .internal(CREATE, "/a/a", 0, 0)
            .internal(CREATE, "/a/b", 0, 0)
            .internal(HOLD, "/a/b", 0, 3)
            .internal(RENAME, "/a/a", "/a/b", 0)
            .internal(CHMOD, "/a/b", 0600 & 0xff, 1)
            .internal(RELEASE, 3, 0, 0)
            .encode());
    seeds.put(
        "seed-switchboard-mounted-twice",
        Scripts.internals(0, 2)
            .internal(MOUNT, "/m", 1, 1) // a second switchboard
            .internal(HOLD, "/m/numbers/3/leaf", 0, 0)
            .internal(UNMOUNT, "/m", 1, 0) // detached while held
            .internal(WALK_DYNAMIC, 0, 3, 0)
            .internal(RELEASE, 0, 0, 0)
            .encode());
    return seeds;
  }

  static Map<String, byte[]> concurrentSequences() {
    Map<String, byte[]> seeds = new LinkedHashMap<>();
    seeds.put(
        "seed-two-threads-rename-and-walk",
        Scripts.concurrent(1, true, 2)
            .nio(MOVE, "/a", "/b/b", REPLACE)
            .nio(DYNAMIC_WALK, 4, 3, 0)
            .nio(MOVE, "/b/b", "/a", ATOMIC)
            .nio(DYNAMIC_WALK, 1, 1, 0)
            .nio(OPEN_CHANNEL, "/a", READ_ONLY, 0)
            .nio(FLIP, 1)
            .nio(DELETE, "/a")
            .nio(DYNAMIC_WALK, 4, 1, 0)
            .encode());
    seeds.put(
        "seed-three-threads-create-and-delete",
        Scripts.concurrent(0, false, 3)
            .nio(NioAction.MKDIR, "/a")
            .nio(WRITE_FILE, "/b", 4, 0)
            .nio(OPEN_DIRECTORY, "/a", 0, 1)
            .nio(CREATE_FILE, "/a/a")
            .nio(LINK, "/b", "/a/b", 0)
            .nio(READ_DIRECTORY, 1)
            .nio(DELETE, "/a/a")
            .nio(DELETE, "/b")
            .nio(CLOSE, 1)
            .encode());
    return seeds;
  }

  /**
   * Writes every seed into {@code src/test/resources/.../KernfsFuzzTestInputs/<target>/} under the
   * module directory given as the only argument (default: the working directory).
   */
  public static void main(String[] args) throws IOException {
    Path module = Paths.get(args.length > 0 ? args[0] : ".");
    Path inputs = module.resolve("src/test/resources/dev/jkernfs/fuzz/" + Harness.INPUTS);
    Map<String, Map<String, byte[]>> all = new LinkedHashMap<>();
    all.put("nioSequences", nioSequences());
    all.put("differentialAgainstJimfs", differentialAgainstJimfs());
    all.put("kernfsInternals", kernfsInternals());
    all.put("concurrentSequences", concurrentSequences());
    for (Map.Entry<String, Map<String, byte[]>> target : all.entrySet()) {
      Path dir = Files.createDirectories(inputs.resolve(target.getKey()));
      for (Map.Entry<String, byte[]> seed : target.getValue().entrySet()) {
        Files.write(dir.resolve(seed.getKey()), seed.getValue());
        System.out.println(target.getKey() + "/" + seed.getKey());
      }
    }
  }
}
