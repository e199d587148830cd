package dev.jkernfs.fuzz;

/**
 * What one step did, as the differential compares it: the value it returned, or the class of the
 * exception it threw. Messages are left out on purpose; they name paths and differ in wording
 * between implementations that agree on the error.
 *
 * @param value the rendered result, or null if the step threw
 * @param exception the simple name of the thrown exception's class, or null if it returned
 */
record Outcome(String value, String exception) {
  static Outcome value(Object value) {
    return new Outcome(String.valueOf(value), null);
  }

  static Outcome thrown(Throwable thrown) {
    return new Outcome(null, thrown.getClass().getSimpleName());
  }

  boolean threw() {
    return exception != null;
  }

  boolean threw(Class<? extends Throwable> type) {
    return type.getSimpleName().equals(exception);
  }

  @Override
  public String toString() {
    return exception != null ? "threw " + exception : "= " + value;
  }
}
