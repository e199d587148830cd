package dev.jkernfs.kernfs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jkernfs.refs.AuditEntry;
import dev.jkernfs.refs.AuditReport;
import dev.jkernfs.refs.LeakReport;
import dev.jkernfs.vfs.FileDescription;
import dev.jkernfs.vfs.Mount;
import dev.jkernfs.vfs.OpenOptions;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The leak checker and the audit on a real kernfs tree: a clean run balances, and each injected
 * refcount bug is caught and named.
 */
class LeakDetectionTest {

  @Test
  void busyTreeBalancesAndClosesClean() {
    VfsFixture fx = new VfsFixture();
    fx.mkdirs("/a", "/a/b", "/mnt");
    fx.write("/a/b/f", "x");
    fx.vfs.link(fx.noFollow("/a/b/f"), fx.op("/a/g"));
    fx.vfs.mount(fx.op("/mnt"), DynamicTestFilesystem.type(4), Map.of());
    fx.vfs.stat(fx.op("/mnt/numbers/6"));
    FileDescription fd = fx.open("/a/b/f", OpenOptions.READ);
    AuditReport audit = fx.audit();
    assertThat(audit.isBalanced()).as("%s", audit).isTrue();
    assertThat(audit.entries())
        .extracting(AuditEntry::type)
        .contains("dentry", "inode", "mount", "file", "filesystem");
    fd.close();
    fx.close(); // asserts the audit balances and nothing leaks
  }

  @Test
  void extraIncRefIsReportedByTheAuditAndAsALeakNamingTheDentry() {
    VfsFixture fx = new VfsFixture();
    fx.mkdirs("/a");
    fx.write("/a/f", "x");
    FileDescription fd = fx.vfs.open(fx.op("/a/f"), OpenOptions.READ);
    KernfsDentry dentry = (KernfsDentry) fd.dentry();
    dentry.incRef(); // the injected bug
    fd.close();

    AuditReport audit = fx.audit();
    assertThat(audit.mismatches())
        .singleElement()
        .satisfies(
            entry -> {
              assertThat(entry.description()).startsWith("/a/f");
              assertThat(entry.toString())
                  .contains("refs=2, accounted=1")
                  .contains("1 unaccounted");
            });
    fx.vfs.close();
    LeakReport leaks = fx.leaks();
    assertThat(leaks.leaks())
        .anySatisfy(
            leak -> {
              assertThat(leak.type()).isEqualTo("dentry");
              assertThat(leak.description()).startsWith("/a/f (inode ");
              assertThat(leak.refCount()).isEqualTo(1);
            });

    dentry.decRef(); // repair: the tree dies and nothing is left
    assertThat(fx.leaks().isClean()).as("%s", fx.leaks()).isTrue();
  }

  @Test
  void missingDecRefIsReportedAsALeakNamingTheDentryAndItsAncestors() {
    VfsFixture fx = new VfsFixture();
    fx.mkdirs("/dyn");
    Mount mount = fx.vfs.mount(fx.op("/dyn"), DynamicTestFilesystem.type(0), Map.of());
    DynamicTestFilesystem fs = (DynamicTestFilesystem) mount.filesystem();
    // The injected bug: the walk's drop of its new dentry is lost.
    fs.drops.loseDeferredDecRefs = true;
    fx.vfs.stat(fx.op("/dyn/numbers/12"));
    fs.drops.loseDeferredDecRefs = false;

    AuditReport audit = fx.audit();
    assertThat(audit.mismatches())
        .extracting(AuditEntry::description)
        .anySatisfy(description -> assertThat(description).startsWith("/numbers/12"));
    fx.vfs.close();
    LeakReport leaks = fx.leaks();
    assertThat(leaks.leaks())
        .anySatisfy(
            leak -> {
              assertThat(leak.type()).isEqualTo("dentry");
              assertThat(leak.description()).startsWith("/numbers/12 (inode ");
            });
    assertThat(leaks.toString()).contains("dentry#").contains("/numbers/12");

    // Repair: drop the lost reference; the whole leaked chain then dies.
    KernfsDentry leaked = fs.root().childLocked("numbers").childLocked("12");
    leaked.decRef();
    assertThat(fs.liveDentries()).isZero();
    assertThat(fs.liveInodes()).isZero();
    assertThat(fx.leaks().isClean()).as("%s", fx.leaks()).isTrue();
  }
}
