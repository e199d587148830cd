package dev.jkernfs.vfs;

/** The bits of a Linux {@code st_mode}: the file type and the permission bits. */
public final class FileMode {
  /** The bits that hold the file type. */
  public static final int S_IFMT = 0170000;

  public static final int S_IFSOCK = 0140000;
  public static final int S_IFLNK = 0120000;
  public static final int S_IFREG = 0100000;
  public static final int S_IFBLK = 0060000;
  public static final int S_IFDIR = 0040000;
  public static final int S_IFCHR = 0020000;
  public static final int S_IFIFO = 0010000;

  public static final int S_ISUID = 04000;
  public static final int S_ISGID = 02000;

  /** The sticky bit; on a directory it restricts deletion to owners (see Permissions). */
  public static final int S_ISVTX = 01000;

  public static final int S_IRWXU = 0700;
  public static final int S_IRUSR = 0400;
  public static final int S_IWUSR = 0200;
  public static final int S_IXUSR = 0100;
  public static final int S_IRWXG = 070;
  public static final int S_IRGRP = 040;
  public static final int S_IWGRP = 020;
  public static final int S_IXGRP = 010;
  public static final int S_IRWXO = 07;
  public static final int S_IROTH = 04;
  public static final int S_IWOTH = 02;
  public static final int S_IXOTH = 01;

  /** The read, write and execute bits of all three classes. */
  public static final int S_IRWXUGO = 0777;

  /** Every permission bit, including setuid, setgid and sticky. */
  public static final int S_IALLUGO = 07777;

  /** The execute bits of all three classes. */
  public static final int S_IXUGO = 0111;

  private FileMode() {}

  /** Returns the file type bits of {@code mode}, one of the {@code S_IF*} constants or 0. */
  public static int type(int mode) {
    return mode & S_IFMT;
  }

  public static boolean isDirectory(int mode) {
    return type(mode) == S_IFDIR;
  }

  public static boolean isRegular(int mode) {
    return type(mode) == S_IFREG;
  }

  public static boolean isSymlink(int mode) {
    return type(mode) == S_IFLNK;
  }

  /**
   * Returns {@code mode} as {@code ls -l} shows it, such as {@code drwxr-xr-x} or {@code
   * -rwsr-x--T}: an upper-case {@code S} or {@code T} marks setuid, setgid or sticky without the
   * execute bit under it.
   */
  public static String toString(int mode) {
    char[] text = new char[10];
    text[0] = typeLetter(mode);
    permissionTriple(text, 1, mode >> 6, (mode & S_ISUID) != 0, 's');
    permissionTriple(text, 4, mode >> 3, (mode & S_ISGID) != 0, 's');
    permissionTriple(text, 7, mode, (mode & S_ISVTX) != 0, 't');
    return new String(text);
  }

  private static char typeLetter(int mode) {
    return switch (type(mode)) {
      case S_IFREG -> '-';
      case S_IFDIR -> 'd';
      case S_IFLNK -> 'l';
      case S_IFCHR -> 'c';
      case S_IFBLK -> 'b';
      case S_IFIFO -> 'p';
      case S_IFSOCK -> 's';
      default -> '?';
    };
  }

  private static void permissionTriple(
      char[] text, int at, int bits, boolean special, char specialLetter) {
    text[at] = (bits & 4) != 0 ? 'r' : '-';
    text[at + 1] = (bits & 2) != 0 ? 'w' : '-';
    boolean exec = (bits & 1) != 0;
    if (special) {
      text[at + 2] = exec ? specialLetter : Character.toUpperCase(specialLetter);
    } else {
      text[at + 2] = exec ? 'x' : '-';
    }
  }
}
