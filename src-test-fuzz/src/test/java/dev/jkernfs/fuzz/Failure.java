package dev.jkernfs.fuzz;

import dev.jkernfs.refs.AuditEntry;
import dev.jkernfs.refs.AuditReport;
import dev.jkernfs.refs.LeakReport;
import dev.jkernfs.refs.LeakedObject;

/**
 * Why a run failed: its kind, a one-line summary, and the leak report and audit that show which
 * objects are involved.
 *
 * @param kind what went wrong
 * @param key narrows the kind for minimisation: the exception class, the diverging action; a
 *     smaller script must fail with the same kind and key to replace the original
 * @param summary one line for the person reading the report
 * @param details more to read: a stack trace, a divergence, thread dumps; may be empty
 * @param leaks what was still alive after everything was closed, or null if not checked
 * @param audit the audit that failed to balance, or null
 */
record Failure(
    Failure.Kind kind,
    String key,
    String summary,
    String details,
    LeakReport leaks,
    AuditReport audit) {

  /** What went wrong. */
  enum Kind {
    /** Objects of the filesystem outlived the close of every handle and of the filesystem. */
    LEAK,
    /** Some object's reference count differs from the references its holders account for. */
    UNBALANCED_AUDIT,
    /** A refcount or cache invariant checked after a step does not hold. */
    INVARIANT,
    /** A step threw something no filesystem operation may throw (an IllegalStateException). */
    UNEXPECTED_EXCEPTION,
    /** jkernfs and jimfs disagree where no named divergence allows it. */
    DIVERGENCE,
    /** Worker threads did not finish in time. */
    DEADLOCK,
    /** No sequential order of the steps that threads ran at once gives the outcomes they saw. */
    NOT_LINEARIZABLE
  }

  static Failure of(Kind kind, String key, String summary, String details) {
    return new Failure(kind, key, summary, details, null, null);
  }

  Failure withLeaks(LeakReport report) {
    return new Failure(kind, key, summary, details, report, audit);
  }

  /** Whether {@code other} is the same failure, for the minimiser. */
  boolean sameAs(Failure other) {
    return other != null && other.kind == kind && other.key.equals(key);
  }

  /**
   * The object to blame: the first one whose count exceeds what its holders account for (in the
   * audit, else in the leak report), else the first leaked object that only holds itself (a pinned
   * dentry cut off from its tree), else the first leaked object.
   */
  String culprit() {
    if (audit != null && !audit.isBalanced()) {
      AuditEntry entry = audit.mismatches().get(0);
      return entry.name()
          + " "
          + entry.description()
          + " (refs="
          + entry.refs()
          + ", accounted="
          + entry.accounted()
          + ")";
    }
    if (leaks == null || leaks.isClean()) {
      return "none: nothing leaked";
    }
    for (LeakedObject leak : leaks.leaks()) {
      if (leak.refCount() > leak.holders().size()) {
        return describe(leak);
      }
    }
    for (LeakedObject leak : leaks.leaks()) {
      if (!leak.holders().isEmpty()
          && leak.holders().stream().allMatch(holder -> holdsItself(leak, holder))) {
        return describe(leak);
      }
    }
    return describe(leaks.leaks().get(0));
  }

  private static boolean holdsItself(LeakedObject leak, String holder) {
    // A dentry describes itself as "PATH (inode N)" and holds as "dentry PATH".
    String prefix = leak.type() + " ";
    return holder.startsWith(prefix)
        && leak.description().startsWith(holder.substring(prefix.length()) + " (");
  }

  private static String describe(LeakedObject leak) {
    return leak.name()
        + " "
        + leak.description()
        + " (refs="
        + leak.refCount()
        + ", held by "
        + (leak.holders().isEmpty() ? "nothing known" : leak.holders())
        + ")";
  }
}
