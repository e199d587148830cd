package dev.jkernfs.fuzz;

/**
 * One fuzz target: how it reads its input, how it runs a script against a fresh filesystem, and how
 * it names the steps of its language in a report.
 */
interface FuzzTarget {
  /** The name of the target, which is also its {@code @FuzzTest} method and corpus directory. */
  String name();

  Script decode(byte[] data);

  /**
   * Runs {@code script} on fresh filesystems and checks them.
   *
   * @return null if every check passed
   */
  Failure run(Script script);

  /** The step as the report lists it: {@code "rename /a/b -> /c [REPLACE_EXISTING]"}. */
  String describe(Step step);

  /** What the header configures, for the report: {@code "dentry cache limit 2"}. */
  String describeHeader(Script script);

  /**
   * How often the minimiser runs a candidate before it believes the failure is gone: more than once
   * for targets whose runs depend on thread timing.
   */
  default int attemptsPerCandidate() {
    return 1;
  }
}
