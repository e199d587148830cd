package dev.jkernfs.vfs;

import dev.jkernfs.refs.RefCounted;
import java.util.List;

/**
 * One filesystem instance, as the VFS calls it: the operations of {@code FilesystemImpl} in
 * gVisor's VFS, each given a {@link ResolvingPath} to walk in its own tree.
 *
 * <p>Walks start at {@link ResolvingPath#start()}, consume components with {@link
 * ResolvingPath#advance()}, and hand mount points, {@code ..} and symlinks to the resolving path,
 * which may throw {@link ResolveJump}: implementations must let it propagate after releasing their
 * locks. References: a filesystem is held by each mount of it; when the last is dropped it releases
 * its tree.
 */
public abstract class Filesystem extends RefCounted {
  private final VirtualFilesystem vfs;
  private final FilesystemType type;
  private final long deviceNumber;

  protected Filesystem(VirtualFilesystem vfs, FilesystemType type) {
    super(vfs);
    this.vfs = vfs;
    this.type = type;
    this.deviceNumber = vfs.allocateDeviceNumber();
  }

  public final VirtualFilesystem vfs() {
    return vfs;
  }

  public final FilesystemType type() {
    return type;
  }

  /** The device number {@code stat} reports for every file of this filesystem. */
  public final long deviceNumber() {
    return deviceNumber;
  }

  /** The root dentry, alive as long as the filesystem is. */
  public abstract Dentry root();

  /**
   * Resolves the path to a dentry.
   *
   * @return the dentry, with a reference owned by the caller
   */
  public abstract Dentry getDentryAt(ResolvingPath rp, boolean mustBeDirectory);

  /**
   * Resolves all but the last component, which must be a directory.
   *
   * @return the parent directory, with a reference owned by the caller
   */
  public abstract Dentry getParentDentryAt(ResolvingPath rp);

  /** Opens (and, if asked, creates) the file at the path. */
  public abstract FileDescription openAt(ResolvingPath rp, OpenOptions options);

  public abstract Stat statAt(ResolvingPath rp);

  /**
   * As {@link #statAt}, but null where that fails with ENOENT: existence checks ask this, and a
   * filesystem that can tell a missing name without throwing overrides it.
   */
  public Stat statAtIfExists(ResolvingPath rp) {
    try {
      return statAt(rp);
    } catch (ErrnoException e) {
      if (e.errno() == Errno.ENOENT) {
        return null;
      }
      throw e;
    }
  }

  /**
   * The attributes of {@code dentry}, reached by a walk this filesystem validated against {@code
   * stamp} and handed to {@link ResolvingPath#rememberWalk}, if nothing that could change where
   * that walk led has happened since; null otherwise. Only a filesystem that remembers walks
   * overrides it; {@code dentry} may have died meanwhile, and must then give null, not fail.
   */
  public Stat statIfUnchanged(Dentry dentry, long stamp) {
    return null;
  }

  public abstract void setStatAt(ResolvingPath rp, SetStat changes);

  /** Creates a directory; {@code mode} is already masked by the umask. */
  public abstract void mkdirAt(ResolvingPath rp, int mode);

  /** Creates a FIFO, socket or device node; {@code mode} includes the type bits. */
  public abstract void mknodAt(ResolvingPath rp, int mode, long rdev);

  public abstract void symlinkAt(ResolvingPath rp, String target);

  /** Creates a hard link at the path to {@code target}, which is in this filesystem's mount. */
  public abstract void linkAt(ResolvingPath rp, VirtualDentry target);

  public abstract void unlinkAt(ResolvingPath rp);

  public abstract void rmdirAt(ResolvingPath rp);

  /**
   * Moves {@code oldName} in {@code oldParent} to the path.
   *
   * @param noReplace fail with EEXIST if the path exists ({@code RENAME_NOREPLACE})
   */
  public abstract void renameAt(
      ResolvingPath rp, VirtualDentry oldParent, String oldName, boolean noReplace);

  public abstract String readlinkAt(ResolvingPath rp);

  /**
   * The {@link WindowsAttributes} of the file at the path. The default: EOPNOTSUPP, for a
   * filesystem that keeps none.
   */
  public WindowsAttributes windowsAttributesAt(ResolvingPath rp) {
    throw Errno.EOPNOTSUPP.exception();
  }

  /**
   * Replaces the {@link WindowsAttributes} of the file at the path with what {@code change} makes
   * of them, as its owner or root may. The default: EOPNOTSUPP.
   */
  public void setWindowsAttributesAt(
      ResolvingPath rp, java.util.function.UnaryOperator<WindowsAttributes> change) {
    throw Errno.EOPNOTSUPP.exception();
  }

  public abstract Statfs statfsAt(ResolvingPath rp);

  // ---- extended attributes ----
  //
  // The VFS has checked the arguments as the system calls do (Xattr) and holds a reference on the
  // dentry throughout. The defaults are those of a filesystem that keeps no attributes, as Linux's
  // procfs: every name is EOPNOTSUPP and the list is empty.

  /**
   * The value of the extended attribute {@code name} of {@code dentry}'s file.
   *
   * @throws ErrnoException ENODATA if the file has no such attribute, EOPNOTSUPP if the filesystem
   *     keeps none of its namespace, or what {@link Permissions#checkXattr} refuses
   */
  public byte[] getxattr(Dentry dentry, Credentials credentials, String name) {
    throw Errno.EOPNOTSUPP.exception();
  }

  /**
   * The names of the extended attributes of {@code dentry}'s file, in the order Linux lists them.
   */
  public List<String> listxattr(Dentry dentry, Credentials credentials) {
    return List.of();
  }

  /**
   * Sets the extended attribute {@code name} of {@code dentry}'s file to {@code value}.
   *
   * @param flags {@link Xattr#CREATE}, {@link Xattr#REPLACE} or 0
   * @throws ErrnoException EEXIST or ENODATA as the flags ask, ENOSPC, EOPNOTSUPP, or what {@link
   *     Permissions#checkXattr} refuses; nothing changes when it throws
   */
  public void setxattr(
      Dentry dentry, Credentials credentials, String name, byte[] value, int flags) {
    throw Errno.EOPNOTSUPP.exception();
  }

  /**
   * Removes the extended attribute {@code name} of {@code dentry}'s file.
   *
   * @throws ErrnoException ENODATA if there is none, EOPNOTSUPP, or what {@link
   *     Permissions#checkXattr} refuses
   */
  public void removexattr(Dentry dentry, Credentials credentials, String name) {
    throw Errno.EOPNOTSUPP.exception();
  }

  /**
   * Whether regular files and directories here keep {@code user.} attributes, which the {@code
   * user} and {@code dos} attribute views of {@code java.nio.file} need.
   */
  public boolean storesUserXattrs() {
    return false;
  }

  /**
   * The path of {@code dentry} from this filesystem's root, for messages and {@code realpath}; a
   * deleted dentry's path ends in {@code " (deleted)"}.
   */
  public abstract String pathOf(Dentry dentry);

  /** The name of {@code dentry} in its parent; empty for the root. */
  public abstract String nameOf(Dentry dentry);

  /** The parent of {@code dentry} within this filesystem, or null for its root or a deleted one. */
  public abstract Dentry parentOf(Dentry dentry);

  @Override
  public String refType() {
    return "filesystem";
  }

  @Override
  public String leakDescription() {
    return type.name() + " dev=" + deviceNumber;
  }
}
