package dev.jkernfs.nio;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Two directories of the host on two devices and two jkernfs filesystems, so that a scenario run on
 * a pair of directories of each gives what the JDK gives on the host and what jkernfs gives, to
 * compare as text. Closing it removes the host's directories and closes the filesystems.
 */
final class HostTwin implements AutoCloseable {
  /** A step of a scenario: what it does to a directory and one on another device. */
  @FunctionalInterface
  interface Scenario {
    Object run(Path here, Path there) throws Exception;
  }

  private final Path realHere;
  private final Path realThere;
  private final FileSystem kernfsHere;
  private final FileSystem kernfsThere;

  HostTwin(Path realHere, Path realThere) throws IOException {
    this.realHere = realHere;
    this.realThere = realThere;
    this.kernfsHere = Jkernfs.newFileSystem(Map.of());
    this.kernfsThere = Jkernfs.newFileSystem(Map.of());
  }

  /**
   * Runs {@code scenario} in a fresh pair of directories named for it on the host and on jkernfs,
   * and asserts that the two outcomes, as {@code state} renders each directory, read the same with
   * the directories named HERE and THERE.
   */
  void assertSameOutcome(String name, Scenario scenario, Function<Path, String> state)
      throws IOException {
    String slug = name.replaceAll("[^a-zA-Z0-9]+", "-");
    Path real = Files.createDirectory(realHere.resolve(slug));
    Path realOther = Files.createDirectory(realThere.resolve(slug));
    Path ours = Files.createDirectory(kernfsHere.getPath("/" + slug));
    Path ourOther = Files.createDirectories(kernfsThere.getPath("/there/" + slug));
    String expected = outcome(scenario, real, realOther, state);
    String actual = outcome(scenario, ours, ourOther, state);
    assertThat(actual).as(name).isEqualTo(expected);
  }

  /** What the scenario returned or threw, then each directory's state. */
  private static String outcome(
      Scenario scenario, Path here, Path there, Function<Path, String> state) {
    String result;
    try {
      result = "value " + scenario.run(here, there);
    } catch (FileSystemException e) {
      result =
          e.getClass().getName()
              + " reason="
              + e.getReason()
              + " file="
              + e.getFile()
              + " other="
              + e.getOtherFile();
    } catch (Exception e) {
      result = e.getClass().getName() + " " + e.getMessage();
    }
    return (result + "; here " + state.apply(here) + "; there " + state.apply(there))
        .replace(there.toString(), "THERE")
        .replace(here.toString(), "HERE");
  }

  @Override
  public void close() throws IOException {
    try {
      for (Path dir : new Path[] {realHere, realThere}) {
        try (Stream<Path> paths = Files.walk(dir)) {
          for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
            Files.deleteIfExists(path);
          }
        }
      }
    } finally {
      kernfsHere.close();
      kernfsThere.close();
    }
  }
}
