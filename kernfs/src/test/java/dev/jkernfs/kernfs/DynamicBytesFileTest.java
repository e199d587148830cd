package dev.jkernfs.kernfs;

import static dev.jkernfs.kernfs.ResolutionTest.assertErrno;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jkernfs.vfs.Credentials;
import dev.jkernfs.vfs.Errno;
import dev.jkernfs.vfs.ErrnoException;
import dev.jkernfs.vfs.FileDescription;
import dev.jkernfs.vfs.FileMode;
import dev.jkernfs.vfs.OpenOptions;
import dev.jkernfs.vfs.Stat;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Files generated on read: snapshots per description, whole writes, refusals. */
class DynamicBytesFileTest {
  private static final Credentials USER = Credentials.of(1000, 1000);
  private static final OpenOptions APPEND = OpenOptions.builder().append().build();

  private final VfsFixture fx = new VfsFixture();
  private final AtomicInteger generations = new AtomicInteger();
  private final AtomicReference<String> text = new AtomicReference<>("0123456789");
  private final List<String> written = new CopyOnWriteArrayList<>();

  @BeforeEach
  void mount() {
    fx.mkdirs("/syn");
    fx.vfs.mount(
        fx.op("/syn"),
        SyntheticTestFilesystem.type(
            8,
            (fs, root) ->
                root.add(
                        "counter",
                        DynamicBytesFile.readOnly(
                            fs,
                            Lifetime.PINNED,
                            DynamicBytesFile.utf8(() -> "n=" + generations.incrementAndGet())))
                    .add(
                        "text",
                        DynamicBytesFile.readOnly(
                            fs, Lifetime.PINNED, DynamicBytesFile.utf8(text::get)))
                    .add(
                        "control",
                        DynamicBytesFile.writable(
                            fs,
                            Lifetime.PINNED,
                            DynamicBytesFile.utf8(text::get),
                            bytes -> accept(new String(bytes, StandardCharsets.UTF_8))))),
        Map.of());
  }

  @AfterEach
  void tearDown() {
    fx.close();
  }

  private void accept(String input) {
    if (input.equals("busy")) {
      throw Errno.EBUSY.exception();
    }
    if (!input.chars().allMatch(Character::isLetter)) {
      throw new IllegalArgumentException("letters only: " + input);
    }
    written.add(input);
    text.set(input);
  }

  @Test
  void everyReadFromOffsetZeroGeneratesTheContentAnew() {
    FileDescription fd = fx.open("/syn/counter", OpenOptions.READ);
    assertThat(VfsFixture.readAll(fd)).isEqualTo("n=1");
    assertThat(VfsFixture.readAll(fd)).isEmpty(); // at the end, nothing is generated
    fd.seek(0);
    assertThat(VfsFixture.readAll(fd)).isEqualTo("n=2");
    assertThat(fx.read("/syn/counter")).isEqualTo("n=3");
  }

  @Test
  void readsFurtherOnContinueInTheSnapshotOfTheirDescription() {
    FileDescription fd = fx.open("/syn/text", OpenOptions.READ);
    ByteBuffer head = ByteBuffer.allocate(4);
    assertThat(fd.read(head)).isEqualTo(4);
    text.set("abcdefghij");
    assertThat(VfsFixture.readAll(fd)).isEqualTo("456789");
    assertThat(fd.pread(ByteBuffer.allocate(10), 0)).isEqualTo(10);
    ByteBuffer tail = ByteBuffer.allocate(10);
    assertThat(fd.pread(tail, 7)).isEqualTo(3);
    assertThat(new String(tail.array(), 0, 3, StandardCharsets.UTF_8)).isEqualTo("hij");
  }

  @Test
  void aFirstReadPastTheStartGeneratesASnapshot() {
    FileDescription fd = fx.open("/syn/text", OpenOptions.READ);
    fd.seek(8);
    assertThat(VfsFixture.readAll(fd)).isEqualTo("89");
    fd.seek(20);
    assertThat(fd.read(ByteBuffer.allocate(4))).isEqualTo(-1);
  }

  @Test
  void statReportsSizeZeroAsProcfsDoes() {
    Stat stat = fx.vfs.stat(fx.op("/syn/text"));
    assertThat(stat.size()).isZero();
    assertThat(stat.mode()).isEqualTo(FileMode.S_IFREG | 0444);
    assertThat(stat.uid()).isZero();
    assertThat(fx.vfs.stat(fx.op("/syn/control")).mode()).isEqualTo(FileMode.S_IFREG | 0644);
  }

  @Test
  void readOnlyFileOpensForWritingAsItsModeSaysAndFailsEveryWriteWithEio() {
    FileDescription fd = fx.open("/syn/text", VfsFixture.readWrite());
    try {
      assertErrno(Errno.EIO, () -> fd.write(ByteBuffer.wrap(bytes("x"))));
    } finally {
      fd.close();
    }
    FileDescription appending = fx.open("/syn/text", APPEND);
    try {
      assertErrno(Errno.EIO, () -> appending.write(ByteBuffer.wrap(bytes("x"))));
    } finally {
      appending.close();
    }
    assertErrno(Errno.EACCES, () -> fx.vfs.open(fx.as(USER, "/syn/text"), VfsFixture.readWrite()));
  }

  @Test
  void eachWriteHandsItsWholeInputToTheHandler() {
    FileDescription fd = fx.open("/syn/control", VfsFixture.readWrite());
    assertThat(fd.write(ByteBuffer.wrap(bytes("hello")))).isEqualTo(5);
    assertThat(written).containsExactly("hello");
    fd.seek(0);
    assertThat(VfsFixture.readAll(fd)).isEqualTo("hello");
  }

  @Test
  void appendedInputIsWholeToo() {
    FileDescription fd = fx.open("/syn/control", APPEND);
    assertThat(fd.write(ByteBuffer.wrap(bytes("one")))).isEqualTo(3);
    assertThat(fd.write(ByteBuffer.wrap(bytes("two")))).isEqualTo(3);
    assertThat(written).containsExactly("one", "two");
  }

  @Test
  void aWriteAtAnyOtherOffsetThanZeroIsRefused() {
    FileDescription fd = fx.open("/syn/control", VfsFixture.readWrite());
    fd.write(ByteBuffer.wrap(bytes("first")));
    assertErrno(Errno.EINVAL, () -> fd.write(ByteBuffer.wrap(bytes("second"))));
    assertErrno(Errno.EINVAL, () -> fd.pwrite(ByteBuffer.wrap(bytes("third")), 2));
    assertThat(written).containsExactly("first");
  }

  @Test
  void rejectedInputFailsWithEinvalAndLeavesTheBufferUnconsumed() {
    FileDescription fd = fx.open("/syn/control", VfsFixture.readWrite());
    ByteBuffer input = ByteBuffer.wrap(bytes("12"));
    assertThatThrownBy(() -> fd.write(input))
        .isInstanceOfSatisfying(
            ErrnoException.class,
            e -> {
              assertThat(e.errno()).isEqualTo(Errno.EINVAL);
              assertThat(e.detail()).isEqualTo("letters only: 12");
            });
    assertThat(input.remaining()).isEqualTo(2);
    assertThat(fd.position()).isZero();
    assertThat(written).isEmpty();
    assertThat(fx.read("/syn/control")).isEqualTo("0123456789");
  }

  @Test
  void handlerMayRefuseWithItsOwnErrno() {
    FileDescription fd = fx.open("/syn/control", VfsFixture.readWrite());
    assertErrno(Errno.EBUSY, () -> fd.write(ByteBuffer.wrap(bytes("busy"))));
    assertThat(written).isEmpty();
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
