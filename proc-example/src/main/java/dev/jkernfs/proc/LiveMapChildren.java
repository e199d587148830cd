package dev.jkernfs.proc;

import dev.jkernfs.kernfs.DynamicChildren;
import dev.jkernfs.kernfs.DynamicDirectory;
import dev.jkernfs.kernfs.FixedChildren;
import dev.jkernfs.kernfs.Inode;
import dev.jkernfs.kernfs.KernfsFilesystem;
import dev.jkernfs.kernfs.Lifetime;
import dev.jkernfs.vfs.Errno;
import dev.jkernfs.vfs.FileMode;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.stream.Stream;

/**
 * The children of a {@link ProcDirectory#collection}: one directory per entry of an application's
 * map, valid while the map still holds the same object under that name.
 */
final class LiveMapChildren<T> implements DynamicChildren {
  private final KernfsFilesystem fs;
  private final Map<String, ? extends T> live;
  private final BiConsumer<? super T, ProcDirectory> contents;
  private final ListingOrder order = new ListingOrder();

  LiveMapChildren(
      KernfsFilesystem fs,
      Map<String, ? extends T> live,
      BiConsumer<? super T, ProcDirectory> contents) {
    this.fs = fs;
    this.live = live;
    this.contents = contents;
  }

  @Override
  public Inode lookup(String name) {
    T item = live.get(name);
    if (item == null) {
      throw Errno.ENOENT.exception();
    }
    // The same object, not an equal one: a replaced entry is a new entry.
    Lifetime lifetime = Lifetime.whileAlive(() -> live.get(name) == item);
    FixedChildren children =
        ProcDirectory.generated(fs, lifetime, directory -> contents.accept(item, directory));
    return new DynamicDirectory(fs, ProcDirectory.DIRECTORY_MODE, 0, 0, lifetime, children);
  }

  @Override
  public Stream<Child> listFrom(long fromKey) {
    return order.listFrom(fromKey, live.keySet()).stream()
        .map(entry -> new Child(entry.getKey(), entry.getValue(), FileMode.S_IFDIR));
  }
}
