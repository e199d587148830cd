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
  /**
   * Changing a symlink's permissions without following it ({@code setAttribute} of {@code
   * posix:permissions} or {@code unix:mode}, or a {@code PosixFileAttributeView} with {@code
   * NOFOLLOW_LINKS}): Linux has no lchmod; JDK 17 fails with ELOOP, "Too many levels of symbolic
   * links or unable to access attributes of symbolic link", and JDK 25 follows the link and changes
   * its target (or fails with {@code NoSuchFileException} if it dangles); jkernfs succeeds and
   * leaves the target as it was.
   */
  CHMOD_OF_A_SYMLINK(
      "SYMLINK 0 3 38874 42567; SET_ATTRIBUTE 0 2 22366 26609",
      (before, op, linux, jkernfs) ->
          (op != null
                  && LinuxWorld.changesModeWithoutFollowing(op)
                  && (linux.contains("reason=Too many levels of symbolic links or unable to")
                      || linux.startsWith("! NoSuchFileException")
                      || linux.startsWith("! FileSystemException reason=Not a directory"))
                  && jkernfs.equals("= ok"))
              || (before.stream().anyMatch(LinuxWorld::changesModeWithoutFollowing)
                  && (op == null
                      || linux.startsWith("! AccessDeniedException")
                          != jkernfs.startsWith("! AccessDeniedException")
                      || differOnlyIn(
                          linux.replaceAll(" special=\\d+", ""),
                          jkernfs.replaceAll(" special=\\d+", ""),
                          PendingFix.PERMISSIONS)))),

  /**
   * Changing permissions or times with {@code NOFOLLOW_LINKS}: the JDK opens the file ({@code
   * O_RDONLY | O_NOFOLLOW}) and changes it through the descriptor, so a user who owns the file but
   * may not read it gets {@code AccessDeniedException}; JDK 25 then tries {@code O_WRONLY}, which
   * works for a file the user may write and fails for a directory with EISDIR, "Is a directory".
   * jkernfs changes it.
   */
  NOFOLLOW_ATTRIBUTE_CHANGE_NEEDS_READ_PERMISSION(
      "uid 4242: CREATE_DIRECTORY 0 3 54056 15492; SET_ATTRIBUTE 0 2 52191 15469",
      (before, op, linux, jkernfs) ->
          op != null
              && (op.action() == LinuxOp.Action.SET_ATTRIBUTE
                  || op.action() == LinuxOp.Action.SET_TIMES
                  || op.action() == LinuxOp.Action.SECURE_DIRECTORY_OP)
              && (linux.startsWith("! AccessDeniedException")
                  || linux.startsWith("! FileSystemException reason=Is a directory"))
              && jkernfs.equals("= ok")),

  /**
   * {@code toRealPath} following links: the JDK asks glibc's realpath(3), which resolves a link's
   * {@code ..} by dropping the name before it, without searching that directory; jkernfs walks it
   * as the kernel does, so a link through a directory its user may not search fails with {@code
   * AccessDeniedException} where realpath goes on (here, into a loop: ELOOP).
   */
  REAL_PATH_DROPS_DOT_DOT_BY_NAME(
      "uid 4242: SYMLINK 1 3 32303 49491; CREATE_DIRECTORY 0 4 16556 658; REAL_PATH 1 19 1520 62817",
      (before, op, linux, jkernfs) ->
          op != null
              && op.action() == LinuxOp.Action.REAL_PATH
              && !linux.equals(jkernfs)
              && jkernfs.startsWith("! AccessDeniedException"));

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

  /** Permissions and modes as outcomes render them. */
  private static final String PERMISSIONS =
      "[-r][-w][-xsS][-r][-w][-xsS][-r][-w][-xtT]|mode=\\d+|rwx=\\w+";

  /** Whether the two texts are the same once every match of {@code regex} is blanked out. */
  static boolean differOnlyIn(String linux, String jkernfs, String regex) {
    return linux.replaceAll(regex, "*").equals(jkernfs.replaceAll(regex, "*"));
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
