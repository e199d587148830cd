package dev.jkernfs.proc.layeringfixture;

import org.junit.jupiter.api.extension.Extension;

/** Breaks the JUnit rule on purpose: production code naming JUnit. */
public class ProcUsingJunit {
  Extension extension;
}
