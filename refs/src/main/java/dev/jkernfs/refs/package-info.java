/**
 * Reference counts, the leak checker and the ref audit.
 *
 * <h2>Invariants</h2>
 *
 * <ul>
 *   <li>A {@link dev.jkernfs.refs.RefCounted} object is born with one reference, owned by whoever
 *       constructed it. Its count lives in one {@code long}; {@code incRef} and {@code decRef} are
 *       one atomic add each.
 *   <li>Counts above zero are live. Zero means "no references": a plain object is destroyed at
 *       once, an object that overrides {@code onZeroRefs} (a cached dentry) may wait at zero and be
 *       revived under its owner's lock. A destroyed object holds a large negative sentinel; every
 *       {@code incRef} or {@code decRef} on it throws {@link java.lang.IllegalStateException}
 *       naming the object, and {@code tryIncRef} fails.
 *   <li>The destructor runs exactly once, on the thread that won the transition to destroyed.
 *   <li>With leak checking on, every checked object is in the registry from construction until
 *       destruction, and nowhere else: nothing depends on the garbage collector or finalizers.
 *       Registering twice or unregistering an unknown object throws.
 *   <li>Reports and audits are snapshots. They are exact when no other thread is changing counts,
 *       which is when tests and fuzz runs take them.
 * </ul>
 */
package dev.jkernfs.refs;
