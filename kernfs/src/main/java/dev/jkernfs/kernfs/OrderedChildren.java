package dev.jkernfs.kernfs;

import dev.jkernfs.refs.RefCounted;
import dev.jkernfs.vfs.DirEntry;
import dev.jkernfs.vfs.Errno;
import dev.jkernfs.vfs.FileDescriptionImpl;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * A directory's table of child inodes, holding a reference on each, listed in insertion order.
 *
 * <p>Each entry gets a serial number when inserted; a listing offset is the serial to resume at, so
 * offsets stay valid while entries come and go: an entry present throughout a listing is returned
 * exactly once, and none twice. Serials start at 2 (0 and 1 are {@code .} and {@code ..}).
 *
 * <p>Lookups read a concurrent map without locking; changes are serialized on this object. Static
 * entries (populated at construction) can never be removed.
 */
public final class OrderedChildren {
  private final ConcurrentHashMap<String, Entry> byName = new ConcurrentHashMap<>();
  private Entry head; // guarded by this
  private Entry tail; // guarded by this
  private long nextSerial = 2; // guarded by this
  private Entry lastListed; // guarded by this

  /** One child: a name, the inode it holds, and its place in the listing order. */
  private static final class Entry {
    final String name;
    final Inode inode;
    final boolean isStatic;
    final long serial;
    Entry prev; // guarded by the table
    Entry next; // guarded by the table
    boolean linked = true; // guarded by the table

    Entry(String name, Inode inode, boolean isStatic, long serial) {
      this.name = name;
      this.inode = inode;
      this.isStatic = isStatic;
      this.serial = serial;
    }
  }

  /**
   * Adds a child, taking a reference on it.
   *
   * @throws dev.jkernfs.vfs.ErrnoException EEXIST if the name is taken
   */
  public synchronized void insert(String name, Inode inode, boolean isStatic) {
    Entry entry = new Entry(name, inode, isStatic, nextSerial);
    if (byName.putIfAbsent(name, entry) != null) {
      throw Errno.EEXIST.exception();
    }
    nextSerial++;
    inode.incRef();
    entry.prev = tail;
    if (tail == null) {
      head = entry;
    } else {
      tail.next = entry;
    }
    tail = entry;
  }

  /**
   * Returns the child named {@code name} with a new reference, for a dentry to take over.
   *
   * @throws dev.jkernfs.vfs.ErrnoException ENOENT if there is none
   */
  public Inode lookup(String name) {
    Entry entry = byName.get(name);
    // A racing removal may have dropped the table's reference; then the child is gone.
    if (entry == null || !entry.inode.tryIncRef()) {
      throw Errno.ENOENT.exception();
    }
    return entry.inode;
  }

  /** The child named {@code name}, without a reference, or null. */
  public Inode peek(String name) {
    Entry entry = byName.get(name);
    return entry == null ? null : entry.inode;
  }

  /**
   * Removes the child {@code name}, which must be {@code expected}, dropping the table's reference.
   *
   * @throws dev.jkernfs.vfs.ErrnoException ENOENT if absent or not {@code expected}, EPERM if
   *     static
   */
  public synchronized void remove(String name, Inode expected) {
    Entry entry = byName.get(name);
    if (entry == null || entry.inode != expected) {
      throw Errno.ENOENT.exception();
    }
    if (entry.isStatic) {
      throw Errno.EPERM.exception();
    }
    unlinkLocked(entry);
    entry.inode.decRef();
  }

  /**
   * Moves {@code child} from {@code oldName} in this table to {@code newName} in {@code
   * destination} (possibly this one), first removing {@code replaced} from there if not null. The
   * moved child is listed as new in the destination.
   */
  public void move(
      String oldName, String newName, Inode child, OrderedChildren destination, Inode replaced) {
    // Insert before removing so the child never drops to zero references in between.
    if (replaced != null) {
      destination.remove(newName, replaced);
    }
    destination.insert(newName, child, false);
    remove(oldName, child);
  }

  public boolean isEmpty() {
    return byName.isEmpty();
  }

  public int size() {
    return byName.size();
  }

  /**
   * Lists from {@code offset}; see {@link Directory#iterate}. The sink runs with this table locked,
   * so it must not call back into the filesystem.
   */
  public synchronized long iterate(long offset, FileDescriptionImpl.DirSink sink) {
    long resume = Math.max(offset, 2);
    // Listings resume where the last one stopped; starting from the entry it stopped at keeps a
    // full listing linear. Any other offset is found by a scan from the head.
    Entry entry =
        lastListed != null && lastListed.linked && lastListed.serial < resume ? lastListed : head;
    while (entry != null && entry.serial < resume) {
      entry = entry.next;
    }
    for (; entry != null; entry = entry.next) {
      DirEntry listed =
          new DirEntry(entry.name, entry.inode.ino(), entry.inode.type(), entry.serial + 1);
      if (!sink.accept(listed)) {
        break;
      }
      lastListed = entry;
      resume = listed.nextOffset();
    }
    return resume;
  }

  /** Passes every child inode to {@code sink}, for the ref audit. */
  public synchronized void forEachInode(Consumer<RefCounted> sink) {
    for (Entry entry = head; entry != null; entry = entry.next) {
      sink.accept(entry.inode);
    }
  }

  /** Drops every reference, when the directory dies. */
  public void release() {
    Entry first;
    synchronized (this) {
      first = head;
      head = null;
      tail = null;
      lastListed = null;
      byName.clear();
    }
    // Outside the monitor: a child's destruction may release a table of its own.
    for (Entry entry = first; entry != null; entry = entry.next) {
      entry.inode.decRef();
    }
  }

  private void unlinkLocked(Entry entry) {
    byName.remove(entry.name, entry);
    entry.linked = false;
    if (lastListed == entry) {
      lastListed = null;
    }
    if (entry.prev == null) {
      head = entry.next;
    } else {
      entry.prev.next = entry.next;
    }
    if (entry.next == null) {
      tail = entry.prev;
    } else {
      entry.next.prev = entry.prev;
    }
  }
}
