package dev.jkernfs.vfs;

import java.util.Arrays;

/**
 * The state of one path walk, handed to a filesystem's operations: the current position, the
 * remaining components, whose credentials apply, and the symlinks followed so far.
 *
 * <p>A filesystem walks from {@link #start()} one {@link #component()} at a time and calls {@link
 * #advance()} after each. Three things it cannot do alone go through this object: stepping into a
 * dentry that is a mount point ({@link #checkMount}), {@code ..} from a mount's root ({@link
 * #handleDotDot}), and following a symlink ({@link #handleSymlink}). Each either returns, and the
 * filesystem goes on, or records a new position in another mount and throws {@link ResolveJump},
 * which the VFS catches to call the operation again there.
 *
 * <p>References: the VFS caller keeps the root and the initial start alive. Every position reached
 * by a jump carries a reference on its mount and dentry, owned by this object and dropped when the
 * walk moves on or ends (outside every filesystem lock).
 */
public final class ResolvingPath {
  /** Linux's limit on symlinks followed in one resolution (MAXSYMLINKS). */
  public static final int MAX_SYMLINKS = 40;

  private final VirtualFilesystem vfs;
  private final Credentials credentials;
  private final VirtualDentry root;
  private final VirtualDentry operationStart;
  private final boolean followFinalSymlink;

  private Mount mount;
  private Dentry start;
  private boolean ownsPosition;

  private Mount nextMount;
  private Dentry nextStart;

  private String[] names;
  private int index;
  private boolean mustBeDir;
  private int symlinks;

  private PathMemo memo; // where to remember the walk, if the caller asked
  private long memoMountGeneration;

  ResolvingPath(VirtualFilesystem vfs, PathOperation op) {
    this.vfs = vfs;
    this.credentials = op.credentials();
    this.root = op.root();
    this.operationStart = op.start();
    this.followFinalSymlink = op.followFinalSymlink();
    VirtualDentry from = op.path().absolute() ? op.root() : op.start();
    this.mount = from.mount();
    this.start = from.dentry();
    this.names = op.path().names();
    this.mustBeDir = op.path().trailingSlash();
  }

  public Credentials credentials() {
    return credentials;
  }

  /** The mount the walk is in. */
  public Mount mount() {
    return mount;
  }

  /** The dentry the filesystem starts walking from: the current position. */
  public Dentry start() {
    return start;
  }

  /** Whether no components remain. */
  public boolean done() {
    return index >= names.length;
  }

  /** Whether the current component is the last (or none remain). */
  public boolean isFinal() {
    return index >= names.length - 1;
  }

  /** The current component; never empty, may be {@code .} or {@code ..}. */
  public String component() {
    return names[index];
  }

  public void advance() {
    index++;
  }

  /** Whether the path ended in a slash: its last component must be a directory. */
  public boolean mustBeDir() {
    return mustBeDir;
  }

  /** Whether a symlink in the current component is to be followed. */
  public boolean shouldFollowSymlink() {
    return shouldFollowSymlinkAhead(0);
  }

  /** How many components remain, the current one included. */
  public int remaining() {
    return names.length - index;
  }

  /**
   * The component {@code ahead} places after the current one, without moving: for a walk that may
   * give up and start again from the current position.
   */
  public String componentAhead(int ahead) {
    return names[index + ahead];
  }

  /** Whether a symlink in the component {@code ahead} places after the current one is followed. */
  public boolean shouldFollowSymlinkAhead(int ahead) {
    return index + ahead < names.length - 1 || followFinalSymlink || mustBeDir;
  }

  /**
   * Handles {@code ..} from {@code dir}, the current directory. Returns true if {@code dir} is the
   * caller's root, where {@code ..} stays; false if the filesystem should step to {@code dir}'s
   * parent. If {@code dir} is the root of the current mount, moves to the mount point in the parent
   * mount and throws {@link ResolveJump}; the {@code ..} is then taken there.
   */
  public boolean handleDotDot(Dentry dir) {
    if (dir == root.dentry() && mount == root.mount()) {
      return true;
    }
    if (dir != mount.root()) {
      return false;
    }
    Mount parent = mount.parent();
    if (parent == null) {
      // The root of a detached or namespace-root mount: nowhere further up.
      return true;
    }
    jumpTo(parent, mount.mountpoint());
    throw ResolveJump.INSTANCE;
  }

  /**
   * Called when the walk has found {@code child} for the current component, before advancing past
   * it. If a mount sits on it, advances, moves into the topmost mount's root and throws {@link
   * ResolveJump}.
   */
  public void checkMount(Dentry child) {
    if (!child.isMountPoint()) {
      return;
    }
    Mount top = vfs.topMountAt(mount, child);
    if (top == null) {
      return;
    }
    jumpTo(top, top.root());
    advance();
    throw ResolveJump.INSTANCE;
  }

  /**
   * Splices the target of the symlink in the current component into the remaining path and advances
   * past it. A relative target continues from the symlink's directory, in the same filesystem: the
   * caller goes on walking from there. An absolute one moves to the root and throws {@link
   * ResolveJump}.
   *
   * @throws ErrnoException ELOOP after {@value #MAX_SYMLINKS} symlinks, ENOENT for an empty target
   */
  public void handleSymlink(String target) {
    if (++symlinks > MAX_SYMLINKS) {
      throw Errno.ELOOP.exception();
    }
    ParsedPath parsed = ParsedPath.parse(target);
    boolean wasFinal = isFinal();
    String[] rest = Arrays.copyOfRange(names, index + 1, names.length);
    String[] spliced = Arrays.copyOf(parsed.names(), parsed.names().length + rest.length);
    System.arraycopy(rest, 0, spliced, parsed.names().length, rest.length);
    names = spliced;
    index = 0;
    if (wasFinal && parsed.trailingSlash()) {
      mustBeDir = true;
    }
    if (parsed.absolute()) {
      root.incRef();
      setNext(root.mount(), root.dentry());
      throw ResolveJump.INSTANCE;
    }
  }

  /**
   * Moves the walk into another position; takes references on it that this object owns.
   * Preconditions: {@code dentry} belongs to {@code target}'s filesystem and is kept alive by the
   * caller for the duration of this call.
   */
  private void jumpTo(Mount target, Dentry dentry) {
    if (!target.tryIncRef()) {
      // The mount is being torn down under us; what sat there is gone.
      throw Errno.ENOENT.exception();
    }
    dentry.incRef();
    setNext(target, dentry);
  }

  private void setNext(Mount target, Dentry dentry) {
    nextMount = target;
    nextStart = dentry;
  }

  /** Moves to the position recorded by the last jump. Called by the VFS with no locks held. */
  void applyJump() {
    releasePosition();
    mount = nextMount;
    start = nextStart;
    nextMount = null;
    nextStart = null;
    ownsPosition = true;
  }

  /** Asks the walk to be remembered in {@code memo}; the mount table was at {@code generation}. */
  void rememberIn(PathMemo memo, long generation) {
    this.memo = memo;
    this.memoMountGeneration = generation;
  }

  /**
   * Tells the caller's memo, if it gave one, that the walk of every component from the operation's
   * root ended at {@code dentry}, a walk {@code filesystem} validated against {@code stamp} (see
   * {@link PathMemo}). A filesystem calls this only for a walk that crossed no mount, followed no
   * symlink and met no entry whose validity can change while {@code stamp} still holds; this object
   * has not moved (no jump, no component consumed).
   */
  public void rememberWalk(Filesystem filesystem, long stamp, Dentry dentry) {
    if (memo != null
        && index == 0
        && symlinks == 0
        && mount == root.mount()
        && start == root.dentry()) {
      memo.remember(
          credentials,
          root,
          operationStart,
          followFinalSymlink,
          memoMountGeneration,
          filesystem,
          stamp,
          dentry);
    }
  }

  /** Drops what this walk holds. Called by the VFS with no locks held. */
  void release() {
    releasePosition();
    if (nextMount != null) {
      // A jump recorded but never applied: an error surfaced after it.
      nextStart.decRef();
      nextMount.decRef();
      nextMount = null;
      nextStart = null;
    }
  }

  private void releasePosition() {
    if (ownsPosition) {
      start.decRef();
      mount.decRef();
      ownsPosition = false;
    }
  }

  @Override
  public String toString() {
    return "ResolvingPath" + Arrays.toString(names) + "@" + index;
  }
}
