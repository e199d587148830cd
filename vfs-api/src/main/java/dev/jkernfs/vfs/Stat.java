package dev.jkernfs.vfs;

/**
 * A file's attributes as {@code statx(2)} reports them. Times are nanoseconds since the epoch.
 *
 * @param dev the id of the filesystem the file is on
 * @param ino the inode number, unique within the filesystem
 * @param mode file type and permission bits ({@link FileMode})
 * @param nlink the number of hard links
 * @param uid the owner
 * @param gid the group
 * @param rdev the device number of a character or block device node, else 0
 * @param size the size in bytes (a symlink's target length; a directory's entry count-based size)
 * @param blocks the number of 512-byte blocks allocated
 * @param atimeNanos last access
 * @param mtimeNanos last content change
 * @param ctimeNanos last attribute change
 * @param btimeNanos creation
 */
public record Stat(
    long dev,
    long ino,
    int mode,
    long nlink,
    int uid,
    int gid,
    long rdev,
    long size,
    long blocks,
    long atimeNanos,
    long mtimeNanos,
    long ctimeNanos,
    long btimeNanos) {

  public boolean isDirectory() {
    return FileMode.isDirectory(mode);
  }

  public boolean isRegular() {
    return FileMode.isRegular(mode);
  }

  public boolean isSymlink() {
    return FileMode.isSymlink(mode);
  }

  /** File type bits only. */
  public int type() {
    return FileMode.type(mode);
  }
}
