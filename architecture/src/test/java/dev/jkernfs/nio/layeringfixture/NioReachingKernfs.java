package dev.jkernfs.nio.layeringfixture;

import dev.jkernfs.kernfs.KernfsFilesystem;

/** Breaks the nio rule on purpose: the provider naming a kernfs internal. */
public class NioReachingKernfs {
  KernfsFilesystem filesystem;
}
