package dev.jkernfs.proc;

import static dev.jkernfs.proc.ProcFixture.assertErrno;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jkernfs.vfs.Errno;
import dev.jkernfs.vfs.ErrnoException;
import dev.jkernfs.vfs.FileDescription;
import dev.jkernfs.vfs.OpenOptions;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code sys/fs/dentry-cache-limit}: the live control of this proc's dentry cache. */
class CacheLimitControlTest {
  private static final String LIMIT = "/proc/sys/fs/dentry-cache-limit";

  private final Map<String, String> items = new ConcurrentHashMap<>();
  private final ProcFixture fx =
      new ProcFixture(
          ProcType.publishing(root -> root.collection("items", items, (item, dir) -> {})),
          Map.of(ProcType.DENTRY_CACHE_LIMIT, 100));

  @AfterEach
  void tearDown() {
    fx.close();
  }

  /** Looks up {@code count} entries, which stay cached at zero references. */
  private void fillCache(int count) {
    for (int i = 0; i < count; i++) {
      items.put("item" + i, "value" + i);
      fx.vfs.stat(fx.op("/proc/items/item" + i));
    }
  }

  @Test
  void readShowsTheLimitOfThisFilesystem() {
    assertThat(fx.read(LIMIT)).isEqualTo("100\n");
    fx.procFs().setDentryCacheLimit(3);
    assertThat(fx.read(LIMIT)).isEqualTo("3\n");
  }

  @Test
  void writingANumberChangesTheLimitAndEvictsAtOnce() {
    fillCache(40);
    assertThat(fx.procFs().cachedDentries()).isEqualTo(40);
    fx.write(LIMIT, "5\n");
    assertThat(fx.procFs().dentryCacheLimit()).isEqualTo(5);
    assertThat(fx.procFs().cachedDentries()).isEqualTo(5);
    assertThat(fx.read(LIMIT)).isEqualTo("5\n");
  }

  @Test
  void writingZeroEmptiesTheCache() {
    fillCache(10);
    fx.write(LIMIT, "0");
    assertThat(fx.procFs().cachedDentries()).isZero();
    fillCache(10);
    assertThat(fx.procFs().cachedDentries()).isZero();
  }

  @Test
  void surroundingWhiteSpaceIsAllowed() {
    fx.write(LIMIT, "  17 \t\n");
    assertThat(fx.procFs().dentryCacheLimit()).isEqualTo(17);
  }

  @ParameterizedTest
  @ValueSource(strings = {"-1", "abc", "", "\n", "1.5", "0x10", "12 13", "2147483648", "1e3"})
  void anythingButANonNegativeIntegerFailsWithEinvalAndChangesNothing(String input) {
    fillCache(20);
    assertThatThrownBy(() -> fx.write(LIMIT, input))
        .isInstanceOfSatisfying(
            ErrnoException.class,
            e -> {
              assertThat(e.errno()).isEqualTo(Errno.EINVAL);
              assertThat(e.getMessage()).startsWith("EINVAL (Invalid argument)");
            });
    assertThat(fx.procFs().dentryCacheLimit()).isEqualTo(100);
    assertThat(fx.procFs().cachedDentries()).isEqualTo(20);
    assertThat(fx.read(LIMIT)).isEqualTo("100\n");
  }

  @Test
  void inputThatIsNotUtf8FailsWithEinval() {
    FileDescription fd = fx.open(LIMIT, ProcFixture.READ_WRITE);
    assertErrno(Errno.EINVAL, () -> fd.write(ByteBuffer.wrap(new byte[] {'1', (byte) 0xff})));
    assertThat(fx.procFs().dentryCacheLimit()).isEqualTo(100);
  }

  @Test
  void aSecondWriteOnOneDescriptionIsRefusedRatherThanAppliedAsAFragment() {
    FileDescription fd = fx.open(LIMIT, ProcFixture.READ_WRITE);
    fd.write(ByteBuffer.wrap("4".getBytes(StandardCharsets.UTF_8)));
    assertErrno(
        Errno.EINVAL, () -> fd.write(ByteBuffer.wrap("2".getBytes(StandardCharsets.UTF_8))));
    assertThat(fx.procFs().dentryCacheLimit()).isEqualTo(4);
  }

  @Test
  void onlyRootMayWriteIt() {
    assertErrno(Errno.EACCES, () -> fx.write(ProcFixture.USER, LIMIT, "5"));
    assertThat(fx.procFs().dentryCacheLimit()).isEqualTo(100);
    assertThat(fx.vfs.open(fx.as(ProcFixture.USER, LIMIT), OpenOptions.READ))
        .satisfies(FileDescription::close);
  }
}
