package dev.jkernfs.fuzz;

import dev.jkernfs.kernfs.DynamicBytesFile;
import dev.jkernfs.kernfs.DynamicChildren;
import dev.jkernfs.kernfs.DynamicDirectory;
import dev.jkernfs.kernfs.FixedChildren;
import dev.jkernfs.kernfs.Inode;
import dev.jkernfs.kernfs.KernfsFilesystem;
import dev.jkernfs.kernfs.Lifetime;
import dev.jkernfs.kernfs.StaticDirectory;
import dev.jkernfs.vfs.Errno;
import dev.jkernfs.vfs.FileMode;
import dev.jkernfs.vfs.FilesystemType;
import dev.jkernfs.vfs.VirtualFilesystem;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * A synthetic kernfs filesystem whose entries come and go when a fuzz step flips a switch, built
 * only from kernfs parts as a {@code /proc} is.
 *
 * <pre>
 * /numbers/N       N in 0..7, while switch N is on: an even N is a file, an odd N a directory
 * /numbers/N/leaf  the one file of an odd N's directory
 * /static/a        a pinned file that is always there
 * </pre>
 *
 * <p>Nothing under {@code /numbers} is kept: each walk makes dentries that live only while used or
 * cached, and turning a switch off invalidates the cached ones on the next walk.
 */
final class SwitchboardFilesystem extends KernfsFilesystem {
  /** How many numbered entries there are. */
  static final int ENTRIES = 8;

  private final AtomicInteger on = new AtomicInteger((1 << ENTRIES) - 1);

  SwitchboardFilesystem(VirtualFilesystem vfs, FilesystemType type, int cacheLimit) {
    super(vfs, type, cacheLimit);
    StaticDirectory root = new StaticDirectory(this, 0555, 0, 0);
    root.add("numbers", new DynamicDirectory(this, 0555, 0, 0, Lifetime.PINNED, new Numbers()));
    root.add(
        "static",
        new StaticDirectory(this, 0555, 0, 0)
            .add("a", DynamicBytesFile.readOnly(this, Lifetime.PINNED, () -> new byte[] {'a'})));
    setRoot(root);
  }

  boolean isOn(int n) {
    return (on.get() & (1 << n)) != 0;
  }

  /** Turns entry {@code n} off if it is on, on if it is off. */
  void flip(int n) {
    on.getAndUpdate(bits -> bits ^ (1 << n));
  }

  private Inode entry(int n) {
    Lifetime lifetime = Lifetime.whileAlive(() -> isOn(n));
    if (n % 2 == 0) {
      return DynamicBytesFile.readOnly(this, lifetime, () -> content(n));
    }
    FixedChildren leaf =
        new FixedChildren(
            List.of(
                new FixedChildren.Template(
                    "leaf",
                    FileMode.S_IFREG,
                    () -> DynamicBytesFile.readOnly(this, lifetime, () -> content(n)))));
    return new DynamicDirectory(this, 0555, 0, 0, lifetime, leaf);
  }

  private static byte[] content(int n) {
    return new byte[] {(byte) ('0' + n), '\n'};
  }

  /** The children of {@code /numbers}: the entries whose switch is on, keyed by number. */
  private final class Numbers implements DynamicChildren {
    @Override
    public Inode lookup(String name) {
      if (name.length() != 1 || name.charAt(0) < '0' || name.charAt(0) >= '0' + ENTRIES) {
        throw Errno.ENOENT.exception();
      }
      int n = name.charAt(0) - '0';
      if (!isOn(n)) {
        throw Errno.ENOENT.exception();
      }
      return entry(n);
    }

    @Override
    public Stream<Child> listFrom(long fromKey) {
      return IntStream.range((int) Math.min(fromKey, ENTRIES), ENTRIES)
          .filter(SwitchboardFilesystem.this::isOn)
          .mapToObj(
              n ->
                  new Child(
                      n, Integer.toString(n), n % 2 == 0 ? FileMode.S_IFREG : FileMode.S_IFDIR));
    }
  }
}
