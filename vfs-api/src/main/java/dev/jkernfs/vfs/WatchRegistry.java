package dev.jkernfs.vfs;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The watchers of one mount namespace's directories, and the delivery of entry changes to them.
 *
 * <p>Each directory's watcher list is an immutable copy replaced on change, so delivery, which may
 * run under filesystem locks, reads it without a lock of its own. Until the first watcher arrives,
 * every notification returns at once.
 */
final class WatchRegistry {
  private final Map<Dentry, List<DentryWatcher>> watchers = new ConcurrentHashMap<>();
  private volatile boolean watched;

  void add(Dentry directory, DentryWatcher watcher) {
    watchers.compute(
        directory,
        (d, list) -> {
          List<DentryWatcher> copy = list == null ? new ArrayList<>() : new ArrayList<>(list);
          copy.add(watcher);
          return List.copyOf(copy);
        });
    watched = true;
  }

  void remove(Dentry directory, DentryWatcher watcher) {
    watchers.computeIfPresent(
        directory,
        (d, list) -> {
          List<DentryWatcher> copy = new ArrayList<>(list);
          copy.remove(watcher);
          return copy.isEmpty() ? null : List.copyOf(copy);
        });
  }

  boolean isWatched() {
    return watched;
  }

  void changed(Dentry directory, String name, DentryWatcher.Change change) {
    if (!watched) {
      return;
    }
    List<DentryWatcher> list = watchers.get(directory);
    if (list != null) {
      for (DentryWatcher watcher : list) {
        watcher.changed(change, name);
      }
    }
  }

  void gone(Dentry directory) {
    if (!watched) {
      return;
    }
    List<DentryWatcher> list = watchers.get(directory);
    if (list != null) {
      for (DentryWatcher watcher : list) {
        watcher.watchedDirectoryGone();
      }
    }
  }

  void modified(Dentry dentry) {
    if (!watched) {
      return;
    }
    Filesystem fs = dentry.filesystem();
    Dentry parent = fs.parentOf(dentry);
    if (parent != null) {
      changed(parent, fs.nameOf(dentry), DentryWatcher.Change.MODIFIED);
    }
  }
}
