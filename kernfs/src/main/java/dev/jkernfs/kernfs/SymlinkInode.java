package dev.jkernfs.kernfs;

import dev.jkernfs.vfs.FileMode;
import java.nio.charset.StandardCharsets;

/** A symbolic link: an inode whose content is a path, fixed when it is created. */
public class SymlinkInode extends Inode {
  private final String target;

  public SymlinkInode(KernfsFilesystem fs, int uid, int gid, String target) {
    super(fs, FileMode.S_IFLNK | 0777, uid, gid);
    this.target = target;
  }

  @Override
  public String readlink() {
    return target;
  }

  /** A symlink's size is the length of its target in bytes. */
  @Override
  public long size() {
    return target.getBytes(StandardCharsets.UTF_8).length;
  }
}
