package dev.jkernfs.fuzz;

import java.util.List;

/**
 * The places where jkernfs deliberately answers otherwise than the JDK's provider on a Linux
 * directory, each a named exception to "the outcomes must be equal", as narrow as the difference it
 * allows, with the reason. A step that one of them explains ends the comparison of its sequence:
 * the two sides may be apart from then on.
 *
 * <p>Bugs to fix are not here but in {@link PendingFix}.
 */
enum LinuxDivergence implements KnownDivergence {
  /**
   * The names of users and groups: jkernfs has no user database and names every id but 0 by its
   * number; the JDK names an id that has a passwd or group entry by that entry. The sequences give
   * files to root, to 4242 (which has no entry) and to 65534, which usually has one ({@code nobody}
   * and {@code nogroup}, on Debian).
   */
  NAMES_FROM_THE_USER_DATABASE(
      (before, op, linux, jkernfs) ->
          !linux.equals(jkernfs)
              && linux.replaceAll("\\b(nobody|nogroup)\\b", "65534").equals(jkernfs));

  // Stateless lambdas: nothing in them changes.
  @SuppressWarnings("ImmutableEnumChecker")
  private final Matcher matcher;

  LinuxDivergence(Matcher matcher) {
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
  static LinuxDivergence explain(List<LinuxOp> before, LinuxOp op, String linux, String jkernfs) {
    for (LinuxDivergence divergence : values()) {
      if (divergence.explains(before, op, linux, jkernfs)) {
        return divergence;
      }
    }
    return null;
  }
}
