package dev.jkernfs.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A short run of the {@link LinuxDifferential} in every build: fixed seeds, as the user that runs
 * the build and as another user; and each {@link PendingFix} still diverges, so that a fix cannot
 * leave its entry behind. {@code differential.sh} runs the differential for longer.
 */
class LinuxDifferentialTest {
  /** A user with no passwd entry, so that the JDK names it by number as jkernfs does. */
  private static final int OTHER_USER = 4242;

  @Test
  void sequencesAsThisUserAnswerAsTheJdkOnLinux() throws IOException {
    try (LinuxDifferential differential = LinuxDifferential.asThisUser()) {
      LinuxDifferential.Summary summary = differential.run(1, 400, Long.MAX_VALUE, false, null);
      assertThat(summary.report()).startsWith("400 sequences, 0 unexplained");
    }
  }

  @Test
  void sequencesAsAnotherUserAnswerAsTheJdkOnLinux() throws IOException {
    String unavailable = ChildProcessSide.unavailable();
    assumeTrue(unavailable == null, () -> "no run as another user: " + unavailable);
    try (LinuxDifferential differential = LinuxDifferential.asUser(OTHER_USER)) {
      LinuxDifferential.Summary summary =
          differential.run(1_000_001, 200, Long.MAX_VALUE, false, null);
      assertThat(summary.report()).startsWith("200 sequences, 0 unexplained");
    }
  }

  @Test
  void everyPendingFixStillDiverges() throws IOException {
    List<String> fixed = new ArrayList<>();
    try (LinuxDifferential differential = LinuxDifferential.asThisUser()) {
      for (PendingFix fix : PendingFix.values()) {
        String witness = forThisJdk(fix.witness);
        if (witness != null && !witness.startsWith("uid ")) {
          check(differential, fix, witness, fixed);
        }
      }
    }
    if (ChildProcessSide.unavailable() == null) {
      try (LinuxDifferential differential = LinuxDifferential.asUser(OTHER_USER)) {
        for (PendingFix fix : PendingFix.values()) {
          String witness = forThisJdk(fix.witness);
          if (witness != null && witness.startsWith("uid " + OTHER_USER + ":")) {
            check(differential, fix, witness.substring(witness.indexOf(':') + 1), fixed);
          }
        }
      }
    }
    assertThat(fixed).as("pending fixes whose witness no longer diverges: delete them").isEmpty();
  }

  /** Sequences that once diverged, each after a fix, as a report's replay line. */
  private static final List<String> FIXED_AS_THIS_USER =
      List.of(
          // chmod of a symlink without following it: ELOOP on JDK 17, the target's on JDK 25
          "SYMLINK 0 3 38874 42567; SET_ATTRIBUTE 0 2 22366 26609");

  private static final List<String> FIXED_AS_ANOTHER_USER =
      List.of(
          // chmod without following links opens the file: read permission needed, EISDIR on 25
          "CREATE_DIRECTORY 0 3 54056 15492; SET_ATTRIBUTE 0 2 52191 15469",
          // realpath(3) drops a link's ".." by name, without searching the directory
          "SYMLINK 1 3 32303 49491; CREATE_DIRECTORY 0 4 16556 658; REAL_PATH 1 19 1520 62817");

  @Test
  void fixedDivergencesStayFixed() throws IOException {
    List<String> diverging = new ArrayList<>();
    try (LinuxDifferential differential = LinuxDifferential.asThisUser()) {
      for (String steps : FIXED_AS_THIS_USER) {
        LinuxDifferential.Finding finding = differential.check(LinuxDifferential.steps(steps));
        if (finding != null) {
          diverging.add(finding.report());
        }
      }
    }
    if (ChildProcessSide.unavailable() == null) {
      try (LinuxDifferential differential = LinuxDifferential.asUser(OTHER_USER)) {
        for (String steps : FIXED_AS_ANOTHER_USER) {
          LinuxDifferential.Finding finding = differential.check(LinuxDifferential.steps(steps));
          if (finding != null) {
            diverging.add("uid " + OTHER_USER + ": " + finding.report());
          }
        }
      }
    }
    assertThat(diverging).isEmpty();
  }

  /** The witness without its {@code jdk N+,} prefix, or null if this JDK is older than N. */
  private static String forThisJdk(String witness) {
    if (!witness.startsWith("jdk ")) {
      return witness;
    }
    int plus = witness.indexOf("+,");
    int feature = Integer.parseInt(witness.substring("jdk ".length(), plus));
    return Runtime.version().feature() >= feature ? witness.substring(plus + 2).trim() : null;
  }

  private static void check(
      LinuxDifferential differential, PendingFix fix, String witness, List<String> fixed)
      throws IOException {
    LinuxDifferential.Finding finding = differential.check(LinuxDifferential.steps(witness));
    if (finding == null || finding.known() != fix) {
      fixed.add(fix + (finding == null ? "" : ": " + finding.report()));
    }
  }
}
