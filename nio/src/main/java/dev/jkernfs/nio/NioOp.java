package dev.jkernfs.nio;

/** The kind of operation that failed, where it changes which NIO exception an errno becomes. */
enum NioOp {
  /** Any operation without a special case below. */
  GENERIC,

  /**
   * Reading a file's attributes or checking access to it: from JDK 25 (JDK-8356678) the JDK treats
   * ENOTDIR, a non-directory in the path's prefix, as a missing file ({@code NoSuchFileException});
   * before, as the generic case.
   */
  ATTRIBUTES,

  /** Opening a directory to list it: ENOTDIR becomes {@code NotDirectoryException}. */
  DIRECTORY_STREAM,

  /**
   * Deleting a file or directory: EEXIST, which POSIX allows {@code rmdir} to return for a
   * non-empty directory, becomes {@code DirectoryNotEmptyException} like ENOTEMPTY.
   */
  DELETE,

  /** Reading a symbolic link: EINVAL means the file is not one, {@code NotLinkException}. */
  READLINK,

  /**
   * A move with {@code ATOMIC_MOVE}: EXDEV, a rename across mounts, becomes {@code
   * AtomicMoveNotSupportedException}.
   */
  MOVE_ATOMIC,
}
