package dev.jkernfs.nio;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.ClosedFileSystemException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The channels, streams and watch services open on one filesystem, which its close closes before it
 * releases the references they read through.
 */
final class OpenResources {
  private final Set<Closeable> open = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  /**
   * Closes {@code resource} with the filesystem; if that is closed already, closes it now and
   * throws {@link ClosedFileSystemException}.
   */
  void remember(Closeable resource) {
    open.add(resource);
    // Added before the check: a concurrent closeAll either sees it or leaves it to this check.
    if (closed) {
      open.remove(resource);
      closeQuietly(resource);
      throw new ClosedFileSystemException();
    }
  }

  /** Lets go of a resource that closed by itself. */
  void forget(Closeable resource) {
    open.remove(resource);
  }

  /** Closes everything remembered, and everything remembered from now on. */
  void closeAll() {
    closed = true;
    closeRemembered();
  }

  /** Closes everything remembered so far, as a reboot does; later ones are remembered as before. */
  void closeRemembered() {
    for (Closeable resource : List.copyOf(open)) {
      closeQuietly(resource);
      open.remove(resource);
    }
  }

  private static void closeQuietly(Closeable resource) {
    try {
      resource.close();
    } catch (IOException | RuntimeException e) {
      // closing everything at once; one failure must not stop the others
    }
  }
}
