package dev.jkernfs.nio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

import dev.jkernfs.vfs.Errno;
import dev.jkernfs.vfs.ErrnoException;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.NotLinkException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class NioErrorsTest {
  private static final String FILE = "/a/b";
  private static final String OTHER = "/c/d";

  private static void assertTranslation(
      ErrnoException e,
      NioOp op,
      Class<? extends FileSystemException> expectedType,
      String expectedFile,
      String expectedOther,
      String expectedReason) {
    assertThat(NioErrors.translate(e, op, FILE, OTHER))
        .isExactlyInstanceOf(expectedType)
        .asInstanceOf(type(FileSystemException.class))
        .satisfies(
            x -> {
              assertThat(x.getFile()).as("file").isEqualTo(expectedFile);
              assertThat(x.getOtherFile()).as("other file").isEqualTo(expectedOther);
              assertThat(x.getReason()).as("reason").isEqualTo(expectedReason);
            });
  }

  @Test
  void enoentIsNoSuchFile() {
    assertTranslation(
        Errno.ENOENT.exception(), NioOp.GENERIC, NoSuchFileException.class, FILE, OTHER, null);
  }

  @Test
  void eexistIsFileAlreadyExists() {
    assertTranslation(
        Errno.EEXIST.exception(),
        NioOp.GENERIC,
        FileAlreadyExistsException.class,
        FILE,
        OTHER,
        null);
  }

  @Test
  void eaccesIsAccessDeniedWithoutReason() {
    assertTranslation(
        Errno.EACCES.exception(), NioOp.GENERIC, AccessDeniedException.class, FILE, OTHER, null);
  }

  @Test
  void epermIsAPlainFileSystemExceptionAsTheJdkThrows() {
    assertTranslation(
        Errno.EPERM.exception(),
        NioOp.GENERIC,
        FileSystemException.class,
        FILE,
        OTHER,
        "Operation not permitted");
  }

  @Test
  void enotemptyIsDirectoryNotEmpty() {
    assertTranslation(
        Errno.ENOTEMPTY.exception(),
        NioOp.DELETE,
        DirectoryNotEmptyException.class,
        FILE,
        null,
        null);
  }

  @Test
  void eexistWhileDeletingIsDirectoryNotEmpty() {
    assertTranslation(
        Errno.EEXIST.exception(), NioOp.DELETE, DirectoryNotEmptyException.class, FILE, null, null);
  }

  @Test
  void enotdirWhileOpeningDirectoryStreamIsNotDirectory() {
    assertTranslation(
        Errno.ENOTDIR.exception(),
        NioOp.DIRECTORY_STREAM,
        NotDirectoryException.class,
        FILE,
        null,
        null);
  }

  @Test
  void enotdirElsewhereIsPlainFileSystemException() {
    assertTranslation(
        Errno.ENOTDIR.exception(),
        NioOp.GENERIC,
        FileSystemException.class,
        FILE,
        OTHER,
        "Not a directory");
  }

  @Test
  void eloopUsesTheJdkWording() {
    assertTranslation(
        Errno.ELOOP.exception(),
        NioOp.GENERIC,
        FileSystemException.class,
        FILE,
        OTHER,
        "Too many levels of symbolic links or unable to access attributes of symbolic link");
  }

  @Test
  void einvalWhileReadingLinkIsNotLink() {
    assertTranslation(
        Errno.EINVAL.exception(), NioOp.READLINK, NotLinkException.class, FILE, null, null);
  }

  @Test
  void einvalElsewhereIsPlainFileSystemException() {
    assertTranslation(
        Errno.EINVAL.exception(),
        NioOp.GENERIC,
        FileSystemException.class,
        FILE,
        OTHER,
        "Invalid argument");
  }

  @Test
  void exdevInAtomicMoveIsAtomicMoveNotSupported() {
    assertTranslation(
        Errno.EXDEV.exception(),
        NioOp.MOVE_ATOMIC,
        AtomicMoveNotSupportedException.class,
        FILE,
        OTHER,
        "Invalid cross-device link");
  }

  @Test
  void exdevElsewhereIsPlainFileSystemException() {
    assertTranslation(
        Errno.EXDEV.exception(),
        NioOp.GENERIC,
        FileSystemException.class,
        FILE,
        OTHER,
        "Invalid cross-device link");
  }

  @Test
  void otherErrnosBecomeFileSystemExceptionWithStrerrorReason() {
    assertTranslation(
        Errno.EBUSY.exception(),
        NioOp.GENERIC,
        FileSystemException.class,
        FILE,
        OTHER,
        "Device or resource busy");
  }

  @Test
  void detailIsAppendedToTheReason() {
    assertTranslation(
        Errno.ENOSPC.exception("memfs limit of 64 MiB reached"),
        NioOp.GENERIC,
        FileSystemException.class,
        FILE,
        OTHER,
        "No space left on device: memfs limit of 64 MiB reached");
  }

  @Test
  void missingOtherFileStaysNull() {
    FileSystemException x =
        NioErrors.translate(Errno.ENOENT.exception(), NioOp.GENERIC, FILE, null);

    assertThat(x.getOtherFile()).isNull();
    assertThat(x).hasMessage(FILE);
  }

  @ParameterizedTest
  @EnumSource(NioOp.class)
  void everyErrnoBecomesAnExceptionAboutTheFileInEveryOperation(NioOp op) {
    for (Errno errno : Errno.values()) {
      assertThat(NioErrors.translate(errno.exception(), op, FILE, OTHER).getFile())
          .as("%s in %s", errno, op)
          .isEqualTo(FILE);
    }
  }
}
