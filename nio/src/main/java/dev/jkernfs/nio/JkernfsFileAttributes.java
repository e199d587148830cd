package dev.jkernfs.nio;

import dev.jkernfs.vfs.FileMode;
import dev.jkernfs.vfs.Stat;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipal;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A file's attributes as the {@code basic} and {@code posix} views report them; the {@code dos}
 * view's add the DOS bits ({@link WindowsAttributeViews.Attributes}).
 */
class JkernfsFileAttributes implements PosixFileAttributes {
  private static final PosixFilePermission[] PERMISSIONS = {
    PosixFilePermission.OTHERS_EXECUTE,
    PosixFilePermission.OTHERS_WRITE,
    PosixFilePermission.OTHERS_READ,
    PosixFilePermission.GROUP_EXECUTE,
    PosixFilePermission.GROUP_WRITE,
    PosixFilePermission.GROUP_READ,
    PosixFilePermission.OWNER_EXECUTE,
    PosixFilePermission.OWNER_WRITE,
    PosixFilePermission.OWNER_READ,
  };

  private final Stat stat;
  private final Principals principals;

  /** The attributes in {@code stat}, owners named by {@code principals}. */
  JkernfsFileAttributes(Stat stat, Principals principals) {
    this.stat = stat;
    this.principals = principals;
  }

  Stat stat() {
    return stat;
  }

  static FileTime time(long nanos) {
    return FileTime.from(nanos, TimeUnit.NANOSECONDS);
  }

  static Set<PosixFilePermission> permissions(int mode) {
    Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
    for (int bit = 0; bit < PERMISSIONS.length; bit++) {
      if ((mode & (1 << bit)) != 0) {
        set.add(PERMISSIONS[bit]);
      }
    }
    return set;
  }

  static int mode(Set<PosixFilePermission> permissions) {
    int mode = 0;
    for (int bit = 0; bit < PERMISSIONS.length; bit++) {
      if (permissions.contains(PERMISSIONS[bit])) {
        mode |= 1 << bit;
      }
    }
    return mode;
  }

  @Override
  public FileTime lastModifiedTime() {
    return time(stat.mtimeNanos());
  }

  @Override
  public FileTime lastAccessTime() {
    return time(stat.atimeNanos());
  }

  @Override
  public FileTime creationTime() {
    return time(stat.btimeNanos());
  }

  @Override
  public boolean isRegularFile() {
    return stat.isRegular();
  }

  @Override
  public boolean isDirectory() {
    return stat.isDirectory();
  }

  @Override
  public boolean isSymbolicLink() {
    return stat.isSymlink();
  }

  @Override
  public boolean isOther() {
    int type = stat.type();
    return type != FileMode.S_IFREG && type != FileMode.S_IFDIR && type != FileMode.S_IFLNK;
  }

  @Override
  public long size() {
    return stat.size();
  }

  @Override
  public Object fileKey() {
    return new FileKey(stat.dev(), stat.ino());
  }

  @Override
  public UserPrincipal owner() {
    return principals.user(stat.uid());
  }

  @Override
  public GroupPrincipal group() {
    return principals.group(stat.gid());
  }

  @Override
  public Set<PosixFilePermission> permissions() {
    return permissions(stat.mode());
  }

  /** Equal for all names of one file, like the JDK's {@code UnixFileKey}. */
  record FileKey(long dev, long ino) {
    @Override
    public String toString() {
      return "(dev=" + Long.toHexString(dev) + ",ino=" + ino + ")";
    }
  }
}
