package dev.jkernfs.memfs;

import java.util.BitSet;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Which of a file's unsynced changes reached the disk before a simulated power cut: some of its
 * changed blocks, and perhaps its new size.
 *
 * <p>A seed chooses, per file, one of two ways a device may have written them back: in order (the
 * blocks by offset, as Linux's writeback walks a file's dirty pages, then the size, as ext4's
 * ordered mode writes data before the metadata that exposes it), stopped after a random number of
 * them; or any subset, each block and the size kept with even odds, as a device that reorders its
 * writes may leave them. Without a seed, nothing unsynced reached the disk.
 *
 * @param blocks the indexes of the changed blocks that reached the disk
 * @param size whether the file's new size reached the disk
 */
record Writeback(BitSet blocks, boolean size) {
  /** Nothing unsynced reached the disk. */
  static final Writeback NOTHING = new Writeback(new BitSet(), false);

  /**
   * Chooses what reached the disk.
   *
   * @param changedBlocks the blocks whose bytes differ from the synced ones, in ascending order
   * @param sizeChanged whether the size differs from the synced one
   * @param tear the seeded choice, or null for {@link #NOTHING}
   */
  static Writeback choose(List<Integer> changedBlocks, boolean sizeChanged, SplittableRandom tear) {
    if (tear == null || (changedBlocks.isEmpty() && !sizeChanged)) {
      return NOTHING;
    }
    BitSet blocks = new BitSet();
    boolean size;
    if (tear.nextBoolean()) {
      int changes = changedBlocks.size() + (sizeChanged ? 1 : 0);
      int written = tear.nextInt(changes + 1);
      for (int i = 0; i < Math.min(written, changedBlocks.size()); i++) {
        blocks.set(changedBlocks.get(i));
      }
      size = sizeChanged && written == changes;
    } else {
      for (int block : changedBlocks) {
        if (tear.nextBoolean()) {
          blocks.set(block);
        }
      }
      size = sizeChanged && tear.nextBoolean();
    }
    return new Writeback(blocks, size);
  }
}
