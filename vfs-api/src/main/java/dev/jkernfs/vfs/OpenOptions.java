package dev.jkernfs.vfs;

/**
 * How a file is opened, after {@code open(2)}'s flags.
 *
 * <p>Made by name, not by position: {@link #fromLinuxFlags} for {@code O_*} flags as a front end
 * receives or computes them, {@link #builder()} for the combinations that tests spell out.
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

  // open(2)'s flags, with their values in Linux's x86_64 fcntl.h.
  public static final int O_RDONLY = 0;
  public static final int O_WRONLY = 1;
  public static final int O_RDWR = 2;
  public static final int O_ACCMODE = 3;
  public static final int O_CREAT = 0100;
  public static final int O_EXCL = 0200;
  public static final int O_TRUNC = 01000;
  public static final int O_APPEND = 02000;
  public static final int O_DIRECTORY = 0200000;
  public static final int O_NOFOLLOW = 0400000;

  /** Opens an existing file or directory for reading. */
  public static final OpenOptions READ = builder().read().build();

  /** Opens an existing directory for listing. */
  public static final OpenOptions DIRECTORY = builder().read().directory().build();

  /**
   * The options of {@code open(path, flags, mode)}. The access mode decides reading and writing as
   * Linux does: {@code O_RDONLY} reads, {@code O_WRONLY} writes, {@code O_RDWR} does both. Flags
   * other than the {@code O_*} constants here are ignored, and {@code mode} is kept whether or not
   * {@code O_CREAT} is given.
   */
  public static OpenOptions fromLinuxFlags(int flags, int mode) {
    int access = flags & O_ACCMODE;
    return new OpenOptions(
        access != O_WRONLY,
        access == O_WRONLY || access == O_RDWR,
        (flags & O_APPEND) != 0,
        (flags & O_CREAT) != 0,
        (flags & O_EXCL) != 0,
        (flags & O_TRUNC) != 0,
        (flags & O_NOFOLLOW) != 0,
        (flags & O_DIRECTORY) != 0,
        mode);
  }

  /** Options with nothing set; each call of the builder adds one. */
  public static Builder builder() {
    return new Builder();
  }

  /** The access bits {@link Permissions#checkAccess} needs for this open. */
  public int mayAccess() {
    return (read ? Permissions.MAY_READ : 0) | (write || append ? Permissions.MAY_WRITE : 0);
  }

  /**
   * Open options by name. Unlike {@link #fromLinuxFlags}, it makes any combination, including those
   * no access mode produces (appending without writing), which tests of refusals need.
   */
  public static final class Builder {
    private boolean read;
    private boolean write;
    private boolean append;
    private boolean create;
    private boolean exclusive;
    private boolean truncate;
    private boolean noFollow;
    private boolean directory;
    private int mode;

    private Builder() {}

    public Builder read() {
      read = true;
      return this;
    }

    public Builder write() {
      write = true;
      return this;
    }

    /** Reads and writes. */
    public Builder readWrite() {
      return read().write();
    }

    public Builder append() {
      append = true;
      return this;
    }

    /** Creates a missing file with permission bits {@code mode} (before the umask). */
    public Builder create(int mode) {
      this.create = true;
      this.mode = mode;
      return this;
    }

    public Builder exclusive() {
      exclusive = true;
      return this;
    }

    public Builder truncate() {
      truncate = true;
      return this;
    }

    public Builder noFollow() {
      noFollow = true;
      return this;
    }

    public Builder directory() {
      directory = true;
      return this;
    }

    public OpenOptions build() {
      return new OpenOptions(
          read, write, append, create, exclusive, truncate, noFollow, directory, mode);
    }
  }
}
