package dev.jkernfs.nio;

import dev.jkernfs.vfs.FilesystemType;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.time.Clock;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The {@code env} of a new jkernfs filesystem, built one setting at a time: an immutable value
 * whose every method returns a copy with one more setting, so that a shared base can be refined per
 * test. {@link #toMap()} is the map {@code FileSystems.newFileSystem} takes, the one place the
 * settings are defined (see {@link Jkernfs} for the keys); each setting is checked as it is made,
 * with the {@link IllegalArgumentException} the map would give.
 *
 * <pre>{@code
 * FileSystem fs = Jkernfs.env()
 *     .workingDirectory("/work")
 *     .user("alice", 1000).group("staff", 50)
 *     .uid(1000).gid(50)
 *     .clock(Clock.fixed(Instant.parse("2024-01-01T00:00:00Z"), ZoneOffset.UTC))
 *     .newFileSystem();
 * }</pre>
 */
public final class JkernfsEnv {
  static final JkernfsEnv EMPTY = new JkernfsEnv(Map.of());

  private final Map<String, Object> settings; // unmodifiable, in the order they were made

  private JkernfsEnv(Map<String, Object> settings) {
    this.settings = settings;
  }

  /** This filesystem's own leak checker mode: {@code disabled}, {@code log}, {@code throw}, ... */
  public JkernfsEnv leakMode(String mode) {
    return with("leakMode", mode);
  }

  /** The byte quota of the root filesystem (ENOSPC beyond it). */
  public JkernfsEnv maxBytes(long bytes) {
    return with("maxBytes", bytes);
  }

  /** The inode quota of the root filesystem (ENOSPC beyond it). */
  public JkernfsEnv maxInodes(long inodes) {
    return with("maxInodes", inodes);
  }

  /** How many unused dentries each filesystem keeps cached. */
  public JkernfsEnv dentryCacheLimit(int limit) {
    return with("dentryCacheLimit", limit);
  }

  /**
   * The most bytes of freed file pages each memfs filesystem keeps for reuse by later writes
   * (default 4 MiB, 0 for none); pooled pages are not charged to {@link #maxBytes}, and the pool is
   * emptied when the filesystem closes.
   */
  public JkernfsEnv pagePoolBytes(long bytes) {
    return with("pagePoolBytes", bytes);
  }

  /** Mounts a filesystem of the type named {@code type} (as {@code "proc"}) at {@code point}. */
  public JkernfsEnv mount(String point, String type) {
    return withMount(point, type);
  }

  /** Mounts a filesystem of {@code type} at {@code point}. */
  public JkernfsEnv mount(String point, FilesystemType type) {
    return withMount(point, type);
  }

  /** The user whose permissions operations check (default 0, root). */
  public JkernfsEnv uid(int uid) {
    return with("uid", uid);
  }

  /** The group of that user (default 0). */
  public JkernfsEnv gid(int gid) {
    return with("gid", gid);
  }

  /** What created files and directories do not get of the permissions asked (default 022). */
  public JkernfsEnv umask(int umask) {
    return with("umask", umask);
  }

  /**
   * Where relative paths start (default {@code /}): an absolute path, made with its parents, by the
   * configured user, if it is missing.
   */
  public JkernfsEnv workingDirectory(String path) {
    return with("workingDirectory", path);
  }

  /** Names {@code uid} {@code name}, for the lookup service and the owner views. */
  public JkernfsEnv user(String name, int uid) {
    return withName("users", name, uid);
  }

  /** Names {@code gid} {@code name}, for the lookup service and the owner views. */
  public JkernfsEnv group(String name, int gid) {
    return withName("groups", name, gid);
  }

  /** Where every time the filesystem sets comes from (default the system clock). */
  public JkernfsEnv clock(Clock clock) {
    return with("clock", Objects.requireNonNull(clock, "clock"));
  }

  /**
   * {@code "immediate"} (default): every change is durable as made; {@code "fsync"}: only what
   * fsync made durable survives {@link Jkernfs#crash}.
   */
  public JkernfsEnv durability(String durability) {
    return with("durability", Objects.requireNonNull(durability, "durability"));
  }

  /** Fault rules in force from the start; {@link Jkernfs#faults} adds and removes them later. */
  public JkernfsEnv faults(FaultRule... rules) {
    return with("faults", List.of(rules));
  }

  /**
   * The operating system the filesystem looks like: {@code "linux"} (default), {@code "windows"}
   * (Windows paths and roots, names that ignore case, the {@code dos} and {@code acl} views) or
   * {@code "macos"} (names that ignore case and Unicode normalization).
   */
  public JkernfsEnv flavor(String flavor) {
    return with("flavor", Objects.requireNonNull(flavor, "flavor"));
  }

  /**
   * The root directories of a Windows flavour (default {@code C:\}): drive roots ({@code C:\}) and
   * UNC roots ({@code \\host\share\}), listed in this order. Set the flavour first.
   */
  public JkernfsEnv roots(String... roots) {
    return with("roots", List.of(roots));
  }

  /** The settings as an unmodifiable {@code env} map. */
  public Map<String, Object> toMap() {
    return settings;
  }

  /** Creates a filesystem with these settings and a fresh unique name. */
  public FileSystem newFileSystem() throws IOException {
    return Jkernfs.newFileSystem(settings);
  }

  /** Creates the filesystem {@code kernfs://NAME/} with these settings. */
  public FileSystem newFileSystem(String name) throws IOException {
    return Jkernfs.newFileSystem(name, settings);
  }

  private JkernfsEnv with(String key, Object value) {
    Map<String, Object> changed = new LinkedHashMap<>(settings);
    changed.put(key, value);
    JkernfsConfig.parse(changed); // the env map's own checks, now rather than at creation
    return new JkernfsEnv(Collections.unmodifiableMap(changed));
  }

  private JkernfsEnv withMount(String point, Object type) {
    return with("mounts", withEntry("mounts", point, type));
  }

  private JkernfsEnv withName(String key, String name, int id) {
    return with(key, withEntry(key, name, id));
  }

  /** The map setting {@code key} with one more entry. */
  private Map<String, Object> withEntry(String key, String name, Object value) {
    Map<String, Object> entries = new LinkedHashMap<>();
    if (settings.get(key) instanceof Map<?, ?> existing) {
      existing.forEach((k, v) -> entries.put((String) k, v));
    }
    entries.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
    return Collections.unmodifiableMap(entries);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof JkernfsEnv that && that.settings.equals(settings);
  }

  @Override
  public int hashCode() {
    return settings.hashCode();
  }

  @Override
  public String toString() {
    return "JkernfsEnv" + settings;
  }
}
