package dev.jkernfs.vfs;

/**
 * The attributes a {@code setattr} changes; a field is changed only if its flag is in {@link
 * #mask()}. {@link #UTIME_NOW} as a time means "the current time", as for {@code utimensat(2)}.
 *
 * @param mask the fields to change ({@link #MODE}, {@link #UID}, ...)
 * @param mode new permission bits (type bits are ignored)
 * @param uid new owner
 * @param gid new group
 * @param size new size, for truncation or extension of a regular file
 * @param atimeNanos new access time
 * @param mtimeNanos new modification time
 * @param btimeNanos new creation time (no Linux syscall sets it; NIO's creationTime does)
 */
public record SetStat(
    int mask,
    int mode,
    int uid,
    int gid,
    long size,
    long atimeNanos,
    long mtimeNanos,
    long btimeNanos) {
  public static final int MODE = 1;
  public static final int UID = 1 << 1;
  public static final int GID = 1 << 2;
  public static final int SIZE = 1 << 3;
  public static final int ATIME = 1 << 4;
  public static final int MTIME = 1 << 5;
  public static final int BTIME = 1 << 6;

  /** A time value meaning "now". */
  public static final long UTIME_NOW = Long.MIN_VALUE;

  public static SetStat mode(int mode) {
    return new SetStat(MODE, mode, 0, 0, 0, 0, 0, 0);
  }

  /** Changes owner and/or group; -1 leaves that one as it is. */
  public static SetStat owner(int uid, int gid) {
    int mask = (uid >= 0 ? UID : 0) | (gid >= 0 ? GID : 0);
    return new SetStat(mask, 0, uid, gid, 0, 0, 0, 0);
  }

  public static SetStat size(long size) {
    return new SetStat(SIZE, 0, 0, 0, size, 0, 0, 0);
  }

  /** Sets the given times; {@code null} leaves that time as it is. */
  public static SetStat times(Long atimeNanos, Long mtimeNanos, Long btimeNanos) {
    int mask =
        (atimeNanos != null ? ATIME : 0)
            | (mtimeNanos != null ? MTIME : 0)
            | (btimeNanos != null ? BTIME : 0);
    return new SetStat(
        mask,
        0,
        0,
        0,
        0,
        atimeNanos != null ? atimeNanos : 0,
        mtimeNanos != null ? mtimeNanos : 0,
        btimeNanos != null ? btimeNanos : 0);
  }

  public boolean has(int field) {
    return (mask & field) != 0;
  }
}
