package dev.jkernfs.vfs;

/**
 * Receives the changes to the entries of one watched directory, as inotify delivers them. {@link
 * #changed} is called with filesystem locks held: it only records the event and returns.
 */
public interface DentryWatcher {
  /** What happened to an entry. */
  enum Change {
    CREATED,
    DELETED,
    MODIFIED
  }

  /**
   * An entry of the watched directory was created, deleted, or had its content or attributes
   * changed.
   */
  void changed(Change change, String name);

  /** The watched directory itself was deleted; no more events will come. */
  void watchedDirectoryGone();
}
