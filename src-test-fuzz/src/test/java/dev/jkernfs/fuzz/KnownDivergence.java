package dev.jkernfs.fuzz;

import java.util.List;

/**
 * A difference between the JDK's Linux provider and jkernfs that a {@link LinuxDifferential}
 * expects.
 */
interface KnownDivergence {
  String name();

  /**
   * Whether this difference accounts for the step {@code op}, after the steps {@code before} (null
   * for the final snapshot, or for what closing the filesystems reported) answering {@code linux}
   * on the reference side and {@code jkernfs} on jkernfs.
   */
  boolean explains(List<LinuxOp> before, LinuxOp op, String linux, String jkernfs);

  /** Recognises one difference, from the step and both sides' rendered outcomes. */
  @FunctionalInterface
  interface Matcher {
    boolean matches(List<LinuxOp> before, LinuxOp op, String linux, String jkernfs);
  }
}
