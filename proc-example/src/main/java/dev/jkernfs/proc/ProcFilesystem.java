package dev.jkernfs.proc;

import dev.jkernfs.kernfs.KernfsFilesystem;
import dev.jkernfs.kernfs.StaticDirectory;
import dev.jkernfs.vfs.VirtualFilesystem;

/** A proc instance: a kernfs filesystem whose root its type fills before anyone can reach it. */
final class ProcFilesystem extends KernfsFilesystem {
  private final StaticDirectory rootDirectory;

  ProcFilesystem(VirtualFilesystem vfs, ProcType type, int cacheLimit) {
    super(vfs, type, cacheLimit);
    rootDirectory = new StaticDirectory(this, ProcDirectory.DIRECTORY_MODE, 0, 0);
    setRoot(rootDirectory);
  }

  /** As Linux's proc: a lookup of a missing name fails, so creating one is ENOENT for everyone. */
  @Override
  protected boolean missingNamesCanBeCreated() {
    return false;
  }

  /** The root directory inode, alive as long as the filesystem. */
  StaticDirectory rootDirectory() {
    return rootDirectory;
  }
}
