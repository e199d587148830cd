package dev.jkernfs.nio;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Seeded random pairs of path strings through the JDK's own {@code Path} and jkernfs's: every
 * operation of the path algebra gives the same string, answer or exception on both.
 */
class PathAlgebraDifferentialTest {
  private static final String[] NAMES = {"a", "b", ".", "..", "a.b", ".a"};

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
  void relativizeAnswersAsTheJdkInTheReportedCases() {
    assertThat(kernfs.getPath(".").relativize(kernfs.getPath(""))).hasToString("");
    assertThat(kernfs.getPath("a").relativize(kernfs.getPath("."))).hasToString("..");
    assertThat(outcome(kernfs::getPath, "..", "", (x, y) -> x.relativize(y).toString()))
        .startsWith("IllegalArgumentException");
  }

  @Test
  void randomPairsGiveWhatTheJdksPathsGive() {
    SplittableRandom random = new SplittableRandom(20261130);
    Function<String, Path> jdk = FileSystems.getDefault()::getPath;
    Function<String, Path> ours = kernfs::getPath;
    List<String> divergences = new ArrayList<>();
    for (int round = 0; round < 27_000 && divergences.size() < 10; round++) {
      String first = randomPath(random);
      String second = randomPath(random);
      for (Operation operation : Operation.values()) {
        String expected = outcome(jdk, first, second, operation.apply);
        String actual = outcome(ours, first, second, operation.apply);
        if (!expected.equals(actual)) {
          divergences.add(
              "\""
                  + first
                  + "\" "
                  + operation
                  + " \""
                  + second
                  + "\": JDK "
                  + expected
                  + ", jkernfs "
                  + actual);
        }
      }
    }
    assertThat(divergences).isEmpty();
  }

  /** The operations compared, each of two paths. */
  private enum Operation {
    RELATIVIZE((x, y) -> x.relativize(y).toString()),
    RESOLVE((x, y) -> x.resolve(y).toString()),
    RESOLVE_SIBLING((x, y) -> x.resolveSibling(y).toString()),
    NORMALIZE((x, y) -> x.normalize().toString()),
    STARTS_WITH((x, y) -> Boolean.toString(x.startsWith(y))),
    ENDS_WITH((x, y) -> Boolean.toString(x.endsWith(y))),
    PARENT((x, y) -> String.valueOf(x.getParent())),
    FILE_NAME((x, y) -> String.valueOf(x.getFileName())),
    ROOT((x, y) -> String.valueOf(x.getRoot())),
    NAME_COUNT((x, y) -> x.getNameCount() + " " + x.isAbsolute()),
    COMPARE((x, y) -> Integer.toString(Integer.signum(x.compareTo(y)))),
    EQUALS((x, y) -> Boolean.toString(x.equals(y))),
    TO_STRING((x, y) -> x.toString());

    final PathFunction apply;

    Operation(PathFunction apply) {
      this.apply = apply;
    }
  }

  @FunctionalInterface
  private interface PathFunction {
    String apply(Path first, Path second);
  }

  private static String outcome(
      Function<String, Path> paths, String first, String second, PathFunction operation) {
    try {
      return operation.apply(paths.apply(first), paths.apply(second));
    } catch (RuntimeException e) {
      return e.getClass().getSimpleName() + ": " + e.getMessage();
    }
  }

  private static String randomPath(SplittableRandom random) {
    StringBuilder path = new StringBuilder(random.nextInt(4) == 0 ? "/" : "");
    int names = random.nextInt(4);
    for (int i = 0; i < names; i++) {
      if (i > 0) {
        path.append(random.nextInt(8) == 0 ? "//" : "/");
      }
      path.append(NAMES[random.nextInt(NAMES.length)]);
    }
    if (names > 0 && random.nextInt(6) == 0) {
      path.append('/');
    }
    return path.toString();
  }
}
