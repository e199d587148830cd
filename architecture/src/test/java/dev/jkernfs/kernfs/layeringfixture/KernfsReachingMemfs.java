package dev.jkernfs.kernfs.layeringfixture;

import dev.jkernfs.memfs.MemfsType;

/** Breaks the kernfs rule on purpose: the framework naming a filesystem built on it. */
public class KernfsReachingMemfs {
  MemfsType type;
}
