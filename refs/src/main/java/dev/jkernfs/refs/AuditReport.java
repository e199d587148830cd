package dev.jkernfs.refs;

import java.util.List;

/**
 * The result of {@link LeakChecker#audit}: every live reference-counted object of a scope with its
 * real and accounted counts.
 *
 * @param scope the name of the audited scope
 * @param entries one per live reference-counted object, oldest first
 */
public record AuditReport(String scope, List<AuditEntry> entries) {

  public AuditReport {
    entries = List.copyOf(entries);
  }

  /** The entries whose counts do not balance. */
  public List<AuditEntry> mismatches() {
    return entries.stream().filter(AuditEntry::isMismatch).toList();
  }

  public boolean isBalanced() {
    return entries.stream().noneMatch(AuditEntry::isMismatch);
  }

  @Override
  public String toString() {
    List<AuditEntry> mismatches = mismatches();
    if (mismatches.isEmpty()) {
      return "audit of " + scope + ": " + entries.size() + " objects, all balanced";
    }
    StringBuilder out =
        new StringBuilder()
            .append("audit of ")
            .append(scope)
            .append(": ")
            .append(mismatches.size())
            .append(" of ")
            .append(entries.size())
            .append(" objects do not balance:\n");
    for (AuditEntry entry : mismatches) {
      out.append("  ").append(entry).append('\n');
    }
    return out.toString();
  }
}
