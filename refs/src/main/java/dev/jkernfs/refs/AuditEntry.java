package dev.jkernfs.refs;

import java.util.List;

/**
 * One live object in an audit: its real reference count against the references its holders account
 * for.
 *
 * @param type the object's kind
 * @param id its registration number
 * @param description what it is
 * @param refs its real reference count
 * @param holders the holders that report a reference on it, one entry per reference
 */
public record AuditEntry(
    String type, long id, String description, long refs, List<String> holders) {

  public AuditEntry {
    holders = List.copyOf(holders);
  }

  /** The number of references the holders account for. */
  public long accounted() {
    return holders.size();
  }

  /** Whether the real count and the accounted count differ. */
  public boolean isMismatch() {
    return refs != accounted();
  }

  public String name() {
    return type + "#" + id;
  }

  @Override
  public String toString() {
    StringBuilder out =
        new StringBuilder()
            .append(name())
            .append(' ')
            .append(description)
            .append(": refs=")
            .append(refs)
            .append(", accounted=")
            .append(accounted())
            .append(' ')
            .append(holders);
    if (refs > accounted()) {
      out.append("; ").append(refs - accounted()).append(" unaccounted");
    } else if (refs < accounted()) {
      out.append("; ").append(accounted() - refs).append(" claimed but not counted");
    }
    return out.toString();
  }
}
