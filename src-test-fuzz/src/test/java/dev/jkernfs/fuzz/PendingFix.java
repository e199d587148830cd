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
   * Setting only a creation time ({@code setTimes(null, null, time)}, {@code setAttribute
   * "basic:creationTime"}): Linux has no creation time to set, and the JDK returns without looking
   * at the file; jkernfs looks the file up (a missing file, ENOTDIR, ELOOP) and keeps the time,
   * which its {@code creationTime()} then reports.
   */
  CREATION_TIME_IS_NOT_SET(
      "SET_TIMES 4 1 40232 54125",
      (before, op, linux, jkernfs) ->
          (op != null && LinuxWorld.setsCreationTimeAlone(op) && linux.equals("= ok"))
              || (before.stream().anyMatch(LinuxWorld::setsCreationTime)
                  && jkernfs.matches("(?s).*(created|creationTime)=19[67].*"))),

  /**
   * A time before 1970 that is not a whole second: the JDK hands utimensat a negative tv_nsec,
   * which fails with EINVAL, and sets the epoch instead ({@code UnixFileAttributeViews.Basic
   * .setTimes}); jkernfs keeps the time.
   */
  TIMES_BEFORE_THE_EPOCH(
      "CREATE_FILE 2 21 35621 0; SET_TIMES 2 17 38687 299",
      (before, op, linux, jkernfs) ->
          linux.contains("1970-01-01T00:00:00Z") && jkernfs.contains("1969-")),

  /**
   * Following a symlink in a path walk, or reading it with readlink, moves its access time under
   * Linux's default {@code relatime} rule as reading a file's content does; jkernfs moves a file's
   * access time on a read but never a symlink's.
   */
  SYMLINK_ACCESS_TIME(
      "SYMLINK 2 3 46661 24434; SET_TIMES 2 5 29925 41942; DELETE 4 4 29539 1377; READ_ATTRIBUTES 2 0 56047 43195",
      (before, op, linux, jkernfs) ->
          (linux.contains(" link ") || linux.contains("isSymbolicLink=true"))
              && differOnlyIn(linux, jkernfs, "(atime|lastAccessTime)=[^ ,}]+")
              && linux.matches("(?s).*(atime|lastAccessTime)=now.*")),

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
                      || linux.startsWith("! NoSuchFileException"))
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
   * Copying a symlink itself with {@code COPY_ATTRIBUTES}: the JDK on Linux gives the new link its
   * owner but not the times of the old one (it sets no times on a link); jkernfs copies them.
   */
  COPY_OF_A_SYMLINK_KEEPS_ITS_TIMES(
      "SYMLINK 0 4 64935 28174; SET_TIMES 0 3 15651 29378; COPY 0 2 18909 44487",
      (before, op, linux, jkernfs) ->
          before.stream()
                  .anyMatch(step -> step.action() == LinuxOp.Action.COPY && (step.x() & 12) == 12)
              && (linux.contains(" link ") || linux.contains("isSymbolicLink=true"))
              && differOnlyIn(
                  linux, jkernfs, "(mtime|atime|lastModifiedTime|lastAccessTime)=[^ ,}]+")),

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
   * From JDK 25 {@code Files.copy} and {@code Files.move} look at whether they may read (a copy) or
   * write (a move) the source before anything else, and fail with {@code AccessDeniedException}
   * naming only the source; jkernfs first looks at the target (which exists, or is under a file),
   * or at a move into the source's own subtree, or copies or moves, and a copy with {@code
   * REPLACE_EXISTING} deletes the target before it finds that it cannot read the source.
   */
  COPY_AND_MOVE_CHECK_THE_SOURCE_FIRST(
      "jdk 25+, uid 4242: CREATE_DIRECTORY 1 5 33896 58692; MOVE 1 0 64480 8981",
      (before, op, linux, jkernfs) ->
          Runtime.version().feature() >= 25
              && ((op != null
                      && (op.action() == LinuxOp.Action.MOVE || op.action() == LinuxOp.Action.COPY)
                      && linux.startsWith("! AccessDeniedException")
                      && linux.endsWith("other=null"))
                  || (before.stream()
                          .anyMatch(
                              step ->
                                  (step.action() == LinuxOp.Action.MOVE
                                          || step.action() == LinuxOp.Action.COPY)
                                      && (step.x() & 1) != 0)
                      && (jkernfs.endsWith(" null")
                          || linux.startsWith("! FileAlreadyExistsException"))))),

  /**
   * {@code DELETE_ON_CLOSE}: the JDK on Linux unlinks the file as soon as it has opened it ({@code
   * UnixChannelFactory}); jkernfs keeps the name until the channel closes, so the name still exists
   * (exists, attributes, {@code FileAlreadyExistsException}, {@code deleteIfExists} true, ENOTDIR
   * below it), and at the close deletes whatever the name is then.
   */
  DELETE_ON_CLOSE_UNLINKS_AT_OPEN(
      "OPEN_CHANNEL 1 1 37950 20697; DELETE_IF_EXISTS 1 4 2814 43773",
      (before, op, linux, jkernfs) -> before.stream().anyMatch(LinuxWorld::opensDeletingOnClose));

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
