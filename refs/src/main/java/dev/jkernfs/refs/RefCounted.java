package dev.jkernfs.refs;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * An object with a reference count and a destructor that runs exactly once, when the last reference
 * is dropped.
 *
 * <p>The count is a single {@code long} field updated through a {@link VarHandle}:
 *
 * <ul>
 *   <li>{@code > 0}: live, with that many references;
 *   <li>{@code 0}: no references, not yet destroyed. Plain objects pass through this state on the
 *       way to destruction; objects that override {@link #onZeroRefs()} (a dentry parked in a
 *       cache) may stay here and be revived with {@link #reviveFromZero()};
 *   <li>{@link #DESTROYED} (far below zero): destroyed.
 * </ul>
 *
 * <p>{@code incRef} and {@code decRef} are one {@code getAndAdd} each, so with leak checking off a
 * pair costs what an {@code AtomicLong} increment/decrement pair costs. A wrong call (incRef or
 * decRef of an object at or below zero) is detected from the value the add returned, undone, and
 * thrown as {@link IllegalStateException}. {@code tryIncRef} is the speculative form for lookups
 * that race with a final {@code decRef}: it CASes from a positive value only, so once the count has
 * reached zero no thread can bring it back. gVisor instead parks speculative references in the high
 * 32 bits and Netty stores twice the count so that a racing retain fails without a CAS loop; both
 * buy a cheaper {@code tryIncRef} with a costlier or subtler {@code decRef}. Here {@code tryIncRef}
 * is the rare operation, so it pays the loop and the common pair stays a plain add.
 */
public abstract class RefCounted implements CheckedObject {
  /**
   * The count of a destroyed object: so far below zero that no number of stray adds brings it back
   * to a live value.
   */
  static final long DESTROYED = Long.MIN_VALUE / 2;

  private static final VarHandle REFS;

  static {
    try {
      REFS = MethodHandles.lookup().findVarHandle(RefCounted.class, "refs", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  @SuppressWarnings("FieldMayBeFinal") // written through REFS
  private volatile long refs = 1;

  /** Non-null iff leak checking was on when this object was created. */
  private final Registration registration;

  /**
   * Creates the object with one reference, owned by the caller, and registers it with the leak
   * checker if checking is on.
   *
   * @param owner the scope owner this object is checked with (a filesystem, a mount namespace), or
   *     {@code null} if it belongs to no owner
   */
  @SuppressWarnings("this-escape") // the registry stores the object; it reads nothing from it yet
  protected RefCounted(Object owner) {
    registration = LeakChecker.registerNew(this, owner);
  }

  /** Creates the object with one reference and no scope owner. */
  protected RefCounted() {
    this(null);
  }

  /**
   * Takes a reference.
   *
   * @throws IllegalStateException if the object has no references or has been destroyed
   */
  public final void incRef() {
    long before = (long) REFS.getAndAdd(this, 1L);
    if (before <= 0) {
      REFS.getAndAdd(this, -1L);
      throw misuse(RefOp.INC_REF, before);
    }
    if (registration != null) {
      registration.record(RefOp.INC_REF, before + 1);
    }
  }

  /**
   * Takes a reference if the object still has one; never revives an object at zero.
   *
   * @return whether a reference was taken
   */
  public final boolean tryIncRef() {
    long current = refs;
    while (current > 0) {
      long witness = (long) REFS.compareAndExchange(this, current, current + 1);
      if (witness == current) {
        if (registration != null) {
          registration.record(RefOp.TRY_INC_REF, current + 1);
        }
        return true;
      }
      current = witness;
    }
    return false;
  }

  /**
   * Drops a reference; the last one calls {@link #onZeroRefs()}, which destroys the object unless
   * overridden.
   *
   * @throws IllegalStateException if the object has no references or has been destroyed
   */
  public final void decRef() {
    long before = (long) REFS.getAndAdd(this, -1L);
    if (before <= 0) {
      REFS.getAndAdd(this, 1L);
      throw misuse(RefOp.DEC_REF, before);
    }
    if (registration != null) {
      registration.record(RefOp.DEC_REF, before - 1);
    }
    if (before == 1) {
      onZeroRefs();
    }
  }

  /**
   * Drops a reference unless it is the last: for a caller that may not run what the last drop would
   * run where it stands (it holds a lock the destructor takes), and defers only that drop.
   *
   * @return false, doing nothing, if this is the last reference (or there is none)
   */
  public final boolean tryDecRefUnlessLast() {
    long current = refs;
    while (current > 1) {
      long witness = (long) REFS.compareAndExchange(this, current, current - 1);
      if (witness == current) {
        if (registration != null) {
          registration.record(RefOp.DEC_REF, current - 1);
        }
        return true;
      }
      current = witness;
    }
    return false;
  }

  /** The current number of references; 0 for an object at zero or destroyed. */
  public final long refCount() {
    return Math.max(refs, 0);
  }

  /** Whether the destructor has run (or is running). */
  public final boolean isDestroyed() {
    return refs < 0;
  }

  /**
   * Called once each time the count drops to zero, on the thread that dropped it. The default
   * destroys the object. An override that keeps the object at zero must eventually call {@link
   * #destroyIfUnreferenced()} or revive it.
   */
  protected void onZeroRefs() {
    // This thread took the count from one to zero, so it alone destroys. A racing wrong decRef
    // may have the count at -1 for a moment before undoing its add; setting the sentinel
    // unconditionally keeps that misuse from stopping the rightful destruction.
    REFS.setVolatile(this, DESTROYED);
    runDestructor();
  }

  /**
   * Brings an object from zero references back to one, as a lookup does for a cached dentry. The
   * caller must exclude concurrent destruction (hold the lock that guards the cache).
   *
   * @return false if the object was not at zero (it has references or is destroyed)
   */
  protected final boolean reviveFromZero() {
    if (!REFS.compareAndSet(this, 0L, 1L)) {
      return false;
    }
    if (registration != null) {
      registration.record(RefOp.REVIVE, 1);
    }
    return true;
  }

  /**
   * Destroys the object if it is at zero: marks it destroyed, unregisters it and runs {@link
   * #destroy()} on this thread.
   *
   * @return false, doing nothing, if it had been revived or was already destroyed
   */
  protected final boolean destroyIfUnreferenced() {
    if (!REFS.compareAndSet(this, 0L, DESTROYED)) {
      return false;
    }
    runDestructor();
    return true;
  }

  /**
   * Drops the caller's reference if it is the only one and destroys the object at once, without
   * passing through {@link #onZeroRefs()}: for a caller that already holds whatever that method
   * would lock to decide the object's fate, and knows the answer is destruction.
   *
   * @return false, doing nothing, if the object has other references (or none)
   */
  protected final boolean destroyIfLastRef() {
    if (!REFS.compareAndSet(this, 1L, DESTROYED)) {
      return false;
    }
    if (registration != null) {
      registration.record(RefOp.DEC_REF, 0);
    }
    runDestructor();
    return true;
  }

  private void runDestructor() {
    if (registration == null) {
      destroy();
      return;
    }
    registration.record(RefOp.DESTROY, 0);
    try {
      destroy();
    } finally {
      LeakChecker.unregister(registration);
    }
  }

  /**
   * Releases what this object holds: the references it took on others, its memory. Runs exactly
   * once, after the object has been marked destroyed; the leak checker forgets the object when it
   * returns.
   */
  protected abstract void destroy();

  /** The object's name in messages: {@code "dentry#12 /a/b"}. */
  public final String describe() {
    String name = registration != null ? registration.name() : refType();
    return name + " " + safeDescription(this);
  }

  static String safeDescription(CheckedObject object) {
    try {
      return object.leakDescription();
    } catch (RuntimeException e) {
      return "(description failed: " + e + ")";
    }
  }

  private IllegalStateException misuse(RefOp op, long before) {
    StringBuilder message = new StringBuilder();
    message
        .append(op)
        .append(" on ")
        .append(before < 0 ? "destroyed " : "unreferenced ")
        .append(describe());
    RefRecord destruction = registration != null ? registration.destruction() : null;
    if (destruction != null) {
      message.append("; it was first released here:\n");
      destruction.appendTo(message, "  ");
    } else if (registration == null || !registration.traced()) {
      message.append(" (run with -D").append(LeakMode.PROPERTY).append("=trace to see where)");
    }
    return new IllegalStateException(message.toString());
  }
}
