package dev.jkernfs.fuzz;

import dev.jkernfs.kernfs.KernfsFilesystem;
import dev.jkernfs.memfs.MemfsType;
import dev.jkernfs.refs.AuditReport;
import dev.jkernfs.refs.LeakChecker;
import dev.jkernfs.refs.LeakReport;
import dev.jkernfs.refs.LeakScope;
import dev.jkernfs.refs.RefCounted;
import dev.jkernfs.refs.RefHolder;
import dev.jkernfs.vfs.Credentials;
import dev.jkernfs.vfs.ErrnoException;
import dev.jkernfs.vfs.FileDescription;
import dev.jkernfs.vfs.FilesystemType;
import dev.jkernfs.vfs.Mount;
import dev.jkernfs.vfs.OpenOptions;
import dev.jkernfs.vfs.ParsedPath;
import dev.jkernfs.vfs.PathOperation;
import dev.jkernfs.vfs.SetStat;
import dev.jkernfs.vfs.TimeSource;
import dev.jkernfs.vfs.VirtualDentry;
import dev.jkernfs.vfs.VirtualFilesystem;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Target 3: sequences over the VFS and kernfs API directly, below NIO: a memfs root with tiny
 * dentry caches (0 to 3), a {@link SwitchboardFilesystem} at {@code /dyn} whose entries come and go
 * between steps, mounts and unmounts of a second filesystem, dentries held outside any open file,
 * cache limits changed on the fly, and bursts of walks from two threads that drain the deferred
 * drops concurrently.
 *
 * <p>After every step the ref audit must balance and no dentry cache may exceed its limit; after
 * the sequence, once everything is released and the namespace closed, nothing may be left and every
 * filesystem's dentry and inode counters must be back at zero.
 *
 * <p>Input: one header byte (bits 0-1: the root's cache limit; bits 2-3: the switchboard's), then
 * steps.
 */
final class KernfsInternalsTarget implements FuzzTarget {
  static final KernfsInternalsTarget INSTANCE = new KernfsInternalsTarget();

  private static final int MAX_STEPS = 48;
  private static final int SLOTS = 6;
  private static final Credentials ROOT = Credentials.root();

  private static final List<String> PATHS =
      List.of(
          "/a",
          "/b",
          "/a/a",
          "/a/b",
          "/b/a",
          "/m",
          "/m/a",
          "/m/numbers/3/leaf",
          "/dyn/numbers/1",
          "/dyn/numbers/2",
          "/dyn/numbers/3/leaf",
          "/dyn/static/a");

  /** The steps of this target, each one VFS call or one change to the world around it. */
  enum Action {
    MKDIR,
    CREATE,
    OPEN,
    HOLD,
    RELEASE,
    WRITE,
    READ,
    LINK,
    SYMLINK,
    RENAME,
    UNLINK,
    RMDIR,
    STAT,
    CHMOD,
    WALK_DYNAMIC,
    FLIP,
    SET_CACHE_LIMIT,
    MOUNT,
    UNMOUNT,
    CONCURRENT_WALKS;

    private static final Action[] ALL = values();

    static Action of(Step step) {
      return ALL[step.action()];
    }

    /** The value that selects this action in an input: its place in the language, by design. */
    @SuppressWarnings("EnumOrdinal")
    int code() {
      return ordinal();
    }
  }

  /** The entry point of Jazzer's standalone driver. */
  public static void fuzzerTestOneInput(byte[] data) {
    Harness.check(INSTANCE, data);
  }

  @Override
  public String name() {
    return "kernfsInternals";
  }

  @Override
  public Script decode(byte[] data) {
    return Script.decode(data, 1, Action.ALL.length, MAX_STEPS);
  }

  @Override
  public Failure run(Script script) {
    World world = new World(script.header(0) & 3, (script.header(0) >> 2) & 3);
    LeakChecker.registerHolder(world);
    Failure failure = null;
    try {
      for (int i = 0; i < script.steps().size() && failure == null; i++) {
        Step step = script.steps().get(i);
        String where = "step " + (i + 1) + " (" + describe(step) + ")";
        try {
          world.apply(step);
        } catch (ErrnoException | IllegalArgumentException expected) {
          // A refused operation; what matters is that it leaves the counts right.
        } catch (RuntimeException | StackOverflowError e) {
          failure = NioFilesystems.unexpected(where, e);
        }
        if (failure == null) {
          failure = world.checkInvariants("after " + where);
        }
      }
      world.releaseAll();
      if (failure == null) {
        failure = world.checkInvariants("after releasing every handle");
      }
    } catch (RuntimeException e) {
      failure = NioFilesystems.unexpected("releasing the handles", e);
    } finally {
      LeakChecker.unregisterHolder(world);
    }
    return world.closeAndCheck(failure);
  }

  /** One namespace and what the steps hold in it. */
  private static final class World implements RefHolder {
    final VirtualFilesystem vfs;
    final LeakScope scope;
    final List<KernfsFilesystem> filesystems = new ArrayList<>();
    // Each an open FileDescription or a VirtualDentry the harness holds a reference on.
    final Object[] slots = new Object[SLOTS];

    World(int rootCacheLimit, int dynamicCacheLimit) {
      vfs =
          VirtualFilesystem.create(
              "fuzz-internals",
              TimeSource.SYSTEM,
              FilesystemType.find(MemfsType.NAME),
              Map.of("dentryCacheLimit", rootCacheLimit));
      scope = LeakScope.ownedBy(vfs, "fuzz-internals");
      filesystems.add((KernfsFilesystem) vfs.root().mount().filesystem());
      vfs.mkdir(op("/m"), 0755);
      vfs.mkdir(op("/dyn"), 0755);
      mount("/dyn", SwitchboardType.NAME, dynamicCacheLimit);
    }

    PathOperation op(String path) {
      return op(path, true);
    }

    PathOperation op(String path, boolean follow) {
      return new PathOperation(ROOT, vfs.root(), vfs.root(), ParsedPath.parse(path), follow);
    }

    void mount(String path, String type, int cacheLimit) {
      Mount mount =
          vfs.mount(op(path), FilesystemType.find(type), Map.of("dentryCacheLimit", cacheLimit));
      filesystems.add((KernfsFilesystem) mount.filesystem());
    }

    void apply(Step step) {
      String p = path(step.a());
      String q = path(step.b());
      switch (Action.of(step)) {
        case MKDIR -> vfs.mkdir(op(p), 0755);
        case CREATE -> vfs.open(op(p), openMode(1)).close();
        case OPEN -> hold(step.c(), vfs.open(op(p), openMode(step.b())));
        case HOLD -> hold(step.c(), vfs.getDentry(op(p, step.b() % 2 == 0), false));
        case RELEASE -> release(step.a() % SLOTS);
        case WRITE -> {
          if (slots[step.a() % SLOTS] instanceof FileDescription fd) {
            fd.pwrite(ByteBuffer.wrap(NioWorld.payload(step.b() % 8, step.c())), step.c() % 8);
          }
        }
        case READ -> {
          if (slots[step.a() % SLOTS] instanceof FileDescription fd) {
            if (fd.stat().isDirectory()) {
              fd.readdir(entry -> true);
            } else {
              fd.pread(ByteBuffer.allocate(8), step.b() % 8);
            }
          }
        }
        case LINK -> vfs.link(op(p, false), op(q, false));
        case SYMLINK -> vfs.symlink(op(p, false), NameSpace.PLAIN.symlinkTarget(step.b()));
        case RENAME -> vfs.rename(op(p, false), op(q, false), step.c() % 2 == 1);
        case UNLINK -> vfs.unlink(op(p, false));
        case RMDIR -> vfs.rmdir(op(p, false));
        case STAT -> vfs.stat(op(p, step.b() % 2 == 0));
        case CHMOD -> vfs.setStat(op(p), SetStat.mode(step.b() | (step.c() & 1) << 8));
        case WALK_DYNAMIC -> walkDynamic(step.a(), step.b(), step.c());
        case FLIP -> switchboard().flip(step.a() % SwitchboardFilesystem.ENTRIES);
        case SET_CACHE_LIMIT ->
            filesystems.get(step.a() % filesystems.size()).setDentryCacheLimit(step.b() % 4);
        case MOUNT ->
            mount(p, step.b() % 2 == 0 ? MemfsType.NAME : SwitchboardType.NAME, step.c() % 4);
        case UNMOUNT -> vfs.unmount(op(p), step.b() % 2 == 1);
        case CONCURRENT_WALKS -> concurrentWalks(step.a() << 8 | step.b());
      }
    }

    private void walkDynamic(int kind, int number, int slot) {
      int n = number % SwitchboardFilesystem.ENTRIES;
      String entry = "/dyn/numbers/" + n;
      String file = n % 2 == 0 ? entry : entry + "/leaf";
      switch (kind % 4) {
        case 0 -> vfs.stat(op(entry));
        case 1 -> vfs.stat(op(entry + "/leaf"));
        case 2 -> hold(slot, vfs.open(op(file), OpenOptions.READ));
        default -> hold(slot, vfs.getDentry(op(entry), false));
      }
    }

    /**
     * Two threads walk the switchboard at once, flipping entries as they go, so that deferred
     * drops, cache insertions and invalidations race. Only ENOENT may come out of them.
     */
    private void concurrentWalks(int seed) {
      AtomicReference<RuntimeException> thrown = new AtomicReference<>();
      List<Thread> threads = new ArrayList<>();
      for (int t = 0; t < 2; t++) {
        SplittableRandom random = new SplittableRandom(seed * 31L + t);
        Thread thread =
            new Thread(
                () -> {
                  for (int i = 0; i < 24; i++) {
                    try {
                      int n = random.nextInt(SwitchboardFilesystem.ENTRIES);
                      switch (random.nextInt(4)) {
                        case 0 -> vfs.stat(op("/dyn/numbers/" + n));
                        case 1 -> vfs.stat(op("/dyn/numbers/" + n + "/leaf"));
                        case 2 ->
                            vfs.open(op("/dyn/numbers/" + (n & ~1)), OpenOptions.READ).close();
                        default -> switchboard().flip(n);
                      }
                    } catch (ErrnoException expected) {
                      // the entry was off
                    } catch (RuntimeException e) {
                      thrown.compareAndSet(null, e);
                    }
                  }
                },
                "walker-" + t);
        threads.add(thread);
        thread.start();
      }
      for (Thread thread : threads) {
        try {
          thread.join(10_000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while joining walkers", e);
        }
        if (thread.isAlive()) {
          throw new IllegalStateException(
              "walker " + thread.getName() + " still running: deadlock?");
        }
      }
      if (thrown.get() != null) {
        throw thrown.get();
      }
    }

    SwitchboardFilesystem switchboard() {
      return (SwitchboardFilesystem) filesystems.get(1);
    }

    private void hold(int selector, Object handle) {
      int slot = selector % SLOTS;
      release(slot);
      slots[slot] = handle;
    }

    private void release(int slot) {
      Object handle = slots[slot];
      slots[slot] = null;
      if (handle instanceof FileDescription fd) {
        fd.close();
      } else if (handle instanceof VirtualDentry position) {
        position.decRef();
      }
    }

    void releaseAll() {
      for (int slot = 0; slot < SLOTS; slot++) {
        release(slot);
      }
    }

    /** The audit and the cache bounds; exact here because no other thread is running. */
    Failure checkInvariants(String where) {
      AuditReport audit = LeakChecker.audit(scope);
      if (!audit.isBalanced()) {
        return new Failure(
            Failure.Kind.UNBALANCED_AUDIT,
            "",
            where + ", " + audit.mismatches().size() + " objects do not balance",
            "",
            null,
            audit);
      }
      for (KernfsFilesystem fs : filesystems) {
        if (fs.isDestroyed()) {
          continue;
        }
        long cached = fs.cachedDentries();
        if (cached > fs.dentryCacheLimit() || cached > fs.liveDentries()) {
          return Failure.of(
              Failure.Kind.INVARIANT,
              "cache",
              where
                  + ", "
                  + fs.leakDescription()
                  + " caches "
                  + cached
                  + " dentries (limit "
                  + fs.dentryCacheLimit()
                  + ", live "
                  + fs.liveDentries()
                  + ")",
              "");
        }
      }
      return null;
    }

    Failure closeAndCheck(Failure failure) {
      try {
        vfs.close();
      } catch (RuntimeException e) {
        if (failure == null) {
          failure = NioFilesystems.unexpected("closing the namespace", e);
        }
      }
      LeakReport leaks = LeakChecker.check(scope);
      if (!leaks.isClean()) {
        Failure leak =
            failure != null
                ? failure
                : Failure.of(
                    Failure.Kind.LEAK,
                    "",
                    leaks.leaks().size() + " objects outlived the namespace's close",
                    "");
        return leak.withLeaks(leaks);
      }
      if (failure != null) {
        return failure.withLeaks(leaks);
      }
      for (KernfsFilesystem fs : filesystems) {
        if (fs.liveDentries() != 0 || fs.liveInodes() != 0) {
          return Failure.of(
              Failure.Kind.INVARIANT,
              "counters",
              fs.leakDescription()
                  + " counts "
                  + fs.liveDentries()
                  + " dentries and "
                  + fs.liveInodes()
                  + " inodes after its release",
              "");
        }
      }
      return null;
    }

    @Override
    public String holderDescription() {
      return "fuzz harness slots";
    }

    /** The positions held; an open description reports its opener's reference itself. */
    @Override
    public void forEachHeldRef(Consumer<RefCounted> sink) {
      for (Object handle : slots) {
        if (handle instanceof VirtualDentry position) {
          sink.accept(position.mount());
          sink.accept(position.dentry());
        }
      }
    }
  }

  private static String path(int selector) {
    return PATHS.get(selector % PATHS.size());
  }

  /** The selector of a path of this target, or a raw selector given as an Integer. */
  static int selector(Object argument) {
    if (argument instanceof Integer raw) {
      return raw;
    }
    int index = PATHS.indexOf(argument);
    if (index < 0) {
      throw new IllegalArgumentException("not a path of this target: " + argument);
    }
    return index;
  }

  /** Read-only, created read-write, or a directory opened for listing. */
  private static OpenOptions openMode(int selector) {
    return switch (selector % 3) {
      case 0 -> OpenOptions.READ;
      case 1 -> OpenOptions.builder().readWrite().create(0644).build();
      default -> OpenOptions.DIRECTORY;
    };
  }

  @Override
  public String describe(Step step) {
    String p = path(step.a());
    String q = path(step.b());
    int slot = step.c() % SLOTS;
    return switch (Action.of(step)) {
      case MKDIR -> "mkdir " + p;
      case CREATE -> "create " + p;
      case OPEN ->
          "s"
              + slot
              + " := open "
              + p
              + " "
              + List.of("READ", "CREATE RW", "DIRECTORY").get(step.b() % 3);
      case HOLD -> "s" + slot + " := getDentry " + p + (step.b() % 2 == 0 ? "" : " (nofollow)");
      case RELEASE -> "release s" + step.a() % SLOTS;
      case WRITE ->
          "s" + step.a() % SLOTS + ".pwrite " + step.b() % 8 + " bytes at " + step.c() % 8;
      case READ -> "s" + step.a() % SLOTS + ".read (or readdir) at " + step.b() % 8;
      case LINK -> "link " + q + " => " + p;
      case SYMLINK -> "symlink " + p + " -> " + NameSpace.PLAIN.symlinkTarget(step.b());
      case RENAME -> "rename " + p + " " + q + (step.c() % 2 == 1 ? " (noreplace)" : "");
      case UNLINK -> "unlink " + p;
      case RMDIR -> "rmdir " + p;
      case STAT -> (step.b() % 2 == 0 ? "stat " : "lstat ") + p;
      case CHMOD -> "chmod " + p + " " + Integer.toOctalString(step.b() | (step.c() & 1) << 8);
      case WALK_DYNAMIC -> describeWalk(step);
      case FLIP -> "flip /dyn/numbers/" + step.a() % SwitchboardFilesystem.ENTRIES;
      case SET_CACHE_LIMIT ->
          "set dentry cache limit of filesystem #"
              + step.a()
              + " (mod mounted count) to "
              + step.b() % 4;
      case MOUNT ->
          "mount "
              + (step.b() % 2 == 0 ? MemfsType.NAME : SwitchboardType.NAME)
              + " at "
              + p
              + " (cache limit "
              + step.c() % 4
              + ")";
      case UNMOUNT -> "unmount " + p + (step.b() % 2 == 1 ? " (detach)" : "");
      case CONCURRENT_WALKS ->
          "two threads walk /dyn concurrently (seed " + (step.a() << 8 | step.b()) + ")";
    };
  }

  private static String describeWalk(Step step) {
    int n = step.b() % SwitchboardFilesystem.ENTRIES;
    String entry = "/dyn/numbers/" + n;
    String file = n % 2 == 0 ? entry : entry + "/leaf";
    return switch (step.a() % 4) {
      case 0 -> "stat " + entry;
      case 1 -> "stat " + entry + "/leaf";
      case 2 -> "s" + step.c() % SLOTS + " := open " + file + " READ";
      default -> "s" + step.c() % SLOTS + " := getDentry " + entry;
    };
  }

  /** The two-thread walk bursts depend on timing, like the concurrent target. */
  @Override
  public int attemptsPerCandidate() {
    return 3;
  }

  @Override
  public String describeHeader(Script script) {
    return "root dentry cache limit "
        + (script.header(0) & 3)
        + ", switchboard at /dyn with limit "
        + ((script.header(0) >> 2) & 3);
  }
}
