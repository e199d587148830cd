package dev.jkernfs.vfs;

import java.nio.file.attribute.AclEntry;
import java.util.List;
import java.util.Objects;

/**
 * What a file has on Windows besides its POSIX attributes: its DOS attribute bits and its access
 * control list. Filesystems of a Windows-flavoured {@code java.nio.file} keep these per file; they
 * are stored and reported, never enforced (permissions stay POSIX's).
 *
 * @param dos the DOS attribute bits: {@link #READONLY}, {@link #HIDDEN}, {@link #SYSTEM}, {@link
 *     #ARCHIVE} (Windows's {@code FILE_ATTRIBUTE_*} values)
 * @param acl the access control list, as set; empty by default
 */
public record WindowsAttributes(int dos, List<AclEntry> acl) {
  /** {@code FILE_ATTRIBUTE_READONLY}. */
  public static final int READONLY = 0x1;

  /** {@code FILE_ATTRIBUTE_HIDDEN}. */
  public static final int HIDDEN = 0x2;

  /** {@code FILE_ATTRIBUTE_SYSTEM}. */
  public static final int SYSTEM = 0x4;

  /** {@code FILE_ATTRIBUTE_ARCHIVE}. */
  public static final int ARCHIVE = 0x20;

  private static final int ALL = READONLY | HIDDEN | SYSTEM | ARCHIVE;

  private static final WindowsAttributes NEW_DIRECTORY = new WindowsAttributes(0, List.of());
  private static final WindowsAttributes NEW_FILE = new WindowsAttributes(ARCHIVE, List.of());

  public WindowsAttributes {
    if ((dos & ~ALL) != 0) {
      throw new IllegalArgumentException("unknown DOS attribute bits: " + Integer.toHexString(dos));
    }
    acl = List.copyOf(Objects.requireNonNull(acl, "acl"));
  }

  /**
   * What a new file has, as NTFS gives it: the archive bit for a file (marked for the next backup),
   * nothing for a directory.
   */
  public static WindowsAttributes initial(boolean directory) {
    return directory ? NEW_DIRECTORY : NEW_FILE;
  }

  /** Whether {@code bit} is set. */
  public boolean has(int bit) {
    return (dos & bit) != 0;
  }

  /** These attributes with {@code bit} set or cleared. */
  public WindowsAttributes with(int bit, boolean set) {
    return new WindowsAttributes(set ? dos | bit : dos & ~bit, acl);
  }

  /** These attributes with another access control list. */
  public WindowsAttributes withAcl(List<AclEntry> newAcl) {
    return new WindowsAttributes(dos, newAcl);
  }
}
