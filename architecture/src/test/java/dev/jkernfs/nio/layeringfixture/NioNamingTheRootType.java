package dev.jkernfs.nio.layeringfixture;

import dev.jkernfs.memfs.MemfsType;

/** Keeps the nio rule: naming the root's type is what the provider may do. */
public class NioNamingTheRootType {
  MemfsType rootType = new MemfsType();
}
