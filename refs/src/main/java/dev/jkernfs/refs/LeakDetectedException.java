package dev.jkernfs.refs;

/** Thrown by {@link LeakChecker#verify} in {@link LeakMode#THROW} and {@link LeakMode#TRACE}. */
public final class LeakDetectedException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  @SuppressWarnings("serial") // reports are not serialized with the exception
  private final LeakReport report;

  LeakDetectedException(LeakReport report) {
    super(report.toString());
    this.report = report;
  }

  public LeakReport report() {
    return report;
  }
}
