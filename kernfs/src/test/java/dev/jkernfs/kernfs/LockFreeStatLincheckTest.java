package dev.jkernfs.kernfs;

import static dev.jkernfs.kernfs.OrderedChildrenLincheckTest.withLeakCheckingDisabled;

import dev.jkernfs.memfs.MemfsType;
import dev.jkernfs.vfs.Credentials;
import dev.jkernfs.vfs.ErrnoException;
import dev.jkernfs.vfs.FileDescription;
import dev.jkernfs.vfs.FileMode;
import dev.jkernfs.vfs.FilesystemType;
import dev.jkernfs.vfs.OpenOptions;
import dev.jkernfs.vfs.ParsedPath;
import dev.jkernfs.vfs.PathMemo;
import dev.jkernfs.vfs.PathOperation;
import dev.jkernfs.vfs.SetStat;
import dev.jkernfs.vfs.Stat;
import dev.jkernfs.vfs.VirtualFilesystem;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jetbrains.kotlinx.lincheck.Actor;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.junit.jupiter.api.Test;

/**
 * {@code stat} and existence checks, which walk the dentry tree without its lock and trust the walk
 * only if the tree's sequence lock says no writer came by, are linearizable with the writers that
 * change the tree: every result is one that some sequential order of the same operations gives.
 * Results are compared as values (type, size, inode number, link count, or the errno), so a stat
 * that trusted a walk a writer tore, and so saw a state that never existed (a file replaced by a
 * rename with its link count already dropped, or its content already freed), fails the check.
 *
 * <p>Each scenario is a few operations on the real kernfs and memfs code through {@link
 * VirtualFilesystem}, on a fresh filesystem. The model checker explores the interleavings of the
 * short ones; the stress runs add random scenarios. Time comes from a fixed clock, so that a replay
 * of an interleaving runs the same code. Leak checking is disabled, as {@link
 * DirectoryLincheckTest} explains.
 */
public class LockFreeStatLincheckTest {
  @Test
  void statOfAFileReplacedByRenameSeesTheOldFileOrTheNewOne() {
    modelCheck(RenameOver.class, renameOverScenario());
  }

  @Test
  void statOfAFileBeingUnlinkedSeesItWholeOrMissing() {
    modelCheck(
        Names.class,
        scenario(Names.class, List.of("unlink"), List.of("statFile", "statIfExistsFile")));
  }

  @Test
  void statOfADirectoryBeingRemovedAgreesWithItsParent() {
    modelCheck(
        Names.class,
        scenario(Names.class, List.of("rmdir"), List.of("statIfExistsDirectory", "statParent")));
  }

  @Test
  void aRememberedStatOfAFileBeingUnlinkedSeesItOnlyBefore() {
    modelCheck(Names.class, rememberedStatScenario());
  }

  @Test
  void aRememberedStatThroughADirectoryLosingItsSearchPermissionIsRefusedAfter() {
    modelCheck(
        SearchPermission.class,
        scenario(
            SearchPermission.class,
            List.of("revokeSearch"),
            List.of("statAsOwner", "statAsOwner")));
  }

  @Test
  void statThroughADirectoryWhosePermissionsChangeAgreesWithTheMode() {
    stress(SearchPermission.class);
  }

  @Test
  void statOfACachedDentryBeingEvictedSeesTheFile() {
    modelCheck(
        Eviction.class, scenario(Eviction.class, List.of("statLeaf3"), List.of("statLeaf1")));
  }

  @Test
  void statAndExistenceChecksAmongRandomRenamesLinksAndRemovals() {
    stress(Names.class);
  }

  @Test
  void statThroughADirectoryRenamedBackAndForthFindsTheFileUnderOneNameOrTheOther() {
    stress(RenameDirectory.class);
  }

  @Test
  void statOfDynamicEntriesAmongRandomEvictionsAndInvalidations() {
    stress(Eviction.class);
  }

  /** The scenario the fault's twin runs too: a rename over a file, and stats of both names. */
  static ExecutionScenario renameOverScenario() {
    return scenario(
        RenameOver.class, List.of("rename"), List.of("statTarget", "statIfExistsSource"));
  }

  /**
   * The scenario the remembered walk's twin runs too: an unlink, and two stats of the same path,
   * the second of which may answer from the first's memory.
   */
  static ExecutionScenario rememberedStatScenario() {
    return scenario(Names.class, List.of("unlink"), List.of("statFile", "statFile"));
  }

  /**
   * The model checker's run over the given scenarios only, each explored for a tenth of the build's
   * invocations: the operations are whole VFS calls, tens of milliseconds each under the checker,
   * and the interleavings that matter switch threads once, inside the reader's walk.
   */
  static void modelCheck(Class<?> test, ExecutionScenario... scenarios) {
    withLeakCheckingDisabled(
        () -> {
          ModelCheckingOptions options =
              new ModelCheckingOptions()
                  .iterations(0)
                  .invocationsPerIteration(
                      Math.max(1, Integer.getInteger("lincheck.invocations", 500) / 10));
          for (ExecutionScenario s : scenarios) {
            options.addCustomScenario(s);
          }
          options.check(test);
        });
  }

  /** Random scenarios of two threads, three operations each, at a quarter of the build's count. */
  static void stress(Class<?> test) {
    withLeakCheckingDisabled(
        () ->
            new StressOptions()
                .iterations(Math.max(1, Integer.getInteger("lincheck.iterations", 20) / 4))
                .invocationsPerIteration(
                    Math.max(1, Integer.getInteger("lincheck.invocations", 500) / 5))
                .threads(2)
                .actorsPerThread(3)
                .check(test));
  }

  /** A scenario of parameterless operations of {@code test}, one list per thread. */
  @SafeVarargs
  static ExecutionScenario scenario(Class<?> test, List<String>... threads) {
    List<List<Actor>> parallel = new ArrayList<>();
    for (List<String> thread : threads) {
      List<Actor> actors = new ArrayList<>();
      for (String name : thread) {
        actors.add(new Actor(method(test, name), List.of()));
      }
      parallel.add(actors);
    }
    return new ExecutionScenario(List.of(), parallel, List.of(), null);
  }

  private static Method method(Class<?> test, String name) {
    return Arrays.stream(test.getMethods())
        .filter(m -> m.getName().equals(name) && m.isAnnotationPresent(Operation.class))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no operation " + name));
  }

  /** A filesystem tree and the operations the scenarios use, with results as comparable values. */
  abstract static class Tree {
    // Looked up once: the service lookup would otherwise run under the checker in every
    // invocation.
    static final FilesystemType MEMFS = FilesystemType.find(MemfsType.NAME);

    final VirtualFilesystem vfs;

    /**
     * Whether an inode number names one file for the whole scenario; a dynamic entry gets a new
     * inode each time it is looked up again, as often as the dentry cache decides.
     */
    private final boolean stableInodeNumbers;

    Tree(FilesystemType type, boolean stableInodeNumbers) {
      vfs = VirtualFilesystem.create("lincheck", () -> 0L, type, Map.of());
      this.stableInodeNumbers = stableInodeNumbers;
    }

    /**
     * One memo per path, as each {@code Path} object of the NIO provider keeps one: the second stat
     * of a path in a scenario may skip the walk, and must still answer what a walk would.
     */
    private final Map<String, PathMemo> memos = new ConcurrentHashMap<>();

    PathOperation op(String path) {
      return op(path, Credentials.root());
    }

    PathOperation op(String path, Credentials credentials) {
      return new PathOperation(credentials, vfs.root(), vfs.root(), ParsedPath.parse(path), false);
    }

    PathMemo memo(String path) {
      return memos.computeIfAbsent(path, unused -> new PathMemo());
    }

    void mkdir(String path) {
      vfs.mkdir(op(path), 0755);
    }

    /** Creates a file of {@code size} bytes. */
    void file(String path, int size) {
      FileDescription fd =
          vfs.open(op(path), OpenOptions.builder().write().create(0644).exclusive().build());
      try {
        fd.write(ByteBuffer.allocate(size));
      } finally {
        fd.close();
      }
    }

    String describe(Stat stat) {
      if (stat == null) {
        return "absent";
      }
      String type = FileMode.isDirectory(stat.mode()) ? "dir" : "file";
      String ino = stableInodeNumbers ? " ino=" + stat.ino() : "";
      return type + ino + " size=" + stat.size() + " nlink=" + stat.nlink();
    }

    String stat(String path) {
      return stat(path, Credentials.root());
    }

    String stat(String path, Credentials credentials) {
      try {
        return describe(vfs.stat(op(path, credentials), memo(path)));
      } catch (ErrnoException e) {
        return e.errno().name();
      }
    }

    String statIfExists(String path) {
      try {
        return describe(vfs.statIfExists(op(path), memo(path)));
      } catch (ErrnoException e) {
        return e.errno().name();
      }
    }

    static String outcome(Runnable action) {
      try {
        action.run();
        return "ok";
      } catch (ErrnoException e) {
        return e.errno().name();
      }
    }
  }

  /**
   * Write-then-rename: {@code /d/f} holds one byte, {@code /d/t} two, and {@code t} is renamed over
   * {@code f}. A stat of {@code /d/f} sees the one-byte file or the two-byte one, never ENOENT, and
   * never the old file with its link gone or its content freed.
   */
  public static class RenameOver extends Tree {
    public RenameOver() {
      super(MEMFS, true);
      mkdir("/d");
      file("/d/f", 1);
      file("/d/t", 2);
    }

    @Operation
    public String rename() {
      return outcome(() -> vfs.rename(op("/d/t"), op("/d/f"), false));
    }

    @Operation
    public String statTarget() {
      return stat("/d/f");
    }

    @Operation
    public String statIfExistsSource() {
      return statIfExists("/d/t");
    }
  }

  /**
   * {@code /a/b/f} while {@code /a} is renamed to {@code /c} and back: a walk that passed {@code a}
   * before a rename and finds {@code f} after it still saw a path that existed, but the file must
   * not turn up under both names or under neither.
   */
  public static class RenameDirectory extends Tree {
    public RenameDirectory() {
      super(MEMFS, true);
      mkdir("/a");
      mkdir("/a/b");
      file("/a/b/f", 1);
    }

    @Operation
    public String rename() {
      return outcome(() -> vfs.rename(op("/a"), op("/c"), false));
    }

    @Operation
    public String renameBack() {
      return outcome(() -> vfs.rename(op("/c"), op("/a"), false));
    }

    @Operation
    public String statUnderOldName() {
      return stat("/a/b/f");
    }

    @Operation
    public String statIfExistsUnderNewName() {
      return statIfExists("/c/b/f");
    }
  }

  /**
   * {@code /d/f} (one byte), {@code /d/t} (two), {@code /d/g} (three) and the empty directory
   * {@code /d/e}, changed by every writer of names: rename both ways, unlink, link {@code g} as
   * {@code h} and unlink that, rmdir and mkdir. The directory's own stat counts its entries (size)
   * and subdirectories (link count), so it must agree with what stats of the names inside see.
   *
   * <p>Only {@code g} is linked, and nothing renames or unlinks it: link finds its source before it
   * takes the tree lock, and refuses a source that lost its last name meanwhile (ENOENT, as Linux's
   * linkat(2) does), an outcome no sequential order gives.
   */
  public static class Names extends Tree {
    public Names() {
      super(MEMFS, true);
      mkdir("/d");
      file("/d/f", 1);
      file("/d/t", 2);
      file("/d/g", 3);
      mkdir("/d/e");
    }

    @Operation
    public String renameOver() {
      return outcome(() -> vfs.rename(op("/d/t"), op("/d/f"), false));
    }

    @Operation
    public String renameBack() {
      return outcome(() -> vfs.rename(op("/d/f"), op("/d/t"), false));
    }

    @Operation
    public String link() {
      return outcome(() -> vfs.link(op("/d/g"), op("/d/h")));
    }

    @Operation
    public String unlinkLink() {
      return outcome(() -> vfs.unlink(op("/d/h")));
    }

    @Operation
    public String unlink() {
      return outcome(() -> vfs.unlink(op("/d/f")));
    }

    @Operation
    public String rmdir() {
      return outcome(() -> vfs.rmdir(op("/d/e")));
    }

    @Operation
    public String mkdir() {
      return outcome(() -> vfs.mkdir(op("/d/e"), 0755));
    }

    @Operation
    public String statFile() {
      return stat("/d/f");
    }

    @Operation
    public String statIfExistsFile() {
      return statIfExists("/d/f");
    }

    @Operation
    public String statLinkSource() {
      return stat("/d/g");
    }

    @Operation
    public String statIfExistsLink() {
      return statIfExists("/d/h");
    }

    @Operation
    public String statIfExistsSource() {
      return statIfExists("/d/t");
    }

    @Operation
    public String statIfExistsDirectory() {
      return statIfExists("/d/e");
    }

    @Operation
    public String statParent() {
      return stat("/d");
    }
  }

  /**
   * {@code /d/f}, where {@code /d} belongs to uid 1000 and its owner takes away its own search
   * permission, and puts it back: a stat by the owner, remembered or not, is refused exactly when
   * the mode says so.
   */
  public static class SearchPermission extends Tree {
    private static final Credentials OWNER = Credentials.of(1000, 1000);

    public SearchPermission() {
      super(MEMFS, true);
      mkdir("/d");
      file("/d/f", 1);
      vfs.setStat(op("/d"), SetStat.owner(1000, 1000));
    }

    @Operation
    public String revokeSearch() {
      return outcome(() -> vfs.setStat(op("/d", OWNER), SetStat.mode(0600)));
    }

    @Operation
    public String restoreSearch() {
      return outcome(() -> vfs.setStat(op("/d", OWNER), SetStat.mode(0700)));
    }

    @Operation
    public String statAsOwner() {
      return stat("/d/f", OWNER);
    }
  }

  /**
   * A dynamic filesystem whose dentry cache keeps one dentry: {@code /numbers/N/leaf} exists for
   * odd N, its dentries are not pinned, and a stat of another number evicts them while a walk
   * without the lock may be passing through. A number marked dead is invalid: its cached dentries
   * must not be found again.
   */
  public static class Eviction extends Tree {
    public Eviction() {
      super(DynamicTestFilesystem.type(1), false);
      stat("/numbers/1/leaf"); // cached, with its parent
    }

    private DynamicTestFilesystem filesystem() {
      return (DynamicTestFilesystem) vfs.root().mount().filesystem();
    }

    @Operation
    public String statLeaf1() {
      return stat("/numbers/1/leaf");
    }

    @Operation
    public String statLeaf3() {
      return stat("/numbers/3/leaf");
    }

    @Operation
    public String statIfExistsNumber2() {
      return statIfExists("/numbers/2");
    }

    @Operation
    public void kill1() {
      filesystem().dead.add(1L);
    }
  }
}
