package dev.jkernfs.fuzz;

import java.io.IOException;
import java.util.List;

/** One side of a {@link LinuxDifferential}: somewhere to run a sequence from a fresh start. */
interface LinuxSide extends AutoCloseable {
  /**
   * Runs {@code ops} in fresh work directories {@code A} and {@code B}, then closes what they left
   * open and snapshots both directories.
   */
  Result run(List<LinuxOp> ops) throws IOException;

  @Override
  void close() throws IOException;

  /**
   * What a sequence did.
   *
   * @param outcomes each step's rendered outcome, in order
   * @param snapshot the rendered final state of both work directories
   */
  record Result(List<String> outcomes, String snapshot) {}
}
