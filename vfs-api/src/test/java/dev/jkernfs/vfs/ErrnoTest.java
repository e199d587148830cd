package dev.jkernfs.vfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ErrnoTest {
  @Test
  void numbersAreTheLinuxX8664Values() {
    assertThat(Errno.EPERM.number()).isEqualTo(1);
    assertThat(Errno.ENOENT.number()).isEqualTo(2);
    assertThat(Errno.EACCES.number()).isEqualTo(13);
    assertThat(Errno.EXDEV.number()).isEqualTo(18);
    assertThat(Errno.ENOTEMPTY.number()).isEqualTo(39);
    assertThat(Errno.ELOOP.number()).isEqualTo(40);
    assertThat(Errno.ENODATA.number()).isEqualTo(61);
    assertThat(Errno.EOVERFLOW.number()).isEqualTo(75);
    assertThat(Errno.EOPNOTSUPP.number()).isEqualTo(95);
  }

  @Test
  void reasonsAreTheGlibcStrerrorTexts() {
    assertThat(Errno.ENOENT.reason()).isEqualTo("No such file or directory");
    assertThat(Errno.ELOOP.reason()).isEqualTo("Too many levels of symbolic links");
    assertThat(Errno.EXDEV.reason()).isEqualTo("Invalid cross-device link");
    assertThat(Errno.EAGAIN.reason()).isEqualTo("Resource temporarily unavailable");
    assertThat(Errno.EOPNOTSUPP.reason()).isEqualTo("Operation not supported");
  }

  @Test
  void everyErrnoHasItsOwnNumber() {
    assertThat(Arrays.stream(Errno.values()).mapToInt(Errno::number)).doesNotHaveDuplicates();
  }

  @Test
  void sharedExceptionIsTheSameInstanceEveryTime() {
    assertThat(Errno.ENOENT.exception()).isSameAs(Errno.ENOENT.exception());
    assertThat(Errno.ENOENT.exception().errno()).isEqualTo(Errno.ENOENT);
    assertThat(Errno.ENOENT.exception().detail()).isNull();
  }

  @Test
  void exceptionsCarryNoStackTrace() {
    ErrnoException thrown = throwAndCatch(Errno.ENOENT.exception());
    assertThat(thrown.getStackTrace()).isEmpty();
    assertThat(Errno.EIO.exception("read failed").getStackTrace()).isEmpty();
  }

  @Test
  void sharedExceptionCannotBeChangedByWhoeverCatchesIt() {
    ErrnoException shared = Errno.EBUSY.exception();
    shared.addSuppressed(new IllegalStateException("cleanup failed"));
    shared.setStackTrace(new Throwable().getStackTrace());

    assertThat(shared.getSuppressed()).isEmpty();
    assertThat(shared.getStackTrace()).isEmpty();
    assertThatIllegalStateException().isThrownBy(() -> shared.initCause(new RuntimeException()));
  }

  @Test
  void messageNamesTheErrnoAndItsReason() {
    assertThat(Errno.ENOENT.exception())
        .hasMessage("ENOENT (No such file or directory)")
        .hasNoCause();
  }

  @Test
  void exceptionWithDetailIsNewAndAppendsTheDetail() {
    ErrnoException e = Errno.ENOTDIR.exception("/etc/passwd/x");

    assertThat(e).isNotSameAs(Errno.ENOTDIR.exception("/etc/passwd/x"));
    assertThat(e).isNotSameAs(Errno.ENOTDIR.exception());
    assertThat(e.errno()).isEqualTo(Errno.ENOTDIR);
    assertThat(e.detail()).isEqualTo("/etc/passwd/x");
    assertThat(e).hasMessage("ENOTDIR (Not a directory): /etc/passwd/x");
  }

  private static ErrnoException throwAndCatch(ErrnoException e) {
    try {
      throw e;
    } catch (ErrnoException caught) {
      return caught;
    }
  }
}
