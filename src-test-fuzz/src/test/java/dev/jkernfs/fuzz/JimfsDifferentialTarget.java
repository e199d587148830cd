package dev.jkernfs.fuzz;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Target 2: the same sequence of {@code java.nio.file} calls on jimfs and on jkernfs, step by step.
 * Each step's outcome (its value, or the class of what it threw) must be the same on both, and so
 * must the final tree: listings, contents, sizes and link counts. Where jimfs is knowingly not
 * POSIX, a named {@link Divergence} says what is allowed instead. After the sequence jkernfs must
 * pass the same audit and leak checks as in {@link NioSequenceTarget}.
 *
 * <p>Input: one header byte as in {@link NioSequenceTarget} (cache limit, populated start), then
 * steps without the dynamic-directory actions, which jimfs has no counterpart for.
 */
final class JimfsDifferentialTarget implements FuzzTarget {
  static final JimfsDifferentialTarget INSTANCE = new JimfsDifferentialTarget();

  private static final Configuration JIMFS =
      Configuration.unix().toBuilder()
          .setAttributeViews("basic", "owner", "posix", "unix")
          .setWorkingDirectory("/")
          .build();

  /** The entry point of Jazzer's standalone driver. */
  public static void fuzzerTestOneInput(byte[] data) {
    Harness.check(INSTANCE, data);
  }

  @Override
  public String name() {
    return "differentialAgainstJimfs";
  }

  @Override
  public Script decode(byte[] data) {
    return Script.decode(data, 1, NioAction.PLAIN_COUNT, NioSequenceTarget.MAX_STEPS);
  }

  @Override
  public Failure run(Script script) {
    FileSystem kernfs = NioFilesystems.plain(NioSequenceTarget.cacheLimit(script));
    Failure failure;
    try (FileSystem jimfs = Jimfs.newFileSystem(JIMFS)) {
      NioWorld expected = new NioWorld(jimfs, NameSpace.PLAIN, null);
      NioWorld actual = new NioWorld(kernfs, NameSpace.PLAIN, null);
      if (NioSequenceTarget.populated(script)) {
        expected.populate();
        actual.populate();
      }
      Comparison comparison = compareSteps(script, expected, actual);
      failure = comparison.failure();
      if (failure == null && comparison.comparable()) {
        failure = compareTrees(expected, actual);
      }
      expected.closeAll();
      actual.closeAll();
      if (failure == null) {
        failure = NioFilesystems.audit(kernfs);
      }
    } catch (IOException | RuntimeException e) {
      failure = NioFilesystems.unexpected("setting up, comparing or closing", e);
    }
    return NioFilesystems.closeAndCheck(kernfs, failure);
  }

  /**
   * How the step by step comparison ended.
   *
   * @param failure the first unexplained difference or unexpected exception, or null
   * @param comparable false if an allowed divergence left the trees apart for good
   */
  private record Comparison(Failure failure, boolean comparable) {}

  private Comparison compareSteps(Script script, NioWorld expected, NioWorld actual)
      throws IOException {
    boolean comparable = true;
    for (int i = 0; i < script.steps().size(); i++) {
      Step step = script.steps().get(i);
      if (!comparable) {
        // jkernfs alone from here: its refcounts must still come out right.
        try {
          actual.apply(step);
        } catch (RuntimeException | StackOverflowError e) {
          return new Comparison(
              NioFilesystems.unexpected("step " + (i + 1) + " (" + describe(step) + ")", e), false);
        }
        continue;
      }
      // jimfs is the model: whatever it throws is its answer, never a finding of ours.
      Outcome model;
      try {
        model = expected.apply(step);
      } catch (RuntimeException e) {
        model = Outcome.thrown(e);
      }
      Outcome outcome;
      try {
        outcome = actual.apply(step);
      } catch (RuntimeException | StackOverflowError e) {
        return new Comparison(
            NioFilesystems.unexpected("step " + (i + 1) + " (" + describe(step) + ")", e), true);
      }
      Divergence allowed =
          model.equals(outcome)
              ? Divergence.silent(step, expected, actual)
              : Divergence.explain(step, model, outcome, expected, actual);
      if (allowed != null) {
        comparable = allowed.reconcile(step, expected, actual);
      } else if (!model.equals(outcome)) {
        return new Comparison(
            Failure.of(
                Failure.Kind.DIVERGENCE,
                NioAction.of(step).name(),
                "step "
                    + (i + 1)
                    + " ("
                    + describe(step)
                    + "): jimfs "
                    + model
                    + ", jkernfs "
                    + outcome,
                ""),
            true);
      }
    }
    return new Comparison(null, comparable);
  }

  private static Failure compareTrees(NioWorld expected, NioWorld actual) throws IOException {
    Map<String, String> model = expected.snapshot();
    Map<String, String> tree = actual.snapshot();
    StringBuilder differences = new StringBuilder();
    Set<String> paths = new TreeSet<>(model.keySet());
    paths.addAll(tree.keySet());
    for (String path : paths) {
      String want = model.get(path);
      String got = tree.get(path);
      if (!Objects.equals(want, got)) {
        differences
            .append(path)
            .append(": jimfs ")
            .append(want)
            .append(", jkernfs ")
            .append(got)
            .append('\n');
      }
    }
    if (differences.length() == 0) {
      return null;
    }
    return Failure.of(
        Failure.Kind.DIVERGENCE,
        "tree",
        "the final trees differ at " + differences.toString().lines().count() + " paths",
        differences.toString());
  }

  @Override
  public String describe(Step step) {
    return NioWorld.describe(step, NameSpace.PLAIN);
  }

  @Override
  public String describeHeader(Script script) {
    return NioSequenceTarget.describeNioHeader(script) + "; jimfs against jkernfs";
  }
}
