package dev.jkernfs.cyclea;

import dev.jkernfs.cycleb.CycleB;

/** One half of a package cycle made on purpose. */
public class CycleA {
  CycleB other;
}
