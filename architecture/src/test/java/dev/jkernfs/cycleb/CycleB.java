package dev.jkernfs.cycleb;

import dev.jkernfs.cyclea.CycleA;

/** The other half of a package cycle made on purpose. */
public class CycleB {
  CycleA other;
}
