package dev.jkernfs.fuzz;

import dev.jkernfs.nio.Jkernfs;
import dev.jkernfs.nio.NioInternals;
import dev.jkernfs.refs.AuditReport;
import dev.jkernfs.refs.LeakChecker;
import dev.jkernfs.refs.LeakDetectedException;
import dev.jkernfs.refs.LeakReport;
import dev.jkernfs.vfs.Mount;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.FileSystem;
import java.util.Map;

/**
 * Creating the jkernfs {@code java.nio.file} filesystems the NIO targets run on, and the checks
 * every run ends with: once every handle is closed the ref audit balances, and once the filesystem
 * is closed nothing of it is left.
 */
final class NioFilesystems {
  private NioFilesystems() {}

  /** A plain jkernfs filesystem. */
  static FileSystem plain(int cacheLimit) {
    return create(Map.of("dentryCacheLimit", cacheLimit));
  }

  /** A jkernfs filesystem with a memfs at {@code /mnt} and a switchboard at {@code /dyn}. */
  static FileSystem withMounts(int cacheLimit) {
    return create(
        Map.of(
            "dentryCacheLimit",
            cacheLimit,
            "mounts",
            Map.of("/mnt", "memfs", "/dyn", SwitchboardType.NAME)));
  }

  private static FileSystem create(Map<String, ?> env) {
    try {
      return Jkernfs.newFileSystem(env);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The switchboard mounted in {@code fs}. */
  static SwitchboardFilesystem switchboard(FileSystem fs) {
    for (Mount mount : NioInternals.vfs(fs).mounts()) {
      if (mount.filesystem() instanceof SwitchboardFilesystem switchboard) {
        return switchboard;
      }
    }
    throw new IllegalStateException("no switchboard mounted in " + fs);
  }

  /** The audit of {@code fs}, or null if it balances. Call with every handle closed. */
  static Failure audit(FileSystem fs) {
    AuditReport audit = LeakChecker.audit(NioInternals.scope(fs));
    if (audit.isBalanced()) {
      return null;
    }
    return new Failure(
        Failure.Kind.UNBALANCED_AUDIT,
        "",
        audit.mismatches().size() + " objects hold references nobody accounts for",
        "",
        null,
        audit);
  }

  /**
   * Closes {@code fs} and returns {@code failure} with what the leak check found added to it, or a
   * new leak failure if there was none yet; null if there was no failure and nothing leaked.
   */
  static Failure closeAndCheck(FileSystem fs, Failure failure) {
    LeakReport leaks;
    try {
      fs.close();
      leaks = Jkernfs.leakReport(fs);
    } catch (LeakDetectedException e) {
      leaks = e.report();
    } catch (IOException | RuntimeException e) {
      Failure closing = unexpected("closing the filesystem", e);
      return (failure != null ? failure : closing).withLeaks(Jkernfs.leakReport(fs));
    }
    if (leaks.isClean()) {
      return failure == null ? null : failure.withLeaks(leaks);
    }
    if (failure == null) {
      failure =
          Failure.of(
              Failure.Kind.LEAK,
              "",
              leaks.leaks().size() + " objects outlived the filesystem's close",
              "");
    }
    return failure.withLeaks(leaks);
  }

  /** A failure for an exception no filesystem operation may throw. */
  static Failure unexpected(String where, Throwable thrown) {
    StringWriter trace = new StringWriter();
    thrown.printStackTrace(new PrintWriter(trace));
    return Failure.of(
        Failure.Kind.UNEXPECTED_EXCEPTION,
        thrown.getClass().getName(),
        where + " threw " + thrown,
        trace.toString());
  }
}
