package dev.jkernfs.proc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jkernfs.nio.FaultInjector;
import dev.jkernfs.nio.FaultRule;
import dev.jkernfs.nio.Jkernfs;
import dev.jkernfs.vfs.Errno;
import dev.jkernfs.vfs.FileOperation;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code fs/faults/rules} and {@code fs/faults/log}: the fault rules of the namespace, live. */
class FaultFilesTest {
  @Test
  void theFilesShowTheRulesInForceAndTheFaultsTheyInjected() throws IOException {
    try (FileSystem fs = Jkernfs.newFileSystem(Map.of("mounts", Map.of("/proc", "proc")))) {
      Path rules = fs.getPath("/proc/fs/faults/rules");
      Path log = fs.getPath("/proc/fs/faults/log");
      Files.createDirectory(fs.getPath("/tmp"));
      assertThat(Files.readString(rules)).isEmpty();
      assertThat(Files.readString(log)).isEmpty();

      FaultInjector faults = Jkernfs.faults(fs);
      FaultInjector.ActiveRule readOnly =
          faults.add(FaultRule.on(FileOperation.MKDIR).paths("/tmp/**").fail(Errno.EROFS));
      faults.add(FaultRule.parse("on=read,write paths=/data/** every=2 transferAtMost=512"));
      assertThatThrownBy(() -> Files.createDirectory(fs.getPath("/tmp/my dir")))
          .isInstanceOf(FileSystemException.class);

      assertThat(Files.readString(rules))
          .isEqualTo(
              """
              1 on=MKDIR paths=/tmp/** fail=EROFS matched=1 fired=1
              2 on=READ,WRITE paths=/data/** every=2 transferAtMost=512 matched=0 fired=0
              """);
      assertThat(Files.readString(log)).isEqualTo("1 rule=1 MKDIR /tmp/my\\040dir EROFS\n");

      readOnly.close();
      assertThat(Files.readString(rules)).startsWith("2 on=READ,WRITE").hasLineCount(1);
      assertThat(Files.readString(log)).isEqualTo("1 rule=1 MKDIR /tmp/my\\040dir EROFS\n");
    }
  }

  @Test
  void aNamespaceWithoutFaultRulesHasEmptyFiles() {
    try (ProcFixture fx = new ProcFixture()) {
      assertThat(fx.list("/proc/fs/faults")).containsExactly("rules", "log");
      assertThat(fx.read("/proc/fs/faults/rules")).isEmpty();
      assertThat(fx.read("/proc/fs/faults/log")).isEmpty();
    }
  }
}
