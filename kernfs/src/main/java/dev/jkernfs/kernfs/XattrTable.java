package dev.jkernfs.kernfs;

import dev.jkernfs.vfs.Xattr;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The extended attributes of one inode: an immutable table of names and values. A change makes a
 * new table, so readers need no lock; files keep few attributes, and change them rarely.
 *
 * <p>Names are kept in the order Linux's tmpfs lists them: by their bytes, largest first.
 */
public final class XattrTable {
  // UTF-8 bytes order as code points do, which UTF-16 chars do not past U+D800.
  private static final Comparator<String> LISTING_ORDER =
      ((Comparator<String>) XattrTable::compareCodePoints).reversed();

  /** A table without attributes. */
  public static final XattrTable EMPTY = new XattrTable(new TreeMap<>(LISTING_ORDER));

  private final NavigableMap<String, byte[]> entries; // never changed once made
  private final long bytes;

  private XattrTable(NavigableMap<String, byte[]> entries) {
    this.entries = entries;
    long total = 0;
    for (var entry : entries.entrySet()) {
      total += Xattr.utf8Length(entry.getKey()) + entry.getValue().length;
    }
    this.bytes = total;
  }

  private static int compareCodePoints(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int x = a.codePointAt(i);
      int y = b.codePointAt(j);
      if (x != y) {
        return Integer.compare(x, y);
      }
      i += Character.charCount(x);
      j += Character.charCount(y);
    }
    return Boolean.compare(i < a.length(), j < b.length());
  }

  /** A copy of the value of {@code name}, or null if there is none. */
  public byte[] get(String name) {
    byte[] value = entries.get(name);
    return value == null ? null : value.clone();
  }

  /** Whether the table has an attribute {@code name}. */
  public boolean contains(String name) {
    return entries.containsKey(name);
  }

  /** The names, in listing order. */
  public List<String> names() {
    return List.copyOf(entries.keySet());
  }

  /** What the table costs against a space quota: the bytes of its names and values. */
  public long bytes() {
    return bytes;
  }

  /** This table with {@code name} set to a copy of {@code value}. */
  public XattrTable with(String name, byte[] value) {
    NavigableMap<String, byte[]> changed = new TreeMap<>(entries);
    changed.put(name, value.clone());
    return new XattrTable(Collections.unmodifiableNavigableMap(changed));
  }

  /** This table without {@code name}. */
  public XattrTable without(String name) {
    NavigableMap<String, byte[]> changed = new TreeMap<>(entries);
    changed.remove(name);
    return new XattrTable(Collections.unmodifiableNavigableMap(changed));
  }

  @Override
  public String toString() {
    return entries.keySet().toString();
  }
}
