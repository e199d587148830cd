package dev.jkernfs.vfs;

/**
 * How a file is opened, after {@code open(2)}'s flags.
 *
 * @param read open for reading
 * @param write open for writing
 * @param append every write goes to the end of the file
 * @param create create the file if it does not exist
 * @param exclusive with {@code create}, fail with EEXIST if it exists
 * @param truncate truncate an existing regular file to 0 when opened for writing
 * @param noFollow fail with ELOOP if the last component is a symlink
 * @param directory fail with ENOTDIR unless the file is a directory
 * @param mode permission bits of a created file, before the umask
 */
public record OpenOptions(
    boolean read,
    boolean write,
    boolean append,
    boolean create,
    boolean exclusive,
    boolean truncate,
    boolean noFollow,
    boolean directory,
    int mode) {

  /** Opens an existing file or directory for reading. */
  public static final OpenOptions READ =
      new OpenOptions(true, false, false, false, false, false, false, false, 0);

  /** Opens an existing directory for listing. */
  public static final OpenOptions DIRECTORY =
      new OpenOptions(true, false, false, false, false, false, false, true, 0);

  /** The access bits {@link Permissions#checkAccess} needs for this open. */
  public int mayAccess() {
    return (read ? Permissions.MAY_READ : 0) | (write || append ? Permissions.MAY_WRITE : 0);
  }
}
