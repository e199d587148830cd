package dev.jkernfs.nio;

import dev.jkernfs.vfs.ErrnoException;
import dev.jkernfs.vfs.Mount;
import dev.jkernfs.vfs.ParsedPath;
import dev.jkernfs.vfs.PathOperation;
import dev.jkernfs.vfs.Statfs;
import dev.jkernfs.vfs.VirtualDentry;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.attribute.AclFileAttributeView;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.DosFileAttributeView;
import java.nio.file.attribute.FileAttributeView;
import java.nio.file.attribute.FileOwnerAttributeView;
import java.nio.file.attribute.FileStoreAttributeView;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserDefinedFileAttributeView;

/** One mount as a {@link FileStore}: its filesystem's type and, with quotas, its space. */
final class JkernfsFileStore extends FileStore {
  private final JkernfsFileSystem fs;
  private final Mount mount;

  JkernfsFileStore(JkernfsFileSystem fs, Mount mount) {
    this.fs = fs;
    this.mount = mount;
  }

  private Statfs statfs() throws IOException {
    try {
      VirtualDentry root = new VirtualDentry(mount, mount.root());
      return fs.vfs()
          .statfs(
              new PathOperation(
                  fs.credentials(), root, root, ParsedPath.of(false, new String[0], false), true));
    } catch (ErrnoException e) {
      throw NioErrors.translate(e, NioOp.GENERIC, mount.path(), null);
    }
  }

  @Override
  public String name() {
    return mount.filesystem().type().name() + "@" + mount.path();
  }

  @Override
  public String type() {
    return mount.filesystem().type().name();
  }

  @Override
  public boolean isReadOnly() {
    return false;
  }

  @Override
  public long getTotalSpace() throws IOException {
    return statfs().totalBytes();
  }

  @Override
  public long getUsableSpace() throws IOException {
    return statfs().freeBytes();
  }

  @Override
  public long getUnallocatedSpace() throws IOException {
    return statfs().freeBytes();
  }

  @Override
  public long getBlockSize() throws IOException {
    return statfs().blockSize();
  }

  /**
   * The views of the filesystem's flavour, where they can live: {@code user}, and on Linux and
   * macOS {@code dos}, keep their data in extended attributes, so only where the filesystem keeps
   * them (memfs, not {@code proc}), as the JDK's Linux file stores answer; the Windows flavour's
   * {@code dos} and {@code acl} every kernfs filesystem keeps.
   */
  @Override
  public boolean supportsFileAttributeView(Class<? extends FileAttributeView> type) {
    if (type == BasicFileAttributeView.class || type == FileOwnerAttributeView.class) {
      return true;
    }
    if (type == PosixFileAttributeView.class) {
      return supportsFileAttributeView("posix");
    }
    if (type == DosFileAttributeView.class) {
      return supportsFileAttributeView("dos");
    }
    if (type == AclFileAttributeView.class) {
      return supportsFileAttributeView("acl");
    }
    return type == UserDefinedFileAttributeView.class && supportsFileAttributeView("user");
  }

  @Override
  public boolean supportsFileAttributeView(String name) {
    if (!fs.supportedFileAttributeViews().contains(name)) {
      return false;
    }
    if (name.equals("user") || (name.equals("dos") && fs.flavor() != Flavor.WINDOWS)) {
      return mount.filesystem().storesUserXattrs();
    }
    return true;
  }

  @Override
  public <V extends FileStoreAttributeView> V getFileStoreAttributeView(Class<V> type) {
    return null;
  }

  @Override
  public Object getAttribute(String attribute) throws IOException {
    return switch (attribute) {
      case "totalSpace" -> getTotalSpace();
      case "usableSpace" -> getUsableSpace();
      case "unallocatedSpace" -> getUnallocatedSpace();
      default -> throw new UnsupportedOperationException("'" + attribute + "' not recognized");
    };
  }

  @Override
  public String toString() {
    return mount.path() + " (" + type() + ")";
  }
}
