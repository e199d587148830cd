package dev.jkernfs.refs;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The leak checker's entry for one checked object: its id, owner and, in {@link LeakMode#TRACE},
 * where it was created and the last ref operations on it.
 */
final class Registration {
  private static final Set<String> CHECKER_CLASSES =
      Set.of(RefCounted.class.getName(), Registration.class.getName(), LeakChecker.class.getName());
  private static final int MAX_FRAMES = 24;

  final CheckedObject object;
  final long id;
  final Object owner;
  private final boolean trace;
  private final int recordLimit;
  private final RefRecord creation;
  private final ArrayDeque<RefRecord> recent;
  private RefRecord destruction;

  Registration(CheckedObject object, long id, Object owner, boolean trace, int recordLimit) {
    this.object = object;
    this.id = id;
    this.owner = owner;
    this.trace = trace;
    this.recordLimit = recordLimit;
    this.creation = trace ? new RefRecord(RefOp.CREATE, 1, captureStack()) : null;
    this.recent = trace ? new ArrayDeque<>() : null;
  }

  /** Derived from the id: equality stays identity, and the hash stays stable under tools. */
  @Override
  public int hashCode() {
    return Long.hashCode(id);
  }

  String name() {
    return object.refType() + "#" + id;
  }

  void record(RefOp op, long refsAfter) {
    if (!trace) {
      return;
    }
    StackTraceElement[] stack = captureStack();
    synchronized (this) {
      if (op == RefOp.DESTROY) {
        destruction = new RefRecord(op, refsAfter, stack);
        return;
      }
      // The same call site incRef'ing in a loop would otherwise push every other record out.
      for (RefRecord existing : recent) {
        if (existing.sameSiteAs(op, stack)) {
          recent.remove(existing);
          existing.repeat();
          recent.addLast(existing);
          return;
        }
      }
      if (recent.size() == recordLimit) {
        recent.removeFirst();
      }
      recent.addLast(new RefRecord(op, refsAfter, stack));
    }
  }

  /** Creation first, then the recent operations oldest first, then the destruction if any. */
  synchronized List<RefRecord> records() {
    if (!trace) {
      return List.of();
    }
    List<RefRecord> all = new ArrayList<>(recent.size() + 2);
    all.add(creation);
    all.addAll(recent);
    if (destruction != null) {
      all.add(destruction);
    }
    return all;
  }

  synchronized RefRecord destruction() {
    return destruction;
  }

  boolean traced() {
    return trace;
  }

  private static StackTraceElement[] captureStack() {
    return StackWalker.getInstance()
        .walk(
            frames ->
                frames
                    .dropWhile(frame -> CHECKER_CLASSES.contains(frame.getClassName()))
                    .limit(MAX_FRAMES)
                    .map(StackWalker.StackFrame::toStackTraceElement)
                    .toArray(StackTraceElement[]::new));
  }
}
