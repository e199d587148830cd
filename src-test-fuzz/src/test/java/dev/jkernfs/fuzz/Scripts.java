package dev.jkernfs.fuzz;

import java.util.ArrayList;
import java.util.List;

/**
 * Hand-written step sequences, spelled with the names the reports use, for the seed corpus and the
 * seeded-fault proofs.
 */
final class Scripts {
  private final byte header;
  private final NameSpace names;
  private final List<Step> steps = new ArrayList<>();

  private Scripts(int header, NameSpace names) {
    this.header = (byte) header;
    this.names = names;
  }

  /**
   * A script for the NIO targets with mounts.
   *
   * @param cacheLimit the dentry cache limit, 0 to 3
   * @param populated whether to start from the populated tree
   */
  static Scripts nio(int cacheLimit, boolean populated) {
    return new Scripts(cacheLimit | (populated ? 4 : 0), NameSpace.WITH_MOUNTS);
  }

  /** A script for the differential, whose name space has no mounts. */
  static Scripts plain(int cacheLimit, boolean populated) {
    return new Scripts(cacheLimit | (populated ? 4 : 0), NameSpace.PLAIN);
  }

  /** A script for the concurrent target, dealt to {@code threads} (2 to 4) threads. */
  static Scripts concurrent(int cacheLimit, boolean populated, int threads) {
    return new Scripts(
        cacheLimit | (populated ? 4 : 0) | (threads - 2) << 3, NameSpace.WITH_MOUNTS);
  }

  /** A script for the kernfs-internals target, whose arguments are raw selectors. */
  static Scripts internals(int rootCacheLimit, int dynamicCacheLimit) {
    return new Scripts(rootCacheLimit | dynamicCacheLimit << 2, null);
  }

  /** Adds an NIO step; {@code a} and {@code b} are paths of the name space, or raw selectors. */
  Scripts nio(NioAction action, Object a, Object b, int c) {
    steps.add(new Step(action.code(), selector(a), selector(b), c));
    return this;
  }

  Scripts nio(NioAction action, Object a) {
    return nio(action, a, 0, 0);
  }

  /** Adds a symlink step, with the target spelled out. */
  Scripts symlink(String link, String target) {
    for (int selector = 0; selector < 256; selector++) {
      if (names.symlinkTarget(selector).equals(target)) {
        return nio(NioAction.SYMLINK, link, selector, 0);
      }
    }
    throw new IllegalArgumentException("not a symlink target of the name space: " + target);
  }

  /** Adds a step of the kernfs-internals target; a String argument is one of its paths. */
  Scripts internal(KernfsInternalsTarget.Action action, Object a, Object b, int c) {
    steps.add(
        new Step(
            action.code(),
            KernfsInternalsTarget.selector(a),
            KernfsInternalsTarget.selector(b),
            c));
    return this;
  }

  private int selector(Object argument) {
    if (argument instanceof Integer raw) {
      return raw;
    }
    for (int selector = 0; selector < 256; selector++) {
      if (names.path(selector).equals(argument)) {
        return selector;
      }
    }
    throw new IllegalArgumentException("not in the name space: " + argument);
  }

  byte[] encode() {
    return new Script(new byte[] {header}, steps).encode();
  }
}
