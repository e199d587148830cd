package dev.jkernfs.memfs;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jkernfs.kernfs.Inode;
import dev.jkernfs.refs.AuditEntry;
import dev.jkernfs.refs.AuditReport;
import dev.jkernfs.refs.LeakChecker;
import dev.jkernfs.refs.LeakMode;
import dev.jkernfs.refs.LeakReport;
import dev.jkernfs.refs.LeakScope;
import dev.jkernfs.vfs.Credentials;
import dev.jkernfs.vfs.FileDescription;
import dev.jkernfs.vfs.OpenOptions;
import dev.jkernfs.vfs.ParsedPath;
import dev.jkernfs.vfs.PathOperation;
import dev.jkernfs.vfs.TimeSource;
import dev.jkernfs.vfs.VirtualFilesystem;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * After a crash only what the root reaches is alive, the audit accounts for every reference (the
 * image's included), and closing leaks nothing; a crash that forgets the children it replaced is
 * caught by each of those checks.
 */
class DurableImageLeakTest {
  private final VirtualFilesystem vfs =
      VirtualFilesystem.create(
          "durable",
          TimeSource.SYSTEM,
          new MemfsType(),
          Map.of("durability", "fsync"),
          LeakMode.THROW);
  private final LeakScope scope = LeakScope.ownedBy(vfs, "durable");
  private final MemFilesystem memfs = (MemFilesystem) vfs.root().mount().filesystem();

  @Test
  void aCrashLetsGoOfWhatTheRootNoLongerReachesAndBalances() {
    busyTree();

    MemfsType.crash(memfs, OptionalLong.of(3));

    assertThat(memfs.liveInodes()).isEqualTo(reachedInodes());
    AuditReport audit = LeakChecker.audit(scope);
    assertThat(audit.isBalanced()).as("%s", audit).isTrue();
    assertThat(audit.entries())
        .flatExtracting(AuditEntry::holders)
        .anyMatch(holder -> holder.startsWith("durable image of memfs"));
    vfs.close();
    LeakReport leaks = LeakChecker.check(scope);
    assertThat(leaks.isClean()).as("%s", leaks).isTrue();
  }

  @Test
  void aCrashThatKeepsTheChildrenItReplacedIsCaught() {
    busyTree();
    List<Inode> replaced = List.copyOf(rootDirectory().childrenNow().values());
    memfs.durable.loseReplacedChildren = true;

    MemfsType.crash(memfs, OptionalLong.empty());

    assertThat(memfs.liveInodes()).isGreaterThan(reachedInodes());
    AuditReport audit = LeakChecker.audit(scope);
    assertThat(audit.isBalanced()).isFalse();
    assertThat(audit.toString()).contains("memfs ino=" + replaced.get(0).ino());
    vfs.close();
    LeakReport leaks = LeakChecker.check(scope);
    assertThat(leaks.isClean()).isFalse();
    assertThat(leaks.toString()).contains("inode");

    replaced.forEach(Inode::decRef); // repair, so that this test's own scope is clean
    assertThat(LeakChecker.check(scope).isClean()).isTrue();
  }

  /**
   * Durable and unsynced files and directories, an unlinked durable file, an unsynced rename and an
   * open unlinked file: each kind of inode a crash brings back or lets go of.
   */
  private void busyTree() {
    mkdir("/kept");
    write("/kept/file", "kept", true);
    sync("/kept");
    write("/durable", "durable", true);
    sync("/");
    write("/unsynced", "lost", false);
    mkdir("/unsynced-dir");
    write("/unsynced-dir/file", "lost", true);
    vfs.unlink(op("/durable"));
    vfs.rename(op("/kept/file"), op("/renamed"), false);
    FileDescription open = vfs.open(op("/scratch"), create());
    vfs.unlink(op("/scratch"));
    open.close();
  }

  private MemDirectory rootDirectory() {
    return (MemDirectory) memfs.root().inode();
  }

  /** The inodes the root reaches through the directories' children, the root included. */
  private long reachedInodes() {
    Map<Inode, Boolean> seen = new IdentityHashMap<>();
    ArrayDeque<MemDirectory> directories = new ArrayDeque<>();
    directories.add(rootDirectory());
    seen.put(rootDirectory(), true);
    while (!directories.isEmpty()) {
      for (Inode child : directories.poll().childrenNow().values()) {
        if (seen.put(child, true) == null && child instanceof MemDirectory directory) {
          directories.add(directory);
        }
      }
    }
    return seen.size();
  }

  private void mkdir(String path) {
    vfs.mkdir(op(path), 0755);
  }

  private void write(String path, String text, boolean sync) {
    FileDescription fd = vfs.open(op(path), create());
    try {
      fd.write(ByteBuffer.wrap(text.getBytes(UTF_8)));
      if (sync) {
        fd.sync();
      }
    } finally {
      fd.close();
    }
  }

  private void sync(String directory) {
    FileDescription fd = vfs.open(op(directory), OpenOptions.DIRECTORY);
    try {
      fd.sync();
    } finally {
      fd.close();
    }
  }

  private PathOperation op(String path) {
    return new PathOperation(
        Credentials.root(), vfs.root(), vfs.root(), ParsedPath.parse(path), true);
  }

  private static OpenOptions create() {
    return OpenOptions.builder().readWrite().create(0644).build();
  }
}
