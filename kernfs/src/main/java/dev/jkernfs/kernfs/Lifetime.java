package dev.jkernfs.kernfs;

import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * How long a synthetic inode's dentry lives: pinned for the life of the filesystem, or only while
 * what the inode stands for (a thread, an application object) still exists. Inodes built from
 * kernfs parts answer {@link Inode#keep()} and {@link Inode#valid()} from it.
 *
 * <p>Every child of a directory that is not kept must itself not be kept. A pinned dentry holds its
 * parent forever, and invalidating the parent unpins only the parent: the pinned child and, through
 * it, the parent would never die.
 */
public final class Lifetime {
  /** Kept in the tree until the filesystem is released; always valid. */
  public static final Lifetime PINNED = new Lifetime(null);

  private final BooleanSupplier alive;

  private Lifetime(BooleanSupplier alive) {
    this.alive = alive;
  }

  /**
   * Not kept: the dentry goes when nothing uses it, or waits in the dentry cache, and stops
   * resolving once {@code alive} says false. {@code alive} runs under the filesystem's lock on
   * every cached hit, so it must be cheap and must not call into the filesystem.
   */
  public static Lifetime whileAlive(BooleanSupplier alive) {
    return new Lifetime(Objects.requireNonNull(alive, "alive"));
  }

  /** The answer for {@link Inode#keep()}. */
  public boolean keep() {
    return alive == null;
  }

  /** The answer for {@link Inode#valid()}. */
  public boolean valid() {
    return alive == null || alive.getAsBoolean();
  }

  @Override
  public String toString() {
    return alive == null ? "pinned" : "while alive";
  }
}
