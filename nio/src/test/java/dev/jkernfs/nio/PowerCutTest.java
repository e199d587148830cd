package dev.jkernfs.nio;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.nio.file.StandardCopyOption.ATOMIC_MOVE;
import static java.nio.file.StandardCopyOption.REPLACE_EXISTING;
import static java.nio.file.StandardOpenOption.APPEND;
import static java.nio.file.StandardOpenOption.CREATE;
import static java.nio.file.StandardOpenOption.CREATE_NEW;
import static java.nio.file.StandardOpenOption.DSYNC;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.SYNC;
import static java.nio.file.StandardOpenOption.TRUNCATE_EXISTING;
import static java.nio.file.StandardOpenOption.WRITE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousFileChannel;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.ClosedDirectoryStreamException;
import java.nio.file.ClosedFileSystemException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.ProviderMismatchException;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The power-loss model, rule by rule: what a crash keeps of each kind of change, with and without
 * the fsyncs it needs, and what it does to open files.
 */
class PowerCutTest {
  private static final int BLOCK = 4096;

  private FileSystem fs;

  @BeforeEach
  void setUp() throws IOException {
    fs = Jkernfs.newFileSystem(Map.of("durability", "fsync"));
  }

  @AfterEach
  void tearDown() throws IOException {
    fs.close();
  }

  // ---- creating ----

  @Test
  void aNewFileIsGoneAfterACrashUnlessItsDirectoryWasSynced() throws IOException {
    Path file = path("/new");
    Files.writeString(file, "data");
    fsync(file);

    Jkernfs.crash(fs);

    assertThat(Files.exists(file)).isFalse();
    assertThat(list("/")).isEmpty();
  }

  @Test
  void aNewFileWhoseDirectoryWasSyncedButNotItselfComesBackEmpty() throws IOException {
    Path file = path("/new");
    Files.writeString(file, "data");
    fsync(path("/"));

    Jkernfs.crash(fs);

    assertThat(Files.readString(file)).isEmpty();
  }

  @Test
  void aFileSyncedInASyncedDirectoryKeepsItsContentAndLosesWhatCameAfter() throws IOException {
    Path file = path("/log");
    Files.writeString(file, "synced");
    fsync(file);
    fsync(path("/"));
    Files.writeString(file, " and more", APPEND);

    Jkernfs.crash(fs);

    assertThat(Files.readString(file)).isEqualTo("synced");
    assertThat(Files.size(file)).isEqualTo(6);
  }

  @Test
  void aDirectoryCreatedWithoutItsParentSyncedVanishesWithEverythingInIt() throws IOException {
    Files.createDirectories(path("/a/b"));
    Files.writeString(path("/a/b/f"), "x");
    fsync(path("/a/b/f"));
    fsync(path("/a/b"));
    fsync(path("/a"));

    Jkernfs.crash(fs);

    assertThat(Files.exists(path("/a"))).isFalse();
  }

  @Test
  void aDirectorysEntriesNeedItsOwnSyncNotItsParents() throws IOException {
    Files.createDirectory(path("/d"));
    Files.writeString(path("/d/f"), "x");
    fsync(path("/d/f"));
    fsync(path("/"));

    Jkernfs.crash(fs);

    assertThat(Files.isDirectory(path("/d"))).isTrue();
    assertThat(list("/d")).isEmpty();
    assertThat(Files.getAttribute(path("/d"), "unix:nlink")).isEqualTo(2);
  }

  @Test
  void everySymlinkAndSubdirectoryNamedBySyncedDirectoriesComesBack() throws IOException {
    Files.createDirectories(path("/a/b"));
    Files.createSymbolicLink(path("/a/link"), path("b"));
    fsync(path("/a"));
    fsync(path("/"));

    Jkernfs.crash(fs);

    assertThat(list("/a")).containsExactly("b", "link");
    assertThat(Files.readSymbolicLink(path("/a/link"))).isEqualTo(path("b"));
    assertThat(Files.getAttribute(path("/a"), "unix:nlink")).isEqualTo(3);
  }

  // ---- unlinking ----

  @Test
  void anUnlinkedFileComesBackWithItsSyncedContentUntilItsDirectoryIsSynced() throws IOException {
    Path file = durableFile("/f", "kept");
    Files.delete(file);

    Jkernfs.crash(fs);

    assertThat(Files.readString(file)).isEqualTo("kept");
    assertThat(Files.getAttribute(file, "unix:nlink")).isEqualTo(1);
  }

  @Test
  void anUnlinkStaysOnceTheDirectoryIsSynced() throws IOException {
    Path file = durableFile("/f", "gone");
    Files.delete(file);
    fsync(path("/"));

    Jkernfs.crash(fs);

    assertThat(Files.exists(file)).isFalse();
  }

  @Test
  void aRemovedDirectoryComesBackWithItsDurableEntries() throws IOException {
    Files.createDirectory(path("/d"));
    durableFile("/d/f", "inside");
    fsync(path("/"));
    Files.delete(path("/d/f"));
    Files.delete(path("/d"));

    Jkernfs.crash(fs);

    assertThat(Files.readString(path("/d/f"))).isEqualTo("inside");
  }

  // ---- renaming ----

  @Test
  void aRenameWithinADirectoryNeedsTheDirectorySync() throws IOException {
    durableFile("/old", "x");
    Files.move(path("/old"), path("/new"));

    Jkernfs.crash(fs);
    assertThat(list("/")).containsExactly("old");

    Files.move(path("/old"), path("/new"));
    fsync(path("/"));
    Jkernfs.crash(fs);
    assertThat(list("/")).containsExactly("new");
    assertThat(Files.readString(path("/new"))).isEqualTo("x");
  }

  @Test
  void aRenameOverAFileWithoutTheDirectorySyncBringsTheReplacedFileBack() throws IOException {
    durableFile("/db", "version 1");
    Path temp = path("/db.tmp");
    Files.writeString(temp, "version 2");
    fsync(temp);
    Files.move(temp, path("/db"), StandardCopyOption.REPLACE_EXISTING);

    Jkernfs.crash(fs);

    assertThat(Files.readString(path("/db"))).isEqualTo("version 1");
    assertThat(list("/")).containsExactly("db");
  }

  @Test
  void aRenameAcrossDirectoriesWithOnlyTheNewOneSyncedLeavesTheFileUnderBothNames()
      throws IOException {
    Files.createDirectories(path("/from"));
    Files.createDirectories(path("/to"));
    fsync(path("/"));
    durableFile("/from/f", "x");
    Files.move(path("/from/f"), path("/to/f"));
    fsync(path("/to"));

    Jkernfs.crash(fs);

    assertThat(Files.isSameFile(path("/from/f"), path("/to/f"))).isTrue();
    assertThat(Files.getAttribute(path("/to/f"), "unix:nlink")).isEqualTo(2);
  }

  @Test
  void aRenameAcrossDirectoriesWithOnlyTheOldOneSyncedLosesTheFile() throws IOException {
    Files.createDirectories(path("/from"));
    Files.createDirectories(path("/to"));
    fsync(path("/"));
    fsync(path("/to"));
    durableFile("/from/f", "x");
    Files.move(path("/from/f"), path("/to/f"));
    fsync(path("/from"));

    Jkernfs.crash(fs);

    assertThat(list("/from")).isEmpty();
    assertThat(list("/to")).isEmpty();
  }

  @Test
  void aDirectoryMovedToASyncedParentLeavesItsOldParentThoughThatWasNotSynced() throws IOException {
    Files.createDirectories(path("/from/d"));
    Files.createDirectories(path("/to"));
    fsync(path("/"));
    fsync(path("/from"));
    durableFile("/from/d/f", "x");
    Files.move(path("/from/d"), path("/to/d"));
    fsync(path("/to"));

    Jkernfs.crash(fs);

    assertThat(list("/from")).isEmpty();
    assertThat(Files.readString(path("/to/d/f"))).isEqualTo("x");
    assertThat(Files.getAttribute(path("/from"), "unix:nlink")).isEqualTo(2);
    assertThat(Files.getAttribute(path("/to"), "unix:nlink")).isEqualTo(3);
  }

  // ---- truncating, linking, attributes ----

  @Test
  void aTruncateNeedsTheFileSync() throws IOException {
    Path file = durableFile("/f", "0123456789");
    try (FileChannel channel = FileChannel.open(file, WRITE)) {
      channel.truncate(4);
    }

    Jkernfs.crash(fs);
    assertThat(Files.readString(file)).isEqualTo("0123456789");

    try (FileChannel channel = FileChannel.open(file, WRITE)) {
      channel.truncate(4);
      channel.force(false);
    }
    Jkernfs.crash(fs);
    assertThat(Files.readString(file)).isEqualTo("0123");
  }

  @Test
  void aHardLinkNeedsTheDirectorySync() throws IOException {
    Path file = durableFile("/f", "x");
    Files.createLink(path("/link"), file);

    Jkernfs.crash(fs);
    assertThat(list("/")).containsExactly("f");
    assertThat(Files.getAttribute(file, "unix:nlink")).isEqualTo(1);

    Files.createLink(path("/link"), file);
    fsync(path("/"));
    Jkernfs.crash(fs);
    assertThat(Files.isSameFile(file, path("/link"))).isTrue();
    assertThat(Files.getAttribute(file, "unix:nlink")).isEqualTo(2);
  }

  @Test
  void permissionsOwnerAndTimesComeBackAsOfTheLastSync() throws IOException {
    Path file = durableFile("/f", "x");
    FileTime synced = FileTime.fromMillis(1_000_000_000_000L);
    Files.setLastModifiedTime(file, synced);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    fsync(file);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxrwxrwx"));
    Files.setAttribute(file, "unix:uid", 1234);
    Files.setLastModifiedTime(file, FileTime.fromMillis(2_000_000_000_000L));

    Jkernfs.crash(fs);

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(Files.getAttribute(file, "unix:uid")).isEqualTo(0);
    assertThat(Files.getLastModifiedTime(file)).isEqualTo(synced);
  }

  @Test
  void aDirectorysAttributesComeBackAsOfItsSync() throws IOException {
    Files.createDirectory(path("/d"));
    Files.setPosixFilePermissions(path("/d"), PosixFilePermissions.fromString("rwx------"));
    fsync(path("/d"));
    fsync(path("/"));
    Files.setPosixFilePermissions(path("/d"), PosixFilePermissions.fromString("rwxr-xr-x"));

    Jkernfs.crash(fs);

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(path("/d"))))
        .isEqualTo("rwx------");
  }

  @Test
  void writesThroughASyncOrDsyncChannelAreDurableWhenTheyReturn() throws IOException {
    for (String name : List.of("/sync", "/dsync", "/plain")) {
      Files.createFile(path(name));
    }
    fsync(path("/"));
    writeThrough("/sync", SYNC);
    writeThrough("/dsync", DSYNC);
    writeThrough("/plain", WRITE);

    Jkernfs.crash(fs);

    assertThat(Files.readString(path("/sync"))).isEqualTo("record");
    assertThat(Files.readString(path("/dsync"))).isEqualTo("record");
    assertThat(Files.readString(path("/plain"))).isEmpty();
  }

  private void writeThrough(String name, OpenOption option) throws IOException {
    try (FileChannel channel = FileChannel.open(path(name), WRITE, option)) {
      channel.write(ByteBuffer.wrap("record".getBytes(UTF_8)));
    }
  }

  // ---- tearing ----

  @Test
  void withoutASeedNothingUnsyncedSurvives() throws IOException {
    Path file = durableFile("/f", "");
    Files.write(file, pattern(10 * BLOCK, 1));

    Jkernfs.crash(fs);

    assertThat(Files.size(file)).isZero();
  }

  @Test
  void aSeedKeepsWholeBlocksOfTheUnsyncedWritesAndNothingElse() throws IOException {
    byte[] synced = pattern(6 * BLOCK + 100, 1);
    byte[] written = pattern(9 * BLOCK + 7, 2);
    Set<String> outcomes = new HashSet<>();
    for (long seed = 0; seed < 200; seed++) {
      Path file = durableFile("/f", "");
      Files.write(file, synced);
      fsync(file);
      Files.write(file, written);

      Jkernfs.crash(fs, seed);

      byte[] after = Files.readAllBytes(file);
      assertThat(after.length).as("seed %d", seed).isIn(synced.length, written.length);
      StringBuilder outcome = new StringBuilder(after.length == written.length ? "S" : "s");
      for (int block = 0; block * BLOCK < after.length; block++) {
        int from = block * BLOCK;
        int to = Math.min(after.length, from + BLOCK);
        byte[] got = Arrays.copyOfRange(after, from, to);
        boolean isNew = Arrays.equals(got, range(written, from, to));
        boolean isOld = Arrays.equals(got, range(synced, from, to));
        assertThat(isNew || isOld).as("seed %d, block %d is old or new", seed, block).isTrue();
        outcome.append(isNew && !isOld ? 'n' : 'o');
      }
      outcomes.add(outcome.toString());
      Files.delete(file);
      fsync(path("/"));
    }
    // Orders and subsets both show up: some blocks without the size, the size without blocks,
    // and everything.
    assertThat(outcomes).hasSizeGreaterThan(10);
    assertThat(outcomes).anyMatch(o -> o.startsWith("s") && o.contains("n"));
    assertThat(outcomes).anyMatch(o -> o.startsWith("S") && o.endsWith("o"));
    assertThat(outcomes).contains("S" + "n".repeat(10));
  }

  @Test
  void theSameOperationsAndSeedTearTheSameWayAndOtherSeedsOtherwise() throws IOException {
    Set<Integer> outcomes = new HashSet<>();
    for (long seed = 0; seed < 8; seed++) {
      byte[] torn = tornWrite(fs, seed);
      try (FileSystem replay = Jkernfs.newFileSystem(Map.of("durability", "fsync"))) {
        assertThat(tornWrite(replay, seed)).as("seed %d", seed).isEqualTo(torn);
      }
      outcomes.add(Arrays.hashCode(torn));
      fs.close();
      fs = Jkernfs.newFileSystem(Map.of("durability", "fsync"));
    }
    assertThat(outcomes).hasSizeGreaterThan(1);
  }

  /** What a crash with {@code seed} leaves of 20 blocks written over an empty durable file. */
  private static byte[] tornWrite(FileSystem fs, long seed) throws IOException {
    Path file = fs.getPath("/f");
    Files.createFile(file);
    fsync(file);
    fsync(fs.getPath("/"));
    Files.write(file, pattern(20 * BLOCK, 3));
    Jkernfs.crash(fs, seed);
    return Files.readAllBytes(file);
  }

  // ---- open files, mounts, use afterwards ----

  @Test
  void channelsStreamsDirectoryStreamsWatchKeysAndLocksAreClosedByTheCrash() throws Exception {
    Path file = durableFile("/f", "data");
    Files.createDirectory(path("/d"));
    FileChannel channel = FileChannel.open(file, READ, WRITE);
    FileLock lock = channel.lock();
    InputStream in = Files.newInputStream(file);
    OutputStream out = Files.newOutputStream(path("/g"));
    AsynchronousFileChannel async = AsynchronousFileChannel.open(file, READ);
    DirectoryStream<Path> stream = Files.newDirectoryStream(path("/"));
    @SuppressWarnings("unchecked")
    SecureDirectoryStream<Path> secure = (SecureDirectoryStream<Path>) stream;
    WatchService watcher = fs.newWatchService();
    WatchKey key = path("/d").register(watcher, StandardWatchEventKinds.ENTRY_CREATE);

    Jkernfs.crash(fs);

    assertThat(channel.isOpen()).isFalse();
    assertThatThrownBy(() -> channel.read(ByteBuffer.allocate(1)))
        .isInstanceOf(ClosedChannelException.class);
    assertThat(lock.isValid()).isFalse();
    assertThatThrownBy(in::read).isInstanceOf(ClosedChannelException.class);
    assertThatThrownBy(() -> out.write(1)).isInstanceOf(ClosedChannelException.class);
    assertThat(async.isOpen()).isFalse();
    assertThatThrownBy(() -> secure.newDirectoryStream(path("d")))
        .isInstanceOf(ClosedDirectoryStreamException.class);
    assertThat(key.isValid()).isFalse();
    assertThatThrownBy(() -> watcher.poll(1, TimeUnit.MILLISECONDS))
        .isInstanceOf(ClosedWatchServiceException.class);
    // Closing what the crash closed is harmless, and the file can be locked again.
    channel.close();
    in.close();
    out.close();
    stream.close();
    watcher.close();
    try (FileChannel again = FileChannel.open(file, WRITE)) {
      assertThat(again.tryLock()).isNotNull();
    }
  }

  @Test
  void anOpenUnlinkedFileIsLetGoOfByTheCrash() throws IOException {
    Path file = path("/scratch");
    FileChannel channel = FileChannel.open(file, CREATE_NEW, WRITE);
    channel.write(ByteBuffer.wrap(pattern(3 * BLOCK, 4)));
    Files.delete(file);
    fsync(path("/"));

    Jkernfs.crash(fs);

    assertThat(channel.isOpen()).isFalse();
    assertThat(list("/")).isEmpty();
  }

  @Test
  void mountPointsMadeWithTheFilesystemSurviveACrash() throws IOException {
    fs.close();
    fs =
        Jkernfs.newFileSystem(Map.of("durability", "fsync", "mounts", Map.of("/mnt/tmp", "memfs")));
    Files.writeString(path("/mnt/tmp/kept"), "a mounted memfs is not reverted");

    Jkernfs.crash(fs);

    assertThat(Files.readString(path("/mnt/tmp/kept")))
        .isEqualTo("a mounted memfs is not reverted");
  }

  @Test
  void theFilesystemIsUsableAfterACrashAndCrashesAgain() throws IOException {
    durableFile("/a", "1");
    Jkernfs.crash(fs);

    Files.createDirectories(path("/dir/sub"));
    Files.writeString(path("/dir/sub/b"), "2");
    fsync(path("/dir/sub/b"));
    fsync(path("/dir/sub"));
    fsync(path("/dir"));
    fsync(path("/"));
    Files.writeString(path("/a"), "changed");
    Files.writeString(path("/unsynced"), "3");
    Jkernfs.crash(fs, 7);

    assertThat(list("/")).containsExactlyInAnyOrder("a", "dir");
    assertThat(Files.readString(path("/dir/sub/b"))).isEqualTo("2");
    // Either version's byte, and either size, the new size without its byte reading a zero.
    assertThat(Files.readString(path("/a"))).isIn("1", "c", "changed", "1\0\0\0\0\0\0");
    Files.writeString(path("/a"), "after");
    assertThat(Files.readString(path("/a"))).isEqualTo("after");
  }

  /** The example of the README, with its comments as assertions. */
  @Test
  void theReadmeExampleBehavesAsItSays() throws IOException {
    try (FileSystem fs = Jkernfs.newFileSystem(Map.of("durability", "fsync"))) {
      Path dir = Files.createDirectory(fs.getPath("/data"));
      Path tmp = dir.resolve("config.tmp");
      Path config = dir.resolve("config");
      try (FileChannel root = FileChannel.open(fs.getPath("/"), READ)) {
        root.force(true);
      }

      Files.writeString(tmp, "version=1");
      Files.move(tmp, config, ATOMIC_MOVE, REPLACE_EXISTING);
      Jkernfs.crash(fs);
      assertThat(Files.exists(config)).isFalse();

      try (FileChannel out = FileChannel.open(tmp, CREATE, WRITE, TRUNCATE_EXISTING)) {
        out.write(ByteBuffer.wrap("version=2".getBytes(UTF_8)));
        out.force(true);
      }
      Files.move(tmp, config, ATOMIC_MOVE, REPLACE_EXISTING);
      try (FileChannel d = FileChannel.open(dir, READ)) {
        d.force(true);
      }
      Files.writeString(config, "version=3");
      Jkernfs.crash(fs, 42);
      assertThat(Files.readString(config)).isIn("version=2", "version=3");
    }
  }

  @Test
  void aCrashMayBringBackMoreThanTheQuotaAndThenNothingIsFreeUntilADeletionIsDurable()
      throws IOException {
    fs.close();
    int page = 8192;
    fs = Jkernfs.newFileSystem(Map.of("durability", "fsync", "maxBytes", 3L * page));
    Path a = durableFile("/a", "");
    Files.write(a, new byte[2 * page]);
    fsync(a);
    try (FileChannel channel = FileChannel.open(a, WRITE)) {
      channel.truncate(0); // frees its pages, but not on the disk: the truncate is not synced
    }
    Path b = durableFile("/b", "");
    Files.write(b, new byte[3 * page]);
    fsync(b);

    Jkernfs.crash(fs);

    assertThat(Files.size(a)).isEqualTo(2 * page);
    assertThat(Files.size(b)).isEqualTo(3 * page);
    assertThat(Files.getFileStore(a).getUsableSpace()).isZero();
    assertThatThrownBy(() -> Files.write(path("/c"), new byte[1]))
        .hasMessageContaining("No space left on device");
    Files.delete(b);
    // The disk keeps b, which a crash would bring back, until its deletion is durable.
    assertThat(Files.getFileStore(a).getUsableSpace()).isZero();
    fsync(path("/"));
    Files.write(path("/c"), new byte[1]);
  }

  // ---- refusals ----

  @Test
  void crashRefusesAFilesystemThatDoesNotTrackDurabilityAndSaysHowTo() throws IOException {
    try (FileSystem immediate = Jkernfs.newFileSystem(Map.of())) {
      Files.writeString(immediate.getPath("/f"), "x");

      assertThatThrownBy(() -> Jkernfs.crash(immediate))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("durability=immediate")
          .hasMessageContaining("env durability=fsync");
      assertThat(Files.readString(immediate.getPath("/f"))).isEqualTo("x");
    }
  }

  @Test
  void crashRefusesAClosedFilesystem() throws IOException {
    FileSystem closed = Jkernfs.newFileSystem(Map.of("durability", "fsync"));
    closed.close();

    assertThatThrownBy(() -> Jkernfs.crash(closed, 1))
        .isInstanceOf(ClosedFileSystemException.class);
  }

  @Test
  void crashRefusesAnotherProvidersFilesystem() {
    assertThatThrownBy(() -> Jkernfs.crash(FileSystems.getDefault()))
        .isInstanceOf(ProviderMismatchException.class)
        .hasMessageContaining("durability=fsync");
  }

  @Test
  void durabilityIsImmediateOrFsync() {
    assertThatThrownBy(() -> Jkernfs.newFileSystem(Map.of("durability", "sometimes")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("durability must be one of [immediate, fsync], was \"sometimes\"");
    assertThatThrownBy(() -> Jkernfs.newFileSystem(Map.of("durability", true)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("durability must be one of [immediate, fsync]");
  }

  /** As on Linux: a directory opens as a channel for reading, and forcing it syncs it. */
  @Test
  void aDirectoryChannelForcesAsOnLinux(@TempDir Path host) throws IOException {
    for (Path dir : List.of(host, path("/"))) {
      try (FileChannel channel = FileChannel.open(dir, READ)) {
        channel.force(true);
        channel.force(false);
      }
      assertThatThrownBy(() -> FileChannel.open(dir, WRITE))
          .isInstanceOf(java.nio.file.FileSystemException.class)
          .hasMessageContaining("Is a directory");
    }
  }

  // ---- helpers ----

  private Path path(String path) {
    return fs.getPath(path);
  }

  /** A file whose name and content are durable. */
  private Path durableFile(String name, String content) throws IOException {
    Path file = path(name);
    Files.writeString(file, content);
    fsync(file);
    fsync(file.getParent());
    return file;
  }

  /** fsync(2) of a file or directory, as Linux programs do it through the JDK. */
  static void fsync(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file, READ)) {
      channel.force(true);
    }
  }

  private List<String> list(String dir) throws IOException {
    try (Stream<Path> entries = Files.list(path(dir))) {
      return entries.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private static byte[] pattern(int length, int seed) {
    byte[] bytes = new byte[length];
    for (int i = 0; i < length; i++) {
      bytes[i] = (byte) (i * 31 + seed * 7 + 1);
    }
    return bytes;
  }

  /** Bytes [from, to) of {@code bytes}, zeros past its end. */
  private static byte[] range(byte[] bytes, int from, int to) {
    return Arrays.copyOf(
        Arrays.copyOfRange(bytes, Math.min(from, bytes.length), bytes.length), to - from);
  }
}
