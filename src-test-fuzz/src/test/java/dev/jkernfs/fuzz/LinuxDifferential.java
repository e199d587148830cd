package dev.jkernfs.fuzz;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A differential of whole operation sequences: seeded random {@link LinuxOp} sequences run on the
 * JDK's own provider in temporary directories of two Linux filesystems (the reference) and on two
 * jkernfs filesystems, as the same user with the same umask. Each step's outcome must be the same
 * on both, and so must the final state of both work directories. A sequence that differs is shrunk
 * to the fewest steps that still differ the same way.
 *
 * <p>Differences that jkernfs makes on purpose are the entries of {@link LinuxDivergence}, known
 * bugs those of {@link PendingFix}; anything else is a divergence to report.
 *
 * <p>{@link #main} runs it for a given time (see {@code differential.sh}).
 */
final class LinuxDifferential implements AutoCloseable {
  private final LinuxSide linux;
  private final LinuxSide jkernfs;
  private final List<Path> bases;
  private final String who;
  private final boolean acrossFilesystems;

  private LinuxDifferential(
      LinuxSide linux, LinuxSide jkernfs, List<Path> bases, String who, boolean across) {
    this.linux = linux;
    this.jkernfs = jkernfs;
    this.bases = bases;
    this.who = who;
    this.acrossFilesystems = across;
  }

  /** The reference side in this JVM, as this process's user; jkernfs as the same user. */
  static LinuxDifferential asThisUser() throws IOException {
    List<Path> bases = bases();
    DefaultFilesystemSide linux = new DefaultFilesystemSide(bases.get(0), bases.get(1));
    Path probe = Files.createTempFile(bases.get(0), "owner", "");
    int uid = (Integer) Files.getAttribute(probe, "unix:uid");
    int gid = (Integer) Files.getAttribute(probe, "unix:gid");
    Files.delete(probe);
    if (uid != gid) {
      throw new IOException("jkernfs is opened with gid = uid; this user is " + uid + ":" + gid);
    }
    return new LinuxDifferential(
        linux,
        new JkernfsSide(uid == 0 ? null : uid, linux.umask()),
        bases,
        "uid " + uid,
        acrossFilesystems(bases));
  }

  /**
   * The reference side in a child JVM of user {@code uid} (and group {@code uid}); jkernfs as that
   * user. Needs {@link ChildProcessSide#unavailable()} to be null.
   */
  static LinuxDifferential asUser(int uid) throws IOException {
    List<Path> bases = bases();
    ChildProcessSide linux = new ChildProcessSide(uid, bases.get(0), bases.get(1));
    return new LinuxDifferential(
        linux,
        new JkernfsSide(uid, linux.umask()),
        bases,
        "uid " + uid + " (child JVM)",
        acrossFilesystems(bases));
  }

  /**
   * Two base directories, open to every user: the first on a tmpfs ({@code /dev/shm}) if there is
   * one, the filesystem jkernfs is closest to, the second in the temporary directory, so that moves
   * between them cross filesystems as between two jkernfs filesystems.
   */
  private static List<Path> bases() throws IOException {
    Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
    Path shm = Path.of("/dev/shm");
    Path first =
        Files.isDirectory(shm) && Files.isWritable(shm)
            ? Files.createTempDirectory(shm, "jkernfs-diff")
            : Files.createTempDirectory(tmp, "jkernfs-diff");
    Path second = Files.createTempDirectory(tmp, "jkernfs-diff");
    for (Path base : List.of(first, second)) {
      Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxrwxrwx"));
    }
    return List.of(first, second);
  }

  private static boolean acrossFilesystems(List<Path> bases) throws IOException {
    return !Objects.equals(
        Files.getAttribute(bases.get(0), "unix:dev"), Files.getAttribute(bases.get(1), "unix:dev"));
  }

  String describe() {
    return who
        + (acrossFilesystems
            ? ", A on " + bases.get(0).getParent() + " and B on " + bases.get(1).getParent()
            : ", A and B on one filesystem ("
                + bases.get(0).getParent()
                + "): moves between them"
                + " are renames on the reference side");
  }

  /**
   * A difference: the sequence, where the two sides first answer otherwise and what each answered
   * there, both sides' whole results, and what explains it, if anything does.
   *
   * @param step the index of the first differing step, or -1 for the final snapshot
   * @param signature what kind of difference it is: the action and the shape of both answers
   * @param known the allowed difference or pending fix that explains it, or null
   */
  record Finding(
      List<LinuxOp> ops,
      int step,
      String linux,
      String jkernfs,
      String signature,
      KnownDivergence known,
      LinuxSide.Result linuxResult,
      LinuxSide.Result jkernfsResult) {

    /** The sequence with each step's outcome on both sides, and where they part. */
    String report() {
      StringBuilder text = new StringBuilder();
      text.append(signature).append(known == null ? "" : " [" + known.name() + "]").append('\n');
      List<String> expected = linuxResult.outcomes();
      List<String> actual = jkernfsResult.outcomes();
      int steps = Math.max(ops.size(), Math.max(expected.size(), actual.size()));
      for (int i = 0; i < steps; i++) {
        String e = i < expected.size() ? expected.get(i) : "(nothing)";
        String a = i < actual.size() ? actual.get(i) : "(nothing)";
        text.append(String.format("  %2d. %s%n", i + 1, i < ops.size() ? ops.get(i) : "(closing)"));
        if (e.equals(a)) {
          text.append("        both    ").append(e).append('\n');
        } else {
          text.append("        Linux   ").append(e).append('\n');
          text.append("        jkernfs ").append(a).append('\n');
        }
      }
      if (step < 0) {
        text.append("  final state differs:\n");
        text.append("        Linux   ")
            .append(linux.replace("\n", "\n                "))
            .append('\n');
        text.append("        jkernfs ")
            .append(jkernfs.replace("\n", "\n                "))
            .append('\n');
      }
      text.append("  replay: ");
      for (LinuxOp op : ops) {
        text.append(op.encode()).append("; ");
      }
      return text.append('\n').toString();
    }
  }

  /** Runs {@code ops} on both sides: the first difference, or null if there is none. */
  Finding check(List<LinuxOp> ops) throws IOException {
    LinuxSide.Result expected = linux.run(ops);
    LinuxSide.Result actual = jkernfs.run(ops);
    int steps = Math.max(expected.outcomes().size(), actual.outcomes().size());
    for (int i = 0; i < steps; i++) {
      String e = i < expected.outcomes().size() ? expected.outcomes().get(i) : "(nothing)";
      String a = i < actual.outcomes().size() ? actual.outcomes().get(i) : "(nothing)";
      if (!e.equals(a)) {
        LinuxOp op = i < ops.size() ? ops.get(i) : null;
        return new Finding(
            ops,
            i,
            e,
            a,
            (op == null ? "closing" : op.action().toString())
                + ": Linux "
                + shape(e)
                + ", jkernfs "
                + shape(a),
            explain(ops.subList(0, Math.min(i, ops.size())), op, e, a),
            expected,
            actual);
      }
    }
    if (expected.snapshot().equals(actual.snapshot())) {
      return null;
    }
    Map<String, String> want = entries(expected.snapshot());
    Map<String, String> got = entries(actual.snapshot());
    Set<String> labels = new TreeSet<>(want.keySet());
    labels.addAll(got.keySet());
    StringBuilder linuxLines = new StringBuilder();
    StringBuilder jkernfsLines = new StringBuilder();
    Set<String> keys = new TreeSet<>();
    for (String label : labels) {
      String e = want.get(label);
      String a = got.get(label);
      if (Objects.equals(e, a)) {
        continue;
      }
      linuxLines.append(linuxLines.length() == 0 ? "" : "\n").append(label).append(' ').append(e);
      jkernfsLines
          .append(jkernfsLines.length() == 0 ? "" : "\n")
          .append(label)
          .append(' ')
          .append(a);
      keys.addAll(differingKeys(e, a));
    }
    return new Finding(
        ops,
        -1,
        linuxLines.toString(),
        jkernfsLines.toString(),
        "final state: " + String.join(", ", keys),
        explain(ops, null, linuxLines.toString(), jkernfsLines.toString()),
        expected,
        actual);
  }

  private static KnownDivergence explain(
      List<LinuxOp> before, LinuxOp op, String linux, String jkernfs) {
    KnownDivergence known = LinuxDivergence.explain(before, op, linux, jkernfs);
    return known != null ? known : PendingFix.explain(before, op, linux, jkernfs);
  }

  /** An outcome without its particulars: the exception and its reason, or just "a value". */
  static String shape(String outcome) {
    if (outcome.startsWith("= ")) {
      return "a value";
    }
    String shape = outcome.replaceAll(" file=.*", "").replaceAll("ROOT_[AB][^ ]*", "PATH");
    return shape.length() > 90 ? shape.substring(0, 90) + "..." : shape;
  }

  private static Map<String, String> entries(String snapshot) {
    Map<String, String> entries = new TreeMap<>();
    for (String line : snapshot.split("\n", -1)) {
      int space = line.indexOf(' ');
      if (space > 0) {
        entries.put(line.substring(0, space), line.substring(space + 1));
      }
    }
    return entries;
  }

  /** The names of the {@code key=value} fields that differ, or what is missing on which side. */
  private static Set<String> differingKeys(String linux, String jkernfs) {
    if (linux == null) {
      return Set.of("an entry only jkernfs has");
    }
    if (jkernfs == null) {
      return Set.of("an entry only Linux has");
    }
    Map<String, String> want = fields(linux);
    Map<String, String> got = fields(jkernfs);
    Set<String> keys = new TreeSet<>();
    Set<String> all = new TreeSet<>(want.keySet());
    all.addAll(got.keySet());
    for (String key : all) {
      if (!Objects.equals(want.get(key), got.get(key))) {
        keys.add(key);
      }
    }
    return keys.isEmpty() ? Set.of("entry") : keys;
  }

  private static Map<String, String> fields(String entry) {
    Map<String, String> fields = new LinkedHashMap<>();
    String[] words = entry.split(" ", -1);
    fields.put("type", words[0]);
    for (int i = 1; i < words.length; i++) {
      int equals = words[i].indexOf('=');
      if (equals > 0) {
        fields.put(words[i].substring(0, equals), words[i].substring(equals + 1));
      } else if (words[i].startsWith("rwx") || words[i].matches("[-rwxsStT]{9}")) {
        fields.put("permissions", words[i]);
      } else if (words[i].equals("->") && i + 1 < words.length) {
        fields.put("target", words[i + 1]);
      } else if (words[i].equals("as") && i + 1 < words.length) {
        fields.put("same as", words[i + 1]);
      }
    }
    return fields;
  }

  /**
   * Shrinks {@code finding}'s sequence to one whose steps cannot be dropped without losing a
   * difference of the same signature, explained by the same known divergence if any.
   */
  Finding minimise(Finding finding, long budgetMillis) {
    List<LinuxOp> shortest =
        Minimizer.minimise(
            finding.ops(),
            candidate -> {
              try {
                Finding again = check(candidate);
                return again != null
                    && again.signature().equals(finding.signature())
                    && Objects.equals(again.known(), finding.known());
              } catch (IOException e) {
                return false;
              }
            },
            budgetMillis);
    try {
      Finding minimal = check(shortest);
      return minimal != null && minimal.signature().equals(finding.signature()) ? minimal : finding;
    } catch (IOException e) {
      return finding;
    }
  }

  /** What a run found. */
  static final class Summary {
    long sequences;
    final Map<String, Long> explained = new TreeMap<>();

    /** Each unexplained kind of difference, minimised, by signature. */
    final Map<String, Finding> divergences = new LinkedHashMap<>();

    final Map<String, Long> divergenceCounts = new TreeMap<>();

    /** The first of each known difference, minimised if asked. */
    final Map<String, Finding> knownExamples = new TreeMap<>();

    boolean clean() {
      return divergences.isEmpty();
    }

    String report() {
      StringBuilder text = new StringBuilder();
      text.append(sequences).append(" sequences, ");
      text.append(divergences.size()).append(" unexplained kinds of divergence");
      explained.forEach((name, count) -> text.append("; ").append(name).append(": ").append(count));
      text.append('\n');
      divergences.forEach(
          (signature, finding) ->
              text.append("\nDIVERGENCE (")
                  .append(divergenceCounts.get(signature))
                  .append(" sequences) ")
                  .append(finding.report()));
      return text.toString();
    }
  }

  /**
   * Runs the sequences of seeds {@code firstSeed}, {@code firstSeed + 1}, ... until {@code count}
   * have run or {@code deadlineNanos} (of {@link System#nanoTime}) has passed, minimising the first
   * sequence of each kind of unexplained divergence and, if {@code minimiseKnown}, of each known
   * one; progress goes to {@code log} if it is not null.
   */
  Summary run(
      long firstSeed, long count, long deadlineNanos, boolean minimiseKnown, PrintStream log)
      throws IOException {
    Summary summary = new Summary();
    long lastReport = System.nanoTime();
    for (long seed = firstSeed;
        seed - firstSeed < count && System.nanoTime() - deadlineNanos < 0;
        seed++) {
      List<LinuxOp> ops = LinuxOp.sequence(seed);
      Finding finding = check(ops);
      summary.sequences++;
      if (finding != null && finding.known() != null) {
        String name = finding.known().getClass().getSimpleName() + "." + finding.known().name();
        summary.explained.merge(name, 1L, Long::sum);
        if (minimiseKnown && !summary.knownExamples.containsKey(name)) {
          summary.knownExamples.put(name, minimise(finding, 20_000));
        }
      } else if (finding != null) {
        summary.divergenceCounts.merge(finding.signature(), 1L, Long::sum);
        if (!summary.divergences.containsKey(finding.signature())) {
          Finding minimal = minimise(finding, 30_000);
          summary.divergences.put(finding.signature(), minimal);
          if (log != null) {
            log.println("seed " + seed + ": DIVERGENCE " + minimal.report());
          }
        }
      }
      if (log != null && System.nanoTime() - lastReport > 10_000_000_000L) {
        lastReport = System.nanoTime();
        log.println(
            "  "
                + summary.sequences
                + " sequences, "
                + summary.divergences.size()
                + " kinds of divergence, explained "
                + summary.explained);
      }
    }
    return summary;
  }

  /** The steps of a report's replay line: encoded steps separated by {@code ;}. */
  static List<LinuxOp> steps(String replay) {
    List<LinuxOp> ops = new ArrayList<>();
    for (String step : replay.split(";", -1)) {
      if (!step.isBlank()) {
        ops.add(LinuxOp.decode(step));
      }
    }
    return ops;
  }

  @Override
  public void close() throws IOException {
    try {
      linux.close();
      jkernfs.close();
    } finally {
      for (Path base : bases) {
        DefaultFilesystemSide.deleteTree(base);
      }
    }
  }

  /**
   * Runs the differential for a time and prints what it found; exits with 1 if there was an
   * unexplained divergence.
   *
   * <p>Arguments: {@code SECONDS [--uid N] [--seed S] [--known] [--replay STEPS]}: as this
   * process's user, or with {@code --uid} as user N in a child JVM (this process must be root);
   * from seed S (default: from the time); with {@code --known}, the first sequence of each known
   * difference is minimised and printed too; with {@code --replay}, only the sequence of encoded
   * steps separated by {@code ;} that a report printed.
   */
  public static void main(String[] args) throws IOException {
    long seconds = Long.parseLong(args[0]);
    Integer uid = null;
    long seed = System.currentTimeMillis() * 1000;
    boolean known = false;
    String replay = null;
    for (int i = 1; i < args.length; i++) {
      switch (args[i]) {
        case "--replay" -> replay = args[++i];
        case "--uid" -> uid = Integer.valueOf(args[++i]);
        case "--seed" -> seed = Long.parseLong(args[++i]);
        case "--known" -> known = true;
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    PrintStream out = System.out;
    if (replay != null) {
      boolean explained;
      try (LinuxDifferential differential = uid == null ? asThisUser() : asUser(uid)) {
        List<LinuxOp> ops = steps(replay);
        Finding finding = differential.check(ops);
        if (finding == null) {
          LinuxSide.Result result = differential.linux.run(ops);
          out.println("no difference");
          for (int i = 0; i < ops.size(); i++) {
            out.printf(
                "  %2d. %s%n        both    %s%n", i + 1, ops.get(i), result.outcomes().get(i));
          }
          out.println("  final state:\n" + result.snapshot().indent(8));
        } else {
          out.println(finding.report());
        }
        explained = finding == null || finding.known() != null;
      }
      out.flush();
      // After the close: the work directories' bases are deleted.
      System.exit(explained ? 0 : 1);
    }
    Summary summary;
    try (LinuxDifferential differential = uid == null ? asThisUser() : asUser(uid)) {
      out.println(
          "JDK "
              + Runtime.version()
              + ", "
              + differential.describe()
              + ", seeds from "
              + seed
              + ", for "
              + seconds
              + "s");
      summary =
          differential.run(
              seed, Long.MAX_VALUE, System.nanoTime() + seconds * 1_000_000_000L, known, out);
    }
    out.println();
    out.println(summary.report());
    if (known) {
      summary.knownExamples.forEach(
          (name, finding) -> out.println("KNOWN " + name + ": " + finding.report()));
    }
    out.flush();
    List<String> unexplained = new ArrayList<>(summary.divergences.keySet());
    System.exit(unexplained.isEmpty() ? 0 : 1);
  }
}
