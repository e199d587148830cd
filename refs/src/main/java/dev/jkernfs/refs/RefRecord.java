package dev.jkernfs.refs;

import java.util.Arrays;
import java.util.List;

/**
 * One place in an object's reference history: what happened, the count right after it, how many
 * consecutive times the identical event came from the identical stack, and that stack.
 */
public final class RefRecord {
  private final RefOp op;
  private final long refsAfter;
  private final StackTraceElement[] stack;
  private int repeats = 1;

  RefRecord(RefOp op, long refsAfter, StackTraceElement[] stack) {
    this.op = op;
    this.refsAfter = refsAfter;
    this.stack = stack;
  }

  public RefOp op() {
    return op;
  }

  /** The reference count just after the first of the repeated events. */
  public long refsAfter() {
    return refsAfter;
  }

  /** How many times this event was seen from this stack (identical stacks are kept once). */
  public synchronized int repeats() {
    return repeats;
  }

  public List<StackTraceElement> stack() {
    return List.of(stack);
  }

  boolean sameSiteAs(RefOp otherOp, StackTraceElement[] otherStack) {
    return op == otherOp && Arrays.equals(stack, otherStack);
  }

  synchronized void repeat() {
    repeats++;
  }

  @Override
  public String toString() {
    StringBuilder out = new StringBuilder();
    appendTo(out, "");
    return out.toString();
  }

  void appendTo(StringBuilder out, String indent) {
    out.append(indent).append(op);
    if (op != RefOp.DESTROY) {
      out.append(" (refs=").append(refsAfter).append(')');
    }
    int times = repeats();
    if (times > 1) {
      out.append(" x").append(times);
    }
    out.append(" at:\n");
    for (StackTraceElement frame : stack) {
      out.append(indent).append("    ").append(frame).append('\n');
    }
  }
}
