package dev.jkernfs.vfs;

/**
 * What a {@link VirtualFilesystem} asks before each call that a fault rule may name: whether to let
 * it go on, cut it short, hold it or fail it. The fault rules themselves live with the front end
 * that users configure ({@code dev.jkernfs.nio.FaultInjector}); the VFS only asks here, so that
 * every front end, FUSE included, sees the same faults.
 *
 * <p>The VFS asks {@link #covers} first, on every call, and builds the path only when it says yes:
 * a filesystem without rules pays two volatile reads and a bit test per call, and allocates
 * nothing.
 */
public interface FaultHook {
  /**
   * Whether any rule may name a call of kind {@code op} now. Called on every call: keep it cheap.
   */
  boolean covers(FileOperation op);

  /**
   * Decides about one call of kind {@code op}, before it looks at or changes anything. May block (a
   * delay, a hang) and may throw to fail the call.
   *
   * @param path the absolute path the call names in the namespace, as the caller gave it; for a
   *     call on an open file, the file's path now (" (deleted)" appended once it is unlinked)
   * @param otherPath the second path of a two-path call (a rename's destination, the existing file
   *     of a link), or null
   * @param requested the bytes a {@link FileOperation#READ} or {@link FileOperation#WRITE} asks to
   *     move; 0 for other calls
   * @return how many of {@code requested} the call may move: {@code requested} to let it go on
   *     whole, fewer (at least 1) to cut it short; ignored for calls that move no bytes
   * @throws ErrnoException to fail the call with that error; a front end may also throw its own
   *     unchecked exception, as for a call it held until it closed
   */
  int before(FileOperation op, String path, String otherPath, int requested);

  /**
   * The active rules, one per line, for control surfaces that show them to an operator (proc's
   * {@code fs/faults/rules}).
   */
  String rulesReport();

  /** The recorded faults, oldest first, one per line (proc's {@code fs/faults/log}). */
  String logReport();
}
