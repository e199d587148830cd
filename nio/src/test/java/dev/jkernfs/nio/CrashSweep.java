package dev.jkernfs.nio;

import java.io.IOException;
import java.nio.file.FileSystem;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Runs a storage program against a power cut at every crash point: after each of its operations, on
 * a fresh filesystem, with each of a range of seeds tearing what it left unsynced, then lets it
 * recover and compares what it finds with what it acknowledged.
 */
final class CrashSweep {
  /** A program that stores data and acknowledges each operation when it returns. */
  interface StorageProgram {
    /** What the program is, and how it writes, for reports. */
    String name();

    /** Starts the program on a fresh filesystem. */
    Session start(FileSystem fs) throws IOException;

    /** Reads back, as the program does when it restarts, what it finds on {@code fs}. */
    Recovery recover(FileSystem fs) throws IOException;
  }

  /** One run of a program. */
  interface Session {
    /**
     * Performs operation {@code number} (from 1), returning once the program acknowledges it.
     *
     * @return what the operation was, for reports
     */
    String perform(int number) throws IOException;

    /** What the program has promised so far: everything a recovery must find. */
    Collection<String> promised();
  }

  /**
   * What a program found on restart.
   *
   * @param found the facts it read back
   * @param remark what else it saw (a torn log tail, a checksum mismatch), or empty
   */
  record Recovery(List<String> found, String remark) {}

  /** The first crash point that lost acknowledged data, with what was promised and found. */
  record Loss(
      int operation, long seed, String what, Collection<String> promised, Recovery recovery) {
    List<String> lost() {
      List<String> lost = new ArrayList<>(promised);
      lost.removeAll(recovery.found());
      return lost;
    }
  }

  /**
   * The outcome of a sweep.
   *
   * @param firstLoss the first crash point, by operation and then seed, that lost data; or null
   */
  record Result(
      String program, int operations, int seeds, int losingPoints, Loss firstLoss, long millis) {
    int crashPoints() {
      return operations * seeds;
    }

    /** The lost-data report: where data was first lost and how often. */
    String report() {
      StringBuilder out = new StringBuilder();
      String sweep =
          String.format(
              "%,d crash points (%d operations x %d seeds): %,d lost acknowledged data (%d ms)",
              crashPoints(), operations, seeds, losingPoints, millis);
      if (firstLoss == null) {
        return out.append(program)
            .append(": no acknowledged data lost\n  ")
            .append(sweep)
            .toString();
      }
      out.append(program).append(": LOST ACKNOWLEDGED DATA\n");
      out.append(
          String.format(
              "  first at: crash after operation %d of %d (%s), seed %d%n",
              firstLoss.operation(), operations, firstLoss.what(), firstLoss.seed()));
      out.append("  acknowledged: ").append(abbreviate(firstLoss.promised())).append('\n');
      out.append("  recovered:    ").append(abbreviate(firstLoss.recovery().found()));
      if (!firstLoss.recovery().remark().isEmpty()) {
        out.append(" (").append(firstLoss.recovery().remark()).append(')');
      }
      out.append('\n');
      out.append("  lost:         ").append(abbreviate(firstLoss.lost())).append('\n');
      return out.append("  sweep: ").append(sweep).toString();
    }

    private static String abbreviate(Collection<String> facts) {
      List<String> all = List.copyOf(facts);
      String shown =
          all.size() <= 6
              ? String.join(", ", all)
              : String.join(", ", all.subList(0, 3))
                  + ", ... "
                  + String.join(", ", all.subList(all.size() - 2, all.size()));
      return all.size() + " [" + shown + "]";
    }
  }

  private CrashSweep() {}

  /** Crashes {@code program} after each of {@code operations} operations, with each seed. */
  static Result run(StorageProgram program, int operations, int seeds) throws IOException {
    long start = System.nanoTime();
    int losing = 0;
    Loss first = null;
    for (int crashAfter = 1; crashAfter <= operations; crashAfter++) {
      for (long seed = 0; seed < seeds; seed++) {
        Loss loss = crashOnce(program, crashAfter, seed);
        if (loss != null) {
          losing++;
          if (first == null) {
            first = loss;
          }
        }
      }
    }
    long millis = (System.nanoTime() - start) / 1_000_000;
    return new Result(program.name(), operations, seeds, losing, first, millis);
  }

  /** One crash point: the loss it shows, or null. */
  private static Loss crashOnce(StorageProgram program, int crashAfter, long seed)
      throws IOException {
    try (FileSystem fs = Jkernfs.newFileSystem(Map.of("durability", "fsync"))) {
      Session session = program.start(fs);
      String what = "";
      for (int operation = 1; operation <= crashAfter; operation++) {
        what = session.perform(operation);
      }
      List<String> promised = List.copyOf(session.promised());
      Jkernfs.crash(fs, seed);
      Recovery recovery = program.recover(fs);
      if (recovery.found().containsAll(promised)) {
        return null;
      }
      return new Loss(crashAfter, seed, what, promised, recovery);
    }
  }
}
