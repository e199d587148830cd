package dev.jkernfs.kernfs;

import dev.jkernfs.refs.RefCounted;
import dev.jkernfs.vfs.DirEntry;
import dev.jkernfs.vfs.Errno;
import dev.jkernfs.vfs.FileDescriptionImpl;
import dev.jkernfs.vfs.NameFolding;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A directory's table of child inodes, holding a reference on each, listed in insertion order.
 *
 * <p>Each entry gets a serial number when inserted; a listing offset is the serial to resume at, so
 * offsets stay valid while entries come and go: an entry present throughout a listing is returned
 * exactly once, and none twice. Serials start at 2 (0 and 1 are {@code .} and {@code ..}).
 *
 * <p>Lookups read an open-addressing table without locking; changes are serialized on this object.
 * The table holds the entries themselves, where a {@code ConcurrentHashMap} would add a node of 32
 * bytes to each: a directory of a million files is 30 MB smaller. Static entries (populated at
 * construction) can never be removed.
 *
 * <p>Names are filed under their key in the table's {@link NameFolding}: with {@link
 * NameFolding#IDENTITY} the name itself; otherwise a name found under another spelling of its key
 * (another case, another normalization) is the same child, listed as it was created.
 */
public final class OrderedChildren {
  // Linear probing. A slot goes from null to an entry, from an entry to REMOVED and from REMOVED
  // to an entry, never back to null, so a lookup that stops at null has seen every entry that was
  // there throughout. A full rebuild (to grow, or to clear out REMOVED) publishes a new array. At
  // most half the slots are used, so every probe ends at a null slot.
  private volatile Entry[] table = new Entry[MIN_TABLE]; // slots written under this
  private int usedSlots; // entries and REMOVED; guarded by this
  private volatile int size;
  private static final int MIN_TABLE = 8;
  private static final VarHandle SLOTS = MethodHandles.arrayElementVarHandle(Entry[].class);
  private static final Entry REMOVED = new Entry("", null, false, 0);
  private final NameFolding folding;
  private Entry head; // guarded by this
  private Entry tail; // guarded by this
  private long nextSerial = 2; // guarded by this
  private Entry lastListed; // guarded by this

  /**
   * One child: a name (its key, under which the table files it), the inode it holds, and its place
   * in the listing order.
   */
  private static class Entry {
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

    /** The name as created, which listings show. */
    String createdName() {
      return name;
    }
  }

  /** A child whose name as created differs from its key: only in a table that folds names. */
  private static final class FoldedEntry extends Entry {
    final String created;

    FoldedEntry(String key, String created, Inode inode, boolean isStatic, long serial) {
      super(key, inode, isStatic, serial);
      this.created = created;
    }

    @Override
    String createdName() {
      return created;
    }
  }

  /** A table whose names are compared as they are. */
  public OrderedChildren() {
    this(NameFolding.IDENTITY);
  }

  /** A table whose names are the same child when {@code folding} gives them one key. */
  public OrderedChildren(NameFolding folding) {
    this.folding = folding;
  }

  /**
   * Adds a child, taking a reference on it.
   *
   * @throws dev.jkernfs.vfs.ErrnoException EEXIST if the name is taken
   */
  public synchronized void insert(String name, Inode inode, boolean isStatic) {
    String key = folding.fold(name);
    if (find(table, key) != null) {
      throw Errno.EEXIST.exception();
    }
    appendLocked(newEntry(key, name, inode, isStatic));
    inode.incRef();
  }

  private Entry newEntry(String key, String name, Inode inode, boolean isStatic) {
    long serial = nextSerial++;
    return key == name
        ? new Entry(name, inode, isStatic, serial)
        : new FoldedEntry(key, name, inode, isStatic, serial);
  }

  /** Files a new entry and lists it last. Preconditions: this table is locked. */
  private void appendLocked(Entry entry) {
    putLocked(entry);
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
    Entry entry = find(table, folding.fold(name));
    // A racing removal may have dropped the table's reference; then the child is gone.
    if (entry == null || !entry.inode.tryIncRef()) {
      throw Errno.ENOENT.exception();
    }
    return entry.inode;
  }

  /** The child named {@code name}, without a reference, or null. */
  public Inode peek(String name) {
    Entry entry = find(table, folding.fold(name));
    return entry == null ? null : entry.inode;
  }

  /**
   * The name, as created, of the child that {@code name} finds, or null if there is none: {@code
   * name} itself unless the table folds names.
   */
  public String createdName(String name) {
    Entry entry = find(table, folding.fold(name));
    return entry == null ? null : entry.createdName();
  }

  /**
   * Removes the child {@code name}, which must be {@code expected}, dropping the table's reference.
   *
   * @throws dev.jkernfs.vfs.ErrnoException ENOENT if absent or not {@code expected}, EPERM if
   *     static
   */
  public synchronized void remove(String name, Inode expected) {
    Entry entry = find(table, folding.fold(name));
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
   * moved child is listed as new in the destination. In a table that folds names, moving a child to
   * another spelling of its own key (nothing replaced) changes the name it is listed under.
   */
  public void move(
      String oldName, String newName, Inode child, OrderedChildren destination, Inode replaced) {
    if (destination == this && replaced == null && folding != NameFolding.IDENTITY) {
      String key = folding.fold(newName);
      if (key.equals(folding.fold(oldName))) {
        respell(key, newName, child);
        return;
      }
    }
    // Insert before removing so the child never drops to zero references in between.
    if (replaced != null) {
      destination.remove(newName, replaced);
    }
    destination.insert(newName, child, false);
    remove(oldName, child);
  }

  /** Lists the child filed under {@code key} as {@code newName}, the table's reference kept. */
  private synchronized void respell(String key, String newName, Inode child) {
    Entry entry = find(table, key);
    if (entry == null || entry.inode != child) {
      throw Errno.ENOENT.exception();
    }
    unlinkLocked(entry);
    appendLocked(newEntry(key, newName, child, entry.isStatic));
  }

  public boolean isEmpty() {
    return size == 0;
  }

  public int size() {
    return size;
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
          new DirEntry(
              entry.createdName(), entry.inode.ino(), entry.inode.type(), entry.serial + 1);
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

  /** The children in listing order, without references: what a sync of the directory saves. */
  public synchronized Map<String, Inode> snapshot() {
    Map<String, Inode> children = new LinkedHashMap<>();
    for (Entry entry = head; entry != null; entry = entry.next) {
      children.put(entry.createdName(), entry.inode);
    }
    return children;
  }

  /**
   * Replaces every child with {@code children}, listed in their order, taking a reference on each:
   * a directory reverting to an earlier state of itself. Open listings are not expected to
   * continue.
   *
   * @return the inodes of the children replaced, whose references the caller now owns and must drop
   *     (after the new ones are in, so that a child in both never drops to zero)
   */
  public synchronized List<Inode> replaceAll(Map<String, Inode> children) {
    List<Inode> replaced = new ArrayList<>(size);
    for (Entry entry = clearLocked(); entry != null; entry = entry.next) {
      entry.linked = false;
      replaced.add(entry.inode);
    }
    children.forEach((name, inode) -> insert(name, inode, false));
    return replaced;
  }

  /** Drops every reference, when the directory dies. */
  public void release() {
    Entry first;
    synchronized (this) {
      first = clearLocked();
    }
    // Outside the monitor: a child's destruction may release a table of its own.
    for (Entry entry = first; entry != null; entry = entry.next) {
      entry.inode.decRef();
    }
  }

  /**
   * Empties the table, without dropping references. Preconditions: this table is locked.
   *
   * @return the first of the entries it held, still linked to the next
   */
  private Entry clearLocked() {
    Entry first = head;
    head = null;
    tail = null;
    lastListed = null;
    table = new Entry[MIN_TABLE];
    usedSlots = 0;
    size = 0;
    return first;
  }

  /** The entry filed under the key {@code name} in {@code slots}, or null. Needs no lock. */
  private static Entry find(Entry[] slots, String name) {
    int mask = slots.length - 1;
    for (int i = slot(name, mask); ; i = (i + 1) & mask) {
      Entry entry = (Entry) SLOTS.getAcquire(slots, i);
      if (entry == null) {
        return null;
      }
      if (entry != REMOVED && entry.name.equals(name)) {
        return entry;
      }
    }
  }

  private static int slot(String name, int mask) {
    int h = name.hashCode();
    return (h ^ (h >>> 16)) & mask;
  }

  /** Adds an entry whose name is not in the table. Preconditions: this table is locked. */
  private void putLocked(Entry entry) {
    if ((usedSlots + 1) * 2 > table.length) {
      rebuildLocked(Math.max(MIN_TABLE, Integer.highestOneBit((size + 1) * 4 - 1)));
    }
    Entry[] slots = table;
    int mask = slots.length - 1;
    int i = slot(entry.name, mask);
    while (slots[i] != null && slots[i] != REMOVED) {
      i = (i + 1) & mask;
    }
    if (slots[i] == null) {
      usedSlots++;
    }
    SLOTS.setRelease(slots, i, entry);
    size++;
  }

  /**
   * Copies the entries, without the REMOVED marks, into a new array of {@code length} slots and
   * publishes it. Preconditions: this table is locked.
   */
  private void rebuildLocked(int length) {
    Entry[] slots = new Entry[length];
    int mask = length - 1;
    for (Entry entry : table) {
      if (entry != null && entry != REMOVED) {
        int i = slot(entry.name, mask);
        while (slots[i] != null) {
          i = (i + 1) & mask;
        }
        slots[i] = entry;
      }
    }
    usedSlots = size;
    table = slots; // the volatile write publishes the filled array
  }

  private void unlinkLocked(Entry entry) {
    Entry[] slots = table;
    int mask = slots.length - 1;
    int i = slot(entry.name, mask);
    while (slots[i] != entry) {
      i = (i + 1) & mask;
    }
    SLOTS.setRelease(slots, i, REMOVED);
    size--;
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
