package dev.jkernfs.refs;

/**
 * An object whose lifetime the leak checker follows: registered when created, unregistered when
 * destroyed, reported if still registered when its scope is checked.
 */
public interface CheckedObject {
  /** The kind of object, as it should appear in reports: {@code "dentry"}, {@code "inode"}. */
  String refType();

  /**
   * What this object is, for the person reading a leak report: a dentry's path, a file
   * description's path and flags. Called only when a report is written, possibly after the object
   * has changed, so it must not throw.
   */
  String leakDescription();

  /** Whether {@link LeakMode#TRACE} records the call sites of this object's ref operations. */
  default boolean traceRefs() {
    return true;
  }
}
