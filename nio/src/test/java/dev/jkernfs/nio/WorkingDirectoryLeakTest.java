package dev.jkernfs.nio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jkernfs.refs.AuditEntry;
import dev.jkernfs.refs.AuditReport;
import dev.jkernfs.refs.LeakChecker;
import dev.jkernfs.refs.LeakDetectedException;
import dev.jkernfs.refs.LeakScope;
import dev.jkernfs.vfs.Credentials;
import dev.jkernfs.vfs.ParsedPath;
import dev.jkernfs.vfs.PathOperation;
import dev.jkernfs.vfs.VirtualDentry;
import dev.jkernfs.vfs.VirtualFilesystem;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The working directory's references are accounted for while the filesystem is open and gone after
 * it closes; the twin takes one more and must see the audit and the close name it.
 */
class WorkingDirectoryLeakTest {
  private static final Map<String, Object> ENV =
      Map.of("workingDirectory", "/w/d", "leakMode", "throw");

  @Test
  void theWorkingDirectoryIsAccountedForAndReleasedOnClose() throws IOException {
    FileSystem fs = Jkernfs.newFileSystem(ENV);
    Files.writeString(fs.getPath("f"), "x");

    AuditReport audit = LeakChecker.audit(scopeOf(fs));
    assertThat(audit.isBalanced()).as("%s", audit).isTrue();
    assertThat(audit.entries())
        .filteredOn(entry -> entry.description().startsWith("/w/d"))
        .flatExtracting(AuditEntry::holders)
        .contains("working directory /w/d");

    fs.close();
    assertThat(Jkernfs.leakReport(fs).isClean()).as("%s", Jkernfs.leakReport(fs)).isTrue();
  }

  @Test
  void anExtraReferenceOnTheWorkingDirectoryIsNamedByTheAuditAndTheClose() throws IOException {
    FileSystem fs = Jkernfs.newFileSystem(ENV);
    VirtualFilesystem vfs = Jkernfs.virtualFilesystem(fs);
    VirtualDentry extra =
        vfs.getDentry(
            new PathOperation(
                Credentials.root(), vfs.root(), vfs.root(), ParsedPath.parse("/w/d"), true),
            true); // the injected bug: never dropped before close

    AuditReport audit = LeakChecker.audit(scopeOf(fs));
    assertThat(audit.mismatches())
        .extracting(AuditEntry::description)
        .anySatisfy(description -> assertThat(description).startsWith("/w/d"));
    assertThatThrownBy(fs::close)
        .isInstanceOf(LeakDetectedException.class)
        .hasMessageContaining("/w/d");

    extra.decRef(); // repair, so this test's own scope is clean
    assertThat(Jkernfs.leakReport(fs).isClean()).isTrue();
  }

  private static LeakScope scopeOf(FileSystem fs) {
    VirtualFilesystem vfs = Jkernfs.virtualFilesystem(fs);
    return LeakScope.ownedBy(vfs, vfs.name());
  }
}
