package dev.jkernfs.vfs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FileModeTest {
  @ParameterizedTest(name = "{0} is {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          0040755 | drwxr-xr-x
          0100644 | -rw-r--r--
          0120777 | lrwxrwxrwx
          0100000 | ----------
          0020666 | crw-rw-rw-
          0060660 | brw-rw----
          0010600 | prw-------
          0140755 | srwxr-xr-x
          0104755 | -rwsr-xr-x
          0104644 | -rwSr--r--
          0102755 | -rwxr-sr-x
          0102745 | -rwxr-Sr-x
          0041777 | drwxrwxrwt
          0041770 | drwxrwx--T
          0047000 | d--S--S--T
          0000644 | ?rw-r--r--
          """)
  void toStringReadsLikeLsMinusL(String octal, String expected) {
    assertThat(FileMode.toString(Integer.parseInt(octal, 8))).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          0040755 | true  | false | false
          0100644 | false | true  | false
          0120777 | false | false | true
          0020666 | false | false | false
          """)
  void typePredicatesLookOnlyAtTheTypeBits(
      String octal, boolean directory, boolean regular, boolean symlink) {
    int mode = Integer.parseInt(octal, 8);
    assertThat(FileMode.isDirectory(mode)).isEqualTo(directory);
    assertThat(FileMode.isRegular(mode)).isEqualTo(regular);
    assertThat(FileMode.isSymlink(mode)).isEqualTo(symlink);
    assertThat(FileMode.type(mode) | (mode & FileMode.S_IALLUGO)).isEqualTo(mode);
  }
}
