package dev.jkernfs.proc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jkernfs.refs.LeakReport;
import dev.jkernfs.refs.LeakedObject;
import dev.jkernfs.vfs.FileDescription;
import dev.jkernfs.vfs.FilesystemType;
import dev.jkernfs.vfs.OpenOptions;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code proc} type: how it is found, mounted and configured, and that it cleans up. */
class ProcTypeTest {

  @Test
  void theServiceLoaderFindsItByName() {
    FilesystemType type = FilesystemType.find("proc");
    assertThat(type).isInstanceOf(ProcType.class);
    assertThat(type.name()).isEqualTo("proc");
  }

  @Test
  void itMountsAnywhereAndMoreThanOnce() {
    try (ProcFixture fx = new ProcFixture()) {
      fx.vfs.mkdir(fx.op("/a"), 0755);
      fx.vfs.mkdir(fx.op("/a/b"), 0755);
      fx.vfs.mount(fx.op("/a/b"), new ProcType(), Map.of());
      assertThat(fx.read("/a/b/cpuinfo")).isEqualTo(fx.read("/proc/cpuinfo"));
      assertThat(fx.read("/a/b/fs/dentry-state"))
          .contains("\n/proc proc live=")
          .contains("\n/a/b proc live=");
      fx.vfs.unmount(fx.op("/a/b"), false);
    }
  }

  @Test
  void theCacheLimitOptionTakesAnIntegerOrALong() {
    try (ProcFixture fx = new ProcFixture(new ProcType(), Map.of("dentryCacheLimit", 7))) {
      assertThat(fx.procFs().dentryCacheLimit()).isEqualTo(7);
    }
    try (ProcFixture fx = new ProcFixture(new ProcType(), Map.of("dentryCacheLimit", 0L))) {
      assertThat(fx.procFs().dentryCacheLimit()).isZero();
    }
  }

  @Test
  void badOptionsFailTheMountNamingTheKey() {
    try (ProcFixture fx = new ProcFixture()) {
      fx.vfs.mkdir(fx.op("/p"), 0755);
      assertThatThrownBy(() -> fx.vfs.mount(fx.op("/p"), new ProcType(), Map.of("hidepid", 2)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("hidepid");
      for (Object bad : new Object[] {"10", -1, 1L << 31, 2.5}) {
        assertThatThrownBy(
                () -> fx.vfs.mount(fx.op("/p"), new ProcType(), Map.of("dentryCacheLimit", bad)))
            .as("%s", bad)
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("dentryCacheLimit");
      }
      assertThat(fx.vfs.mounts()).hasSize(2);
    }
  }

  @Test
  void aDescriptionLeftOpenIsReportedAsALeakUntilClosed() {
    ProcFixture fx = new ProcFixture();
    FileDescription fd = fx.vfs.open(fx.op("/proc/threads"), OpenOptions.DIRECTORY);
    fx.vfs.close();
    LeakReport leaks = fx.leaks();
    assertThat(leaks.leaks()).extracting(LeakedObject::type).contains("file", "mount", "dentry");
    assertThat(leaks.toString()).contains("/threads");
    fd.close();
    assertThat(fx.leaks().isClean()).as("%s", fx.leaks()).isTrue();
  }
}
