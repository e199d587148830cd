package dev.jkernfs.fuzz;

import java.io.IOException;
import java.nio.file.FileSystem;

/**
 * Target 1: a sequence of {@code java.nio.file} calls on a jkernfs filesystem with a second memfs
 * at {@code /mnt} and a switchboard of coming and going entries at {@code /dyn}. After the sequence
 * every channel and stream is closed; then the ref audit must balance and, once the filesystem is
 * closed, nothing of it may be left.
 *
 * <p>Input: one header byte, then steps. The header's low two bits are the dentry cache limit of
 * every mount (0 to 3); its third bit starts the run from {@link NioWorld#populate the populated
 * tree} instead of an empty one.
 */
final class NioSequenceTarget implements FuzzTarget {
  static final NioSequenceTarget INSTANCE = new NioSequenceTarget();
  static final int MAX_STEPS = 64;

  /** The entry point of Jazzer's standalone driver. */
  public static void fuzzerTestOneInput(byte[] data) {
    Harness.check(INSTANCE, data);
  }

  @Override
  public String name() {
    return "nioSequences";
  }

  @Override
  public Script decode(byte[] data) {
    return Script.decode(data, 1, NioAction.DYNAMIC_COUNT, MAX_STEPS);
  }

  @Override
  public Failure run(Script script) {
    FileSystem fs = NioFilesystems.withMounts(cacheLimit(script));
    Failure failure = null;
    try {
      NioWorld world = new NioWorld(fs, NameSpace.WITH_MOUNTS, NioFilesystems.switchboard(fs));
      if (populated(script)) {
        world.populate();
      }
      failure = runSteps(world, script);
      if (failure == null) {
        world.closeAll();
        failure = NioFilesystems.audit(fs);
      }
    } catch (IOException | RuntimeException e) {
      failure = NioFilesystems.unexpected("closing the handles", e);
    }
    return NioFilesystems.closeAndCheck(fs, failure);
  }

  /** Runs the steps; returns the failure of the first that throws what it must not. */
  Failure runSteps(NioWorld world, Script script) {
    for (int i = 0; i < script.steps().size(); i++) {
      Step step = script.steps().get(i);
      try {
        world.apply(step);
      } catch (RuntimeException | StackOverflowError e) {
        return NioFilesystems.unexpected("step " + (i + 1) + " (" + describe(step) + ")", e);
      }
    }
    return null;
  }

  @Override
  public String describe(Step step) {
    return NioWorld.describe(step, NameSpace.WITH_MOUNTS);
  }

  static int cacheLimit(Script script) {
    return script.header(0) & 3;
  }

  static boolean populated(Script script) {
    return (script.header(0) & 4) != 0;
  }

  /** The header as the report shows it. */
  static String describeNioHeader(Script script) {
    return "dentry cache limit "
        + cacheLimit(script)
        + (populated(script) ? "; populated tree" : "; empty tree");
  }

  @Override
  public String describeHeader(Script script) {
    return describeNioHeader(script) + "; memfs at /mnt, switchboard at /dyn";
  }
}
