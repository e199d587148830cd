package dev.jkernfs.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One step of a {@link LinuxDifferential} sequence: an action and its arguments, two paths and two
 * numbers that pick options, payloads, slots and times. It is plain data, encoded as one line of
 * text, so that a child JVM running as another user can run the same step.
 *
 * @param p the first path, as {@link LinuxWorld#path} decodes it
 * @param q the second path
 * @param x picks options, slots and variants
 * @param y picks payloads, sizes, modes and times
 */
record LinuxOp(Action action, int p, int q, int x, int y) {

  /** The calls a step makes, each with its weight in generated sequences. */
  enum Action {
    CREATE_FILE(6),
    CREATE_DIRECTORY(6),
    CREATE_DIRECTORIES(2),
    WRITE(6),
    READ(3),
    OPEN_CHANNEL(4),
    CHANNEL_WRITE(4),
    CHANNEL_READ(2),
    CHANNEL_TRUNCATE(2),
    CLOSE(2),
    DELETE(3),
    DELETE_IF_EXISTS(2),
    LINK(3),
    SYMLINK(5),
    READ_SYMLINK(2),
    MOVE(6),
    COPY(5),
    LIST(2),
    OPEN_SECURE_DIRECTORY(2),
    SECURE_DIRECTORY_OP(4),
    READ_ATTRIBUTES(4),
    SET_PERMISSIONS(3),
    SET_ATTRIBUTE(3),
    SET_TIMES(2),
    EXISTS(3),
    SAME_FILE(2),
    REAL_PATH(2),
    OWNER(1),
    CHECK_ACCESS(2);

    final int weight;

    Action(int weight) {
      this.weight = weight;
    }
  }

  private static final Action[] ACTIONS = Action.values();
  private static final int TOTAL_WEIGHT = totalWeight();

  private static int totalWeight() {
    int total = 0;
    for (Action action : ACTIONS) {
      total += action.weight;
    }
    return total;
  }

  /** A sequence of 5 to 20 steps, the same for the same seed. */
  static List<LinuxOp> sequence(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int length = 5 + random.nextInt(16);
    List<LinuxOp> ops = new ArrayList<>(length);
    for (int i = 0; i < length; i++) {
      ops.add(random(random));
    }
    return ops;
  }

  private static LinuxOp random(SplittableRandom random) {
    int pick = random.nextInt(TOTAL_WEIGHT);
    Action action = ACTIONS[0];
    for (Action candidate : ACTIONS) {
      pick -= candidate.weight;
      if (pick < 0) {
        action = candidate;
        break;
      }
    }
    int x = random.nextInt(1 << 16);
    // ATOMIC_MOVE in a copy and COPY_ATTRIBUTES in a move are refused before anything else is
    // looked at: one in four keeps them, so that most copies and moves get to the files.
    if (action == Action.COPY && random.nextInt(4) != 0) {
      x &= ~2;
    } else if (action == Action.MOVE && random.nextInt(4) != 0) {
      x &= ~4;
    }
    return new LinuxOp(
        action,
        LinuxWorld.randomPath(random),
        LinuxWorld.randomPath(random),
        x,
        random.nextInt(1 << 16));
  }

  /** The step as one line: {@code ACTION p q x y}. */
  String encode() {
    return action + " " + p + " " + q + " " + x + " " + y;
  }

  static LinuxOp decode(String line) {
    String[] fields = line.trim().split(" ", -1);
    return new LinuxOp(
        Action.valueOf(fields[0]),
        Integer.parseInt(fields[1]),
        Integer.parseInt(fields[2]),
        Integer.parseInt(fields[3]),
        Integer.parseInt(fields[4]));
  }

  @Override
  public String toString() {
    return LinuxWorld.describe(this);
  }
}
