package dev.jkernfs.vfs;

/**
 * Thrown by {@link ResolvingPath} when resolution must continue in another mount (a mount point,
 * {@code ..} out of a mount's root, an absolute symlink). The new position is stored in the
 * resolving path; the VFS catches this and calls the operation again on the new filesystem.
 * Filesystems let it pass, releasing their locks on the way out.
 */
final class ResolveJump extends RuntimeException {
  private static final long serialVersionUID = 1L;

  // One shared instance: it carries no state and no stack trace, and walks throw it often.
  @SuppressWarnings("StaticAssignmentOfThrowable")
  static final ResolveJump INSTANCE = new ResolveJump();

  private ResolveJump() {
    super("resolution continues in another mount", null, false, false);
  }
}
