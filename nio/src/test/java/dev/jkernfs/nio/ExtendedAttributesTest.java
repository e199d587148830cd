package dev.jkernfs.nio;

import static java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileStore;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.DosFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The {@code user} and {@code dos} views where the host cannot be asked in a test: as another user
 * (the errors the JDK builds from the errno Linux gives: EACCES from the open for reading, from
 * {@code fsetxattr}, EPERM in a sticky directory), with a byte quota, and to a watch service.
 */
class ExtendedAttributesTest {
  private static final int OTHER = 4242;

  private FileSystem fs;

  @AfterEach
  void tearDown() throws IOException {
    if (fs != null) {
      fs.close();
    }
  }

  @Test
  void anotherUserReadsWhatItMayReadAndWritesNothingElse() throws IOException {
    fs = Jkernfs.newFileSystem(Map.of());
    Path shared = Files.writeString(fs.getPath("/shared"), "x");
    Path secret = Files.writeString(fs.getPath("/secret"), "x");
    user(shared).write("a", utf8("1"));
    Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));

    assertThat(as(() -> user(shared).list())).containsExactly("a");
    assertThat(as(() -> user(shared).size("a"))).isEqualTo(1);
    assertThatThrownBy(() -> as(() -> user(shared).write("b", utf8("2"))))
        .isExactlyInstanceOf(FileSystemException.class)
        .hasMessage("/shared: Error writing extended attribute 'b': Permission denied");
    assertThatThrownBy(() -> as(() -> delete(shared, "a")))
        .isExactlyInstanceOf(FileSystemException.class)
        .hasMessage("/shared: Unable to delete extended attribute 'a': Permission denied");
    // The JDK opens the file for reading first, for every call.
    assertThatThrownBy(() -> as(() -> user(secret).list()))
        .isExactlyInstanceOf(AccessDeniedException.class)
        .hasMessage("/secret");
    assertThatThrownBy(
            () ->
                as(
                    () ->
                        Files.getFileAttributeView(secret, DosFileAttributeView.class)
                            .readAttributes()))
        .isExactlyInstanceOf(AccessDeniedException.class);
    assertThat(user(shared).list()).containsExactly("a");
  }

  @Test
  void onlyTheOwnerOfAStickyDirectoryWritesItsAttributes() throws IOException {
    fs = Jkernfs.newFileSystem(Map.of());
    Path root = fs.getPath("/"); // world-writable and sticky, as /tmp
    assertThatThrownBy(() -> as(() -> user(root).write("a", utf8("1"))))
        .isExactlyInstanceOf(FileSystemException.class)
        .hasMessage("/: Error writing extended attribute 'a': Operation not permitted");
    assertThatThrownBy(
            () ->
                as(
                    () -> {
                      Files.setAttribute(root, "dos:hidden", true);
                      return null;
                    }))
        .isExactlyInstanceOf(FileSystemException.class)
        .hasMessage("/: Operation not permitted");
    Path mine = as(() -> Files.createDirectory(fs.getPath("/mine")));
    Files.setAttribute(mine, "unix:mode", 01777);
    assertThat(as(() -> user(mine).write("a", utf8("1")))).isEqualTo(1);
  }

  @Test
  void attributesCountAgainstTheQuotaAndAFailedWriteChangesNothing() throws IOException {
    fs = Jkernfs.newFileSystem(Map.of("maxBytes", 100_000L));
    Path f = Files.writeString(fs.getPath("/f"), "");
    FileStore store = Files.getFileStore(f);
    long free = store.getUsableSpace();
    user(f).write("a", ByteBuffer.allocate(60_000));
    assertThat(store.getUsableSpace()).isEqualTo(free - 60_006);

    ByteBuffer tooMuch = ByteBuffer.allocate(60_000);
    assertThatThrownBy(() -> user(f).write("b", tooMuch))
        .isExactlyInstanceOf(FileSystemException.class)
        .hasMessage("/f: Error writing extended attribute 'b': No space left on device");
    assertThat(tooMuch.position()).isZero();
    assertThat(user(f).list()).containsExactly("a");
    assertThat(store.getUsableSpace()).isEqualTo(free - 60_006);

    Files.delete(f);
    assertThat(store.getUsableSpace()).isEqualTo(free);
  }

  @Test
  void aWatchServiceSeesAnAttributeChangeAsAModification() throws Exception {
    fs = Jkernfs.newFileSystem(Map.of());
    Path dir = Files.createDirectory(fs.getPath("/d"));
    Path f = Files.writeString(dir.resolve("f"), "");
    try (WatchService watcher = fs.newWatchService()) {
      WatchKey key = dir.register(watcher, ENTRY_MODIFY);
      Files.setAttribute(f, "user:a", utf8("1"));
      assertThat(watcher.poll(5, TimeUnit.SECONDS)).isSameAs(key);
      assertThat(key.pollEvents())
          .extracting(WatchEvent::kind, WatchEvent::context)
          .containsExactly(org.assertj.core.groups.Tuple.tuple(ENTRY_MODIFY, f.getFileName()));
    }
  }

  @Test
  void viewsOfAFileAreLiveAndFollowTheNameNotTheFile() throws IOException {
    fs = Jkernfs.newFileSystem(Map.of());
    Path f = Files.writeString(fs.getPath("/f"), "");
    UserDefinedFileAttributeView view = user(f);
    view.write("a", utf8("1"));
    Files.move(f, fs.getPath("/g"));
    Files.writeString(f, "");
    assertThat(view.list()).isEmpty();
    assertThat(user(fs.getPath("/g")).list()).containsExactly("a");
    assertThat(view.name()).isEqualTo("user");
    assertThat(Files.getFileAttributeView(f, DosFileAttributeView.class).name()).isEqualTo("dos");
  }

  private <T> T as(Jkernfs.IoCallable<T> action) throws IOException {
    return Jkernfs.callAs(fs, OTHER, OTHER, action);
  }

  private static UserDefinedFileAttributeView user(Path path) {
    return Files.getFileAttributeView(path, UserDefinedFileAttributeView.class);
  }

  private static Object delete(Path path, String name) throws IOException {
    user(path).delete(name);
    return null;
  }

  private static ByteBuffer utf8(String text) {
    return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
  }
}
