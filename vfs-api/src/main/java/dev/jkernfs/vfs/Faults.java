package dev.jkernfs.vfs;

import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Deliberate bugs, for proving that the leak checker, the audit, the fuzz targets and the
 * linearizability checks find what they must. Each is off unless named in the system property
 * {@value #PROPERTY} (a comma-separated list) when this class loads; the flags are constants, so a
 * disabled fault costs nothing once compiled. Never set outside tests.
 */
public final class Faults {
  /** The system property naming the faults to switch on. */
  public static final String PROPERTY = "jkernfs.faults";

  private static final Set<String> ON =
      Arrays.stream(System.getProperty(PROPERTY, "").split(","))
          .map(name -> name.trim().toLowerCase(Locale.ROOT))
          .filter(name -> !name.isEmpty())
          .collect(Collectors.toUnmodifiableSet());

  /** A file replaced by a rename keeps the tree's reference on its dentry. */
  public static final boolean RENAME_VICTIM_KEPT = ON.contains("rename-victim-kept");

  /** A lookup that finds a cached dentry takes a reference it never drops. */
  public static final boolean CACHED_LOOKUP_EXTRA_REF = ON.contains("cached-lookup-extra-ref");

  /** A dentry created by a walk for a short-lived entry is never dropped. */
  public static final boolean DYNAMIC_DENTRY_NOT_DROPPED =
      ON.contains("dynamic-dentry-not-dropped");

  /** A dentry evicted from the cache keeps its reference on its parent. */
  public static final boolean EVICTION_KEEPS_PARENT = ON.contains("eviction-keeps-parent");

  /** Closing a file description does not release its mount. */
  public static final boolean CLOSE_KEEPS_MOUNT = ON.contains("close-keeps-mount");

  /**
   * A rename changes the dentry tree under the tree lock's write side without its sequence lock, so
   * a stat walking the tree without the lock can trust what it saw half-way through the rename. It
   * leaks nothing: only a check of the results against a sequential order catches it.
   */
  public static final boolean RENAME_SKIPS_SEQUENCE_LOCK =
      ON.contains("rename-skips-sequence-lock");

  /**
   * A call on an open file that a fault rule fails takes one more reference on the file
   * description, which nobody drops: the leak a careless error path makes.
   */
  public static final boolean INJECTED_FAULT_KEEPS_REFERENCE =
      ON.contains("injected-fault-keeps-reference");

  /**
   * A stat of a path whose walk was remembered trusts the memory without asking the tree's sequence
   * lock, so it finds a file that was removed or renamed meanwhile: only a check of the results
   * against a sequential order catches it.
   */
  public static final boolean REMEMBERED_WALK_UNVALIDATED =
      ON.contains("remembered-walk-unvalidated");

  /**
   * A page reused from a filesystem's pool of freed pages keeps its old bytes where a write does
   * not reach, so another file's bytes show through as the content of a hole.
   */
  public static final boolean POOLED_PAGE_NOT_ZEROED = ON.contains("pooled-page-not-zeroed");

  /** The names accepted in {@value #PROPERTY}. */
  public static final Set<String> NAMES =
      Set.of(
          "rename-victim-kept",
          "cached-lookup-extra-ref",
          "dynamic-dentry-not-dropped",
          "eviction-keeps-parent",
          "close-keeps-mount",
          "rename-skips-sequence-lock",
          "injected-fault-keeps-reference",
          "remembered-walk-unvalidated",
          "pooled-page-not-zeroed");

  static {
    for (String name : ON) {
      if (!NAMES.contains(name)) {
        throw new IllegalArgumentException(
            PROPERTY + ": unknown fault \"" + name + "\"; known: " + NAMES);
      }
    }
  }

  private Faults() {}
}
