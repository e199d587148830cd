package dev.jkernfs.nio;

import dev.jkernfs.refs.LeakChecker;
import dev.jkernfs.refs.RefCounted;
import dev.jkernfs.refs.RefHolder;
import dev.jkernfs.vfs.DentryWatcher;
import dev.jkernfs.vfs.ErrnoException;
import dev.jkernfs.vfs.VirtualDentry;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.Watchable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A {@link WatchService} fed directly by the VFS: every create, delete and change of an entry of a
 * watched directory is queued on its key as it happens, so {@code take()} wakes at once and nothing
 * polls. A key holds a reference on its directory until it is cancelled.
 */
final class JkernfsWatchService implements WatchService {
  /** Events kept per key before they collapse into one OVERFLOW, as inotify's queue does. */
  static final int MAX_EVENTS_PER_KEY = 512;

  private static final WatchKey CLOSED = new Key(null, null, null, Set.of());

  private final JkernfsFileSystem fs;
  private final LinkedBlockingDeque<WatchKey> signalled = new LinkedBlockingDeque<>();
  private final Set<Key> keys = new HashSet<>(); // guarded by this
  private volatile boolean open = true;

  JkernfsWatchService(JkernfsFileSystem fs) {
    this.fs = fs;
  }

  JkernfsFileSystem fileSystem() {
    return fs;
  }

  WatchKey register(JkernfsPath dir, WatchEvent.Kind<?>[] kinds, WatchEvent.Modifier... modifiers)
      throws IOException {
    Set<WatchEvent.Kind<?>> wanted = new HashSet<>();
    for (WatchEvent.Kind<?> kind : kinds) {
      if (kind == StandardWatchEventKinds.ENTRY_CREATE
          || kind == StandardWatchEventKinds.ENTRY_DELETE
          || kind == StandardWatchEventKinds.ENTRY_MODIFY) {
        wanted.add(kind);
      } else if (kind != StandardWatchEventKinds.OVERFLOW) {
        throw new UnsupportedOperationException(Objects.requireNonNull(kind).name());
      }
    }
    for (WatchEvent.Modifier modifier : modifiers) {
      throw new UnsupportedOperationException("Modifier not supported: " + modifier);
    }
    VirtualDentry position;
    try {
      position = fs.vfs().getDentry(fs.view().op(dir, true), true);
    } catch (ErrnoException e) {
      // A file is NotDirectoryException, as the JDK's inotify watch reports it.
      throw NioErrors.translate(e, NioOp.DIRECTORY_STREAM, dir, null);
    }
    synchronized (this) {
      if (!open) {
        position.decRef();
        throw new ClosedWatchServiceException();
      }
      for (Key existing : keys) {
        if (existing.position.equals(position)) {
          position.decRef(); // the existing key already holds it
          existing.setKinds(wanted);
          return existing;
        }
      }
      Key key = new Key(this, dir, position, wanted);
      keys.add(key);
      LeakChecker.registerHolder(key);
      fs.vfs().addWatcher(position.dentry(), key);
      return key;
    }
  }

  @Override
  public WatchKey poll() {
    checkOpen();
    return checked(signalled.poll());
  }

  @Override
  public WatchKey poll(long timeout, TimeUnit unit) throws InterruptedException {
    checkOpen();
    return checked(signalled.poll(timeout, unit));
  }

  @Override
  public WatchKey take() throws InterruptedException {
    checkOpen();
    return checked(signalled.take());
  }

  private WatchKey checked(WatchKey key) {
    if (key == CLOSED) {
      signalled.addFirst(CLOSED); // wake every other waiter too
      throw new ClosedWatchServiceException();
    }
    return key;
  }

  private void checkOpen() {
    if (!open) {
      throw new ClosedWatchServiceException();
    }
  }

  @Override
  public void close() {
    List<Key> toCancel;
    synchronized (this) {
      if (!open) {
        return;
      }
      open = false;
      toCancel = new ArrayList<>(keys);
    }
    toCancel.forEach(Key::cancel);
    signalled.clear();
    signalled.add(CLOSED);
    fs.openResources().forget(this);
  }

  void signal(Key key) {
    signalled.add(key);
  }

  synchronized void removed(Key key) {
    keys.remove(key);
  }

  /** The registration of one directory: its pending events and its signalled state. */
  private static final class Key implements WatchKey, DentryWatcher, RefHolder {
    private final JkernfsWatchService service;
    private final JkernfsPath dir;
    private final VirtualDentry position;
    private volatile Set<WatchEvent.Kind<?>> kinds;
    private final List<Event> events = new ArrayList<>(); // guarded by this
    private boolean signalled; // guarded by this
    private boolean valid = true; // guarded by this

    Key(
        JkernfsWatchService service,
        JkernfsPath dir,
        VirtualDentry position,
        Set<WatchEvent.Kind<?>> kinds) {
      this.service = service;
      this.dir = dir;
      this.position = position;
      this.kinds = Set.copyOf(kinds);
    }

    void setKinds(Set<WatchEvent.Kind<?>> newKinds) {
      kinds = Set.copyOf(newKinds);
    }

    @Override
    public void changed(Change change, String name) {
      WatchEvent.Kind<Path> kind =
          switch (change) {
            case CREATED -> StandardWatchEventKinds.ENTRY_CREATE;
            case DELETED -> StandardWatchEventKinds.ENTRY_DELETE;
            case MODIFIED -> StandardWatchEventKinds.ENTRY_MODIFY;
          };
      if (!kinds.contains(kind)) {
        return;
      }
      Path context = dir.getFileSystem().getPath(name);
      boolean signal;
      synchronized (this) {
        if (!valid) {
          return;
        }
        if (events.size() >= MAX_EVENTS_PER_KEY) {
          if (events.get(events.size() - 1).kind() != StandardWatchEventKinds.OVERFLOW) {
            events.add(new Event(StandardWatchEventKinds.OVERFLOW, null));
          } else {
            events.get(events.size() - 1).repeat();
          }
        } else if (kind == StandardWatchEventKinds.ENTRY_MODIFY
            && !events.isEmpty()
            && events.get(events.size() - 1).sameAs(kind, context)) {
          // A burst of writes to one file is one event with a count, as the JDK reports it.
          events.get(events.size() - 1).repeat();
        } else {
          events.add(new Event(kind, context));
        }
        signal = !signalled;
        signalled = true;
      }
      if (signal) {
        service.signal(this);
      }
    }

    @Override
    public void watchedDirectoryGone() {
      boolean signal;
      synchronized (this) {
        signal = !signalled && valid;
        signalled = true;
      }
      cancel();
      if (signal) {
        service.signal(this);
      }
    }

    @Override
    public synchronized boolean isValid() {
      return valid;
    }

    @Override
    public List<WatchEvent<?>> pollEvents() {
      synchronized (this) {
        List<WatchEvent<?>> result = List.copyOf(events);
        events.clear();
        return result;
      }
    }

    @Override
    public boolean reset() {
      boolean signal;
      synchronized (this) {
        if (!valid) {
          return false;
        }
        signal = !events.isEmpty();
        signalled = signal;
      }
      if (signal) {
        service.signal(this);
      }
      return true;
    }

    @Override
    public void cancel() {
      synchronized (this) {
        if (!valid) {
          return;
        }
        valid = false;
      }
      service.fs.vfs().removeWatcher(position.dentry(), this);
      LeakChecker.unregisterHolder(this);
      service.removed(this);
      position.decRef();
    }

    @Override
    public Watchable watchable() {
      return dir;
    }

    @Override
    public String holderDescription() {
      return "watch key on " + dir;
    }

    @Override
    public synchronized void forEachHeldRef(Consumer<RefCounted> sink) {
      if (valid) {
        sink.accept(position.mount());
        sink.accept(position.dentry());
      }
    }
  }

  /**
   * One event: its kind, the entry's name (null for OVERFLOW), and how many times it happened in a
   * row. Typed by Object because OVERFLOW's context is not a path; callers cast as with the JDK's.
   */
  private static final class Event implements WatchEvent<Object> {
    private final Kind<?> kind;
    private final Path context;
    private int count = 1;

    Event(Kind<?> kind, Path context) {
      this.kind = kind;
      this.context = context;
    }

    boolean sameAs(Kind<?> otherKind, Path otherContext) {
      return kind == otherKind && Objects.equals(context, otherContext);
    }

    synchronized void repeat() {
      count++;
    }

    @Override
    @SuppressWarnings("unchecked") // a kind is compared by identity; its type is informational
    public Kind<Object> kind() {
      return (Kind<Object>) kind;
    }

    @Override
    public synchronized int count() {
      return count;
    }

    @Override
    public Path context() {
      return context;
    }

    @Override
    public String toString() {
      return kind.name() + " " + context + " x" + count();
    }
  }
}
