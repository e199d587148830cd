package dev.jkernfs.nio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The macOS flavour: Unix paths kept as written and compared exactly (as the JDK's Unix path on
 * macOS, which no longer normalizes), lookups that ignore case and Unicode normalization as APFS,
 * names kept as created. The filesystem is closed after each test, which fails it on a leak.
 */
class MacosFlavorTest {
  private static final String COMPOSED = "caf\u00e9";
  private static final String DECOMPOSED = "cafe\u0301";

  private FileSystem fs;

  @BeforeEach
  void open() throws IOException {
    fs = Jkernfs.newFileSystem(Map.of("flavor", "macos"));
  }

  @AfterEach
  void close() throws IOException {
    fs.close();
  }

  @Test
  void pathsAreUnixPathsKeptAsWrittenAndComparedExactly() {
    assertThat(fs.getSeparator()).isEqualTo("/");
    assertThat(fs.getRootDirectories()).extracting(Path::toString).containsExactly("/");
    assertThat(fs.getPath("/" + DECOMPOSED)).hasToString("/" + DECOMPOSED);
    assertThat(fs.getPath("/" + DECOMPOSED)).isNotEqualTo(fs.getPath("/" + COMPOSED));
    assertThat(fs.getPath("/Foo")).isNotEqualTo(fs.getPath("/foo"));
    assertThat(fs.getPath("/Foo").startsWith(fs.getPath("/foo"))).isFalse();
    assertThat(fs.getPath("x").toAbsolutePath()).hasToString("/x");
    assertThat(fs.supportedFileAttributeViews())
        .containsExactlyInAnyOrder("basic", "posix", "owner", "unix", "user", "dos");
  }

  @Test
  void aNameCreatedComposedIsFoundDecomposedAndInAnotherCase() throws IOException {
    Files.writeString(fs.getPath("/" + COMPOSED), "coffee");
    assertThat(Files.readString(fs.getPath("/" + DECOMPOSED))).isEqualTo("coffee");
    assertThat(Files.readString(fs.getPath("/CAFE\u0301"))).isEqualTo("coffee");
    assertThat(Files.exists(fs.getPath("/Caf\u00c9"))).isTrue();
    assertThatThrownBy(() -> Files.createFile(fs.getPath("/" + DECOMPOSED)))
        .isInstanceOf(FileAlreadyExistsException.class);
    try (Stream<Path> listing = Files.list(fs.getPath("/"))) {
      assertThat(listing.map(Path::toString)).containsExactly("/" + COMPOSED);
    }
    assertThat(fs.getPath("/CAFE\u0301").toRealPath()).hasToString("/" + COMPOSED);
    assertThat(fs.getPath("/CAFE\u0301").toRealPath(java.nio.file.LinkOption.NOFOLLOW_LINKS))
        .hasToString("/" + COMPOSED);
  }

  @Test
  void theRealPathOfALinkedDirectoryHasTheCreatedNames() throws IOException {
    Files.createDirectories(fs.getPath("/Users/Me"));
    Files.createSymbolicLink(fs.getPath("/home"), fs.getPath("/users"));
    assertThat(fs.getPath("/HOME/me").toRealPath()).hasToString("/Users/Me");
    assertThat(fs.getPath("/home/../users/ME").toRealPath(java.nio.file.LinkOption.NOFOLLOW_LINKS))
        .hasToString("/home/../Users/Me");
  }

  @Test
  void anAtomicMoveChangesTheCaseAndAPlainMoveChangesNothingAsTheJdkDoes() throws IOException {
    Path readme = Files.writeString(fs.getPath("/readme"), "x");
    Files.move(readme, fs.getPath("/README"));
    assertThat(names()).containsExactly("readme");
    Files.move(readme, fs.getPath("/README"), StandardCopyOption.ATOMIC_MOVE);
    assertThat(names()).containsExactly("README");
  }

  @Test
  void matchersIgnoreNormalizationButNotCase() {
    assertThat(fs.getPathMatcher("glob:" + COMPOSED).matches(fs.getPath(DECOMPOSED))).isTrue();
    assertThat(fs.getPathMatcher("glob:*.txt").matches(fs.getPath("A.TXT"))).isFalse();
  }

  private List<String> names() throws IOException {
    try (Stream<Path> listing = Files.list(fs.getPath("/"))) {
      return listing.map(path -> path.getFileName().toString()).toList();
    }
  }
}
