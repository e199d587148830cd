package dev.jkernfs.nio;

import static dev.jkernfs.vfs.FileOperation.CREATE;
import static dev.jkernfs.vfs.FileOperation.DELETE;
import static dev.jkernfs.vfs.FileOperation.FORCE;
import static dev.jkernfs.vfs.FileOperation.LIST;
import static dev.jkernfs.vfs.FileOperation.LOCK;
import static dev.jkernfs.vfs.FileOperation.MKDIR;
import static dev.jkernfs.vfs.FileOperation.OPEN;
import static dev.jkernfs.vfs.FileOperation.READ;
import static dev.jkernfs.vfs.FileOperation.RENAME;
import static dev.jkernfs.vfs.FileOperation.SET_ATTRIBUTE;
import static dev.jkernfs.vfs.FileOperation.TRUNCATE;
import static dev.jkernfs.vfs.FileOperation.WRITE;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.jkernfs.vfs.Errno;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.ClosedFileSystemException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Faults injected into a jkernfs filesystem, seen through {@code Files}, channels, streams and
 * directory streams as the JDK would report the same errors on Linux; the filesystem left as the
 * failed call would leave it, and nothing leaked (every test closes its filesystem, which fails in
 * the leak checker's throw mode if anything is left).
 */
class FaultInjectionTest {
  private FileSystem fs;
  private FaultInjector faults;
  private final List<FileSystem> others = new ArrayList<>();

  @BeforeEach
  void open() throws IOException {
    fs = Jkernfs.newFileSystem(Map.of());
    faults = Jkernfs.faults(fs);
  }

  @AfterEach
  void close() throws IOException {
    fs.close();
    for (FileSystem other : others) {
      other.close();
    }
  }

  private Path path(String path) {
    return fs.getPath(path);
  }

  // ---- failures, as the JDK reports them ----

  @Test
  void aFailedWriteIsTheJdksIOExceptionThroughFilesStreamsAndChannels() throws IOException {
    Path file = Files.createFile(path("/f"));
    faults.add(FaultRule.on(WRITE).paths("/f").fail(Errno.ENOSPC));

    assertJdkIoError(() -> Files.write(file, new byte[10]), "No space left on device");
    assertJdkIoError(() -> Files.writeString(file, "x"), "No space left on device");
    try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.APPEND)) {
      assertJdkIoError(() -> out.write(1), "No space left on device");
    }
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      assertJdkIoError(() -> channel.write(ByteBuffer.allocate(3)), "No space left on device");
      assertJdkIoError(() -> channel.write(ByteBuffer.allocate(3), 7), "No space left on device");
      assertThat(channel.position()).isZero();
    }
    assertThat(Files.size(file)).isZero();
    assertThat(faults.log()).hasSize(5).allMatch(fault -> fault.effect().equals("ENOSPC"));
  }

  @Test
  void aFailedReadIsTheJdksIOExceptionThroughFilesStreamsAndChannels() throws IOException {
    Path file = Files.writeString(path("/f"), "content");
    faults.add(FaultRule.on(READ).fail(Errno.EIO));

    assertJdkIoError(() -> Files.readAllBytes(file), "Input/output error");
    assertJdkIoError(() -> Files.readString(file), "Input/output error");
    assertJdkIoError(() -> Files.readAllLines(file), "Input/output error");
    try (InputStream in = Files.newInputStream(file)) {
      assertJdkIoError(in::read, "Input/output error");
    }
    try (FileChannel channel = FileChannel.open(file)) {
      assertJdkIoError(() -> channel.read(ByteBuffer.allocate(3)), "Input/output error");
      assertJdkIoError(() -> channel.read(ByteBuffer.allocate(3), 2), "Input/output error");
      assertThat(channel.position()).isZero();
    }
  }

  @Test
  void aFailedOpenIsThePathsExceptionAndOpensNothing() throws IOException {
    Path file = Files.writeString(path("/f"), "content");
    Path dir = Files.createDirectory(path("/d"));
    faults.add(FaultRule.on(OPEN).fail(Errno.EACCES));

    assertThatThrownBy(() -> Files.readString(file))
        .isExactlyInstanceOf(AccessDeniedException.class)
        .hasMessage("/f");
    assertThatThrownBy(() -> Files.newDirectoryStream(dir))
        .isExactlyInstanceOf(AccessDeniedException.class)
        .hasMessage("/d");
    assertThatThrownBy(() -> FileChannel.open(file, StandardOpenOption.WRITE))
        .isExactlyInstanceOf(AccessDeniedException.class);
    faults.clear();
    faults.add(FaultRule.on(OPEN).fail(Errno.EMFILE));
    FileSystemException tooMany =
        catchThrowableOfType(FileSystemException.class, () -> Files.newInputStream(file));
    assertThat(tooMany).isExactlyInstanceOf(FileSystemException.class);
    assertThat(tooMany.getFile()).isEqualTo("/f");
    assertThat(tooMany.getReason()).isEqualTo("Too many open files");
  }

  @Test
  void aFailedCreateCreatesNothingWhileOpeningExistingFilesGoesOn() throws IOException {
    Path existing = Files.writeString(path("/existing"), "old");
    Files.createDirectory(path("/d"));
    faults.add(FaultRule.on(CREATE).fail(Errno.EDQUOT));

    assertPathError(() -> Files.createFile(path("/new")), "/new", null, "Disk quota exceeded");
    assertPathError(
        () -> Files.writeString(path("/d/new"), "x"), "/d/new", null, "Disk quota exceeded");
    assertPathError(
        () -> Files.createSymbolicLink(path("/link"), existing),
        "/link",
        null,
        "Disk quota exceeded");
    assertPathError(
        () -> Files.createLink(path("/hard"), existing),
        "/hard",
        "/existing",
        "Disk quota exceeded");
    assertPathError(
        () -> Files.copy(existing, path("/copy")), "/copy", null, "Disk quota exceeded");
    Files.writeString(existing, "new"); // an O_CREAT open of an existing file is an OPEN

    assertThat(Files.readString(existing)).isEqualTo("new");
    try (Stream<Path> tree = Files.walk(path("/"))) {
      assertThat(tree.map(Path::toString)).containsExactlyInAnyOrder("/", "/existing", "/d");
    }
    assertThat(faults.log())
        .extracting(fault -> fault.operation() + " " + fault.path() + " " + fault.otherPath())
        .containsExactly(
            "CREATE /new null",
            "CREATE /d/new null",
            "CREATE /link null",
            "CREATE /hard /existing",
            "CREATE /copy null");
  }

  @Test
  void failedDeleteRenameAndMkdirChangeNothing() throws IOException {
    Path file = Files.writeString(path("/f"), "content");
    Path dir = Files.createDirectory(path("/d"));
    faults.add(FaultRule.on(DELETE).fail(Errno.EBUSY));
    faults.add(FaultRule.on(RENAME).fail(Errno.EROFS));
    faults.add(FaultRule.on(MKDIR).fail(Errno.ENOSPC));

    assertPathError(() -> Files.delete(file), "/f", null, "Device or resource busy");
    assertPathError(() -> Files.deleteIfExists(dir), "/d", null, "Device or resource busy");
    assertPathError(() -> Files.move(file, path("/d/g")), "/f", "/d/g", "Read-only file system");
    assertPathError(
        () -> Files.move(dir, path("/e"), StandardCopyOption.ATOMIC_MOVE),
        "/d",
        "/e",
        "Read-only file system");
    assertPathError(
        () -> Files.createDirectory(path("/d/sub")), "/d/sub", null, "No space left on device");
    assertPathError(
        () -> Files.createDirectories(path("/x/y")), "/x", null, "No space left on device");

    assertThat(Files.readString(file)).isEqualTo("content");
    try (Stream<Path> tree = Files.walk(path("/"))) {
      assertThat(tree.map(Path::toString)).containsExactlyInAnyOrder("/", "/f", "/d");
    }
    // A directory's delete is one call, as the JDK's: the second rule fires on the second delete.
    faults.clear();
    faults.add(FaultRule.on(DELETE).nth(2).fail(Errno.EIO));
    Files.delete(dir);
    assertPathError(() -> Files.delete(file), "/f", null, "Input/output error");
  }

  @Test
  void aRenameThatCrossesDevicesMakesMoveCopyAndDeleteButNotAtomicMove() throws IOException {
    Path file = Files.writeString(path("/f"), "content");
    faults.add(FaultRule.on(RENAME).fail(Errno.EXDEV));

    assertThatThrownBy(() -> Files.move(file, path("/g"), StandardCopyOption.ATOMIC_MOVE))
        .isExactlyInstanceOf(AtomicMoveNotSupportedException.class)
        .hasMessage("/f -> /g: Invalid cross-device link");
    Files.move(file, path("/g"));

    assertThat(Files.exists(file)).isFalse();
    assertThat(Files.readString(path("/g"))).isEqualTo("content");
    assertThat(faults.log()).extracting(InjectedFault::effect).containsExactly("EXDEV", "EXDEV");
  }

  @Test
  void aFailedListingFailsInTheIteratorAsTheJdksDoes() throws IOException {
    Path dir = Files.createDirectory(path("/d"));
    Files.createFile(dir.resolve("a"));
    faults.add(FaultRule.on(LIST).fail(Errno.EIO));

    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      DirectoryIteratorException failed =
          catchThrowableOfType(
              DirectoryIteratorException.class, () -> entries.iterator().hasNext());
      assertThat(failed.getCause())
          .isExactlyInstanceOf(FileSystemException.class)
          .hasMessage("/d: Input/output error");
    }
    try (Stream<Path> list = Files.list(dir)) {
      assertThatThrownBy(() -> list.count())
          .isExactlyInstanceOf(UncheckedIOException.class)
          .hasRootCauseMessage("/d: Input/output error");
    }
  }

  @Test
  void failedAttributeChangesAndTruncatesChangeNothing() throws IOException {
    Path file = Files.writeString(path("/f"), "content");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    FileTime modified = Files.getLastModifiedTime(file);
    faults.add(FaultRule.on(SET_ATTRIBUTE).fail(Errno.EPERM));
    faults.add(FaultRule.on(TRUNCATE).fail(Errno.EFBIG));

    assertPathError(
        () -> Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxrwxrwx")),
        "/f",
        null,
        "Operation not permitted");
    assertPathError(
        () -> Files.setLastModifiedTime(file, FileTime.fromMillis(0)),
        "/f",
        null,
        "Operation not permitted");
    assertPathError(
        () -> Files.setAttribute(file, "unix:uid", 42), "/f", null, "Operation not permitted");
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      assertJdkIoError(() -> channel.truncate(2), "File too large");
      channel.truncate(100); // larger: no ftruncate(2) at all, as in the JDK
    }

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(Files.getLastModifiedTime(file)).isEqualTo(modified);
    assertThat(Files.getAttribute(file, "unix:uid")).isEqualTo(0);
    assertThat(Files.readString(file)).isEqualTo("content");
  }

  @Test
  void aFailedForceIsTheJdksIOExceptionForFilesAndDirectories() throws IOException {
    Path file = Files.writeString(path("/f"), "content");
    Path dir = Files.createDirectory(path("/d"));
    faults.add(FaultRule.on(FORCE).fail(Errno.EIO));

    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      assertJdkIoError(() -> channel.force(true), "Input/output error");
    }
    try (FileChannel directory = FileChannel.open(dir, StandardOpenOption.READ)) {
      assertJdkIoError(() -> directory.force(false), "Input/output error");
    }
    assertThat(faults.log())
        .extracting(fault -> fault.path().toString())
        .containsExactly("/f", "/d");
  }

  @Test
  void aLockHeldElsewhereMakesTryLockAnswerNullAndLeavesTheRangeFree() throws IOException {
    Path file = Files.writeString(path("/f"), "content");
    try (FileChannel channel =
        FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      FaultInjector.ActiveRule held = faults.add(FaultRule.on(LOCK).fail(Errno.EAGAIN));
      assertThat(channel.tryLock()).isNull();
      assertJdkIoError(channel::lock, "Resource temporarily unavailable");
      held.close();
      faults.add(FaultRule.on(LOCK).nth(1).fail(Errno.ENOLCK));
      assertJdkIoError(() -> channel.tryLock(0, 10, false), "No locks available");

      try (FileLock lock = channel.tryLock(0, 10, false)) {
        assertThat(lock).isNotNull();
        assertThat(lock.isValid()).isTrue();
      }
    }
  }

  @Test
  void theCallsTheJdkRestartsAfterEintrAreRestartedAndTheOthersFail() throws IOException {
    Path file = Files.writeString(path("/f"), "content");
    faults.add(FaultRule.on(READ, WRITE, FORCE, TRUNCATE, LOCK).every(2).fail(Errno.EINTR));
    faults.add(FaultRule.on(OPEN, CREATE).paths("/f").times(2).fail(Errno.EINTR));

    assertThat(Files.readString(file)).isEqualTo("content");
    try (FileChannel channel =
        FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      for (int i = 0; i < 4; i++) {
        channel.write(ByteBuffer.wrap("ab".getBytes(UTF_8)), 2L * i);
        channel.force(true);
        channel.truncate(7 - i);
        channel.lock(0, 1, false).release();
      }
    }
    assertThat(Files.readString(file)).isEqualTo("abab");
    assertThat(faults.log())
        .allMatch(fault -> fault.effect().equals("EINTR"))
        .hasSizeGreaterThan(8);

    faults.clear();
    faults.add(FaultRule.on(CREATE).times(2).fail(Errno.EINTR));
    // symlink(2) is not restarted by the JDK, link(2) is
    assertPathError(
        () -> Files.createSymbolicLink(path("/link"), file),
        "/link",
        null,
        "Interrupted system call");
    Files.createLink(path("/hard"), file);
    assertThat(Files.readString(path("/hard"))).isEqualTo("abab");
  }

  @Test
  void failedCallsOnOpenFilesLeaveNothingHeld() throws IOException {
    FileSystem other = Jkernfs.newFileSystem(Map.of("leakMode", "throw"));

    failAReadOfAnOpenFile(other);

    other.close(); // in throw mode, a leak would fail here: see FaultTwinLeakTest
    assertThat(Jkernfs.leakReport(other).isClean()).isTrue();
  }

  /** Opens {@code /f} in {@code fs}, fails a read of it with a rule, and closes it again. */
  static JkernfsFileChannel failAReadOfAnOpenFile(FileSystem fs) throws IOException {
    Path file = Files.writeString(fs.getPath("/f"), "content");
    try (JkernfsFileChannel channel = (JkernfsFileChannel) FileChannel.open(file)) {
      Jkernfs.faults(fs).add(FaultRule.on(READ).nth(1).fail(Errno.EIO));
      assertJdkIoError(() -> channel.read(ByteBuffer.allocate(4)), "Input/output error");
      assertThat(channel.read(ByteBuffer.allocate(4))).isEqualTo(4);
      return channel;
    }
  }

  // ---- short transfers ----

  @Test
  void aShortReadReturnsFewerBytesFromAChannelAndStreamsLoopOverIt() throws IOException {
    Path file = Files.writeString(path("/f"), "0123456789");
    faults.add(FaultRule.on(READ).transferAtMost(3));

    try (FileChannel channel = FileChannel.open(file)) {
      ByteBuffer buffer = ByteBuffer.allocate(8);
      assertThat(channel.read(buffer)).isEqualTo(3);
      assertThat(channel.position()).isEqualTo(3);
      assertThat(channel.read(ByteBuffer.allocate(2))).isEqualTo(2); // within the limit
      assertThat(channel.read(buffer, 0)).isEqualTo(3);
      assertThat(new String(buffer.array(), 0, 6, UTF_8)).isEqualTo("012012");
    }
    try (InputStream in = Files.newInputStream(file)) {
      assertThat(in.read(new byte[10])).isEqualTo(3);
    }
    assertThat(Files.readString(file)).isEqualTo("0123456789");
    assertThat(faults.log().get(0).effect()).isEqualTo("transferred 3 of 8 bytes");
  }

  @Test
  void aShortWriteWritesExactlyWhatItReportsAndFilesWriteLoopsOverIt() throws IOException {
    Path file = path("/f");
    FaultInjector.ActiveRule cut = faults.add(FaultRule.on(WRITE).transferAtMost(4));

    try (FileChannel channel =
        FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      ByteBuffer data = ByteBuffer.wrap("0123456789".getBytes(UTF_8));
      assertThat(channel.write(data)).isEqualTo(4);
      assertThat(data.position()).isEqualTo(4);
      assertThat(channel.position()).isEqualTo(4);
      assertThat(channel.size()).isEqualTo(4);
      ByteBuffer[] gathered = {ByteBuffer.wrap(new byte[6]), ByteBuffer.wrap(new byte[2])};
      assertThat(channel.write(gathered)).isEqualTo(4); // writev(2) stops at the short part
      assertThat(gathered[1].position()).isZero();
      assertThat(channel.size()).isEqualTo(8);
    }
    try (FileChannel append = FileChannel.open(file, StandardOpenOption.APPEND)) {
      assertThat(append.write(ByteBuffer.wrap("abcdef".getBytes(UTF_8)))).isEqualTo(4);
      assertThat(append.size()).isEqualTo(12);
    }
    assertThat(Files.readString(file)).isEqualTo("0123\0\0\0\0abcd");

    faults.clearLog();
    Files.writeString(file, "x".repeat(10)); // Files and streams write until all is written
    assertThat(Files.readString(file)).isEqualTo("x".repeat(10));
    assertThat(faults.log())
        .extracting(InjectedFault::effect)
        .containsExactly("transferred 4 of 10 bytes", "transferred 4 of 6 bytes");
    assertThat(cut.matched()).isEqualTo(cut.fired()).isEqualTo(5);
  }

  // ---- delays and hangs ----

  @Test
  void aDelayHoldsTheCallThenLetsItGoOn() throws IOException {
    Path file = Files.writeString(path("/f"), "content");
    faults.add(FaultRule.on(FORCE).delay(Duration.ofMillis(150)));

    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      long start = System.nanoTime();
      channel.force(true);
      assertThat(Duration.ofNanos(System.nanoTime() - start))
          .isGreaterThanOrEqualTo(Duration.ofMillis(150));
    }
    assertThat(faults.log()).extracting(InjectedFault::effect).containsExactly("delayed 150ms");
  }

  @Test
  void aHangHoldsCallsUntilReleasedAndEachReleaseLetsGoOnlyThoseWaiting() throws Exception {
    Path file = Files.writeString(path("/f"), "content");
    FaultInjector.ActiveRule stuck = faults.add(FaultRule.on(OPEN).hang());
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<String> first = pool.submit(() -> Files.readString(file));
      assertThat(stuck.awaitHanging(1, Duration.ofSeconds(10))).isTrue();
      assertThat(first.isDone()).isFalse();
      assertThat(Jkernfs.faults(fs).log())
          .extracting(InjectedFault::effect)
          .containsExactly("hung");

      stuck.release();
      assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("content");

      Future<String> second = pool.submit(() -> Files.readString(file));
      assertThat(stuck.awaitHanging(1, Duration.ofSeconds(10))).isTrue();
      stuck.close(); // removing the rule lets it go, and nothing hangs on it again
      assertThat(second.get(10, TimeUnit.SECONDS)).isEqualTo("content");
      assertThat(Files.readString(file)).isEqualTo("content");
    } finally {
      pool.shutdownNow();
      assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void aHangHoldsAChannelsReadAndADelayAStreamsWrite() throws Exception {
    Path file = Files.writeString(path("/f"), "content");
    FaultInjector.ActiveRule stuck = faults.add(FaultRule.on(READ).hang());
    faults.add(FaultRule.on(WRITE).delay(Duration.ofMillis(50)));
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try (FileChannel channel = FileChannel.open(file)) {
      Future<Integer> read = pool.submit(() -> channel.read(ByteBuffer.allocate(3)));
      assertThat(stuck.awaitHanging(1, Duration.ofSeconds(10))).isTrue();
      assertThat(stuck.hanging()).isEqualTo(1);
      stuck.release();
      assertThat(read.get(10, TimeUnit.SECONDS)).isEqualTo(3);
      assertThat(stuck.hanging()).isZero();
      long start = System.nanoTime();
      try (OutputStream out = Files.newOutputStream(path("/g"))) {
        out.write(1);
      }
      assertThat(Duration.ofNanos(System.nanoTime() - start))
          .isGreaterThanOrEqualTo(Duration.ofMillis(50));
    } finally {
      pool.shutdownNow();
      assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(faults.log())
        .extracting(fault -> fault.operation() + " " + fault.path() + " " + fault.effect())
        .containsExactly("READ /f hung", "WRITE /g delayed 50ms");
  }

  @Test
  void anInterruptEndsAHangAndTheCallGoesOnWithTheInterruptStatusSet() throws Exception {
    Path file = Files.writeString(path("/f"), "content");
    FaultInjector.ActiveRule stuck = faults.add(FaultRule.on(MKDIR).hang());
    CompletableFuture<Boolean> interrupted = new CompletableFuture<>();
    Thread caller =
        new Thread(
            () -> {
              try {
                Files.createDirectory(path("/d"));
                interrupted.complete(Thread.currentThread().isInterrupted());
              } catch (IOException | RuntimeException e) {
                interrupted.completeExceptionally(e);
              }
            });
    caller.start();
    assertThat(stuck.awaitHanging(1, Duration.ofSeconds(10))).isTrue();
    caller.interrupt();

    assertThat(interrupted.get(10, TimeUnit.SECONDS)).isTrue();
    assertThat(Files.isDirectory(path("/d"))).isTrue();
    assertThat(Files.readString(file)).isEqualTo("content");
  }

  @Test
  void closingTheFileSystemLetsHangingCallsGo() throws Exception {
    FileSystem other = Jkernfs.newFileSystem(Map.of());
    Path dir = Files.createDirectory(other.getPath("/d"));
    FaultInjector.ActiveRule stuck =
        Jkernfs.faults(other).add(FaultRule.on(MKDIR).paths("/d/*").hang());
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<Path> made = pool.submit(() -> Files.createDirectory(dir.resolve("x")));
      assertThat(stuck.awaitHanging(1, Duration.ofSeconds(10))).isTrue();
      Jkernfs.faults(other).clear();
      made.get(10, TimeUnit.SECONDS);
    } finally {
      pool.shutdownNow();
      assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }
    FaultInjector.ActiveRule late = Jkernfs.faults(other).add(FaultRule.on(MKDIR).hang());
    CompletableFuture<Path> lateMkdir =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return Files.createDirectory(dir.resolve("y"));
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            });
    assertThat(late.awaitHanging(1, Duration.ofSeconds(10))).isTrue();
    other.close();

    // As a call that starts after the close: it fails before it changes anything.
    assertThatThrownBy(() -> lateMkdir.get(10, TimeUnit.SECONDS))
        .hasCauseExactlyInstanceOf(ClosedFileSystemException.class);
    assertThat(Jkernfs.faults(other).rules()).isEmpty();
    assertThat(Jkernfs.faults(other).log())
        .extracting(InjectedFault::effect)
        .containsExactly("hung", "hung");
  }

  // ---- when rules fire ----

  @Test
  void nthFiresOnceEveryFiresPeriodicallyAndTimesCapsBoth() throws IOException {
    Files.createDirectory(path("/d"));
    FaultInjector.ActiveRule third =
        faults.add(FaultRule.on(OPEN).paths("/a").nth(3).fail(Errno.EIO));
    FaultInjector.ActiveRule everySecond =
        faults.add(FaultRule.on(OPEN).paths("/b").every(2).times(2).fail(Errno.EIO));
    Files.writeString(path("/a"), "a");
    Files.writeString(path("/b"), "b");

    assertThat(outcomes(path("/a"), 6)).isEqualTo("ok ok EIO ok ok ok");
    assertThat(outcomes(path("/b"), 8)).isEqualTo("ok EIO ok EIO ok ok ok ok");
    assertThat(third.matched()).isEqualTo(6);
    assertThat(third.fired()).isEqualTo(1);
    assertThat(everySecond.fired()).isEqualTo(2);
  }

  @Test
  void aSeededProbabilityFiresAlikeOnEveryRunAndOtherSeedsDiffer() throws IOException {
    String first = seededRun(7);

    assertThat(seededRun(7)).isEqualTo(first);
    assertThat(first).contains("ok").contains("EIO");
    assertThat(seededRun(8)).isNotEqualTo(first);
  }

  private String seededRun(long seed) throws IOException {
    FileSystem other = Jkernfs.newFileSystem(Map.of());
    others.add(other);
    Path file = Files.writeString(other.getPath("/f"), "x");
    Jkernfs.faults(other).add(FaultRule.on(READ).probability(0.3, seed).fail(Errno.EIO));
    return outcomesOfReads(file, 40);
  }

  @Test
  void aRemovedRuleStopsFiringAndRulesCanComeAndGoWhileFilesAreOpen() throws IOException {
    Path file = Files.writeString(path("/f"), "content");
    try (FileChannel channel = FileChannel.open(file)) {
      FaultInjector.ActiveRule rule = faults.add(FaultRule.on(READ).fail(Errno.EIO));
      assertJdkIoError(() -> channel.read(ByteBuffer.allocate(1), 0), "Input/output error");
      assertThat(faults.rules()).containsExactly(rule);

      rule.close();
      rule.close(); // twice is harmless
      assertThat(faults.rules()).isEmpty();
      assertThat(channel.read(ByteBuffer.allocate(1), 0)).isEqualTo(1);
    }
  }

  @Test
  void pathsMatchByGlobOrPredicateAndARenameByEitherPath() throws IOException {
    Files.createDirectories(path("/data/sub"));
    Files.createDirectories(path("/tmp"));
    faults.add(FaultRule.on(CREATE).paths("/data/**.log").fail(Errno.ENOSPC));
    faults.add(
        FaultRule.on(MKDIR)
            .paths(path -> String.valueOf(path.getFileName()).startsWith("x"))
            .fail(Errno.EROFS));
    faults.add(FaultRule.on(RENAME).paths("/data/*").fail(Errno.EBUSY));

    Files.createFile(path("/data/a.txt"));
    Files.createFile(path("/tmp/a.log"));
    assertThatThrownBy(() -> Files.createFile(path("/data/sub/a.log")))
        .hasMessage("/data/sub/a.log: No space left on device");
    Files.createDirectory(path("/data/y"));
    assertThatThrownBy(() -> Files.createDirectory(path("/tmp/x1")))
        .hasMessage("/tmp/x1: Read-only file system");
    assertThatThrownBy(() -> Files.move(path("/tmp/a.log"), path("/data/a.log")))
        .hasMessage("/tmp/a.log -> /data/a.log: Device or resource busy");
    assertThatThrownBy(() -> Files.move(path("/data/a.txt"), path("/tmp/a.txt")))
        .hasMessage("/data/a.txt -> /tmp/a.txt: Device or resource busy");
    Files.move(path("/tmp/a.log"), path("/tmp/b.log"));
  }

  @Test
  void aSecureDirectoryStreamsCallsNameTheirFilesFromTheRoot() throws IOException {
    Path dir = Files.createDirectory(path("/d"));
    Files.createFile(dir.resolve("x"));
    faults.add(FaultRule.on(DELETE).paths("/d/x").fail(Errno.EACCES));

    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      SecureDirectoryStream<Path> stream = (SecureDirectoryStream<Path>) entries;
      assertThatThrownBy(() -> stream.deleteFile(path("x")))
          .isExactlyInstanceOf(AccessDeniedException.class)
          .hasMessage("x");
    }
    assertThat(Files.exists(dir.resolve("x"))).isTrue();
    assertThat(faults.log()).extracting(fault -> fault.path().toString()).containsExactly("/d/x");
  }

  @Test
  void rulesAreAskedInOrderAndADelayPassesTheCallOnWhileAFailureEndsIt() throws IOException {
    Files.createFile(path("/f"));
    FaultInjector.ActiveRule slow = faults.add(FaultRule.on(DELETE).delay(Duration.ofMillis(1)));
    FaultInjector.ActiveRule failing = faults.add(FaultRule.on(DELETE).fail(Errno.EIO));
    FaultInjector.ActiveRule never = faults.add(FaultRule.on(DELETE).fail(Errno.EBUSY));

    assertPathError(() -> Files.delete(path("/f")), "/f", null, "Input/output error");

    assertThat(faults.log())
        .extracting(fault -> fault.ruleId() + " " + fault.effect())
        .containsExactly(slow.id() + " delayed 1ms", failing.id() + " EIO");
    assertThat(never.matched()).isZero();
  }

  @Test
  void theLogRecordsEachFaultInOrderWithItsRuleCallPathsAndEffect() throws IOException {
    Files.createDirectory(path("/d"));
    Files.writeString(path("/d/f"), "content");
    FaultRule busy = FaultRule.on(RENAME).fail(Errno.EBUSY);
    FaultInjector.ActiveRule renames = faults.add(busy);
    FaultInjector.ActiveRule reads = faults.add(FaultRule.on(READ).transferAtMost(1));

    assertThatThrownBy(() -> Files.move(path("/d/f"), path("/d/g")))
        .isInstanceOf(FileSystemException.class);
    try (InputStream in = Files.newInputStream(path("/d/f"))) {
      assertThat(in.read(new byte[4])).isEqualTo(1);
    }

    List<InjectedFault> log = faults.log();
    assertThat(log).hasSize(2);
    assertThat(log.get(0))
        .isEqualTo(
            new InjectedFault(1, renames.id(), busy, RENAME, path("/d/f"), path("/d/g"), "EBUSY"));
    assertThat(log.get(1).sequence()).isEqualTo(2);
    assertThat(log.get(1).ruleId()).isEqualTo(reads.id());
    assertThat(log.get(1).path()).isEqualTo(path("/d/f"));
    assertThat(log.get(1)).hasToString("2 rule=2 READ /d/f transferred 1 of 4 bytes");
    assertThat(log.get(0)).hasToString("1 rule=1 RENAME /d/f -> /d/g EBUSY");

    faults.clearLog();
    assertThat(faults.log()).isEmpty();
    Files.newInputStream(path("/d/f")).close();
  }

  @Test
  void theReadmeExampleDoesWhatTheReadmeSays() throws IOException {
    try (FileSystem fs = Jkernfs.newFileSystem(Map.of())) {
      Path log = Files.createDirectory(fs.getPath("/db")).resolve("wal.log");
      FaultInjector faults = Jkernfs.faults(fs);
      try (FaultInjector.ActiveRule full =
          faults.add(FaultRule.on(WRITE).paths("/db/*.log").nth(2).fail(Errno.ENOSPC))) {
        Files.writeString(log, "one");
        assertJdkIoError(() -> Files.writeString(log, "two"), "No space left on device");
        assertThat(full.fired()).isEqualTo(1);
      }
      Files.writeString(log, "three");
      assertThat(faults.log()).hasToString("[1 rule=1 WRITE /db/wal.log ENOSPC]");
    }
  }

  // ---- helpers ----

  /** Opens {@code file} {@code times} times: "ok" or the error's reason for each. */
  private static String outcomes(Path file, int times) {
    List<String> outcomes = new ArrayList<>();
    for (int i = 0; i < times; i++) {
      try {
        Files.newInputStream(file).close();
        outcomes.add("ok");
      } catch (IOException e) {
        outcomes.add(e.getMessage().endsWith("Input/output error") ? "EIO" : e.getMessage());
      }
    }
    return String.join(" ", outcomes);
  }

  private static String outcomesOfReads(Path file, int times) throws IOException {
    List<String> outcomes = new ArrayList<>();
    try (FileChannel channel = FileChannel.open(file)) {
      for (int i = 0; i < times; i++) {
        try {
          channel.read(ByteBuffer.allocate(1), 0);
          outcomes.add("ok");
        } catch (IOException e) {
          outcomes.add("EIO");
        }
      }
    }
    return String.join(" ", outcomes);
  }

  @FunctionalInterface
  private interface IoAction {
    void run() throws IOException;
  }

  /** An I/O error on an open file, as the JDK's channels report it: a plain IOException. */
  private static void assertJdkIoError(IoAction action, String reason) {
    assertThatThrownBy(action::run).isExactlyInstanceOf(IOException.class).hasMessage(reason);
  }

  /** An error of a path operation, as the JDK reports a generic errno: FileSystemException. */
  private static void assertPathError(IoAction action, String file, String other, String reason) {
    FileSystemException e = catchThrowableOfType(FileSystemException.class, action::run);
    assertThat(e).as("thrown").isNotNull();
    assertThat(e.getClass()).isEqualTo(FileSystemException.class);
    assertThat(e.getFile()).isEqualTo(file);
    assertThat(e.getOtherFile()).isEqualTo(other);
    assertThat(e.getReason()).isEqualTo(reason);
  }
}
