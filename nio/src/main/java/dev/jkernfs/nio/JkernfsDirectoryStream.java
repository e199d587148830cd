package dev.jkernfs.nio;

import dev.jkernfs.vfs.DirEntry;
import dev.jkernfs.vfs.Errno;
import dev.jkernfs.vfs.ErrnoException;
import dev.jkernfs.vfs.FileDescription;
import dev.jkernfs.vfs.VirtualDentry;
import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.ClosedDirectoryStreamException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileAttributeView;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * An open directory: iterates its entries in batches read from the directory's open description,
 * and, as a {@link SecureDirectoryStream}, is a view of the filesystem whose working directory is
 * the open directory itself, so that relative paths keep working after the directory is moved.
 */
final class JkernfsDirectoryStream implements SecureDirectoryStream<Path> {
  private static final int BATCH = 256;

  private final FileSystemView view;
  private final JkernfsPath dir;
  private final FileDescription fd;
  private final DirectoryStream.Filter<? super Path> filter;
  private boolean iteratorReturned;
  private volatile boolean closed;

  JkernfsDirectoryStream(
      FileSystemView opener,
      JkernfsPath dir,
      FileDescription fd,
      DirectoryStream.Filter<? super Path> filter) {
    this.dir = dir;
    this.fd = fd;
    this.filter = filter;
    this.view = opener.from(this::workingDirectory);
  }

  private VirtualDentry workingDirectory() {
    checkOpen();
    return new VirtualDentry(fd.mount(), fd.dentry());
  }

  private void checkOpen() {
    if (closed) {
      throw new ClosedDirectoryStreamException();
    }
  }

  /** This stream's view, checked open first as the JDK's stream checks before any argument. */
  private FileSystemView view() {
    checkOpen();
    return view;
  }

  @Override
  public synchronized Iterator<Path> iterator() {
    if (closed) {
      throw new IllegalStateException("Directory stream is closed");
    }
    if (iteratorReturned) {
      throw new IllegalStateException("Iterator already obtained");
    }
    iteratorReturned = true;
    return new Entries();
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      fd.close();
      view.fileSystem().openResources().forget(this);
    }
  }

  /** The entries, fetched a batch at a time, skipping the dot entries and those filtered out. */
  private final class Entries implements Iterator<Path> {
    private final ArrayDeque<Path> batch = new ArrayDeque<>();
    private boolean exhausted;

    @Override
    public boolean hasNext() {
      while (batch.isEmpty() && !exhausted) {
        fill();
      }
      return !batch.isEmpty();
    }

    @Override
    public Path next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      return batch.removeFirst();
    }

    private void fill() {
      if (closed) {
        exhausted = true;
        return;
      }
      int[] seen = {0};
      try {
        fd.readdir(
            (DirEntry entry) -> {
              if (seen[0] == BATCH) {
                return false;
              }
              seen[0]++;
              String name = entry.name();
              if (!name.equals(".") && !name.equals("..")) {
                Path child = dir.child(name);
                if (accept(child)) {
                  batch.addLast(child);
                }
              }
              return true;
            });
      } catch (ErrnoException e) {
        throw new DirectoryIteratorException(NioErrors.translate(e, NioOp.GENERIC, dir, null));
      }
      if (seen[0] < BATCH) {
        exhausted = true;
      }
    }

    private boolean accept(Path child) {
      try {
        return filter == null || filter.accept(child);
      } catch (IOException e) {
        throw new DirectoryIteratorException(e);
      }
    }
  }

  // ---- SecureDirectoryStream: everything relative to the open directory ----

  @Override
  public SecureDirectoryStream<Path> newDirectoryStream(Path path, LinkOption... options)
      throws IOException {
    FileSystemView from = view();
    JkernfsPath child = JkernfsPath.cast(path);
    return from.newDirectoryStream(
        child, (JkernfsPath) dir.resolve(child), null, NioOptions.followLinks(options));
  }

  @Override
  public SeekableByteChannel newByteChannel(
      Path path, Set<? extends OpenOption> options, FileAttribute<?>... attrs) throws IOException {
    return view().newFileChannel(JkernfsPath.cast(path), options, attrs);
  }

  @Override
  public void deleteFile(Path path) throws IOException {
    view().deleteFile(JkernfsPath.cast(path));
  }

  @Override
  public void deleteDirectory(Path path) throws IOException {
    view().deleteDirectory(JkernfsPath.cast(path));
  }

  @Override
  public void move(Path srcpath, SecureDirectoryStream<Path> targetdir, Path targetpath)
      throws IOException {
    if (!(targetdir instanceof JkernfsDirectoryStream target)) {
      throw new java.nio.file.ProviderMismatchException();
    }
    FileSystemView from = view();
    JkernfsPath source = JkernfsPath.cast(srcpath);
    FileSystemView to = target.view();
    JkernfsPath destination = JkernfsPath.cast(targetpath);
    // As the JDK's renameat: a move to another device is never a copy here.
    if (!from.sameFileSystem(to)) {
      throw new AtomicMoveNotSupportedException(
          source.toString(), destination.toString(), Errno.EXDEV.reason());
    }
    from.rename(source, to, destination, false, true);
  }

  @Override
  public <V extends FileAttributeView> V getFileAttributeView(Class<V> type) {
    return getFileAttributeView(view.fileSystem().getPath(""), type);
  }

  @Override
  public <V extends FileAttributeView> V getFileAttributeView(
      Path path, Class<V> type, LinkOption... options) {
    return AttributeViews.view(
        view, JkernfsPath.cast(path), type, NioOptions.followLinks(options), true);
  }
}
