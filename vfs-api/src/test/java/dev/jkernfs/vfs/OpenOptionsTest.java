package dev.jkernfs.vfs;

import static dev.jkernfs.vfs.OpenOptions.O_APPEND;
import static dev.jkernfs.vfs.OpenOptions.O_CREAT;
import static dev.jkernfs.vfs.OpenOptions.O_DIRECTORY;
import static dev.jkernfs.vfs.OpenOptions.O_EXCL;
import static dev.jkernfs.vfs.OpenOptions.O_NOFOLLOW;
import static dev.jkernfs.vfs.OpenOptions.O_RDONLY;
import static dev.jkernfs.vfs.OpenOptions.O_RDWR;
import static dev.jkernfs.vfs.OpenOptions.O_TRUNC;
import static dev.jkernfs.vfs.OpenOptions.O_WRONLY;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OpenOptionsTest {
  @Test
  void flagsAreTheLinuxX8664Values() {
    assertThat(O_WRONLY).isEqualTo(01);
    assertThat(O_RDWR).isEqualTo(02);
    assertThat(O_CREAT).isEqualTo(0100);
    assertThat(O_EXCL).isEqualTo(0200);
    assertThat(O_TRUNC).isEqualTo(01000);
    assertThat(O_APPEND).isEqualTo(02000);
    assertThat(O_DIRECTORY).isEqualTo(0200000);
    assertThat(O_NOFOLLOW).isEqualTo(0400000);
  }

  @Test
  void theAccessModeDecidesReadingAndWriting() {
    assertThat(OpenOptions.fromLinuxFlags(O_RDONLY, 0)).isEqualTo(OpenOptions.READ);
    assertThat(OpenOptions.fromLinuxFlags(O_WRONLY, 0))
        .isEqualTo(OpenOptions.builder().write().build());
    assertThat(OpenOptions.fromLinuxFlags(O_RDWR, 0))
        .isEqualTo(OpenOptions.builder().readWrite().build());
  }

  @Test
  void eachFlagSetsItsOption() {
    assertThat(
            OpenOptions.fromLinuxFlags(
                O_WRONLY | O_CREAT | O_EXCL | O_TRUNC | O_APPEND | O_NOFOLLOW, 0640))
        .isEqualTo(
            OpenOptions.builder()
                .write()
                .create(0640)
                .exclusive()
                .truncate()
                .append()
                .noFollow()
                .build());
    assertThat(OpenOptions.fromLinuxFlags(O_RDONLY | O_DIRECTORY, 0))
        .isEqualTo(OpenOptions.DIRECTORY);
  }

  @Test
  void theModeIsKeptWithoutCreate() {
    assertThat(OpenOptions.fromLinuxFlags(O_RDONLY, 0644).mode()).isEqualTo(0644);
    assertThat(OpenOptions.fromLinuxFlags(O_RDONLY, 0644).create()).isFalse();
  }

  @Test
  void theBuilderMakesWhatNoAccessModeDoes() {
    OpenOptions appendOnly = OpenOptions.builder().append().build();
    assertThat(appendOnly.read()).isFalse();
    assertThat(appendOnly.write()).isFalse();
    assertThat(appendOnly.mayAccess()).isEqualTo(Permissions.MAY_WRITE);
  }
}
