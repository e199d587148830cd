package dev.jkernfs.fuzz;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.List;

/**
 * Replays one input through one target and prints what happened: the decoded steps and, if a check
 * fails, the full report. Exits with 1 on a finding, 0 otherwise. An input whose failure depends on
 * thread timing can be replayed up to TIMES times, stopping at the first finding.
 *
 * <pre>java -cp ... dev.jkernfs.fuzz.Replay nioSequences path/to/input [TIMES]</pre>
 */
final class Replay {
  static final List<FuzzTarget> TARGETS =
      List.of(
          NioSequenceTarget.INSTANCE,
          JimfsDifferentialTarget.INSTANCE,
          KernfsInternalsTarget.INSTANCE,
          ConcurrentSequenceTarget.INSTANCE);

  private Replay() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 2 && args.length != 3) {
      System.err.println("usage: Replay TARGET INPUT [TIMES]; targets: " + names());
      System.exit(2);
    }
    int times = args.length == 3 ? Integer.parseInt(args[2]) : 1;
    FuzzTarget target = target(args[0]);
    byte[] data = Files.readAllBytes(Paths.get(args[1]));
    Script script = target.decode(data);
    System.out.println(target.name() + ": " + target.describeHeader(script));
    for (int i = 0; i < script.steps().size(); i++) {
      System.out.printf("  %3d. %s%n", i + 1, target.describe(script.steps().get(i)));
    }
    for (int run = 1; run <= times; run++) {
      try {
        Harness.check(target, data);
      } catch (FuzzFinding finding) {
        System.out.println();
        System.out.println(times == 1 ? "" : "Failed on run " + run + " of " + times + ":");
        System.out.println(finding.getMessage());
        System.exit(1);
      }
    }
    System.out.println("passed: no finding" + (times == 1 ? "" : " in " + times + " runs"));
  }

  static FuzzTarget target(String name) {
    for (FuzzTarget target : TARGETS) {
      if (target.name().equals(name)) {
        return target;
      }
    }
    throw new IllegalArgumentException("unknown target " + name + "; known: " + names());
  }

  private static List<String> names() {
    return TARGETS.stream().map(FuzzTarget::name).toList();
  }
}
