package dev.jkernfs.nio;

import dev.jkernfs.memfs.MemfsType;
import dev.jkernfs.refs.LeakMode;
import dev.jkernfs.vfs.FilesystemType;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The settings of a new jkernfs filesystem, read from the {@code env} map of {@code
 * FileSystems.newFileSystem}. Every key is optional; an unknown key or a value of the wrong type is
 * an {@link IllegalArgumentException} naming the key.
 *
 * @param leakMode this filesystem's own leak checker mode, or null for the JVM-wide mode
 * @param maxBytes the root filesystem's byte quota, or null for none
 * @param maxInodes the root filesystem's inode quota, or null for none
 * @param dentryCacheLimit the dentry cache limit of every filesystem, or null for the default
 * @param pagePoolBytes the most bytes of freed file pages every memfs filesystem keeps for reuse,
 *     or null for the memfs default
 * @param mounts mount point to filesystem type (a name, or a {@code FilesystemType}), mounted
 *     parents first
 * @param uid the credentials' user
 * @param gid the credentials' group
 * @param umask removed from the permissions of created files and directories
 * @param durability {@code "immediate"} or {@code "fsync"}: the root filesystem's durability mode
 * @param workingDirectory where relative paths start, an absolute path; made at start if missing
 * @param users user names by uid, for the lookup service and the owner views ({@code root} is 0)
 * @param groups group names by gid, as {@code users}
 * @param clock where every time the filesystem sets comes from, or null for the system clock
 * @param faults fault rules in force from the start
 * @param flavor the operating system the filesystem looks like
 * @param roots the root directories of a Windows flavour, as paths print them
 */
record JkernfsConfig(
    LeakMode leakMode,
    Long maxBytes,
    Long maxInodes,
    Integer dentryCacheLimit,
    Long pagePoolBytes,
    Map<String, Object> mounts,
    int uid,
    int gid,
    int umask,
    String durability,
    String workingDirectory,
    Map<String, Integer> users,
    Map<String, Integer> groups,
    Clock clock,
    List<FaultRule> faults,
    Flavor flavor,
    List<String> roots) {
  private static final Set<String> KEYS =
      Set.of(
          "leakMode",
          "maxBytes",
          "maxInodes",
          "dentryCacheLimit",
          "pagePoolBytes",
          "mounts",
          "uid",
          "gid",
          "umask",
          "durability",
          "workingDirectory",
          "users",
          "groups",
          "clock",
          "faults",
          "flavor",
          "roots");

  static JkernfsConfig parse(Map<String, ?> env) {
    for (String key : env.keySet()) {
      if (!KEYS.contains(key)) {
        throw new IllegalArgumentException(
            "unknown key \"" + key + "\"; expected one of " + new java.util.TreeSet<>(KEYS));
      }
    }
    String leakMode = get(env, "leakMode", String.class);
    Long maxBytes = number(env, "maxBytes");
    Long maxInodes = number(env, "maxInodes");
    Integer cacheLimit = get(env, "dentryCacheLimit", Integer.class);
    if (cacheLimit != null && cacheLimit < 0) {
      throw new IllegalArgumentException("dentryCacheLimit must be >= 0, was " + cacheLimit);
    }
    Long pagePoolBytes = number(env, "pagePoolBytes");
    Integer uid = get(env, "uid", Integer.class);
    Integer gid = get(env, "gid", Integer.class);
    Integer umask = get(env, "umask", Integer.class);
    if (umask != null && (umask & ~0777) != 0) {
      throw new IllegalArgumentException(
          "umask must be within 0777, was " + Integer.toOctalString(umask));
    }
    if ((uid != null && uid < 0) || (gid != null && gid < 0)) {
      throw new IllegalArgumentException("uid and gid must be >= 0");
    }
    String durability = MemfsType.durability(env.get("durability"));
    String flavorName = get(env, "flavor", String.class);
    Flavor flavor = flavorName == null ? Flavor.LINUX : Flavor.parse(flavorName);
    List<String> roots = WindowsPathSyntax.roots(env.get("roots"), flavor);
    if (flavor == Flavor.WINDOWS && durability.equals(MemfsType.DURABILITY_FSYNC)) {
      // Every new name would be lost at a crash: only a directory's fsync makes it durable, and
      // the flavour refuses a channel on a directory, as the JDK on Windows does.
      throw new IllegalArgumentException(
          "durability: fsync is not available with flavor windows, where no directory can be"
              + " synced (FileChannel.open of a directory is refused, as on Windows); simulate"
              + " power cuts with flavor linux or macos");
    }
    LeakMode mode;
    try {
      mode = leakMode == null ? null : LeakMode.parse(leakMode);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("leakMode: " + e.getMessage(), e);
    }
    String workingDirectory = get(env, "workingDirectory", String.class);
    return new JkernfsConfig(
        mode,
        maxBytes,
        maxInodes,
        cacheLimit,
        pagePoolBytes,
        mounts(env.get("mounts"), flavor),
        uid == null ? 0 : uid,
        gid == null ? 0 : gid,
        umask == null ? 022 : umask,
        durability,
        workingDirectory == null
            ? WindowsPathSyntax.defaultWorkingDirectory(flavor, roots)
            : checkWorkingDirectory(workingDirectory, flavor),
        names(env, "users", "uid"),
        names(env, "groups", "gid"),
        get(env, "clock", Clock.class),
        faults(env.get("faults")),
        flavor,
        roots);
  }

  /** Whether the root filesystem keeps only what fsync made durable across a crash. */
  boolean tracksDurability() {
    return durability.equals(MemfsType.DURABILITY_FSYNC);
  }

  private static String checkWorkingDirectory(String path, Flavor flavor) {
    if (!flavor.isAbsolute(path) || path.indexOf('\0') >= 0) {
      throw new IllegalArgumentException(
          "workingDirectory must be an absolute path, was \"" + path + "\"");
    }
    for (String name : flavor.names(path)) {
      if (name.equals(".") || name.equals("..")) {
        throw new IllegalArgumentException(
            "workingDirectory must not contain . or .., was \"" + path + "\"");
      }
    }
    return path;
  }

  /**
   * Names by id: a Map of names to non-negative Integer ids, no id named twice; 0 is {@code root},
   * which is always known, and no other name.
   */
  private static Map<String, Integer> names(Map<String, ?> env, String key, String id) {
    Object value = env.get(key);
    if (value == null) {
      return Map.of();
    }
    if (!(value instanceof Map<?, ?> map)) {
      throw new IllegalArgumentException(
          key + " must be a Map of name to " + id + ", was " + value.getClass().getName());
    }
    Map<String, Integer> names = new LinkedHashMap<>();
    Map<Integer, String> byId = new HashMap<>();
    for (Map.Entry<?, ?> entry : map.entrySet()) {
      if (!(entry.getKey() instanceof String name)
          || name.isEmpty()
          || !(entry.getValue() instanceof Integer number)
          || number < 0) {
        throw new IllegalArgumentException(
            key + " must map a non-empty String name to an Integer " + id + " >= 0: " + entry);
      }
      if (name.equals("root") != (number == 0)) {
        throw new IllegalArgumentException(
            key + ": " + id + " 0 is root and root is " + id + " 0, not " + entry);
      }
      String other = byId.putIfAbsent(number, name);
      if (other != null) {
        throw new IllegalArgumentException(
            key + ": " + id + " " + number + " has two names, " + other + " and " + name);
      }
      names.put(name, number);
    }
    return Collections.unmodifiableMap(names);
  }

  /** The options of the root memfs: the quotas and durability, and those of every memfs. */
  Map<String, Object> rootOptions() {
    Map<String, Object> options = new HashMap<>();
    if (maxBytes != null) {
      options.put("maxBytes", maxBytes);
    }
    if (maxInodes != null) {
      options.put("maxInodes", maxInodes);
    }
    options.putAll(mountOptions(new MemfsType()));
    options.put("durability", durability);
    return options;
  }

  /**
   * The options a mounted filesystem of {@code type} gets: the cache limit, and for a memfs the
   * page pool and the flavour's name folding, so that its names compare as the root's do. Only a
   * memfs takes those two: any other type (as {@code proc}) rejects a key it does not know.
   */
  Map<String, Object> mountOptions(FilesystemType type) {
    Map<String, Object> options = new HashMap<>();
    if (dentryCacheLimit != null) {
      options.put("dentryCacheLimit", dentryCacheLimit);
    }
    if (type instanceof MemfsType) {
      // Only when set: absent, the memfs default applies.
      if (pagePoolBytes != null) {
        options.put("pagePoolBytes", pagePoolBytes);
      }
      if (flavor != Flavor.LINUX) {
        options.put("nameFolding", flavor.nameFolding());
      }
    }
    return options;
  }

  private static <T> T get(Map<String, ?> env, String key, Class<T> type) {
    Object value = env.get(key);
    if (value == null) {
      return null;
    }
    if (!type.isInstance(value)) {
      throw new IllegalArgumentException(
          key + " must be a " + type.getSimpleName() + ", was " + value.getClass().getName());
    }
    return type.cast(value);
  }

  private static Long number(Map<String, ?> env, String key) {
    Object value = env.get(key);
    if (value == null) {
      return null;
    }
    if (!(value instanceof Long || value instanceof Integer)) {
      throw new IllegalArgumentException(
          key + " must be a Long, was " + value.getClass().getName());
    }
    long number = ((Number) value).longValue();
    if (number < 0) {
      throw new IllegalArgumentException(key + " must be >= 0, was " + number);
    }
    return number;
  }

  private static Map<String, Object> mounts(Object value, Flavor flavor) {
    if (value == null) {
      return Map.of();
    }
    if (!(value instanceof Map<?, ?> map)) {
      throw new IllegalArgumentException(
          "mounts must be a Map of mount point to filesystem type, was "
              + value.getClass().getName());
    }
    List<Map.Entry<String, Object>> entries = new ArrayList<>();
    for (Map.Entry<?, ?> entry : map.entrySet()) {
      Object type = entry.getValue();
      if (!(entry.getKey() instanceof String point)
          || !(type instanceof String || type instanceof FilesystemType)) {
        throw new IllegalArgumentException(
            "mounts must map a String mount point to a type name or a FilesystemType: " + entry);
      }
      if (!flavor.isAbsolute(point)) {
        throw new IllegalArgumentException("mounts: mount point must be absolute: " + point);
      }
      entries.add(Map.entry(point, type));
    }
    // In the map's order, but parents before their children whatever the map's order is.
    entries.sort(Comparator.comparingInt(entry -> flavor.depth(entry.getKey())));
    Map<String, Object> ordered = new LinkedHashMap<>();
    entries.forEach(entry -> ordered.put(entry.getKey(), entry.getValue()));
    return ordered;
  }

  /** A List of rules, each a {@link FaultRule} or its text form. */
  private static List<FaultRule> faults(Object value) {
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof List<?> list)) {
      throw new IllegalArgumentException(
          "faults must be a List of FaultRule or String, was " + value.getClass().getName());
    }
    List<FaultRule> rules = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      Object rule = list.get(i);
      if (rule instanceof FaultRule given) {
        rules.add(given);
      } else if (rule instanceof String text) {
        try {
          rules.add(FaultRule.parse(text));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("faults[" + i + "]: " + e.getMessage(), e);
        }
      } else {
        throw new IllegalArgumentException(
            "faults["
                + i
                + "] must be a FaultRule or String, was "
                + (rule == null ? "null" : rule.getClass().getName()));
      }
    }
    return List.copyOf(rules);
  }
}
