package dev.jkernfs.nio;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.regex.PatternSyntaxException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Seeded random globs and names through the JDK's own {@code PathMatcher} and through jkernfs's:
 * the same names match, and the same patterns fail with the same description and index.
 */
class GlobDifferentialTest {
  private static final String PATTERN_ALPHABET = "ab-[]!^*?{},\\/.";
  private static final String NAME_ALPHABET = "ab-^!*?{},\\/.[]";

  private FileSystem kernfs;

  @BeforeEach
  void open() throws IOException {
    kernfs = Jkernfs.newFileSystem(Map.of());
  }

  @AfterEach
  void close() throws IOException {
    kernfs.close();
  }

  @Test
  void trailingDashInAClassIsLiteralAsInTheJdk() {
    PathMatcher matcher = kernfs.getPathMatcher("glob:[a-]*");
    assertThat(matcher.matches(kernfs.getPath("-x"))).isTrue();
    assertThat(matcher.matches(kernfs.getPath("ax"))).isTrue();
    assertThat(matcher.matches(kernfs.getPath("bx"))).isFalse();
  }

  @Test
  void randomGlobsMatchAndFailAsTheJdksDo() {
    SplittableRandom random = new SplittableRandom(20261130);
    List<String> divergences = new ArrayList<>();
    for (int round = 0; round < 20_000 && divergences.size() < 10; round++) {
      String glob = randomString(random, PATTERN_ALPHABET, 1 + random.nextInt(8));
      List<String> names = new ArrayList<>();
      for (int n = 0; n < 8; n++) {
        String name = randomString(random, NAME_ALPHABET, 1 + random.nextInt(6));
        if (!name.startsWith("/") && !name.contains("//")) {
          names.add(name);
        }
      }
      String expected = outcome(FileSystems.getDefault(), Path::of, glob, names);
      String actual = outcome(kernfs, kernfs::getPath, glob, names);
      if (!expected.equals(actual)) {
        divergences.add(glob + ": JDK " + expected + ", jkernfs " + actual);
      }
    }
    assertThat(divergences).isEmpty();
  }

  private static String outcome(
      FileSystem fs, Function<String, Path> toPath, String glob, List<String> names) {
    PathMatcher matcher;
    try {
      matcher = fs.getPathMatcher("glob:" + glob);
    } catch (PatternSyntaxException e) {
      return "PatternSyntaxException " + e.getDescription() + " at " + e.getIndex();
    }
    StringBuilder matched = new StringBuilder("matches");
    for (String name : names) {
      if (matcher.matches(toPath.apply(name))) {
        matched.append(' ').append(name);
      }
    }
    return matched.toString();
  }

  private static String randomString(SplittableRandom random, String alphabet, int length) {
    StringBuilder text = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      text.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return text.toString();
  }
}
