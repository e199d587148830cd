package dev.jkernfs.nio;

import static dev.jkernfs.vfs.OpenOptions.O_APPEND;
import static dev.jkernfs.vfs.OpenOptions.O_CREAT;
import static dev.jkernfs.vfs.OpenOptions.O_EXCL;
import static dev.jkernfs.vfs.OpenOptions.O_NOFOLLOW;
import static dev.jkernfs.vfs.OpenOptions.O_RDONLY;
import static dev.jkernfs.vfs.OpenOptions.O_RDWR;
import static dev.jkernfs.vfs.OpenOptions.O_TRUNC;
import static dev.jkernfs.vfs.OpenOptions.O_WRONLY;

import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.Set;

/**
 * The open options of a channel, checked and reduced as the JDK's Unix channel factory does: no
 * access option means READ, CREATE and CREATE_NEW count only when writing, and READ with APPEND or
 * APPEND with TRUNCATE_EXISTING is refused. {@code sync} stands for SYNC or DSYNC: each write is
 * durable when it returns, as with {@code O_SYNC} and {@code O_DSYNC}.
 */
record OpenFlags(
    boolean read,
    boolean write,
    boolean append,
    boolean create,
    boolean createNew,
    boolean truncate,
    boolean noFollow,
    boolean deleteOnClose,
    boolean sync) {

  static OpenFlags parse(Set<? extends OpenOption> options) {
    boolean read = false;
    boolean write = false;
    boolean append = false;
    boolean create = false;
    boolean createNew = false;
    boolean truncate = false;
    boolean noFollow = false;
    boolean deleteOnClose = false;
    boolean sync = false;
    for (OpenOption option : options) {
      if (Objects.requireNonNull(option) == StandardOpenOption.READ) {
        read = true;
      } else if (option == StandardOpenOption.WRITE) {
        write = true;
      } else if (option == StandardOpenOption.APPEND) {
        append = true;
      } else if (option == StandardOpenOption.CREATE) {
        create = true;
      } else if (option == StandardOpenOption.CREATE_NEW) {
        createNew = true;
      } else if (option == StandardOpenOption.TRUNCATE_EXISTING) {
        truncate = true;
      } else if (option == LinkOption.NOFOLLOW_LINKS) {
        noFollow = true;
      } else if (option == StandardOpenOption.DELETE_ON_CLOSE) {
        deleteOnClose = true;
      } else if (option == StandardOpenOption.SYNC || option == StandardOpenOption.DSYNC) {
        sync = true;
      } else if (option != StandardOpenOption.SPARSE) {
        // SPARSE is satisfied by an in-memory file as it is.
        throw new UnsupportedOperationException(option + " not supported");
      }
    }
    if (read && append) {
      throw new IllegalArgumentException("READ + APPEND not allowed");
    }
    if (append && truncate) {
      throw new IllegalArgumentException("APPEND + TRUNCATE_EXISTING not allowed");
    }
    boolean writing = write || append;
    if (!writing) {
      read = true;
    }
    return new OpenFlags(
        read,
        write || append,
        append,
        writing && create,
        writing && createNew,
        writing && truncate,
        noFollow,
        deleteOnClose,
        sync);
  }

  /**
   * The {@code open(2)} flags these options stand for, as the JDK's channel factory passes them:
   * CREATE_NEW is {@code O_CREAT | O_EXCL | O_NOFOLLOW}, so that it never creates through a link.
   */
  int linuxFlags() {
    int flags = read && write ? O_RDWR : write ? O_WRONLY : O_RDONLY;
    if (append) {
      flags |= O_APPEND;
    }
    if (createNew) {
      flags |= O_CREAT | O_EXCL | O_NOFOLLOW;
    } else if (create) {
      flags |= O_CREAT;
    }
    if (truncate) {
      flags |= O_TRUNC;
    }
    // The JDK never deletes through a link: DELETE_ON_CLOSE opens with O_NOFOLLOW too.
    if (noFollow || deleteOnClose) {
      flags |= O_NOFOLLOW;
    }
    return flags;
  }
}
