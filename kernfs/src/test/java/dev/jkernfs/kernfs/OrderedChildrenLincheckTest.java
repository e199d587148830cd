package dev.jkernfs.kernfs;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jkernfs.memfs.MemfsType;
import dev.jkernfs.refs.LeakChecker;
import dev.jkernfs.refs.LeakMode;
import dev.jkernfs.vfs.ErrnoException;
import dev.jkernfs.vfs.FileMode;
import dev.jkernfs.vfs.FilesystemType;
import dev.jkernfs.vfs.TimeSource;
import dev.jkernfs.vfs.VirtualFilesystem;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jetbrains.lincheck.LincheckAssertionError;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Options;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.junit.jupiter.api.Test;

/**
 * A directory's child table is linearizable under model checking: insert, remove, lookup and
 * listing from two threads give only outcomes some sequential order gives, and a listing never
 * shows an entry twice. The sequential model is this class run by one thread.
 *
 * <p>Runs with leak checking disabled, as {@link DirectoryLincheckTest} explains.
 */
@Param(name = "name", gen = IntGen.class, conf = "0:2")
public class OrderedChildrenLincheckTest {
  private static final String[] NAMES = {"a", "b", "c"};

  private final OrderedChildren children = new OrderedChildren();
  private final Inode[] inodes = new Inode[NAMES.length];

  public OrderedChildrenLincheckTest() {
    VirtualFilesystem vfs =
        VirtualFilesystem.create(
            "lincheck", TimeSource.SYSTEM, FilesystemType.find(MemfsType.NAME), Map.of());
    KernfsFilesystem fs = (KernfsFilesystem) vfs.root().mount().filesystem();
    for (int i = 0; i < inodes.length; i++) {
      inodes[i] = new Leaf(fs);
    }
  }

  @Operation
  public String insert(@Param(name = "name") int name) {
    try {
      children.insert(NAMES[name], inodes[name], false);
      return "ok";
    } catch (ErrnoException e) {
      return e.errno().name();
    }
  }

  @Operation
  public String remove(@Param(name = "name") int name) {
    try {
      children.remove(NAMES[name], inodes[name]);
      return "ok";
    } catch (ErrnoException e) {
      return e.errno().name();
    }
  }

  @Operation
  public boolean contains(@Param(name = "name") int name) {
    return children.peek(NAMES[name]) != null;
  }

  @Operation
  public List<String> list() {
    List<String> names = new ArrayList<>();
    children.iterate(
        2,
        entry -> {
          names.add(entry.name());
          return true;
        });
    return names;
  }

  @Test
  void modelChecking() {
    withLeakCheckingDisabled(() -> configure(new ModelCheckingOptions()).check(getClass()));
  }

  @Test
  void stress() {
    withLeakCheckingDisabled(() -> configure(new StressOptions()).check(getClass()));
  }

  @Test
  void modelCheckingCatchesALostLinkCountUpdate() {
    withLeakCheckingDisabled(
        () ->
            assertThatThrownBy(
                    () -> configure(new ModelCheckingOptions()).check(RacyDirectory.class))
                .isInstanceOf(LincheckAssertionError.class));
  }

  /** Two threads of a few operations, as many scenarios as the build's Lincheck settings say. */
  static <O extends Options<O, ?>> O configure(O options) {
    return options
        .iterations(Integer.getInteger("lincheck.iterations", 20))
        .invocationsPerIteration(Integer.getInteger("lincheck.invocations", 500))
        .threads(2)
        .actorsPerThread(2);
  }

  static void withLeakCheckingDisabled(Runnable check) {
    LeakMode before = LeakChecker.mode();
    LeakChecker.setMode(LeakMode.DISABLED);
    try {
      check.run();
    } finally {
      LeakChecker.setMode(before);
    }
  }

  /** A childless file inode to put in the table. */
  private static final class Leaf extends Inode {
    Leaf(KernfsFilesystem fs) {
      super(fs, FileMode.S_IFREG | 0644, 0, 0);
    }
  }

  /**
   * The broken twin: a directory whose link count is updated without its lock, as a mkdir that
   * forgot the inode's monitor would do; two concurrent mkdirs can both see 3 links.
   */
  public static class RacyDirectory {
    private volatile int nlink = 2;

    @Operation
    @SuppressWarnings("NonAtomicVolatileUpdate") // the defect this twin exists to show
    public int mkdir() {
      nlink = nlink + 1;
      return nlink;
    }
  }
}
