package dev.jkernfs.refs;

import java.util.List;

/**
 * One object still alive when its scope was checked.
 *
 * @param type the object's kind ({@code "dentry"})
 * @param id its registration number, unique in this JVM
 * @param description what it is ({@code "/a/b"})
 * @param refCount its reference count at the check, or -1 if it is not reference counted
 * @param holders the holders that account for its references, as the audit found them
 * @param records where it was created and last touched ({@link LeakMode#TRACE} only)
 */
public record LeakedObject(
    String type,
    long id,
    String description,
    long refCount,
    List<String> holders,
    List<RefRecord> records) {

  public LeakedObject {
    holders = List.copyOf(holders);
    records = List.copyOf(records);
  }

  /** {@code type#id}, the name used in every report. */
  public String name() {
    return type + "#" + id;
  }

  @Override
  public String toString() {
    StringBuilder out = new StringBuilder();
    appendTo(out);
    return out.toString();
  }

  void appendTo(StringBuilder out) {
    out.append("  ").append(name()).append(' ').append(description);
    if (refCount >= 0) {
      out.append(": refs=").append(refCount);
      out.append(", held by ").append(holders.isEmpty() ? "nothing known" : holders);
      if (holders.size() < refCount) {
        out.append("; ").append(refCount - holders.size()).append(" unaccounted");
      }
    }
    out.append('\n');
    for (RefRecord record : records) {
      record.appendTo(out, "    ");
    }
  }
}
