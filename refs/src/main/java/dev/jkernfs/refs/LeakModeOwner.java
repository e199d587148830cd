package dev.jkernfs.refs;

/**
 * An owner of checked objects (a filesystem) whose objects follow a leak mode of its own rather
 * than the JVM-wide one.
 *
 * <p>The mode is read when each owned object is created and when a scope of this owner is verified,
 * so an owner's mode never changes what another owner's objects register or what a check of them
 * does.
 */
public interface LeakModeOwner {
  /** The mode of this owner's objects: its own, or {@link LeakChecker#mode()} if it has none. */
  LeakMode leakMode();
}
