package dev.jkernfs.refs;

import java.util.Locale;

/** How much the leak checker records and what it does when it finds a leak. */
public enum LeakMode {
  /** Nothing is registered; an incRef/decRef pair costs one atomic add each. */
  DISABLED,
  /** Objects are registered; a verification that finds leaks logs them. */
  LOG,
  /** Objects are registered; a verification that finds leaks throws. */
  THROW,
  /** As {@link #THROW}, and every object records where it was created and last touched. */
  TRACE;

  /** The system property that selects the mode at startup. */
  public static final String PROPERTY = "jkernfs.refs.leakMode";

  /**
   * Parses a mode name, ignoring case.
   *
   * @throws IllegalArgumentException naming the accepted values if {@code name} is none of them
   */
  public static LeakMode parse(String name) {
    for (LeakMode mode : values()) {
      if (mode.name().equalsIgnoreCase(name.trim())) {
        return mode;
      }
    }
    throw new IllegalArgumentException(
        "unknown leak mode \"" + name + "\"; expected one of disabled, log, throw, trace");
  }

  boolean registers() {
    return this != DISABLED;
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
