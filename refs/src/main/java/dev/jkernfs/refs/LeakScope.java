package dev.jkernfs.refs;

import java.util.Objects;

/**
 * Which registered objects a check covers: all of them, those of one owner (a filesystem), or those
 * created since the scope was opened (a test).
 */
public final class LeakScope {
  private final String name;
  private final Object owner;
  private final long firstId;

  private LeakScope(String name, Object owner, long firstId) {
    this.name = name;
    this.owner = owner;
    this.firstId = firstId;
  }

  /** Every object registered in this JVM. */
  public static LeakScope global() {
    return new LeakScope("the JVM", null, 0);
  }

  /** The objects registered with {@code owner} as their owner. */
  public static LeakScope ownedBy(Object owner, String name) {
    return new LeakScope(name, Objects.requireNonNull(owner, "owner"), 0);
  }

  /** The objects registered from now on, by any owner. */
  public static LeakScope openNow(String name) {
    return new LeakScope(name, null, LeakChecker.nextId());
  }

  public String name() {
    return name;
  }

  /** The mode checks of this scope act by: the owner's, or the JVM-wide mode for other scopes. */
  public LeakMode mode() {
    return owner == null ? LeakChecker.mode() : LeakChecker.mode(owner);
  }

  boolean covers(Registration registration) {
    return registration.id >= firstId && (owner == null || owner == registration.owner);
  }

  @Override
  public String toString() {
    return name;
  }
}
