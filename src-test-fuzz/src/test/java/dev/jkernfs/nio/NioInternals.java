package dev.jkernfs.nio;

import dev.jkernfs.refs.LeakScope;
import dev.jkernfs.vfs.VirtualFilesystem;
import java.nio.file.FileSystem;

/**
 * What the fuzz targets need from behind a jkernfs {@link FileSystem} and the public API does not
 * give: its leak scope, for the ref audit, and its mount namespace, to find a mounted filesystem.
 * Lives in the provider's package for that reason alone.
 */
public final class NioInternals {
  private NioInternals() {}

  /** The leak scope covering every object of {@code fs}. */
  public static LeakScope scope(FileSystem fs) {
    return ((JkernfsFileSystem) fs).scope();
  }

  public static VirtualFilesystem vfs(FileSystem fs) {
    return ((JkernfsFileSystem) fs).vfs();
  }
}
