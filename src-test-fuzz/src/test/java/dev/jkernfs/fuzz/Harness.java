package dev.jkernfs.fuzz;

import dev.jkernfs.refs.LeakChecker;
import dev.jkernfs.refs.LeakMode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Runs one input through a target and, if it fails, turns the failure into a report a person can
 * act on: the script is minimised, replayed once more with the leak checker in TRACE mode so that
 * every leaked object says where it was created and last referenced, saved as a replayable input,
 * and thrown as a {@link FuzzFinding}.
 */
final class Harness {
  /** Where minimised inputs and reports go; relative paths are against the working directory. */
  static final String FINDINGS_PROPERTY = "jkernfs.fuzz.findings";

  /** The resource directory of the committed inputs, per target below it. */
  static final String INPUTS = "KernfsFuzzTestInputs";

  private static final long MINIMISE_MILLIS = 20_000;

  static {
    // The targets check leaks; with the checker off there would be nothing to check.
    if (LeakChecker.mode() == LeakMode.DISABLED || LeakChecker.mode() == LeakMode.LOG) {
      LeakChecker.setMode(LeakMode.THROW);
    }
  }

  private Harness() {}

  /**
   * Runs {@code data} through {@code target}.
   *
   * @throws FuzzFinding if any check fails
   */
  static void check(FuzzTarget target, byte[] data) {
    Script script = target.decode(data);
    Failure failure = target.run(script);
    if (failure != null) {
      long foundAfterMillis = ManagementFactory.getRuntimeMXBean().getUptime();
      throw report(target, data, script, failure, foundAfterMillis);
    }
  }

  private static FuzzFinding report(
      FuzzTarget target, byte[] data, Script original, Failure failure, long foundAfterMillis) {
    List<Step> steps =
        Minimizer.minimise(
            original.steps(),
            candidate -> failsAgain(target, original.withSteps(candidate), failure),
            MINIMISE_MILLIS);
    Script minimised = original.withSteps(steps);
    Failure traced = traced(target, minimised);
    boolean showTraced = failure.sameAs(traced);
    Failure shown = showTraced ? traced : failure;
    Path saved = save(target, minimised.encode(), ".min");
    Path input = save(target, data, ".input");

    StringBuilder out = new StringBuilder();
    out.append(shown.kind())
        .append(" in ")
        .append(target.name())
        .append(": ")
        .append(shown.summary())
        .append('\n');
    out.append("Leak root: ").append(shown.culprit()).append('\n');
    out.append(String.format("Found after %.1f s of JVM uptime%n", foundAfterMillis / 1000.0));
    out.append("Minimised to ")
        .append(steps.size())
        .append(steps.size() == 1 ? " step" : " steps")
        .append(" from ")
        .append(original.steps().size())
        .append('\n');

    out.append("\nOperations (").append(target.describeHeader(minimised)).append("):\n");
    for (int i = 0; i < steps.size(); i++) {
      out.append(String.format("  %3d. %s%n", i + 1, target.describe(steps.get(i))));
    }

    out.append('\n');
    if (showTraced) {
      out.append("Leak report (the minimised steps replayed with the leak checker in TRACE):\n");
    } else {
      out.append("Leak report (the minimised steps did not fail again in TRACE; as first seen):\n");
    }
    out.append(shown.leaks() == null ? "  not checked\n" : indent(shown.leaks().toString()));
    if (shown.audit() != null) {
      out.append(indent(shown.audit().toString()));
    }
    if (!shown.details().isEmpty()) {
      out.append("\nDetails:\n").append(indent(shown.details()));
    }

    out.append("\nReplay:\n");
    committedInput(target, data)
        .ifPresent(name -> out.append("  committed input:  ").append(name).append('\n'));
    out.append("  minimised input:  ").append(saved).append('\n');
    out.append("  original input:   ").append(input).append('\n');
    out.append("  command:          src-test-fuzz/replay.sh ")
        .append(target.name())
        .append(' ')
        .append(saved)
        .append('\n');
    out.append("  keep it:          cp ")
        .append(saved)
        .append(" src-test-fuzz/src/test/resources/dev/jkernfs/fuzz/")
        .append(INPUTS)
        .append('/')
        .append(target.name())
        .append("/\n");
    return new FuzzFinding(out.toString(), shown, steps.size());
  }

  private static boolean failsAgain(FuzzTarget target, Script candidate, Failure failure) {
    for (int attempt = 0; attempt < target.attemptsPerCandidate(); attempt++) {
      if (failure.sameAs(target.run(candidate))) {
        return true;
      }
    }
    return false;
  }

  /** Runs {@code script} again with TRACE on, so the leaked objects carry their histories. */
  private static Failure traced(FuzzTarget target, Script script) {
    LeakMode before = LeakChecker.mode();
    LeakChecker.setMode(LeakMode.TRACE);
    try {
      Failure again = null;
      for (int attempt = 0; attempt < target.attemptsPerCandidate() && again == null; attempt++) {
        again = target.run(script);
      }
      return again;
    } finally {
      LeakChecker.setMode(before);
    }
  }

  private static Path save(FuzzTarget target, byte[] bytes, String suffix) {
    Path dir = Paths.get(System.getProperty(FINDINGS_PROPERTY, "target/fuzz-findings"));
    Path file = dir.resolve(target.name() + "-" + sha1(bytes).substring(0, 16) + suffix);
    try {
      Files.createDirectories(dir);
      Files.write(file, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file.toAbsolutePath();
  }

  /** The name of the committed input with these bytes, when a committed input is replaying. */
  private static Optional<String> committedInput(FuzzTarget target, byte[] data) {
    URL url = Harness.class.getResource(INPUTS + "/" + target.name());
    if (url == null || !"file".equals(url.getProtocol())) {
      return Optional.empty();
    }
    try (Stream<Path> files = Files.list(Paths.get(url.toURI()))) {
      return files
          .filter(file -> Arrays.equals(readQuietly(file), data))
          .map(file -> INPUTS + "/" + target.name() + "/" + file.getFileName())
          .findFirst();
    } catch (IOException | URISyntaxException e) {
      return Optional.empty();
    }
  }

  private static byte[] readQuietly(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      return new byte[0];
    }
  }

  static String sha1(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-1", e);
    }
  }

  private static String indent(String text) {
    StringBuilder out = new StringBuilder();
    for (String line : text.split("\n", -1)) {
      if (!line.isEmpty()) {
        out.append("  ").append(line).append('\n');
      }
    }
    return out.toString();
  }
}
