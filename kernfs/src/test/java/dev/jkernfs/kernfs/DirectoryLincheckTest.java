package dev.jkernfs.kernfs;

import dev.jkernfs.memfs.MemfsType;
import dev.jkernfs.vfs.Credentials;
import dev.jkernfs.vfs.ErrnoException;
import dev.jkernfs.vfs.FilesystemType;
import dev.jkernfs.vfs.OpenOptions;
import dev.jkernfs.vfs.ParsedPath;
import dev.jkernfs.vfs.PathOperation;
import dev.jkernfs.vfs.TimeSource;
import dev.jkernfs.vfs.VirtualFilesystem;
import java.util.Map;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.junit.jupiter.api.Test;

/**
 * Directory operations on memfs from two threads are linearizable: every concurrent outcome
 * (success or errno) is one some sequential order of the same operations gives. The sequential
 * model is the same class run by one thread. Each scenario gets a fresh filesystem. Whole VFS
 * operations are too long for model checking in a test run; {@link OrderedChildrenLincheckTest}
 * model-checks the directory table underneath.
 *
 * <p>Runs with leak checking disabled: Lincheck snapshots and restores static state between
 * scenarios, which would make the registry forget objects; the leak checker's own tests and the
 * stress test cover the references.
 */
@Param(name = "name", gen = IntGen.class, conf = "0:1")
public class DirectoryLincheckTest {
  private static final String[] NAMES = {"/a", "/b"};

  private final VirtualFilesystem vfs =
      VirtualFilesystem.create(
          "lincheck", TimeSource.SYSTEM, FilesystemType.find(MemfsType.NAME), Map.of());

  private PathOperation op(int name) {
    return new PathOperation(
        Credentials.root(), vfs.root(), vfs.root(), ParsedPath.parse(NAMES[name]), false);
  }

  private static String outcome(Runnable action) {
    try {
      action.run();
      return "ok";
    } catch (ErrnoException e) {
      return e.errno().name();
    }
  }

  @Operation
  public String mkdir(@Param(name = "name") int name) {
    return outcome(() -> vfs.mkdir(op(name), 0755));
  }

  @Operation
  public String rmdir(@Param(name = "name") int name) {
    return outcome(() -> vfs.rmdir(op(name)));
  }

  @Operation
  public String create(@Param(name = "name") int name) {
    return outcome(
        () ->
            vfs.open(
                    op(name),
                    OpenOptions.builder().write().create(0644).exclusive().noFollow().build())
                .close());
  }

  @Operation
  public String unlink(@Param(name = "name") int name) {
    return outcome(() -> vfs.unlink(op(name)));
  }

  @Operation
  public String rename(@Param(name = "name") int from) {
    return outcome(() -> vfs.rename(op(from), op(1 - from), false));
  }

  @Operation
  public String stat(@Param(name = "name") int name) {
    try {
      return vfs.stat(op(name)).isDirectory() ? "dir" : "file";
    } catch (ErrnoException e) {
      return e.errno().name();
    }
  }

  @Test
  void stress() {
    OrderedChildrenLincheckTest.withLeakCheckingDisabled(
        () -> OrderedChildrenLincheckTest.configure(new StressOptions()).check(getClass()));
  }
}
