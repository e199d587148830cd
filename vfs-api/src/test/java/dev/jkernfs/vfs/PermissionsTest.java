package dev.jkernfs.vfs;

import static dev.jkernfs.vfs.Permissions.MAY_EXEC;
import static dev.jkernfs.vfs.Permissions.MAY_READ;
import static dev.jkernfs.vfs.Permissions.MAY_WRITE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PermissionsTest {
  // Every file below belongs to uid 1000, group 100.
  private static final int FILE_UID = 1000;
  private static final int FILE_GID = 100;

  private static final Credentials ROOT = Credentials.root();
  private static final Credentials OWNER = Credentials.of(1000, 1000);
  private static final Credentials GROUP_MEMBER = Credentials.of(2000, 100);
  private static final Credentials SUPPLEMENTARY_MEMBER = Credentials.of(2001, 2001, 27, 100);
  private static final Credentials OTHER = Credentials.of(3000, 3000, 4, 27);

  private static Credentials user(String name) {
    return switch (name) {
      case "root" -> ROOT;
      case "owner" -> OWNER;
      case "group" -> GROUP_MEMBER;
      case "supplementary" -> SUPPLEMENTARY_MEMBER;
      case "other" -> OTHER;
      default -> throw new IllegalArgumentException(name);
    };
  }

  private static int may(String letters) {
    int may = 0;
    for (int i = 0; i < letters.length(); i++) {
      may |=
          switch (letters.charAt(i)) {
            case 'r' -> MAY_READ;
            case 'w' -> MAY_WRITE;
            case 'x' -> MAY_EXEC;
            default -> throw new IllegalArgumentException(letters);
          };
    }
    return may;
  }

  private static int octal(String mode) {
    return Integer.parseInt(mode, 8);
  }

  private static void assertRefused(Errno expected, ThrowingCallable check) {
    assertThatExceptionOfType(ErrnoException.class)
        .isThrownBy(check)
        .satisfies(e -> assertThat(e.errno()).isEqualTo(expected));
  }

  private static void assertAllowed(ThrowingCallable check) {
    assertThatCode(check).doesNotThrowAnyException();
  }

  @ParameterizedTest(name = "{0} asking {2} on {1}: {3}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          # Root reads and writes anything, but executes only what someone may execute.
          root          | 0100000 | rw  | ok
          root          | 0100000 | x   | EACCES
          root          | 0100666 | x   | EACCES
          root          | 0100001 | x   | ok
          root          | 0100010 | x   | ok
          root          | 0100100 | rwx | ok
          root          | 0040000 | x   | ok
          root          | 0040000 | rwx | ok
          # The owner gets the owner bits and nothing else.
          owner         | 0100600 | rw  | ok
          owner         | 0100400 | w   | EACCES
          owner         | 0100400 | rw  | EACCES
          owner         | 0100044 | r   | EACCES
          owner         | 0100077 | x   | EACCES
          owner         | 0100700 | rwx | ok
          owner         | 0100500 | rx  | ok
          owner         | 0100500 | rwx | EACCES
          owner         | 0040700 | x   | ok
          owner         | 0040600 | x   | EACCES
          # A member of the file's group, through the primary or a supplementary group.
          group         | 0100640 | r   | ok
          group         | 0100640 | w   | EACCES
          group         | 0100604 | r   | EACCES
          group         | 0100070 | rwx | ok
          group         | 0040750 | rx  | ok
          group         | 0040705 | x   | EACCES
          supplementary | 0100640 | r   | ok
          supplementary | 0100460 | w   | ok
          supplementary | 0100406 | rw  | EACCES
          supplementary | 0100010 | x   | ok
          # Everyone else gets the other bits.
          other         | 0100644 | r   | ok
          other         | 0100644 | w   | EACCES
          other         | 0100640 | r   | EACCES
          other         | 0100007 | rwx | ok
          other         | 0100770 | x   | EACCES
          other         | 0040751 | x   | ok
          other         | 0040751 | r   | EACCES
          """)
  void accessFollowsTheOneClassOfBitsThatApplies(
      String who, String mode, String access, String outcome) {
    ThrowingCallable check =
        () -> Permissions.checkAccess(user(who), octal(mode), FILE_UID, FILE_GID, may(access));
    if (outcome.equals("ok")) {
      assertAllowed(check);
    } else {
      assertRefused(Errno.valueOf(outcome), check);
    }
  }

  @Test
  void ownerWithoutReadBitIsRefusedEvenIfOthersMayRead() {
    assertRefused(
        Errno.EACCES, () -> Permissions.checkAccess(OWNER, 0100044, FILE_UID, FILE_GID, MAY_READ));
    assertAllowed(() -> Permissions.checkAccess(OTHER, 0100044, FILE_UID, FILE_GID, MAY_READ));
  }

  @Test
  void rootMayNotExecuteFileWithoutAnyExecBitButMaySearchAnyDirectory() {
    assertRefused(
        Errno.EACCES, () -> Permissions.checkAccess(ROOT, 0100666, FILE_UID, FILE_GID, MAY_EXEC));
    assertAllowed(() -> Permissions.checkAccess(ROOT, 0040000, FILE_UID, FILE_GID, MAY_EXEC));
  }

  @Test
  void supplementaryGroupsCountAsMembershipWhateverTheirOrder() {
    Credentials unordered = Credentials.of(2001, 2001, 100, 27, 100);

    assertThat(unordered.inGroup(100)).isTrue();
    assertThat(unordered.inGroup(2001)).isTrue();
    assertThat(unordered.inGroup(4)).isFalse();
    assertThat(unordered).isEqualTo(SUPPLEMENTARY_MEMBER);
    assertThat(unordered).hasToString("uid=2001 gid=2001 groups=[27, 100]");
  }

  @Test
  void accessRejectsBitsThatAreNoMayFlag() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Permissions.checkAccess(OWNER, 0100777, FILE_UID, FILE_GID, 8));
  }

  @Test
  void stickyDirectoryRefusesDeletingAnotherUsersEntry() {
    // /tmp: drwxrwxrwt owned by root; the entry belongs to OTHER.
    assertRefused(
        Errno.EPERM, () -> Permissions.checkStickyDelete(GROUP_MEMBER, 0041777, 0, OTHER.uid()));
  }

  @Test
  void stickyDirectoryLetsTheEntryOwnerTheDirectoryOwnerAndRootDelete() {
    assertAllowed(() -> Permissions.checkStickyDelete(OTHER, 0041777, 0, OTHER.uid()));
    assertAllowed(() -> Permissions.checkStickyDelete(OWNER, 0041777, OWNER.uid(), OTHER.uid()));
    assertAllowed(() -> Permissions.checkStickyDelete(ROOT, 0041777, OWNER.uid(), OTHER.uid()));
  }

  @Test
  void directoryWithoutStickyBitLeavesDeletionToTheWriteCheck() {
    assertAllowed(() -> Permissions.checkStickyDelete(GROUP_MEMBER, 0040777, 0, OTHER.uid()));
  }

  @Test
  void onlyOwnerAndRootMayChmod() {
    assertAllowed(() -> Permissions.checkChmod(OWNER, FILE_UID));
    assertAllowed(() -> Permissions.checkChmod(ROOT, FILE_UID));
    assertRefused(Errno.EPERM, () -> Permissions.checkChmod(GROUP_MEMBER, FILE_UID));
    assertRefused(Errno.EPERM, () -> Permissions.checkChmod(OTHER, FILE_UID));
  }

  @Test
  void chmodReplacesPermissionBitsAndKeepsTheType() {
    assertThat(Permissions.chmodResult(OWNER, 0100644, 0755, FILE_GID)).isEqualTo(0100755);
    assertThat(Permissions.chmodResult(OWNER, 0040755, 01777, FILE_GID)).isEqualTo(0041777);
    assertThat(Permissions.chmodResult(OWNER, 0100644, 0040700, FILE_GID)).isEqualTo(0100700);
  }

  @Test
  void chmodBySomeoneOutsideTheFileGroupDropsSetgidButKeepsSetuidAndSticky() {
    assertThat(OWNER.inGroup(FILE_GID)).isFalse();
    assertThat(Permissions.chmodResult(OWNER, 0100644, 07755, FILE_GID)).isEqualTo(0105755);
  }

  @Test
  void chmodByGroupMemberOrRootKeepsSetgid() {
    Credentials ownerInGroup = Credentials.of(FILE_UID, 1000, FILE_GID);
    assertThat(Permissions.chmodResult(ownerInGroup, 0100644, 02755, FILE_GID)).isEqualTo(0102755);
    assertThat(Permissions.chmodResult(ROOT, 0100644, 02755, FILE_GID)).isEqualTo(0102755);
  }

  @Test
  void rootMayChownToAnything() {
    assertAllowed(() -> Permissions.checkChown(ROOT, FILE_UID, FILE_GID, 4242, 4242));
  }

  @Test
  void nonRootMayNotGiveAFileAway() {
    assertRefused(
        Errno.EPERM, () -> Permissions.checkChown(OWNER, FILE_UID, FILE_GID, OTHER.uid(), -1));
  }

  @Test
  void ownerMayNameTheirOwnUid() {
    assertAllowed(() -> Permissions.checkChown(OWNER, FILE_UID, FILE_GID, FILE_UID, -1));
  }

  @Test
  void nonOwnerMayNotNameTheCurrentOwnerEither() {
    assertRefused(
        Errno.EPERM, () -> Permissions.checkChown(OTHER, FILE_UID, FILE_GID, FILE_UID, -1));
  }

  @Test
  void ownerMayChangeGroupToOneTheyBelongTo() {
    Credentials owner = Credentials.of(FILE_UID, 1000, 27);
    assertAllowed(() -> Permissions.checkChown(owner, FILE_UID, FILE_GID, -1, 1000));
    assertAllowed(() -> Permissions.checkChown(owner, FILE_UID, FILE_GID, -1, 27));
  }

  @Test
  void ownerMayKeepTheCurrentGroupWithoutBelongingToIt() {
    assertAllowed(() -> Permissions.checkChown(OWNER, FILE_UID, FILE_GID, FILE_UID, FILE_GID));
  }

  @Test
  void ownerMayNotChangeGroupToOneTheyAreNotIn() {
    assertRefused(Errno.EPERM, () -> Permissions.checkChown(OWNER, FILE_UID, FILE_GID, -1, 4));
  }

  @Test
  void memberOfTheNewGroupWhoDoesNotOwnTheFileMayNotChangeIt() {
    assertRefused(
        Errno.EPERM,
        () -> Permissions.checkChown(OTHER, FILE_UID, FILE_GID, -1, OTHER.groups()[0]));
  }

  @Test
  void chownChangingNothingIsAllowedToAnyone() {
    assertAllowed(() -> Permissions.checkChown(OTHER, FILE_UID, FILE_GID, -1, -1));
  }

  @Test
  void chownClearsSetuidAndExecutableSetgidOfAFile() {
    assertThat(Permissions.chownClearsSetIds(0106755, false)).isEqualTo(0100755);
  }

  @Test
  void chownKeepsSetgidWithoutGroupExecute() {
    assertThat(Permissions.chownClearsSetIds(0106745, false)).isEqualTo(0102745);
  }

  @Test
  void chownLeavesADirectoryModeAlone() {
    assertThat(Permissions.chownClearsSetIds(0046775, true)).isEqualTo(0046775);
  }

  @Test
  void newChildTakesGroupFromSetgidParent() {
    assertThat(Permissions.newChildGid(OTHER, 0042775, FILE_GID)).isEqualTo(FILE_GID);
  }

  @Test
  void newChildTakesCreatorGroupFromPlainParent() {
    assertThat(Permissions.newChildGid(OTHER, 0040777, FILE_GID)).isEqualTo(OTHER.gid());
  }

  @Test
  void newDirectoryInSetgidParentInheritsSetgid() {
    assertThat(Permissions.newChildMode(0777, 022, true, 0042775)).isEqualTo(02755);
  }

  @Test
  void newFileInSetgidParentDoesNotGetSetgid() {
    assertThat(Permissions.newChildMode(0666, 022, false, 0042775)).isEqualTo(0644);
  }

  @Test
  void umaskRemovesOnlyReadWriteAndExecuteBits() {
    assertThat(Permissions.newChildMode(04755, 0777, false, 0040755)).isEqualTo(04000);
    assertThat(Permissions.newChildMode(01777, 0777, true, 0040755)).isEqualTo(01000);
  }

  @Test
  void mkdirIgnoresRequestedSetuidAndSetgid() {
    assertThat(Permissions.newChildMode(07777, 0, true, 0040755)).isEqualTo(01777);
  }

  @Test
  void ownerAndRootMaySetExplicitTimes() {
    assertAllowed(() -> Permissions.checkUtimes(OWNER, FILE_UID, 0100400, FILE_GID, false));
    assertAllowed(() -> Permissions.checkUtimes(ROOT, FILE_UID, 0100000, FILE_GID, false));
  }

  @Test
  void writerWhoIsNotOwnerMayNotSetExplicitTimes() {
    assertRefused(
        Errno.EPERM, () -> Permissions.checkUtimes(OTHER, FILE_UID, 0100666, FILE_GID, false));
  }

  @Test
  void writerWhoIsNotOwnerMayTouchToNow() {
    assertAllowed(() -> Permissions.checkUtimes(GROUP_MEMBER, FILE_UID, 0100660, FILE_GID, true));
  }

  @Test
  void touchToNowWithoutWritePermissionIsAccessDenied() {
    assertRefused(
        Errno.EACCES, () -> Permissions.checkUtimes(OTHER, FILE_UID, 0100664, FILE_GID, true));
  }
}
