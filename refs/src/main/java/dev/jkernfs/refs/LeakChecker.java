package dev.jkernfs.refs;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The registry of live checked objects, and the checks and audits run over it.
 *
 * <p>Objects register when created and unregister when destroyed; whatever is still registered when
 * a scope is checked has leaked. The JVM-wide mode is read from the system property {@value
 * LeakMode#PROPERTY} at startup and can be changed with {@link #setMode}; an owner that is a {@link
 * LeakModeOwner} (a filesystem opened with a {@code leakMode} of its own) overrides it for the
 * objects it owns. Objects created while their mode was {@link LeakMode#DISABLED} are never
 * registered, so set the mode before creating the objects to check.
 */
public final class LeakChecker {
  /** The system property for the number of recent ref operations kept per object in TRACE. */
  public static final String TRACE_RECORDS_PROPERTY = "jkernfs.refs.traceRecords";

  private static final System.Logger LOG = System.getLogger(LeakChecker.class.getName());
  private static final int DEFAULT_TRACE_RECORDS = 8;

  private static volatile LeakMode mode = initialMode();
  private static volatile int traceRecords =
      Integer.getInteger(TRACE_RECORDS_PROPERTY, DEFAULT_TRACE_RECORDS);

  private static final AtomicLong ids = new AtomicLong(1);
  // Keyed by registration, whose hash is derived from its id: identity hashes are not stable
  // under tools that instrument them (Lincheck's model checker makes them deterministic per run).
  private static final Set<Registration> live = ConcurrentHashMap.newKeySet();
  private static final ConcurrentHashMap<IdentityKey, Registration> manual =
      new ConcurrentHashMap<>();
  private static final ConcurrentHashMap<IdentityKey, RefHolder> extraHolders =
      new ConcurrentHashMap<>();

  private LeakChecker() {}

  /** The JVM-wide mode: that of every object whose owner has no mode of its own. */
  public static LeakMode mode() {
    return mode;
  }

  /** The mode of the objects {@code owner} owns: its own if it has one, else the JVM-wide mode. */
  public static LeakMode mode(Object owner) {
    return owner instanceof LeakModeOwner modeOwner ? modeOwner.leakMode() : mode;
  }

  /** Changes the JVM-wide mode for objects created from now on. */
  public static void setMode(LeakMode newMode) {
    mode = Objects.requireNonNull(newMode, "mode");
  }

  /** How many recent ref operations each object keeps in {@link LeakMode#TRACE} (default 8). */
  public static void setTraceRecordLimit(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("trace record limit must be at least 1, was " + limit);
    }
    traceRecords = limit;
  }

  public static int traceRecordLimit() {
    return traceRecords;
  }

  /**
   * Registers an object that manages its own lifetime (one that is not a {@link RefCounted}). Does
   * nothing while checking is disabled.
   *
   * @throws IllegalStateException if the object is already registered
   */
  public static void register(CheckedObject object, Object owner) {
    if (object instanceof RefCounted counted) {
      throw new IllegalStateException(
          "registered twice: " + counted.describe() + " registers itself");
    }
    Registration registration = registerNew(object, owner);
    if (registration != null && manual.putIfAbsent(new IdentityKey(object), registration) != null) {
      live.remove(registration);
      throw new IllegalStateException(
          "registered twice: " + object.refType() + " " + RefCounted.safeDescription(object));
    }
  }

  /**
   * Unregisters an object registered with {@link #register}. Does nothing while checking is
   * disabled.
   *
   * @throws IllegalStateException if checking is on and the object is not registered
   */
  public static void unregister(CheckedObject object) {
    if (!mode.registers()) {
      return;
    }
    Registration registration = manual.remove(new IdentityKey(object));
    if (registration == null) {
      throw new IllegalStateException(
          "unregister of unknown " + object.refType() + " " + RefCounted.safeDescription(object));
    }
    live.remove(registration);
  }

  /** Adds a holder that is not itself a registered object, such as a filesystem's root anchor. */
  public static void registerHolder(RefHolder holder) {
    if (extraHolders.putIfAbsent(new IdentityKey(holder), holder) != null) {
      throw new IllegalStateException("holder registered twice: " + holder.holderDescription());
    }
  }

  /** Removes a holder added with {@link #registerHolder}; unknown holders are ignored. */
  public static void unregisterHolder(RefHolder holder) {
    extraHolders.remove(new IdentityKey(holder));
  }

  /** Lists the objects of {@code scope} that are still registered. */
  public static LeakReport check(LeakScope scope) {
    List<Registration> found = liveIn(scope);
    Map<IdentityKey, List<String>> held = found.isEmpty() ? Map.of() : tallyHeldRefs();
    List<LeakedObject> leaks = new ArrayList<>(found.size());
    for (Registration registration : found) {
      CheckedObject object = registration.object;
      leaks.add(
          new LeakedObject(
              object.refType(),
              registration.id,
              RefCounted.safeDescription(object),
              object instanceof RefCounted counted ? counted.refCount() : -1,
              held.getOrDefault(new IdentityKey(object), List.of()),
              registration.records()));
    }
    return new LeakReport(scope.name(), scope.mode(), leaks);
  }

  /**
   * Checks {@code scope} and acts on leaks as its mode says: nothing when disabled, a log warning
   * in {@link LeakMode#LOG}, an exception otherwise.
   *
   * @return the report
   * @throws LeakDetectedException in THROW and TRACE mode, if anything leaked
   */
  public static LeakReport verify(LeakScope scope) {
    LeakMode current = scope.mode();
    if (!current.registers()) {
      return new LeakReport(scope.name(), current, List.of());
    }
    LeakReport report = check(scope);
    if (!report.isClean()) {
      if (current == LeakMode.LOG) {
        LOG.log(System.Logger.Level.WARNING, report.toString());
      } else {
        throw new LeakDetectedException(report);
      }
    }
    return report;
  }

  /**
   * Compares, for every live reference-counted object of {@code scope}, its real count with the
   * references that all registered holders report on it. Exact only while no other thread changes
   * counts.
   */
  public static AuditReport audit(LeakScope scope) {
    Map<IdentityKey, List<String>> held = tallyHeldRefs();
    List<AuditEntry> entries = new ArrayList<>();
    for (Registration registration : liveIn(scope)) {
      if (registration.object instanceof RefCounted counted && !counted.isDestroyed()) {
        entries.add(
            new AuditEntry(
                counted.refType(),
                registration.id,
                RefCounted.safeDescription(counted),
                counted.refCount(),
                held.getOrDefault(new IdentityKey(counted), List.of())));
      }
    }
    return new AuditReport(scope.name(), entries);
  }

  /** The number of live objects of {@code scope} by type, sorted by type. */
  public static SortedMap<String, Long> liveCounts(LeakScope scope) {
    SortedMap<String, Long> counts = new TreeMap<>();
    for (Registration registration : live) {
      if (scope.covers(registration)) {
        counts.merge(registration.object.refType(), 1L, Long::sum);
      }
    }
    return counts;
  }

  static Registration registerNew(CheckedObject object, Object owner) {
    LeakMode current = mode(owner);
    if (!current.registers()) {
      return null;
    }
    boolean trace = current == LeakMode.TRACE && object.traceRefs();
    Registration registration =
        new Registration(object, ids.getAndIncrement(), owner, trace, traceRecords);
    live.add(registration);
    return registration;
  }

  static void unregister(Registration registration) {
    if (!live.remove(registration)) {
      throw new IllegalStateException("unregister of unknown " + registration.name());
    }
  }

  static long nextId() {
    return ids.get();
  }

  private static List<Registration> liveIn(LeakScope scope) {
    List<Registration> found = new ArrayList<>();
    for (Registration registration : live) {
      if (scope.covers(registration)) {
        found.add(registration);
      }
    }
    found.sort(Comparator.comparingLong(registration -> registration.id));
    return found;
  }

  private static Map<IdentityKey, List<String>> tallyHeldRefs() {
    Map<IdentityKey, List<String>> held = new HashMap<>();
    List<RefHolder> holders = new ArrayList<>(extraHolders.values());
    for (Registration registration : live) {
      if (registration.object instanceof RefHolder holder) {
        holders.add(holder);
      }
    }
    for (RefHolder holder : holders) {
      String description = holder.holderDescription();
      holder.forEachHeldRef(
          target ->
              held.computeIfAbsent(new IdentityKey(target), key -> new ArrayList<>())
                  .add(description));
    }
    return held;
  }

  private static LeakMode initialMode() {
    String property = System.getProperty(LeakMode.PROPERTY);
    return property == null || property.isBlank() ? LeakMode.DISABLED : LeakMode.parse(property);
  }

  /** A map key that compares by identity, since checked objects may define equals. */
  private record IdentityKey(Object object) {
    @Override
    public boolean equals(Object other) {
      return other instanceof IdentityKey key && key.object == object;
    }

    @Override
    public int hashCode() {
      return System.identityHashCode(object);
    }
  }
}
