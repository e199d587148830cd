package dev.jkernfs.memfs;

import dev.jkernfs.kernfs.KernfsFilesystem;
import dev.jkernfs.vfs.Filesystem;
import dev.jkernfs.vfs.FilesystemType;
import dev.jkernfs.vfs.NameFolding;
import dev.jkernfs.vfs.VirtualFilesystem;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The {@code memfs} filesystem type: a writable in-memory filesystem like Linux's tmpfs, the
 * default root of every jkernfs filesystem.
 *
 * <p>Options: {@code maxBytes} and {@code maxInodes} (numbers; unlimited if absent), {@code
 * dentryCacheLimit} (a number), {@code durability} ({@value #DURABILITY_IMMEDIATE}, the default, or
 * {@value #DURABILITY_FSYNC}; see {@link #crash}), {@code nameFolding} (a {@link NameFolding}: how
 * names are compared; {@link NameFolding#IDENTITY}, as Linux, if absent) and {@code pagePoolBytes}
 * (a number: the most bytes of freed file pages kept for later writes, 4 MiB if absent, 0 for none;
 * never used with durability {@value #DURABILITY_FSYNC}).
 */
public final class MemfsType implements FilesystemType {
  public static final String NAME = "memfs";

  /** Every change is durable as soon as it is made: no crash can lose it. */
  public static final String DURABILITY_IMMEDIATE = "immediate";

  /** Only what fsync made durable survives a {@link #crash}. */
  public static final String DURABILITY_FSYNC = "fsync";

  /** The values of the {@code durability} option. */
  public static final List<String> DURABILITIES = List.of(DURABILITY_IMMEDIATE, DURABILITY_FSYNC);

  private static final Set<String> OPTIONS =
      Set.of(
          "maxBytes",
          "maxInodes",
          "dentryCacheLimit",
          "durability",
          "nameFolding",
          "pagePoolBytes");

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Filesystem newFilesystem(VirtualFilesystem vfs, Map<String, ?> options) {
    for (String key : options.keySet()) {
      if (!OPTIONS.contains(key)) {
        throw new IllegalArgumentException("unknown memfs option: " + key);
      }
    }
    long maxBytes = longOption(options, "maxBytes", Long.MAX_VALUE);
    long maxInodes = longOption(options, "maxInodes", Long.MAX_VALUE);
    long cacheLimit =
        longOption(options, "dentryCacheLimit", KernfsFilesystem.DEFAULT_DENTRY_CACHE_LIMIT);
    if (cacheLimit > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("dentryCacheLimit too large: " + cacheLimit);
    }
    Object folding = options.get("nameFolding");
    if (folding != null && !(folding instanceof NameFolding)) {
      throw new IllegalArgumentException(
          "nameFolding must be a NameFolding, was " + folding.getClass().getName());
    }
    boolean fsync = DURABILITY_FSYNC.equals(durability(options.get("durability")));
    long pagePoolBytes = longOption(options, "pagePoolBytes", PagePool.DEFAULT_CAPACITY_BYTES);
    return new MemFilesystem(
        this,
        vfs,
        maxBytes,
        maxInodes,
        (int) cacheLimit,
        fsync,
        folding == null ? NameFolding.IDENTITY : (NameFolding) folding,
        pagePoolBytes);
  }

  /**
   * Checks a value of the {@code durability} option.
   *
   * @return the value, {@value #DURABILITY_IMMEDIATE} if null
   * @throws IllegalArgumentException naming the option and its values if it is none of them
   */
  public static String durability(Object value) {
    if (value == null) {
      return DURABILITY_IMMEDIATE;
    }
    if (!DURABILITIES.contains(value)) {
      throw new IllegalArgumentException(
          "durability must be one of "
              + DURABILITIES
              + ", was "
              + (value instanceof String ? "\"" + value + "\"" : value.getClass().getName()));
    }
    return (String) value;
  }

  /** Whether {@code fs} is a memfs filesystem created with {@code durability=fsync}. */
  public static boolean tracksDurability(Filesystem fs) {
    return fs instanceof MemFilesystem memfs && memfs.durable != null;
  }

  /**
   * Makes every file and directory of {@code fs} durable, as {@code sync(2)} does: for a filesystem
   * just set up (its mount points made, say), which nothing else is changing.
   *
   * @throws IllegalStateException unless {@link #tracksDurability}
   */
  public static void syncAll(Filesystem fs) {
    durableOrThrow(fs).syncAll();
  }

  /**
   * Reverts {@code fs} to what it would hold after a power cut and a remount: each file and
   * directory to its durable state, as the last fsyncs left it. The caller first closes every file
   * open on it, as a reboot does.
   *
   * <p>The model is strict, what POSIX promises and no more (ext4 and XFS often keep more, since a
   * journal commit carries every change made before it; nothing here relies on that):
   *
   * <ul>
   *   <li>A regular file's content, size and attributes survive as of its last fsync ({@code
   *       FileChannel.force}, either argument; a write through a channel opened with {@code SYNC}
   *       or {@code DSYNC}). A file never synced comes back empty.
   *   <li>A directory's entries survive as of its last fsync (a {@code FileChannel} opened on the
   *       directory for reading, then forced), with its own attributes. Nothing else makes a name
   *       durable: a created file, directory, symlink or node, a hard link, an unlink, an rmdir and
   *       each side of a rename are durable once the directory that changed is synced, and not
   *       before. A file or directory named for the first time by that sync has its attributes as
   *       they were then, and a directory no entries until it is synced itself.
   *   <li>So a created file needs an fsync of itself (content) and of its directory (name); an
   *       unlinked file comes back, with its synced content, until its directory is synced; a
   *       rename needs the new directory synced for the new name and the old one for the old name
   *       to go (a file with only the new directory synced comes back under both names, as two
   *       links); a directory moved to another parent is durable there once that parent is synced,
   *       which also takes it from its old parent, since on disk it has one parent; a truncate
   *       needs an fsync of the file; a hard link, of the directory it is in.
   *   <li>Link counts are those of the durable entries; anything the root no longer reaches through
   *       them is gone, as after a filesystem check.
   *   <li>With a seed, each file's unsynced changes are torn as a device may have written them
   *       back: of the 4096-byte blocks that differ from the synced ones, the seed keeps either the
   *       first few in offset order (then perhaps the new size) or any subset (and the new size or
   *       not); a new size without the blocks behind it reads as zeros. Directory entries are never
   *       torn. Without a seed nothing unsynced survives.
   *   <li>Afterwards the durable state is what the filesystem holds, as a remounted disk's is.
   * </ul>
   *
   * @param seed the seed that tears unsynced writes; empty to keep none of them
   * @throws IllegalStateException unless {@link #tracksDurability}, or if {@code fs} is released
   */
  public static void crash(Filesystem fs, OptionalLong seed) {
    durableOrThrow(fs).crash(seed);
  }

  private static MemFilesystem durableOrThrow(Filesystem fs) {
    if (!tracksDurability(fs)) {
      throw new IllegalStateException(
          fs.leakDescription()
              + " does not track durability: create it with the option durability="
              + DURABILITY_FSYNC);
    }
    return (MemFilesystem) fs;
  }

  private static long longOption(Map<String, ?> options, String key, long absent) {
    Object value = options.get(key);
    if (value == null) {
      return absent;
    }
    if (!(value instanceof Long || value instanceof Integer)) {
      throw new IllegalArgumentException(
          key + " must be a Long or Integer, was " + value.getClass().getName());
    }
    long number = ((Number) value).longValue();
    if (number < 0) {
      throw new IllegalArgumentException(key + " must not be negative, was " + number);
    }
    return number;
  }
}
