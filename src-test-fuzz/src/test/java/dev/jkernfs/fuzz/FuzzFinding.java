package dev.jkernfs.fuzz;

/**
 * The failure a fuzz target throws: its message is the whole report (the minimised steps, the leak
 * report and how to replay), which Jazzer prints and saves the input for.
 */
final class FuzzFinding extends AssertionError {
  private static final long serialVersionUID = 1L;

  @SuppressWarnings("serial") // findings are printed, never serialized
  private final Failure failure;

  private final int steps;

  FuzzFinding(String report, Failure failure, int steps) {
    super(report);
    this.failure = failure;
    this.steps = steps;
  }

  Failure failure() {
    return failure;
  }

  /** The number of steps of the minimised script. */
  int steps() {
    return steps;
  }
}
