package dev.jkernfs.nio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.AclEntry;
import java.nio.file.attribute.AclEntryPermission;
import java.nio.file.attribute.AclEntryType;
import java.nio.file.attribute.AclFileAttributeView;
import java.nio.file.attribute.DosFileAttributeView;
import java.nio.file.attribute.DosFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The Windows flavour through {@code java.nio.file}: paths with drive and UNC roots, the working
 * directory, lookups that ignore case and keep the created name, and where it refuses what Windows
 * refuses. Each filesystem is closed after the test, which fails it if anything leaked.
 */
class WindowsFlavorTest {
  private final List<FileSystem> opened = new ArrayList<>();

  private FileSystem windows(Map<String, ?> env) throws IOException {
    Map<String, Object> all = new java.util.HashMap<>(env);
    all.put("flavor", "windows");
    FileSystem fs = Jkernfs.newFileSystem(all);
    opened.add(fs);
    return fs;
  }

  private FileSystem windows() throws IOException {
    return windows(Map.of());
  }

  @AfterEach
  void closeAll() throws IOException {
    for (FileSystem fs : opened) {
      fs.close();
    }
  }

  @Test
  void pathsParseEitherSeparatorAndPrintBackslashes() throws IOException {
    FileSystem fs = windows();
    assertThat(fs.getSeparator()).isEqualTo("\\");
    Path path = fs.getPath("C:/Users\\me//file.txt");
    assertThat(path).hasToString("C:\\Users\\me\\file.txt");
    assertThat(path.getRoot()).hasToString("C:\\");
    assertThat(path.getFileName()).hasToString("file.txt");
    assertThat(path.getParent()).hasToString("C:\\Users\\me");
    assertThat(path.isAbsolute()).isTrue();
    assertThat(fs.getPath("a", "b", "c")).hasToString("a\\b\\c");
    assertThat(fs.getPath("\\\\server\\share\\dir").getRoot()).hasToString("\\\\server\\share\\");
  }

  @Test
  void pathEqualityIgnoresCaseAndKeepsTheSpelling() throws IOException {
    FileSystem fs = windows();
    Path lower = fs.getPath("c:\\users\\ME");
    Path upper = fs.getPath("C:\\Users\\me");
    assertThat(lower).isEqualTo(upper).hasSameHashCodeAs(upper);
    assertThat(lower.compareTo(upper)).isZero();
    assertThat(lower).hasToString("c:\\users\\ME");
    assertThat(upper.startsWith(fs.getPath("C:\\USERS"))).isTrue();
    assertThat(upper.endsWith(fs.getPath("USERS\\ME"))).isTrue();
    assertThat(fs.getPath("C:\\a\\b").relativize(fs.getPath("c:\\A\\c"))).hasToString("..\\c");
  }

  @Test
  void forbiddenFormsAreInvalidPaths() throws IOException {
    FileSystem fs = windows();
    for (String bad :
        List.of(
            "C:foo",
            "C:",
            "\\foo",
            "a<b",
            "a>b",
            "a:b",
            "a\"b",
            "a|b",
            "a?b",
            "a*b",
            "a\tb",
            "name ",
            "dir \\x",
            "\\\\",
            "\\\\host",
            "\\\\host\\")) {
      assertThatThrownBy(() -> fs.getPath(bad)).as(bad).isInstanceOf(InvalidPathException.class);
    }
    assertThatThrownBy(() -> fs.getPath("dir\\a?b"))
        .isInstanceOf(InvalidPathException.class)
        .satisfies(e -> assertThat(((InvalidPathException) e).getIndex()).isEqualTo(5))
        .hasMessage("Illegal char <?> at index 5: dir\\a?b");
    assertThatThrownBy(() -> fs.getPath("dir  \\x"))
        .satisfies(e -> assertThat(((InvalidPathException) e).getIndex()).isEqualTo(3));
    assertThat(fs.getPath("trailing.dot.")).hasToString("trailing.dot.");
  }

  @Test
  void relativePathsStartAtTheWorkingDirectoryCWork() throws IOException {
    FileSystem fs = windows();
    assertThat(fs.getPath("x").toAbsolutePath()).hasToString("C:\\work\\x");
    assertThat(Files.isDirectory(fs.getPath(""))).isTrue();
    Files.writeString(fs.getPath("note.txt"), "hi");
    assertThat(Files.readString(fs.getPath("C:\\work\\note.txt"))).isEqualTo("hi");
    assertThat(fs.getRootDirectories()).extracting(Path::toString).containsExactly("C:\\");
  }

  @Test
  void configuredRootsAreListedAndReachableAndOthersAreMissing() throws IOException {
    FileSystem fs = windows(Map.of("roots", List.of("D:\\", "c:/", "\\\\server\\share")));
    assertThat(fs.getRootDirectories())
        .extracting(Path::toString)
        .containsExactly("D:\\", "c:\\", "\\\\server\\share\\");
    assertThat(fs.getPath("x").toAbsolutePath()).hasToString("c:\\work\\x");
    Files.writeString(fs.getPath("\\\\SERVER\\Share\\f"), "unc");
    Files.writeString(fs.getPath("d:\\f"), "d");
    assertThat(Files.readString(fs.getPath("\\\\server\\share\\F"))).isEqualTo("unc");
    assertThat(Files.readString(fs.getPath("D:\\F"))).isEqualTo("d");
    assertThatThrownBy(() -> Files.writeString(fs.getPath("E:\\f"), "e"))
        .isInstanceOf(NoSuchFileException.class);
    assertThatThrownBy(() -> Files.createDirectory(fs.getPath("E:\\")))
        .isInstanceOf(NoSuchFileException.class);
    assertThatThrownBy(() -> Files.createDirectory(fs.getPath("D:\\")))
        .isInstanceOf(FileAlreadyExistsException.class);
    assertThat(Files.exists(fs.getPath("E:\\"))).isFalse();
    assertThat(Files.isDirectory(fs.getPath("d:\\"))).isTrue();
  }

  @Test
  void aRootCannotBeDeletedOrMoved() throws IOException {
    FileSystem fs = windows();
    Files.createDirectory(fs.getPath("C:\\empty"));
    Files.delete(fs.getPath("C:\\empty"));
    assertThatThrownBy(() -> Files.delete(fs.getPath("C:\\")))
        .isInstanceOf(FileSystemException.class);
    assertThatThrownBy(
            () ->
                Files.move(
                    fs.getPath("C:\\"), fs.getPath("C:\\work\\c"), StandardCopyOption.ATOMIC_MOVE))
        .isInstanceOf(FileSystemException.class);
    assertThat(Files.isDirectory(fs.getPath("C:\\work"))).isTrue();
  }

  @Test
  void dotDotNeverLeavesTheRoot() throws IOException {
    FileSystem fs = windows();
    Files.writeString(fs.getPath("C:\\top"), "x");
    assertThat(Files.readString(fs.getPath("C:\\..\\..\\top"))).isEqualTo("x");
    assertThat(Files.readString(fs.getPath("..\\..\\..\\top"))).isEqualTo("x");
  }

  @Test
  void lookupsIgnoreCaseAndListingsKeepTheCreatedName() throws IOException {
    FileSystem fs = windows();
    Path dir = Files.createDirectory(fs.getPath("C:\\Data"));
    Files.writeString(dir.resolve("Foo.TXT"), "content");
    assertThat(Files.readString(fs.getPath("c:\\DATA\\foo.txt"))).isEqualTo("content");
    assertThat(Files.exists(fs.getPath("C:\\data\\FOO.txt"))).isTrue();
    assertThatThrownBy(() -> Files.createFile(fs.getPath("C:\\data\\FOO.TXT")))
        .isInstanceOf(FileAlreadyExistsException.class);
    try (Stream<Path> listing = Files.list(fs.getPath("c:\\data"))) {
      assertThat(listing.map(Path::toString)).containsExactly("c:\\data\\Foo.TXT");
    }
    assertThat(fs.getPath("C:\\DATA\\FOO.TXT").toRealPath()).hasToString("C:\\Data\\Foo.TXT");
  }

  @Test
  void anAtomicMoveToAnotherCaseRenamesAndAPlainMoveChangesNothingAsTheJdkDoes()
      throws IOException {
    FileSystem fs = windows();
    Path foo = Files.writeString(fs.getPath("C:\\foo"), "x");
    // The JDK's move sees that both paths name one file and does nothing.
    Files.move(foo, fs.getPath("C:\\FOO"));
    assertThat(names(fs.getPath("C:\\"))).contains("foo");
    // MoveFileEx, which an atomic move calls, changes the case.
    Files.move(foo, fs.getPath("C:\\FOO"), StandardCopyOption.ATOMIC_MOVE);
    assertThat(names(fs.getPath("C:\\"))).contains("FOO").doesNotContain("foo");
    assertThat(Files.readString(fs.getPath("c:\\foo"))).isEqualTo("x");
  }

  @Test
  void uriRoundTripsForDrivesAndUncShares() throws IOException {
    FileSystem fs = windows(Map.of("roots", List.of("C:\\", "\\\\host\\share\\")));
    String name = fs.getRootDirectories().iterator().next().toUri().getAuthority();
    Files.createDirectory(fs.getPath("C:\\dir x"));
    Path file = Files.writeString(fs.getPath("C:\\dir x\\f"), "x", StandardOpenOption.CREATE_NEW);
    URI uri = file.toUri();
    assertThat(uri).isEqualTo(URI.create("kernfs://" + name + "/C:/dir%20x/f"));
    assertThat(Path.of(uri)).isEqualTo(file);
    assertThat(file.getParent().toUri().toString()).endsWith("/C:/dir%20x/");
    Path unc = Files.createDirectory(fs.getPath("\\\\host\\share\\d"));
    assertThat(unc.toUri().toString()).isEqualTo("kernfs://" + name + "//host/share/d/");
    assertThat(Path.of(unc.toUri())).isEqualTo(unc).hasToString("\\\\host\\share\\d");
  }

  @Test
  void symlinksStoreWindowsTargetsAndResolveThem() throws IOException {
    FileSystem fs = windows(Map.of("roots", List.of("C:\\", "D:\\")));
    Files.writeString(fs.getPath("D:\\target.txt"), "there");
    Files.createDirectories(fs.getPath("C:\\a\\b"));
    Files.writeString(fs.getPath("C:\\a\\sibling"), "near");
    Path absolute = Files.createSymbolicLink(fs.getPath("C:\\abs"), fs.getPath("D:\\target.txt"));
    Path relative =
        Files.createSymbolicLink(fs.getPath("C:\\a\\b\\rel"), fs.getPath("..\\sibling"));
    assertThat(Files.readSymbolicLink(absolute)).hasToString("D:\\target.txt");
    assertThat(Files.readSymbolicLink(relative)).hasToString("..\\sibling");
    assertThat(Files.readString(absolute)).isEqualTo("there");
    assertThat(Files.readString(relative)).isEqualTo("near");
    assertThat(absolute.toRealPath()).hasToString("D:\\target.txt");
    assertThat(fs.getPath("c:\\A\\B\\REL").toRealPath()).hasToString("C:\\a\\sibling");
  }

  @Test
  void globsMatchIgnoringCaseWithSlashesForBackslashes() throws IOException {
    FileSystem fs = windows();
    assertThat(fs.getPathMatcher("glob:C:/**/*.TXT").matches(fs.getPath("c:\\dir\\a.txt")))
        .isTrue();
    assertThat(fs.getPathMatcher("glob:*.txt").matches(fs.getPath("dir\\a.txt"))).isFalse();
    assertThat(fs.getPathMatcher("glob:*.txt").matches(fs.getPath("A.TXT"))).isTrue();
    assertThat(fs.getPathMatcher("regex:A\\.TXT").matches(fs.getPath("a.txt"))).isTrue();
    assertThatThrownBy(() -> fs.getPathMatcher("glob:[a\\b]"))
        .isInstanceOf(java.util.regex.PatternSyntaxException.class);
  }

  @Test
  void theViewsAreThoseOfTheJdkOnWindows() throws IOException {
    FileSystem fs = windows();
    assertThat(fs.supportedFileAttributeViews())
        .containsExactlyInAnyOrder("basic", "dos", "owner", "acl", "user");
    Path file = Files.createFile(fs.getPath("C:\\f"));
    assertThatThrownBy(() -> Files.getPosixFilePermissions(file))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(
            () ->
                Files.createFile(
                    fs.getPath("C:\\g"),
                    PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rw-------"))))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThat(Files.exists(fs.getPath("C:\\g"))).isFalse();
  }

  @Test
  void dosAttributesAreReadAndSetByViewAndByName() throws IOException {
    FileSystem fs = windows();
    Path file = Files.createFile(fs.getPath("C:\\f"));
    Path dir = Files.createDirectory(fs.getPath("C:\\d"));
    DosFileAttributes initial = Files.readAttributes(file, DosFileAttributes.class);
    assertThat(initial.isArchive()).isTrue();
    assertThat(initial.isReadOnly() || initial.isHidden() || initial.isSystem()).isFalse();
    assertThat(Files.readAttributes(dir, DosFileAttributes.class).isArchive()).isFalse();
    DosFileAttributeView view = Files.getFileAttributeView(file, DosFileAttributeView.class);
    view.setReadOnly(true);
    view.setSystem(true);
    view.setArchive(false);
    Files.setAttribute(file, "dos:hidden", true);
    DosFileAttributes changed = view.readAttributes();
    assertThat(changed.isReadOnly() && changed.isHidden() && changed.isSystem()).isTrue();
    assertThat(changed.isArchive()).isFalse();
    assertThat(Files.isHidden(file)).isTrue();
    assertThat(Files.isHidden(dir)).isFalse();
    Map<String, Object> byName = Files.readAttributes(file, "dos:*");
    assertThat(byName)
        .containsEntry("readonly", true)
        .containsEntry("hidden", true)
        .containsEntry("system", true)
        .containsEntry("archive", false)
        .containsKeys("size", "lastModifiedTime", "isDirectory");
    assertThat(Files.getAttribute(fs.getPath("c:\\F"), "dos:readonly")).isEqualTo(true);
    assertThatThrownBy(() -> Files.setAttribute(file, "dos:hidden", "yes"))
        .isInstanceOf(ClassCastException.class);
    assertThatThrownBy(() -> Files.setAttribute(file, "dos:attributes", 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(Files.getAttribute(file, "dos:hidden")).isEqualTo(true);
    assertThatThrownBy(() -> Files.isHidden(fs.getPath("C:\\missing")))
        .isInstanceOf(NoSuchFileException.class);
  }

  @Test
  void theUserViewKeepsNamedValuesApartFromTheDosAttributes() throws IOException {
    FileSystem fs = windows();
    Path file = Files.createFile(fs.getPath("C:\\f"));
    Files.setAttribute(file, "dos:hidden", true);
    UserDefinedFileAttributeView user =
        Files.getFileAttributeView(file, UserDefinedFileAttributeView.class);
    user.write("origin", java.nio.ByteBuffer.wrap(new byte[] {1, 2}));
    assertThat(user.list()).containsExactly("origin");
    assertThat((byte[]) Files.getAttribute(file, "user:origin")).containsExactly(1, 2);
    assertThat(Files.getFileStore(file).supportsFileAttributeView("user")).isTrue();
    assertThat(Files.getFileStore(file).supportsFileAttributeView(AclFileAttributeView.class))
        .isTrue();
    assertThat(Files.getFileStore(file).supportsFileAttributeView("posix")).isFalse();
  }

  @Test
  void anAclIsStoredPerFileAndTheOwnerIsTheOwnersView() throws IOException {
    FileSystem fs = windows();
    Path file = Files.createFile(fs.getPath("C:\\f"));
    Path link = Files.createLink(fs.getPath("C:\\hard"), file);
    AclFileAttributeView view = Files.getFileAttributeView(file, AclFileAttributeView.class);
    assertThat(view.getAcl()).isEmpty();
    UserPrincipal owner = view.getOwner();
    assertThat(owner).isEqualTo(Files.getOwner(file));
    AclEntry entry =
        AclEntry.newBuilder()
            .setType(AclEntryType.ALLOW)
            .setPrincipal(owner)
            .setPermissions(AclEntryPermission.READ_DATA, AclEntryPermission.WRITE_DATA)
            .build();
    view.setAcl(List.of(entry));
    assertThat(Files.getFileAttributeView(link, AclFileAttributeView.class).getAcl())
        .containsExactly(entry);
    assertThat(Files.getAttribute(file, "acl:acl")).isEqualTo(List.of(entry));
    Files.setAttribute(file, "acl:acl", List.of());
    assertThat(view.getAcl()).isEmpty();
    assertThatThrownBy(() -> Files.setAttribute(file, "acl:acl", List.of("not an entry")))
        .isInstanceOf(ClassCastException.class);
    assertThatThrownBy(() -> view.setAcl(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void onlyTheOwnerOrRootChangesWindowsAttributesAndARefusalChangesNothing() throws IOException {
    FileSystem fs = windows();
    Path file = Files.createFile(fs.getPath("C:\\f"));
    assertThatThrownBy(
            () ->
                Jkernfs.callAs(
                    fs,
                    1000,
                    1000,
                    () -> {
                      Files.setAttribute(file, "dos:hidden", true);
                      return null;
                    }))
        .isInstanceOf(java.nio.file.AccessDeniedException.class);
    assertThat(Files.getAttribute(file, "dos:hidden")).isEqualTo(false);
  }

  @Test
  void aReadOnlyFileRefusesWritesAndDeletionAsWindowsDoesAndStaysAsItWas() throws IOException {
    FileSystem fs = windows();
    Path file = Files.writeString(fs.getPath("C:\\ro.txt"), "kept");
    Path dir = Files.createDirectory(fs.getPath("C:\\rodir"));
    Files.setAttribute(file, "dos:readonly", true);
    Files.setAttribute(dir, "dos:readonly", true);
    assertThatThrownBy(() -> Files.writeString(file, "new"))
        .isInstanceOf(java.nio.file.AccessDeniedException.class)
        .hasMessage("C:\\ro.txt");
    assertThatThrownBy(() -> Files.newByteChannel(file, StandardOpenOption.APPEND))
        .isInstanceOf(java.nio.file.AccessDeniedException.class);
    assertThatThrownBy(() -> Files.delete(file))
        .isInstanceOf(java.nio.file.AccessDeniedException.class);
    assertThatThrownBy(
            () ->
                Files.move(
                    Files.createFile(fs.getPath("C:\\other")),
                    file,
                    StandardCopyOption.REPLACE_EXISTING))
        .isInstanceOf(java.nio.file.AccessDeniedException.class);
    assertThat(Files.readString(file)).isEqualTo("kept");
    // Reading is allowed, a read-only directory's flag is ignored, and clearing the bit allows
    // the rest again.
    Files.delete(dir);
    Files.setAttribute(file, "dos:readonly", false);
    Files.writeString(file, "new");
    Files.delete(file);
  }

  @Test
  void windowsAttributesDieWithTheirFile() throws IOException {
    FileSystem fs = windows();
    Path file = Files.createFile(fs.getPath("C:\\f"));
    Files.setAttribute(file, "dos:hidden", true);
    Files.delete(file);
    Files.createFile(file);
    assertThat(Files.getAttribute(file, "dos:hidden")).isEqualTo(false);
  }

  @Test
  void aCopyAndAMoveBetweenFlavoursKeepTheContent() throws IOException {
    FileSystem win = windows();
    FileSystem linux = Jkernfs.newFileSystem(Map.of());
    opened.add(linux);
    Path source = Files.writeString(win.getPath("C:\\work\\f"), "data");
    Files.copy(source, linux.getPath("/f"));
    Files.move(linux.getPath("/f"), win.getPath("g"));
    assertThat(Files.readString(win.getPath("C:\\WORK\\G"))).isEqualTo("data");
  }

  @Test
  void watchEventsNameTheEntryAsCreated() throws Exception {
    FileSystem fs = windows();
    Path dir = Files.createDirectory(fs.getPath("C:\\watched"));
    Files.writeString(dir.resolve("Foo"), "");
    try (WatchService watcher = fs.newWatchService()) {
      WatchKey key = dir.register(watcher, java.nio.file.StandardWatchEventKinds.ENTRY_DELETE);
      Files.delete(fs.getPath("C:\\WATCHED\\FOO"));
      WatchKey signalled = watcher.poll(5, TimeUnit.SECONDS);
      assertThat(signalled).isSameAs(key);
      List<WatchEvent<?>> events = signalled.pollEvents();
      assertThat(events).extracting(e -> e.context().toString()).containsExactly("Foo");
    }
  }

  @Test
  void deletingAnOpenFileSucceedsAsTheJdksShareModeAllows() throws IOException {
    FileSystem fs = windows();
    Path file = Files.writeString(fs.getPath("C:\\open"), "still here");
    try (var channel = Files.newByteChannel(file)) {
      Files.delete(file);
      assertThat(Files.exists(file)).isFalse();
      java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate(32);
      channel.read(buffer);
      assertThat(
              new String(
                  buffer.array(), 0, buffer.position(), java.nio.charset.StandardCharsets.UTF_8))
          .isEqualTo("still here");
    }
  }

  @Test
  void aDirectoryOpenedAsAFileIsAccessDeniedAsOnWindows() throws IOException {
    FileSystem fs = windows();
    Path dir = Files.createDirectory(fs.getPath("C:\\dir"));
    assertThatThrownBy(() -> Files.readString(dir))
        .isInstanceOf(java.nio.file.AccessDeniedException.class)
        .hasMessage("C:\\dir");
    assertThatThrownBy(() -> java.nio.channels.FileChannel.open(dir))
        .isInstanceOf(java.nio.file.AccessDeniedException.class);
    // Nothing was left open: the directory goes, and closing the filesystem finds no leak.
    Files.delete(dir);
  }

  @Test
  void mountPointsAreWindowsPathsAndAMountedMemfsFoldsNamesToo() throws IOException {
    FileSystem fs = windows(Map.of("mounts", Map.of("C:\\mnt\\disk", "memfs")));
    Files.writeString(fs.getPath("C:\\MNT\\Disk\\File"), "mounted");
    assertThat(Files.readString(fs.getPath("c:\\mnt\\disk\\FILE"))).isEqualTo("mounted");
    assertThat(Files.getFileStore(fs.getPath("C:\\mnt\\disk\\file")).name())
        .isEqualTo("memfs@/C:/mnt/disk");
    assertThat(fs.getPath("c:\\MNT\\DISK\\file").toRealPath()).hasToString("C:\\mnt\\disk\\File");
  }

  @Test
  void theWorkingDirectoryKeyTakesAWindowsPathUnderARoot() throws IOException {
    FileSystem fs =
        windows(Map.of("roots", List.of("C:\\", "D:\\"), "workingDirectory", "d:/Projects"));
    assertThat(fs.getPath("x").toAbsolutePath()).hasToString("d:\\Projects\\x");
    Files.writeString(fs.getPath("x"), "here");
    assertThat(Files.readString(fs.getPath("D:\\PROJECTS\\X"))).isEqualTo("here");
    for (String bad : List.of("/work", "work", "C:\\a\\..\\b", "E:\\work")) {
      assertThatThrownBy(() -> windows(Map.of("workingDirectory", bad)))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("workingDirectory");
    }
  }

  @Test
  void theEnvBuilderTakesTheFlavourAndItsRoots() throws IOException {
    FileSystem fs = Jkernfs.env().flavor("windows").roots("D:\\", "\\\\nas\\media").newFileSystem();
    opened.add(fs);
    assertThat(fs.getRootDirectories())
        .extracting(Path::toString)
        .containsExactly("D:\\", "\\\\nas\\media\\");
    assertThatThrownBy(() -> Jkernfs.env().roots("D:\\"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("roots");
    assertThatThrownBy(() -> Jkernfs.env().flavor("os2"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("flavor");
  }

  @Test
  void powerCutsAreRefusedAsNoDirectoryCanBeSynced() {
    // The JDK on Windows cannot open a directory to sync it, so no new name could become durable.
    assertThatThrownBy(() -> windows(Map.of("durability", "fsync")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("durability")
        .hasMessageContaining("flavor linux or macos");
  }

  @Test
  void badConfigurationIsRefusedNamingTheKey() {
    assertThatThrownBy(() -> Jkernfs.newFileSystem(Map.of("flavor", "beos")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("flavor");
    assertThatThrownBy(() -> Jkernfs.newFileSystem(Map.of("roots", List.of("C:\\"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("roots");
    for (Object roots :
        List.of(
            List.of(),
            List.of("C:"),
            List.of("C:\\x"),
            List.of("\\\\host"),
            "C:\\",
            List.of("C:\\", "c:/"),
            List.of(3))) {
      assertThatThrownBy(() -> Jkernfs.newFileSystem(Map.of("flavor", "windows", "roots", roots)))
          .as("%s", roots)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("roots");
    }
    assertThatThrownBy(
            () ->
                Jkernfs.newFileSystem(
                    Map.of("flavor", "windows", "mounts", Map.of("/proc", "proc"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("mounts");
  }

  private static List<String> names(Path dir) throws IOException {
    List<String> names = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      entries.forEach(entry -> names.add(entry.getFileName().toString()));
    }
    return names;
  }
}
