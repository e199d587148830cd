package dev.jkernfs.kernfs;

import static dev.jkernfs.kernfs.ResolutionTest.assertErrno;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jkernfs.vfs.DirEntry;
import dev.jkernfs.vfs.Errno;
import dev.jkernfs.vfs.FileDescription;
import dev.jkernfs.vfs.FileDescriptionImpl.DirSink;
import dev.jkernfs.vfs.FileMode;
import dev.jkernfs.vfs.Mount;
import dev.jkernfs.vfs.OpenOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Dynamic directories, fixed children made on lookup, lifetimes and dynamic symlinks. */
class DynamicDirectoryTest {
  private final VfsFixture fx = new VfsFixture();

  /** Live items by key; each is a directory holding the files "a" and "b". */
  private final ConcurrentSkipListMap<Long, String> items = new ConcurrentSkipListMap<>();

  private final AtomicInteger filesMade = new AtomicInteger();
  private final ThreadLocal<String> callerName = ThreadLocal.withInitial(() -> "a");

  @AfterEach
  void tearDown() {
    fx.close();
  }

  private KernfsFilesystem mount(int cacheLimit) {
    fx.mkdirs("/syn");
    Mount mount =
        fx.vfs.mount(
            fx.op("/syn"),
            SyntheticTestFilesystem.type(
                cacheLimit,
                (fs, root) ->
                    root.add(
                            "items",
                            new DynamicDirectory(fs, 0555, 0, 0, Lifetime.PINNED, new Items(fs)))
                        .add(
                            "wrong",
                            new DynamicDirectory(
                                fs,
                                0555,
                                0,
                                0,
                                Lifetime.whileAlive(() -> true),
                                new FixedChildren(
                                    List.of(
                                        new FixedChildren.Template(
                                            "pinned",
                                            FileMode.S_IFREG,
                                            () ->
                                                DynamicBytesFile.readOnly(
                                                    fs, Lifetime.PINNED, () -> new byte[0]))))))
                        .add(
                            "mine",
                            new DynamicSymlink(
                                fs, 0, 0, Lifetime.PINNED, () -> "items/1/" + callerName.get()))),
            Map.of());
    return (KernfsFilesystem) mount.filesystem();
  }

  /** The items map as directory children, the key of each being its map key. */
  private final class Items implements DynamicChildren {
    private final KernfsFilesystem fs;

    Items(KernfsFilesystem fs) {
      this.fs = fs;
    }

    @Override
    public Inode lookup(String name) {
      long key = parse(name);
      String item = items.get(key);
      if (item == null) {
        throw Errno.ENOENT.exception();
      }
      Lifetime lifetime = Lifetime.whileAlive(() -> item.equals(items.get(key)));
      return new DynamicDirectory(fs, 0555, 0, 0, lifetime, filesOf(item, lifetime));
    }

    private FixedChildren filesOf(String item, Lifetime lifetime) {
      return new FixedChildren(
          List.of(
              new FixedChildren.Template("a", FileMode.S_IFREG, () -> file(item + "/a", lifetime)),
              new FixedChildren.Template(
                  "b", FileMode.S_IFREG, () -> file(item + "/b", lifetime))));
    }

    private DynamicBytesFile file(String content, Lifetime lifetime) {
      filesMade.incrementAndGet();
      return DynamicBytesFile.readOnly(fs, lifetime, DynamicBytesFile.utf8(() -> content));
    }

    @Override
    public Stream<Child> listFrom(long fromKey) {
      return items.tailMap(fromKey).keySet().stream()
          .map(key -> new Child(key, Long.toString(key), FileMode.S_IFDIR));
    }

    private long parse(String name) {
      try {
        return Long.parseLong(name);
      } catch (NumberFormatException e) {
        throw Errno.ENOENT.exception();
      }
    }
  }

  @Test
  void childrenResolveWhileAliveAndStopResolvingOnceGone() {
    mount(16);
    items.put(1L, "one");
    assertThat(fx.read("/syn/items/1/a")).isEqualTo("one/a");
    assertThat(fx.vfs.stat(fx.op("/syn/items/1")).isDirectory()).isTrue();
    items.remove(1L);
    assertErrno(Errno.ENOENT, () -> fx.vfs.stat(fx.op("/syn/items/1/a")));
    assertErrno(Errno.ENOENT, () -> fx.vfs.stat(fx.op("/syn/items/1")));
    items.put(1L, "uno");
    assertThat(fx.read("/syn/items/1/a")).isEqualTo("uno/a");
  }

  @Test
  void replacedObjectUnderTheSameNameIsLookedUpAfresh() {
    mount(16);
    items.put(3L, "old");
    assertThat(fx.read("/syn/items/3/b")).isEqualTo("old/b");
    items.put(3L, "new");
    assertThat(fx.read("/syn/items/3/b")).isEqualTo("new/b");
  }

  @Test
  void childrenAreNotKeptWhenNothingUsesThem() {
    KernfsFilesystem fs = mount(0);
    items.put(5L, "five");
    fx.vfs.stat(fx.op("/syn/items"));
    long live = fs.liveDentries();
    long inodes = fs.liveInodes();
    fx.vfs.stat(fx.op("/syn/items/5/a"));
    assertThat(fs.liveDentries()).isEqualTo(live);
    assertThat(fs.liveInodes()).isEqualTo(inodes);
  }

  @Test
  void openFileOfARemovedChildStaysReadableAndDiesWhenClosed() {
    KernfsFilesystem fs = mount(4);
    items.put(7L, "seven");
    fx.vfs.stat(fx.op("/syn/items"));
    long live = fs.liveDentries();
    FileDescription fd = fx.open("/syn/items/7/a", OpenOptions.READ);
    items.remove(7L);
    assertThat(VfsFixture.readAll(fd)).isEqualTo("seven/a");
    fd.close();
    assertThat(fs.liveDentries()).isEqualTo(live);
    assertThat(fs.cachedDentries()).isZero(); // invalid entries are not cached
  }

  @Test
  void fixedChildrenMakeOnlyTheChildThatIsLookedUp() {
    mount(0);
    items.put(2L, "two");
    fx.vfs.stat(fx.op("/syn/items/2"));
    assertThat(filesMade).hasValue(0);
    fx.vfs.stat(fx.op("/syn/items/2/b"));
    assertThat(filesMade).hasValue(1);
    assertErrno(Errno.ENOENT, () -> fx.vfs.stat(fx.op("/syn/items/2/c")));
    assertThat(list("/syn/items/2")).containsExactly("a", "b");
    assertThat(filesMade).hasValue(1);
  }

  @Test
  void aKeptChildUnderADirectoryThatIsNotKeptIsRefusedRatherThanPinnedForever() {
    KernfsFilesystem fs = mount(16);
    long inodes = fs.liveInodes();
    assertThatThrownBy(() -> fx.vfs.stat(fx.op("/syn/wrong/pinned")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("\"pinned\"");
    assertThat(fs.liveInodes()).isEqualTo(inodes); // the refused child died at once
  }

  @Test
  void fixedChildrenRefuseDuplicateNames() {
    FixedChildren.Template a = new FixedChildren.Template("a", FileMode.S_IFREG, () -> null);
    assertThatThrownBy(() -> new FixedChildren(List.of(a, a)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("a");
  }

  @Test
  void listingFollowsLiveChildrenAndResumesWithoutRepeatsOrSkips() {
    mount(16);
    for (long key = 10; key < 20; key++) {
      items.put(key, "item" + key);
    }
    FileDescription dir = fx.open("/syn/items", OpenOptions.DIRECTORY);
    List<String> seen = new ArrayList<>();
    // ".", "..", "10", "11", then stop.
    dir.readdir(limitedSink(seen, 4));
    items.remove(10L); // already listed
    items.remove(15L); // not yet listed
    items.put(25L, "item25"); // after the resume point
    dir.readdir(limitedSink(seen, Integer.MAX_VALUE));
    assertThat(seen)
        .containsExactly(".", "..", "10", "11", "12", "13", "14", "16", "17", "18", "19", "25");
  }

  @Test
  void listingAnEmptyDynamicDirectoryShowsTheDotEntriesOnly() {
    mount(16);
    assertThat(list("/syn/items")).isEmpty();
  }

  @Test
  void creatingOrRemovingInADynamicDirectoryIsRefused() {
    mount(16);
    items.put(1L, "one");
    assertErrno(Errno.EPERM, () -> fx.vfs.mkdir(fx.op("/syn/items/9"), 0755));
    assertErrno(Errno.EPERM, () -> fx.vfs.open(fx.op("/syn/items/1/c"), VfsFixture.create(0644)));
    assertErrno(Errno.EPERM, () -> fx.vfs.unlink(fx.op("/syn/items/1/a")));
    assertErrno(Errno.EPERM, () -> fx.vfs.symlink(fx.op("/syn/items/1/l"), "a"));
  }

  @Test
  void dynamicSymlinkIsComputedOnEveryReadAndWalk() {
    mount(16);
    items.put(1L, "one");
    assertThat(fx.vfs.readlink(fx.noFollow("/syn/mine"))).isEqualTo("items/1/a");
    assertThat(fx.read("/syn/mine")).isEqualTo("one/a");
    callerName.set("b");
    assertThat(fx.vfs.readlink(fx.noFollow("/syn/mine"))).isEqualTo("items/1/b");
    assertThat(fx.vfs.stat(fx.noFollow("/syn/mine")).size()).isEqualTo("items/1/b".length());
    assertThat(fx.read("/syn/mine")).isEqualTo("one/b");
  }

  private List<String> list(String path) {
    FileDescription dir = fx.open(path, OpenOptions.DIRECTORY);
    List<String> names = new ArrayList<>();
    dir.readdir(limitedSink(names, Integer.MAX_VALUE));
    dir.close();
    return names.subList(2, names.size());
  }

  private static DirSink limitedSink(List<String> names, int limit) {
    int[] accepted = {0};
    return (DirEntry entry) -> {
      if (accepted[0] == limit) {
        return false;
      }
      accepted[0]++;
      names.add(entry.name());
      return true;
    };
  }
}
