package dev.jkernfs.nio;

import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_DELETE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousFileChannel;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.OverlappingFileLockException;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.ClosedFileSystemException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileStore;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.ProviderMismatchException;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class NioFileSystemTest {
  private FileSystem fs;

  @AfterEach
  void tearDown() throws IOException {
    if (fs != null) {
      fs.close();
    }
  }

  private FileSystem open(String name, Map<String, ?> env) throws IOException {
    fs = FileSystems.newFileSystem(URI.create("kernfs://" + name + "/"), env);
    return fs;
  }

  @Test
  void uriCreatesFindsAndFreesAFilesystemByName() throws IOException {
    FileSystem created = open("uri-contract", Map.of());
    assertThat(FileSystems.getFileSystem(URI.create("kernfs://uri-contract/"))).isSameAs(created);
    assertThatThrownBy(
            () -> FileSystems.newFileSystem(URI.create("kernfs://uri-contract/"), Map.of()))
        .isInstanceOf(FileSystemAlreadyExistsException.class);
    Path path = Path.of(URI.create("kernfs://uri-contract/a/b"));
    assertThat(path.getFileSystem()).isSameAs(created);
    assertThat(path.toString()).isEqualTo("/a/b");
    assertThat(path.toUri()).isEqualTo(URI.create("kernfs://uri-contract/a/b"));
    Files.createDirectories(path);
    assertThat(path.toUri()).isEqualTo(URI.create("kernfs://uri-contract/a/b/"));
    assertThat(Path.of(path.toUri())).isEqualTo(path);
    created.close();
    fs = null;
    assertThatThrownBy(() -> FileSystems.getFileSystem(URI.create("kernfs://uri-contract/")))
        .isInstanceOf(FileSystemNotFoundException.class);
    open("uri-contract", Map.of()); // the name is free again
  }

  @Test
  void unknownEnvKeysAndWrongTypesAreRejectedByName() {
    assertThatThrownBy(() -> open("env-bad", Map.of("maxbytes", 1L)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxbytes");
    assertThatThrownBy(() -> open("env-bad", Map.of("uid", "1000")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("uid");
    assertThatThrownBy(() -> open("env-bad", Map.of("leakMode", "loud")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("leakMode");
  }

  @Test
  @SuppressWarnings("StreamResourceLeak") // left open on purpose: the filesystem's close closes it
  void closingTheFilesystemClosesItsChannelsAndStreams() throws IOException {
    open("close-all", Map.of());
    Path f = Files.writeString(fs.getPath("/f"), "x");
    FileChannel channel = FileChannel.open(f, StandardOpenOption.READ);
    DirectoryStream<Path> dir = Files.newDirectoryStream(fs.getPath("/"));
    Iterator<Path> entries = dir.iterator();
    WatchService watcher = fs.newWatchService();
    fs.getPath("/").register(watcher, ENTRY_CREATE);
    fs.close();
    assertThat(channel.isOpen()).isFalse();
    assertThatThrownBy(() -> channel.read(ByteBuffer.allocate(1)))
        .isInstanceOf(ClosedChannelException.class);
    assertThat(entries.hasNext()).isFalse();
    assertThatThrownBy(() -> Files.exists(f)).isInstanceOf(ClosedFileSystemException.class);
    assertThat(Jkernfs.leakReport(fs).isClean()).isTrue();
    fs = null;
  }

  @Test
  void existsOnAMissingPathIsFalseAndOtherChecksAgree() throws IOException {
    open("exists", Map.of());
    Path missing = fs.getPath("/no/such/file");
    assertThat(Files.exists(missing)).isFalse();
    assertThat(Files.notExists(missing)).isTrue();
    assertThat(Files.isDirectory(missing)).isFalse();
    assertThat(Files.isDirectory(fs.getPath("/"))).isTrue();
  }

  @Test
  void watchServiceReportsCreateModifyDeleteWithoutPolling() throws Exception {
    open("watch", Map.of());
    Path dir = Files.createDirectory(fs.getPath("/watched"));
    try (WatchService watcher = fs.newWatchService()) {
      WatchKey key = dir.register(watcher, ENTRY_CREATE, ENTRY_MODIFY, ENTRY_DELETE);
      Files.writeString(dir.resolve("f"), "one");
      Files.writeString(dir.resolve("f"), "two", StandardOpenOption.APPEND);
      Files.delete(dir.resolve("f"));
      WatchKey signalled = watcher.poll(1, TimeUnit.SECONDS);
      assertThat(signalled).isSameAs(key);
      List<String> events =
          signalled.pollEvents().stream().map(e -> e.kind().name() + " " + e.context()).toList();
      assertThat(events).containsSubsequence("ENTRY_CREATE f", "ENTRY_MODIFY f", "ENTRY_DELETE f");
      assertThat(key.reset()).isTrue();
      assertThat(watcher.poll()).isNull();
    }
  }

  @Test
  void deletingAWatchedDirectoryInvalidatesItsKey() throws Exception {
    open("watch-gone", Map.of());
    Path dir = Files.createDirectory(fs.getPath("/gone"));
    try (WatchService watcher = fs.newWatchService()) {
      WatchKey key = dir.register(watcher, ENTRY_CREATE);
      Files.delete(dir);
      assertThat(watcher.poll(1, TimeUnit.SECONDS)).isSameAs(key);
      assertThat(key.isValid()).isFalse();
      assertThat(key.reset()).isFalse();
    }
  }

  @Test
  void manyEventsCollapseIntoOverflow() throws Exception {
    open("watch-overflow", Map.of());
    Path dir = Files.createDirectory(fs.getPath("/busy"));
    try (WatchService watcher = fs.newWatchService()) {
      dir.register(watcher, ENTRY_CREATE);
      for (int i = 0; i < 600; i++) {
        Files.createFile(dir.resolve("f" + i));
      }
      List<WatchEvent<?>> events = watcher.take().pollEvents();
      assertThat(events.get(events.size() - 1).kind().name()).isEqualTo("OVERFLOW");
    }
  }

  @Test
  void overlappingLocksInOneJvmAreRefusedAndReleasedOnes() throws IOException {
    open("locks", Map.of());
    Path f = Files.writeString(fs.getPath("/f"), "0123456789");
    try (FileChannel a = FileChannel.open(f, StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileChannel b = FileChannel.open(f, StandardOpenOption.READ)) {
      FileLock lock = a.lock(0, 5, false);
      assertThatThrownBy(() -> b.tryLock(3, 4, true))
          .isInstanceOf(OverlappingFileLockException.class);
      FileLock other = b.tryLock(5, 5, true);
      assertThat(other.isShared()).isTrue();
      assertThatThrownBy(() -> b.lock(0, 1, false)).isInstanceOf(NonWritableChannelException.class);
      lock.release();
      assertThat(b.tryLock(0, 5, true)).isNotNull();
    }
  }

  @Test
  void secureDirectoryStreamKeepsWorkingAfterTheDirectoryMoves() throws IOException {
    open("secure", Map.of());
    Path dir = Files.createDirectory(fs.getPath("/before"));
    Files.writeString(dir.resolve("inside"), "data");
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
      assertThat(stream).isInstanceOf(SecureDirectoryStream.class);
      SecureDirectoryStream<Path> secure = (SecureDirectoryStream<Path>) stream;
      Files.move(dir, fs.getPath("/after"));
      try (var channel =
          secure.newByteChannel(fs.getPath("inside"), Set.of(StandardOpenOption.READ))) {
        ByteBuffer buffer = ByteBuffer.allocate(4);
        channel.read(buffer);
        assertThat(new String(buffer.array(), StandardCharsets.UTF_8)).isEqualTo("data");
      }
      secure.deleteFile(fs.getPath("inside"));
      assertThat(Files.exists(fs.getPath("/after/inside"))).isFalse();
    }
  }

  @Test
  void permissionsAreEnforcedForOtherUsers() throws IOException {
    open("perms", Map.of());
    Path secret =
        Files.createFile(
            fs.getPath("/secret"),
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(secret, "root only");
    assertThatThrownBy(() -> Jkernfs.callAs(fs, 1000, 1000, () -> Files.readString(secret)))
        .isInstanceOf(AccessDeniedException.class);
    assertThat(Jkernfs.callAs(fs, 1000, 1000, () -> Files.isReadable(secret))).isFalse();
    assertThat(Files.isReadable(secret)).isTrue();
  }

  @Test
  void viewCredentialsAndUmaskComeFromTheEnvironment() throws IOException {
    open("creds", Map.of("uid", 1000, "gid", 100, "umask", 077));
    Path f = Files.createFile(fs.getPath("/mine"));
    assertThat(Files.getOwner(f).getName()).isEqualTo("1000");
    assertThat(Files.getAttribute(f, "unix:gid")).isEqualTo(100);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f)))
        .isEqualTo("rw-------");
  }

  @Test
  void fileStoreReportsTypeAndQuota() throws IOException {
    open("store", Map.of("maxBytes", 1L << 20, "mounts", Map.of("/mnt", "memfs")));
    FileStore root = Files.getFileStore(fs.getPath("/"));
    assertThat(root.type()).isEqualTo("memfs");
    assertThat(root.getTotalSpace()).isEqualTo(1L << 20);
    Files.write(fs.getPath("/blob"), new byte[100_000]);
    assertThat(root.getUsableSpace()).isLessThan(1L << 20);
    FileStore mounted = Files.getFileStore(fs.getPath("/mnt"));
    assertThat(mounted.name()).isNotEqualTo(root.name());
    assertThat(fs.getFileStores()).hasSize(2);
  }

  @Test
  void filesOnPooledPagesReadWhatWasWrittenAndZerosInTheirHoles() throws IOException {
    open("page-pool", Map.of("pagePoolBytes", 64L * 8192, "mounts", Map.of("/mnt", "memfs")));
    for (String dir : List.of("/", "/mnt/")) {
      byte[] ones = new byte[20_000];
      Arrays.fill(ones, (byte) 1);
      for (int i = 0; i < 5; i++) {
        Files.write(fs.getPath(dir + "old" + i), ones);
        Files.delete(fs.getPath(dir + "old" + i));
      }
      Path sparse = fs.getPath(dir + "sparse");
      try (SeekableByteChannel channel =
          Files.newByteChannel(sparse, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        channel.position(10_000).write(ByteBuffer.wrap(new byte[] {7}));
      }
      byte[] expected = new byte[10_001];
      expected[10_000] = 7;
      assertThat(Files.readAllBytes(sparse)).isEqualTo(expected);
    }
  }

  @Test
  void quotaExhaustionIsNoSpaceAndLeavesNothingHalfWritten() throws IOException {
    open("quota", Map.of("maxBytes", 64L * 1024));
    Path f = fs.getPath("/f");
    try (FileChannel channel =
        FileChannel.open(f, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      channel.write(ByteBuffer.allocate(10_000));
      ByteBuffer tooMuch = ByteBuffer.allocate(100_000);
      assertThatThrownBy(() -> channel.write(tooMuch))
          .isInstanceOf(IOException.class)
          .hasMessage("No space left on device");
      assertThat(tooMuch.position()).isZero();
      assertThat(channel.size()).isEqualTo(10_000);
      assertThat(channel.position()).isEqualTo(10_000);
    }
  }

  @Test
  void moveAcrossMountsCopiesUnlessAtomicIsRequired() throws IOException {
    open("mounts-move", Map.of("mounts", Map.of("/mnt", "memfs")));
    Path f = Files.writeString(fs.getPath("/f"), "travels");
    assertThatThrownBy(() -> Files.move(f, fs.getPath("/mnt/f"), StandardCopyOption.ATOMIC_MOVE))
        .isInstanceOf(AtomicMoveNotSupportedException.class);
    Files.move(f, fs.getPath("/mnt/f"));
    assertThat(Files.readString(fs.getPath("/mnt/f"))).isEqualTo("travels");
    assertThat(Files.exists(f)).isFalse();
  }

  @Test
  void copyAndMoveToAndFromTheDefaultFilesystemWork() throws IOException {
    open("foreign", Map.of());
    Path real = Files.createTempFile("jkernfs", ".txt");
    try {
      Files.writeString(real, "from disk");
      Path ours = fs.getPath("/copied");
      Files.copy(real, ours);
      assertThat(Files.readString(ours)).isEqualTo("from disk");
      Files.copy(ours, real, StandardCopyOption.REPLACE_EXISTING);
      assertThatThrownBy(() -> fs.provider().checkAccess(real))
          .isInstanceOf(ProviderMismatchException.class);
    } finally {
      Files.deleteIfExists(real);
    }
  }

  @Test
  void globAndRegexMatchersFollowTheJdkSyntax() throws IOException {
    open("glob", Map.of());
    PathMatcher java = fs.getPathMatcher("glob:**/*.{java,class}");
    assertThat(java.matches(fs.getPath("/src/a/B.java"))).isTrue();
    assertThat(java.matches(fs.getPath("B.java"))).isFalse();
    assertThat(fs.getPathMatcher("glob:*.txt").matches(fs.getPath("a.txt"))).isTrue();
    assertThat(fs.getPathMatcher("glob:*.txt").matches(fs.getPath("d/a.txt"))).isFalse();
    assertThat(fs.getPathMatcher("glob:[!a]?.md").matches(fs.getPath("bc.md"))).isTrue();
    assertThat(fs.getPathMatcher("regex:/x/[0-9]+").matches(fs.getPath("/x/42"))).isTrue();
    assertThatThrownBy(() -> fs.getPathMatcher("foo:bar"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void asynchronousChannelReadsAndWrites() throws Exception {
    open("async", Map.of());
    Path f = fs.getPath("/f");
    try (AsynchronousFileChannel channel =
        AsynchronousFileChannel.open(
            f, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ)) {
      Future<Integer> written =
          channel.write(ByteBuffer.wrap("async".getBytes(StandardCharsets.UTF_8)), 0);
      assertThat(written.get(5, TimeUnit.SECONDS)).isEqualTo(5);
      ByteBuffer buffer = ByteBuffer.allocate(5);
      assertThat(channel.read(buffer, 0).get(5, TimeUnit.SECONDS)).isEqualTo(5);
      assertThat(new String(buffer.array(), StandardCharsets.UTF_8)).isEqualTo("async");
    }
  }

  @Test
  void zipFileWrittenHereOpensWithTheJdkZipFilesystem() throws IOException {
    open("zip", Map.of());
    Path zip = fs.getPath("/archive.zip");
    try (FileSystem zipfs = FileSystems.newFileSystem(zip, Map.of("create", "true"))) {
      Files.writeString(zipfs.getPath("/inside.txt"), "zipped");
    }
    try (FileSystem zipfs = FileSystems.newFileSystem(zip)) {
      assertThat(Files.readString(zipfs.getPath("/inside.txt"))).isEqualTo("zipped");
    }
  }

  @Test
  void walkFindsEverything() throws IOException {
    open("walk", Map.of());
    Files.createDirectories(fs.getPath("/a/b/c"));
    Files.writeString(fs.getPath("/a/b/c/f"), "x");
    try (Stream<Path> walk = Files.walk(fs.getPath("/a"))) {
      assertThat(walk.map(Path::toString)).containsExactly("/a", "/a/b", "/a/b/c", "/a/b/c/f");
    }
  }

  @Test
  void toFileIsUnsupportedAsTheSpecificationSays() throws IOException {
    open("tofile", Map.of());
    assertThatThrownBy(() -> fs.getPath("/x").toFile())
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void mapIsUnsupportedAndMissingFilesAreNoSuchFile() throws IOException {
    open("map", Map.of());
    Path f = Files.writeString(fs.getPath("/f"), "x");
    try (FileChannel channel = FileChannel.open(f)) {
      assertThatThrownBy(() -> channel.map(FileChannel.MapMode.READ_ONLY, 0, 1))
          .isInstanceOf(UnsupportedOperationException.class);
    }
    assertThatThrownBy(() -> Files.readString(fs.getPath("/nope")))
        .isInstanceOf(NoSuchFileException.class)
        .hasMessage("/nope");
  }

  @Test
  void checkAccessOnAMissingFileThrowsNoSuchFileNamingIt() throws IOException {
    open("access", Map.of());
    Path dir = Files.createDirectories(fs.getPath("/data/logs"));
    Path missing = dir.resolve("missing.log");
    assertThatThrownBy(() -> fs.provider().checkAccess(missing))
        .isInstanceOf(NoSuchFileException.class)
        .hasMessage("/data/logs/missing.log")
        .satisfies(
            e -> assertThat(((NoSuchFileException) e).getFile()).isEqualTo(missing.toString()));
    assertThat(Files.exists(missing)).isFalse();
    assertThat(Files.notExists(missing)).isTrue();
    Files.createFile(missing);
    fs.provider().checkAccess(missing);
    assertThat(Files.exists(missing)).isTrue();
  }
}
