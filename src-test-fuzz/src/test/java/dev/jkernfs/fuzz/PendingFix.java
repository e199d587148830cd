package dev.jkernfs.fuzz;

import java.util.List;

/**
 * Divergences from the JDK's Linux provider that are jkernfs bugs, known and not fixed yet: each
 * entry names one and recognises it, so that the short differential run in the build stays green
 * while it is open. This list must become empty: fixing a divergence means deleting its entry (then
 * the witness test fails if the fix left the entry behind).
 *
 * <p>A step an entry explains ends the comparison of its sequence, so an entry also hides what
 * would have come after it in that sequence; the narrower the entry, the less it hides.
 */
enum PendingFix implements KnownDivergence {
  ;

  // Stateless lambdas: nothing in them changes.
  @SuppressWarnings("ImmutableEnumChecker")
  private final Matcher matcher;

  /**
   * A sequence that shows the divergence, in the form of a report's replay line; {@code uid N:}
   * before it runs it as user N, {@code jdk N+,} only on JDK N and later.
   */
  final String witness;

  PendingFix(String witness, Matcher matcher) {
    this.witness = witness;
    this.matcher = matcher;
  }

  @Override
  public boolean explains(List<LinuxOp> before, LinuxOp op, String linux, String jkernfs) {
    return matcher.matches(before, op, linux, jkernfs);
  }

  /**
   * The entry that explains {@code linux} against {@code jkernfs} at {@code op} after the steps
   * {@code before}, or null.
   */
  static PendingFix explain(List<LinuxOp> before, LinuxOp op, String linux, String jkernfs) {
    for (PendingFix fix : values()) {
      if (fix.explains(before, op, linux, jkernfs)) {
        return fix;
      }
    }
    return null;
  }
}
