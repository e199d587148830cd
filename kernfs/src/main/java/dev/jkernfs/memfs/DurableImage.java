package dev.jkernfs.memfs;

import dev.jkernfs.kernfs.Inode;
import dev.jkernfs.refs.LeakChecker;
import dev.jkernfs.refs.RefCounted;
import dev.jkernfs.refs.RefHolder;
import dev.jkernfs.vfs.Stat;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * What the disk of a memfs filesystem in durability mode {@code fsync} holds: each inode's
 * attributes as of its last fsync (or, never synced, as when a synced directory first named it),
 * and each directory's entries as of its last fsync. A file's content as of its last fsync is kept
 * by its {@link CopyOnWriteContent}. {@link #revertLocked} puts the live tree back to it, as a
 * power cut and a remount do; the rules are in {@link MemfsType#crash}.
 *
 * <p>A directory has one durable entry at most: the sync of a directory a subdirectory was moved
 * into also takes it out of the durable entries of the one it left, since on disk a directory has
 * one parent (journaling filesystems commit such a rename as one transaction).
 *
 * <p>References: the image holds one reference on each inode it has a record of, so that an inode
 * the live tree let go of (unlinked, removed, renamed over) stays alive while a durable entry names
 * it, to come back at a crash. A record goes when no durable entry names its inode and the inode
 * has no link left (nothing can name it again), at a crash if the root no longer reaches it, and
 * all records go when the filesystem is released.
 *
 * <p>Lock order: this object's monitor comes after every inode lock (a directory's children table,
 * a file's content lock, an inode's monitor). References are dropped outside it, since the last
 * drop of an inode releases it, which takes inode locks.
 */
final class DurableImage implements RefHolder {
  private final MemFilesystem fs;
  private final Inode root;
  private final Map<Inode, Record> records = new IdentityHashMap<>(); // guarded by this
  private boolean released; // guarded by this

  /**
   * Test-only fault: a crash keeps the references of the children it takes out of directories, the
   * missing drop the leak checker and the audit must catch. Never set outside tests.
   */
  volatile boolean loseReplacedChildren;

  /** One inode as the disk holds it. */
  private static final class Record {
    final Inode inode;

    /** Mode, owner and times; the size is the content's. */
    Stat attributes;

    /** A directory's entries as of its last sync, in listing order; null for other files. */
    Map<String, Inode> entries;

    /** How many durable entries name the inode. */
    int links;

    /** The directory whose durable entry names this directory, and that entry's name. */
    Inode parent;

    String name;

    Record(Inode inode) {
      this.inode = inode;
      this.attributes = attributesOf(inode);
      this.entries = inode instanceof MemDirectory ? new LinkedHashMap<>() : null;
    }
  }

  /** What a crash puts back into one inode. */
  private record Restore(Inode inode, Stat attributes, Map<String, Inode> entries, long links) {}

  /** Creates the image of a new filesystem: its root, empty. */
  DurableImage(MemFilesystem fs, MemDirectory root) {
    this.fs = fs;
    this.root = root;
    synchronized (this) {
      recordLocked(root);
    }
    LeakChecker.registerHolder(this);
  }

  /**
   * Saves the attributes of a file being synced; its content saves itself. Preconditions: the
   * file's content lock is held.
   */
  void saveAttributes(Inode file) {
    List<Inode> dropped = new ArrayList<>();
    synchronized (this) {
      if (released) {
        return;
      }
      Record record = recordLocked(file);
      record.attributes = attributesOf(file);
      dropIfGoneLocked(record, dropped); // a file synced after its last unlink
    }
    dropped.forEach(Inode::decRef);
  }

  /**
   * Saves a directory being synced: its attributes and {@code entries}, its children now. The
   * children it names for the first time are saved with their attributes as they are; a directory
   * among them leaves the durable entries of its old parent.
   */
  void saveDirectory(MemDirectory directory, Map<String, Inode> entries) {
    List<Inode> dropped = new ArrayList<>();
    synchronized (this) {
      if (released) {
        return;
      }
      Record record = recordLocked(directory);
      record.attributes = attributesOf(directory);
      Map<String, Inode> old = record.entries;
      record.entries = new LinkedHashMap<>(entries);
      // Unnamed first and named after, so that a child renamed within the directory is never
      // without a name in between and dropped.
      List<Record> unnamed = new ArrayList<>();
      old.forEach(
          (name, child) -> {
            if (entries.get(name) != child) {
              unnamed.add(unnameLocked(record, name, child));
            }
          });
      entries.forEach(
          (name, child) -> {
            if (old.get(name) != child) {
              nameLocked(record, name, child, unnamed);
            }
          });
      unnamed.add(record); // a directory synced after its removal
      for (Record child : unnamed) {
        dropIfGoneLocked(child, dropped);
      }
    }
    dropped.forEach(Inode::decRef);
  }

  /**
   * Drops the record of {@code inode}, which just lost a link, if nothing can name it again: no
   * durable entry names it and it has no link left.
   */
  void linkDropped(Inode inode) {
    if (inode.nlink() != 0) {
      return;
    }
    List<Inode> dropped = new ArrayList<>();
    synchronized (this) {
      Record record = records.get(inode);
      if (record != null) {
        dropIfGoneLocked(record, dropped);
      }
    }
    dropped.forEach(Inode::decRef);
  }

  /**
   * Puts the live tree back to what this image holds: each directory the root reaches through
   * durable entries gets those entries as its children, each inode it reaches its saved attributes
   * and link count, each file its synced content with what {@code seed} says reached the disk of
   * its unsynced changes. Whatever the root no longer reaches is let go of. Afterwards the image
   * holds exactly the live tree, as a remounted disk does.
   *
   * <p>Preconditions: the tree lock is held for writing; the filesystem is not released.
   *
   * @param seed tears unsynced writes as a device may have written them back; empty keeps none
   */
  void revertLocked(OptionalLong seed) {
    List<Restore> restores = new ArrayList<>();
    List<Inode> unreached = new ArrayList<>();
    synchronized (this) {
      if (released) {
        throw new IllegalStateException("the filesystem is released");
      }
      Map<Inode, Record> reached = reachedLocked();
      for (Iterator<Record> it = records.values().iterator(); it.hasNext(); ) {
        Record record = it.next();
        if (!reached.containsKey(record.inode)) {
          it.remove();
          unreached.add(record.inode);
        }
      }
      for (Record record : reached.values()) {
        restores.add(
            new Restore(
                record.inode,
                record.attributes,
                record.entries == null ? null : new LinkedHashMap<>(record.entries),
                linkCount(record)));
      }
    }
    List<Inode> replaced = new ArrayList<>();
    for (Restore restore : restores) {
      if (restore.inode() instanceof MemDirectory directory) {
        replaced.addAll(directory.replaceChildren(restore.entries()));
      }
    }
    for (Restore restore : restores) {
      if (restore.inode() instanceof RegularFile file) {
        file.revert(seed.isPresent() ? tear(seed.getAsLong(), file) : null);
      }
      restore.inode().restoreAttributes(restore.attributes(), restore.links());
    }
    if (!loseReplacedChildren) {
      replaced.forEach(Inode::decRef);
    }
    unreached.forEach(Inode::decRef);
  }

  /**
   * Syncs every directory and file the live tree reaches, as {@code sync(2)} does: for a filesystem
   * no one else is changing, such as one just set up.
   */
  void saveEverything(MemDirectory top) {
    ArrayDeque<MemDirectory> directories = new ArrayDeque<>();
    Map<Inode, Boolean> seen = new IdentityHashMap<>();
    directories.add(top);
    while (!directories.isEmpty()) {
      MemDirectory directory = directories.poll();
      directory.sync();
      for (Inode child : directory.childrenNow().values()) {
        if (seen.put(child, Boolean.TRUE) == null) {
          if (child instanceof MemDirectory subdirectory) {
            directories.add(subdirectory);
          } else {
            child.sync();
          }
        }
      }
    }
  }

  /** Drops every record, when the filesystem is released. */
  void release() {
    List<Inode> dropped;
    synchronized (this) {
      if (released) {
        return;
      }
      released = true;
      dropped = new ArrayList<>(records.keySet());
      records.clear();
    }
    LeakChecker.unregisterHolder(this);
    dropped.forEach(Inode::decRef);
  }

  /**
   * The records the root reaches through durable entries, the root first and each directory before
   * its entries, with their links counted anew. Preconditions: this object's monitor is held.
   */
  private Map<Inode, Record> reachedLocked() {
    Map<Inode, Record> reached = new LinkedHashMap<>();
    ArrayDeque<Record> directories = new ArrayDeque<>();
    Record top = records.get(root);
    top.links = 0;
    reached.put(root, top);
    directories.add(top);
    while (!directories.isEmpty()) {
      Record directory = directories.poll();
      for (Iterator<Map.Entry<String, Inode>> it = directory.entries.entrySet().iterator();
          it.hasNext(); ) {
        Map.Entry<String, Inode> entry = it.next();
        Record child = records.get(entry.getValue());
        if (reached.containsKey(child.inode) && child.entries != null) {
          // A second entry of a directory, which nameLocked never leaves: a guard, so that a
          // mistake there cannot give a directory two parents in the live tree.
          it.remove();
          continue;
        }
        if (!reached.containsKey(child.inode)) {
          child.links = 0;
          reached.put(child.inode, child);
          if (child.entries != null) {
            child.parent = directory.inode;
            child.name = entry.getKey();
            directories.add(child);
          }
        }
        child.links++;
      }
    }
    return reached;
  }

  /** The link count an inode has after a crash: its durable entries, and a directory's dots. */
  private static long linkCount(Record record) {
    if (record.entries == null) {
      return record.links;
    }
    long subdirectories =
        record.entries.values().stream().filter(child -> child instanceof MemDirectory).count();
    return 2 + subdirectories;
  }

  /**
   * The record of {@code inode}, made now (taking the image's reference) with its attributes as
   * they are if it has none. Preconditions: this object's monitor is held.
   */
  private Record recordLocked(Inode inode) {
    Record record = records.get(inode);
    if (record == null) {
      inode.incRef();
      record = new Record(inode);
      records.put(inode, record);
    }
    return record;
  }

  /**
   * Counts the new durable entry {@code name} of {@code directory}, naming {@code child}. A
   * directory named elsewhere leaves that entry, which goes to {@code unnamed}. Preconditions: this
   * object's monitor is held.
   */
  private void nameLocked(Record directory, String name, Inode child, List<Record> unnamed) {
    Record record = recordLocked(child);
    if (record.entries != null && record.parent != null) {
      Record oldParent = records.get(record.parent);
      if (oldParent != null && oldParent.entries.remove(record.name, child)) {
        unnamed.add(unnameLocked(oldParent, record.name, child));
      }
    }
    record.links++;
    if (record.entries != null) {
      record.parent = directory.inode;
      record.name = name;
    }
  }

  /**
   * Counts the durable entry {@code name} of {@code directory}, naming {@code child}, as gone (the
   * caller has taken it out of the entries). Preconditions: this object's monitor is held.
   *
   * @return the child's record
   */
  private Record unnameLocked(Record directory, String name, Inode child) {
    Record record = records.get(child);
    record.links--;
    if (record.parent == directory.inode && name.equals(record.name)) {
      record.parent = null;
      record.name = null;
    }
    return record;
  }

  /**
   * Drops {@code record} if nothing can name its inode again, with the records that only its
   * entries named, adding their inodes to {@code dropped} for the caller to release after
   * unlocking. Preconditions: this object's monitor is held.
   */
  private void dropIfGoneLocked(Record record, List<Inode> dropped) {
    ArrayDeque<Record> candidates = new ArrayDeque<>();
    candidates.add(record);
    while (!candidates.isEmpty()) {
      Record candidate = candidates.poll();
      if (candidate.links > 0
          || candidate.inode.nlink() > 0
          || candidate.inode == root
          || records.get(candidate.inode) != candidate) {
        continue;
      }
      records.remove(candidate.inode);
      dropped.add(candidate.inode);
      if (candidate.entries != null) {
        candidate.entries.forEach(
            (name, child) -> candidates.add(unnameLocked(candidate, name, child)));
        candidate.entries = Map.of();
      }
    }
  }

  /**
   * The seeded choice of one file's writeback, the same for a seed whatever else the crash does.
   */
  private static SplittableRandom tear(long seed, Inode file) {
    // split() mixes the state, so that neighbouring seeds, as a test sweeps them, choose unrelated
    // writebacks rather than one stream shifted by a step.
    return new SplittableRandom(seed ^ Long.reverse(file.ino())).split();
  }

  /** The attributes a record keeps: all but the size, which the content keeps. */
  private static Stat attributesOf(Inode inode) {
    return inode.stat(0, 0, inode.rdev());
  }

  @Override
  public String holderDescription() {
    return "durable image of " + fs.leakDescription();
  }

  @Override
  public synchronized void forEachHeldRef(Consumer<RefCounted> sink) {
    records.keySet().forEach(sink);
  }
}
