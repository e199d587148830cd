package dev.jkernfs.fuzz;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * The places where jimfs, the model of the differential, is knowingly not POSIX (or not what the
 * JDK's own Linux provider does), and jkernfs is. Each is one named exception to "the outcomes must
 * be equal", as narrow as the difference it allows.
 */
enum Divergence {
  /**
   * A path that runs through a regular file ({@code /f/x} where {@code /f} is a file): Linux fails
   * with ENOTDIR, which the JDK throws as {@code FileSystemException} ("Not a directory"), or as
   * {@code NotDirectoryException} from {@code newDirectoryStream}, and {@code deleteIfExists} does
   * not swallow. jimfs answers as if the path did not exist: {@code NoSuchFileException}, or false.
   */
  NOT_A_DIRECTORY_IN_PATH {
    @Override
    boolean allows(Step step, Outcome jimfs, Outcome jkernfs, NioWorld expected, NioWorld actual) {
      boolean missingInJimfs =
          jimfs.threw(NoSuchFileException.class) || "false".equals(jimfs.value());
      boolean notDirectoryInJkernfs =
          jkernfs.threw(FileSystemException.class) || jkernfs.threw(NotDirectoryException.class);
      return missingInJimfs
          && notDirectoryInJkernfs
          && (actual.walksThroughFile(step.a()) || actual.walksThroughFile(step.b()));
    }
  },

  /**
   * Opening a directory as a file: Linux opens it for reading and fails the first read with EISDIR,
   * which the JDK throws as a plain {@code IOException} ("Is a directory"); jimfs refuses the open
   * itself with a {@code FileSystemException}. A channel jkernfs opened there is closed again so
   * that both sides keep the same channels.
   */
  DIRECTORY_OPENS_FOR_READING {
    @Override
    boolean allows(Step step, Outcome jimfs, Outcome jkernfs, NioWorld expected, NioWorld actual) {
      if (!jimfs.threw(FileSystemException.class) || !expected.isDirectory(step.a())) {
        return false;
      }
      return switch (NioAction.of(step)) {
        case READ_FILE -> jkernfs.threw(IOException.class);
        case OPEN_CHANNEL -> !jkernfs.threw();
        default -> false;
      };
    }

    @Override
    boolean reconcile(Step step, NioWorld expected, NioWorld actual) throws IOException {
      int slot = step.c() % NioWorld.SLOTS;
      if (NioAction.of(step) == NioAction.OPEN_CHANNEL
          && actual.isOpen(slot)
          && !expected.isOpen(slot)) {
        actual.closeSlot(slot);
      }
      return true;
    }
  },

  /**
   * {@code createLink(link, existing)} with a directory as {@code existing}: jimfs refuses the
   * directory before it looks at {@code link}, Linux ({@code linkat(2)}) resolves the new name
   * first and reports what is wrong with it (ENOENT, EEXIST, ENOTDIR) before EPERM.
   */
  LINK_TO_DIRECTORY_REFUSED_FIRST {
    @Override
    boolean allows(Step step, Outcome jimfs, Outcome jkernfs, NioWorld expected, NioWorld actual) {
      return NioAction.of(step) == NioAction.LINK
          && jimfs.threw(FileSystemException.class)
          && jkernfs.threw()
          && expected.isDirectory(step.a());
    }
  },

  /**
   * A rename that replaces a directory with a file, or a file with a directory: Linux refuses with
   * EISDIR or ENOTDIR ({@code FileSystemException}) whatever the directory holds; jimfs's atomic
   * move replaces an empty directory or the file (the trees differ from then on, so the rest of the
   * run checks jkernfs alone) and refuses a non-empty directory with {@code
   * DirectoryNotEmptyException}.
   */
  RENAME_REPLACES_OTHER_TYPE {
    @Override
    boolean allows(Step step, Outcome jimfs, Outcome jkernfs, NioWorld expected, NioWorld actual) {
      return NioAction.of(step) == NioAction.MOVE
          && ("ok".equals(jimfs.value()) || jimfs.threw(DirectoryNotEmptyException.class))
          && jkernfs.threw(FileSystemException.class)
          && actual.isDirectoryItself(step.a()) != actual.isDirectoryItself(step.b())
          && actual.exists(step.b());
    }

    @Override
    boolean reconcile(Step step, NioWorld expected, NioWorld actual) {
      // jimfs refused too if the target is still what it was, as in jkernfs. (Whether the source
      // still exists cannot tell: after a move the source path may reach something else, such
      // as the moved directory's child when the source ran through a symlink to the target.)
      return expected.exists(step.b())
          && expected.isDirectoryItself(step.b()) == actual.isDirectoryItself(step.b());
    }
  },

  /**
   * A symlink loop (or a chain longer than the limit): the JDK throws {@code FileSystemException}
   * for ELOOP, jimfs a plain {@code IOException}, or {@code NoSuchFileException} where it looks for
   * a move's missing source before it walks the target's loop (Linux walks both parents first).
   */
  SYMLINK_LOOP_AS_PLAIN_IO_EXCEPTION {
    @Override
    boolean allows(Step step, Outcome jimfs, Outcome jkernfs, NioWorld expected, NioWorld actual) {
      return ("IOException".equals(jimfs.exception()) || jimfs.threw(NoSuchFileException.class))
          && jkernfs.threw(FileSystemException.class)
          && (actual.loops(step.a()) || actual.loops(step.b()));
    }
  },

  /**
   * Moving a directory into its own subtree. Linux's rename fails with EINVAL ({@code
   * FileSystemException}); the JDK first looks at the target as for any move ({@code
   * FileAlreadyExistsException}, or with {@code REPLACE_EXISTING} deletes it, which may fail with
   * {@code DirectoryNotEmptyException}) and so does jkernfs. jimfs checks the subtree first and
   * throws a plain {@code IOException}. A target jkernfs deleted is deleted in jimfs too.
   */
  MOVE_INTO_OWN_SUBTREE {
    @Override
    boolean allows(Step step, Outcome jimfs, Outcome jkernfs, NioWorld expected, NioWorld actual) {
      return NioAction.of(step) == NioAction.MOVE
          && "IOException".equals(jimfs.exception())
          && jkernfs.threw()
          && expected.isInside(step.b(), step.a());
    }

    @Override
    boolean reconcile(Step step, NioWorld expected, NioWorld actual) throws IOException {
      if (expected.exists(step.b()) && !actual.exists(step.b())) {
        expected.delete(step.b());
      }
      return true;
    }
  },

  /**
   * {@code move(source, target, REPLACE_EXISTING)} where the source is reached through the target
   * (a symlink on the source's path): the JDK deletes the target first, as jkernfs does, so the
   * source cannot be reached when it renames ({@code NoSuchFileException}); jimfs resolves the
   * source first and moves it. The trees differ from then on.
   */
  SOURCE_REACHED_THROUGH_REPLACED_TARGET {
    @Override
    boolean allows(Step step, Outcome jimfs, Outcome jkernfs, NioWorld expected, NioWorld actual) {
      return NioAction.of(step) == NioAction.MOVE
          && "ok".equals(jimfs.value())
          && jkernfs.threw(NoSuchFileException.class)
          && step.c() % 4 == 1 // REPLACE_EXISTING alone: delete, then rename
          && !actual.exists(step.b());
    }

    @Override
    boolean reconcile(Step step, NioWorld expected, NioWorld actual) {
      return false;
    }
  },

  /**
   * Creating through a dangling symlink: Linux's {@code open(O_CREAT)} without {@code O_EXCL}
   * follows the link and creates its target, and so do the JDK and jkernfs; jimfs refuses. The
   * trees differ from then on.
   */
  CREATE_THROUGH_DANGLING_SYMLINK {
    @Override
    boolean allows(Step step, Outcome jimfs, Outcome jkernfs, NioWorld expected, NioWorld actual) {
      NioAction action = NioAction.of(step);
      return (action == NioAction.WRITE_FILE || action == NioAction.OPEN_CHANNEL)
          && jimfs.threw()
          && !jkernfs.threw()
          && expected.isSymlink(step.a());
    }

    @Override
    boolean reconcile(Step step, NioWorld expected, NioWorld actual) {
      return false;
    }
  },

  /**
   * Opening a symlink with {@code NOFOLLOW_LINKS}: Linux fails with ELOOP, for which the JDK throws
   * a plain {@code IOException} ("Too many levels of symbolic links (NOFOLLOW_LINKS specified)"),
   * as jkernfs does; jimfs throws a {@code FileSystemException}.
   */
  NOFOLLOW_OPEN_OF_SYMLINK {
    @Override
    boolean allows(Step step, Outcome jimfs, Outcome jkernfs, NioWorld expected, NioWorld actual) {
      return NioAction.of(step) == NioAction.OPEN_CHANNEL
          && jimfs.threw(FileSystemException.class)
          && "IOException".equals(jkernfs.exception())
          && actual.isSymlink(step.a());
    }
  },

  /**
   * A hard link to a symlink: Linux's {@code link(2)} links the symlink itself, as the JDK and
   * jkernfs do; jimfs follows it and links (or fails to find) its target. The trees differ from
   * then on, whatever each side answered.
   */
  LINK_TO_SYMLINK {
    @Override
    boolean allows(Step step, Outcome jimfs, Outcome jkernfs, NioWorld expected, NioWorld actual) {
      return NioAction.of(step) == NioAction.LINK && actual.isSymlink(step.a());
    }

    @Override
    boolean silentlyDiffers(Step step, NioWorld expected, NioWorld actual) {
      return allows(step, null, null, expected, actual);
    }

    @Override
    boolean reconcile(Step step, NioWorld expected, NioWorld actual) {
      return false;
    }
  },

  /**
   * A symlink's own attributes: Linux reports the length of its target as its size and {@code
   * rwxrwxrwx}; jimfs reports 0 and its default {@code rw-r--r--}.
   */
  SYMLINK_SIZE_AND_MODE {
    @Override
    boolean allows(Step step, Outcome jimfs, Outcome jkernfs, NioWorld expected, NioWorld actual) {
      return NioAction.of(step) == NioAction.STAT
          && jimfs.value() != null
          && jkernfs.value() != null
          && jimfs.value().startsWith("link ")
          && jimfs
              .value()
              .replaceAll(" size=\\d+ ", " ")
              .replace("rw-r--r--", "rwxrwxrwx")
              .equals(jkernfs.value().replaceAll(" size=\\d+ ", " "));
    }
  },

  /**
   * A write of no bytes at a position past the end: POSIX leaves the file as it was, and so do the
   * JDK and jkernfs; jimfs grows the file to the position. The jimfs file is cut back to the
   * jkernfs size so that later steps compare again.
   */
  EMPTY_WRITE_GROWS_FILE {
    @Override
    boolean allows(Step step, Outcome jimfs, Outcome jkernfs, NioWorld expected, NioWorld actual) {
      return false; // both report "0 at N"; the difference is in the size only
    }

    @Override
    boolean silentlyDiffers(Step step, NioWorld expected, NioWorld actual) throws IOException {
      int slot = step.a() % NioWorld.SLOTS;
      return NioAction.of(step) == NioAction.CHANNEL_WRITE
          && step.b() % 8 == 0
          && expected.channelSize(slot) > actual.channelSize(slot);
    }

    @Override
    boolean reconcile(Step step, NioWorld expected, NioWorld actual) throws IOException {
      int slot = step.a() % NioWorld.SLOTS;
      expected.truncateChannel(slot, actual.channelSize(slot));
      return true;
    }
  },

  /**
   * A directory's size and default permissions. The size of a directory is the filesystem's own
   * (tmpfs reports one from its entries, jimfs 0); jimfs gives every directory {@code rw-r--r--},
   * like a file, where jkernfs applies the umask to 0777 as {@code mkdir(2)} does and makes the
   * root {@code rwxrwxrwt} as tmpfs does.
   */
  DIRECTORY_SIZE_AND_DEFAULT_MODE {
    @Override
    boolean allows(Step step, Outcome jimfs, Outcome jkernfs, NioWorld expected, NioWorld actual) {
      if (NioAction.of(step) != NioAction.STAT
          || jimfs.value() == null
          || jkernfs.value() == null
          || !jimfs.value().startsWith("dir ")) {
        return false;
      }
      String model = withoutSize(jimfs.value());
      String stat = withoutSize(jkernfs.value());
      return model.equals(stat)
          || model.replace(" mode=rw-r--r--", " mode=rwxr-xr-x").equals(stat)
          || model.replace(" mode=rw-r--r--", " mode=rwxrwxrwx").equals(stat);
    }
  };

  /**
   * The divergence that allows {@code jkernfs}'s outcome where jimfs had {@code jimfs}, or null if
   * none does.
   */
  static Divergence explain(
      Step step, Outcome jimfs, Outcome jkernfs, NioWorld expected, NioWorld actual) {
    for (Divergence divergence : values()) {
      if (divergence.allows(step, jimfs, jkernfs, expected, actual)) {
        return divergence;
      }
    }
    return null;
  }

  /**
   * The divergence that explains a difference that shows in no outcome, found by looking at both
   * worlds after a step, or null if there is none.
   */
  static Divergence silent(Step step, NioWorld expected, NioWorld actual) throws IOException {
    for (Divergence divergence : values()) {
      if (divergence.silentlyDiffers(step, expected, actual)) {
        return divergence;
      }
    }
    return null;
  }

  abstract boolean allows(
      Step step, Outcome jimfs, Outcome jkernfs, NioWorld expected, NioWorld actual);

  /** Whether the worlds differ after {@code step} in a way no outcome shows. */
  boolean silentlyDiffers(Step step, NioWorld expected, NioWorld actual) throws IOException {
    return false;
  }

  /**
   * Brings the two worlds back in step after an allowed difference, where it left them apart.
   *
   * @return false if they cannot be: the rest of the run then checks jkernfs alone
   */
  boolean reconcile(Step step, NioWorld expected, NioWorld actual) throws IOException {
    return true;
  }

  private static String withoutSize(String stat) {
    return stat.replaceAll(" size=\\d+", "");
  }
}
