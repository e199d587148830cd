package dev.jkernfs.fuse;

import com.kenai.jffi.MemoryIO;
import dev.jkernfs.vfs.Credentials;
import dev.jkernfs.vfs.Errno;
import dev.jkernfs.vfs.ErrnoException;
import dev.jkernfs.vfs.FileDescription;
import dev.jkernfs.vfs.FileMode;
import dev.jkernfs.vfs.OpenOptions;
import dev.jkernfs.vfs.ParsedPath;
import dev.jkernfs.vfs.PathOperation;
import dev.jkernfs.vfs.SetStat;
import dev.jkernfs.vfs.Stat;
import dev.jkernfs.vfs.Statfs;
import dev.jkernfs.vfs.VirtualDentry;
import dev.jkernfs.vfs.VirtualFilesystem;
import java.io.ByteArrayOutputStream;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import jnr.ffi.Struct;
import ru.serce.jnrfuse.FuseFillDir;
import ru.serce.jnrfuse.FuseStubFS;
import ru.serce.jnrfuse.struct.FileStat;
import ru.serce.jnrfuse.struct.FuseFileInfo;
import ru.serce.jnrfuse.struct.Statvfs;
import ru.serce.jnrfuse.struct.Timespec;

/**
 * The FUSE operations of one mount, each mapped straight to the VFS operation it stands for. Paths
 * arrive from libfuse's high-level API relative to the mount root, already resolved by the kernel
 * down to the node they name, so no final symlink is followed here. Every call runs with the
 * credentials of the process that made the request ({@link Callers}), and errno values of the VFS
 * return to the kernel unchanged.
 */
final class VfsFuseOperations extends FuseStubFS {
  private static final System.Logger LOG = System.getLogger(VfsFuseOperations.class.getName());

  // The kernel has resolved the path and honoured O_NOFOLLOW itself before asking, so the flag must
  // not make the VFS refuse the node it names. It sends create for every O_CREAT and open only for
  // files that exist.
  private static final int RESOLVED_BY_KERNEL = OpenOptions.O_NOFOLLOW;

  // utimensat(2)'s special nanosecond values.
  private static final long UTIME_NOW = (1L << 30) - 1;
  private static final long UTIME_OMIT = (1L << 30) - 2;

  // fuse_operations bit fields (libfuse 2.9): flag_nullpath_ok is bit 0, flag_utime_omit_ok bit 2,
  // in the unsigned int after the first 38 function pointers (getattr ... bmap). The ABI of
  // libfuse.so.2 is frozen; jnr-fuse declares the word but does not expose its offset.
  private static final int FUNCTIONS_BEFORE_FLAGS = 38;
  private static final int FLAG_NULLPATH_OK = 1;
  private static final int FLAG_UTIME_OMIT_OK = 1 << 2;

  // fuse_file_info (libfuse 2.9, 64-bit): int flags; unsigned long fh_old; int writepage; then the
  // bit fields direct_io (bit 0), keep_cache, flush, nonseekable, flock_release at byte 20.
  // jnr-fuse's struct leaves out writepage, so its direct_io member points at the wrong word.
  private static final int FILE_INFO_BITS_OFFSET = 20;
  private static final int DIRECT_IO = 1;

  private static final int BLOCK_SIZE = 4096;

  private final VirtualFilesystem vfs;
  private final Handles handles;
  private final Callers callers = new Callers();
  private final CountDownLatch initialized = new CountDownLatch(1);
  private final AtomicBoolean reportedUnexpected = new AtomicBoolean();
  private final long rootDevice;

  @SuppressWarnings("ThreadLocalUsage") // one native stat buffer per FUSE worker thread
  private final ThreadLocal<FileStat> direntStats =
      ThreadLocal.withInitial(
          () -> {
            Runtime runtime = Runtime.getSystemRuntime();
            FileStat stat = new FileStat(runtime);
            stat.useMemory(runtime.getMemoryManager().allocateDirect(Struct.size(stat), true));
            return stat;
          });

  VfsFuseOperations(VirtualFilesystem vfs, Handles handles) {
    this.vfs = vfs;
    this.handles = handles;
    this.rootDevice = vfs.stat(op(Credentials.root(), "/")).dev();
    Struct.getMemory(fuseOperations).putInt(flagsOffset(), FLAG_NULLPATH_OK | FLAG_UTIME_OMIT_OK);
  }

  private static int flagsOffset() {
    return FUNCTIONS_BEFORE_FLAGS * Runtime.getSystemRuntime().addressSize();
  }

  /** Runs libfuse's main loop (multithreaded, in the foreground) until the mount goes away. */
  int runLoop(String[] args) {
    return libFuse.fuse_main_real(
        args.length, args, fuseOperations, Struct.size(fuseOperations), null);
  }

  /** Counts down when the kernel has completed the FUSE handshake: the mount serves requests. */
  CountDownLatch initialized() {
    return initialized;
  }

  @Override
  public Pointer init(Pointer conn) {
    initialized.countDown();
    return null;
  }

  // ---- attributes ----

  @Override
  public int getattr(String path, FileStat stat) {
    return call("getattr", path, caller -> fill(stat, vfs.stat(op(caller, path))));
  }

  @Override
  public int fgetattr(String path, FileStat stat, FuseFileInfo fi) {
    return call("fgetattr", path, caller -> fill(stat, handles.get(fi.fh.get()).stat()));
  }

  @Override
  public int access(String path, int mask) {
    return call("access", path, caller -> vfs.access(op(caller, path), mask));
  }

  @Override
  public int chmod(String path, long mode) {
    int newMode = (int) mode & 07777;
    return call(
        "chmod",
        path,
        caller -> {
          PathOperation op = op(caller, path);
          if (isPrivilegeKill(caller, vfs.stat(op), newMode)) {
            // A write or truncate by someone other than the owner drops set-user-ID and
            // set-group-ID; Linux does that itself, and through FUSE the kernel asks for it as a
            // chmod of the caller.
            op = op(Credentials.root(), path);
          }
          vfs.setStat(op, SetStat.mode(newMode));
        });
  }

  /**
   * Whether a chmod by someone other than the owner does nothing but clear set-ID bits. Through
   * FUSE the kernel sends that on behalf of a writer or truncater (Linux's privilege kill) with the
   * caller's credentials. A non-owner's own chmod(2) that clears only set-ID bits cannot be told
   * apart from it, so it is allowed here where Linux would refuse it with EPERM.
   */
  private static boolean isPrivilegeKill(Credentials caller, Stat stat, int newMode) {
    int setIds = FileMode.S_ISUID | FileMode.S_ISGID;
    int oldMode = stat.mode() & 07777;
    int oldSetIds = oldMode & setIds;
    int newSetIds = newMode & setIds;
    return caller.uid() != stat.uid()
        && (newMode & ~setIds) == (oldMode & ~setIds)
        && newSetIds != oldSetIds
        && (newSetIds & ~oldSetIds) == 0;
  }

  @Override
  public int chown(String path, long uid, long gid) {
    // (uid_t) -1 arrives as 0xffffffff: "leave as it is", which SetStat.owner spells -1.
    return setStat("chown", path, SetStat.owner((int) uid, (int) gid));
  }

  @Override
  public int truncate(String path, long size) {
    return setStat("truncate", path, SetStat.size(size));
  }

  @Override
  public int ftruncate(String path, long size, FuseFileInfo fi) {
    return call(
        "ftruncate",
        path,
        caller -> {
          FileDescription fd = handles.get(fi.fh.get());
          if (fd.isWritable()) {
            fd.truncate(size);
          } else {
            // open(O_RDONLY | O_TRUNC): the permission check of a path truncate applies.
            fd.setStat(caller, SetStat.size(size));
          }
        });
  }

  @Override
  public int utimens(String path, Timespec[] times) {
    Long atime = timeOf(times[0]);
    Long mtime = timeOf(times[1]);
    if (atime == null && mtime == null) {
      return 0;
    }
    return setStat("utimens", path, SetStat.times(atime, mtime, null));
  }

  private static Long timeOf(Timespec time) {
    long nanos = time.tv_nsec.longValue();
    if (nanos == UTIME_OMIT) {
      return null;
    }
    if (nanos == UTIME_NOW) {
      return SetStat.UTIME_NOW;
    }
    return time.tv_sec.get() * 1_000_000_000L + nanos;
  }

  private int setStat(String what, String path, SetStat changes) {
    return call(what, path, caller -> vfs.setStat(op(caller, path), changes));
  }

  @Override
  public int statfs(String path, Statvfs stbuf) {
    return call(
        "statfs",
        path,
        caller -> {
          Statfs statfs = vfs.statfs(op(caller, path));
          long unit = statfs.blockSize();
          stbuf.f_bsize.set(unit);
          stbuf.f_frsize.set(unit);
          stbuf.f_blocks.set(statfs.totalBytes() / unit);
          stbuf.f_bfree.set(statfs.freeBytes() / unit);
          stbuf.f_bavail.set(statfs.freeBytes() / unit);
          stbuf.f_files.set(statfs.totalInodes());
          stbuf.f_ffree.set(statfs.freeInodes());
          stbuf.f_favail.set(statfs.freeInodes());
          stbuf.f_namemax.set(ParsedPath.NAME_MAX);
        });
  }

  // ---- extended attributes ----
  //
  // The kernel has checked the name, the size and the flags, and the namespace rules it applies
  // itself (trusted. for root, user. for regular files and directories); the VFS checks them again
  // with the caller's credentials. memfs keeps user. attributes alone: every other namespace is
  // EOPNOTSUPP, as a tmpfs without security modules answers for system. and unknown prefixes.

  @Override
  public int getxattr(String path, String name, Pointer value, long size) {
    try {
      Credentials caller = callers.current(getContext());
      return reply(vfs.getxattr(op(caller, path), name), value, size);
    } catch (RuntimeException e) {
      return fail(e, "getxattr", path);
    }
  }

  @Override
  public int listxattr(String path, Pointer list, long size) {
    try {
      Credentials caller = callers.current(getContext());
      ByteArrayOutputStream names = new ByteArrayOutputStream();
      for (String name : vfs.listxattr(op(caller, path))) {
        names.writeBytes(name.getBytes(StandardCharsets.UTF_8));
        names.write(0);
      }
      return reply(names.toByteArray(), list, size);
    } catch (RuntimeException e) {
      return fail(e, "listxattr", path);
    }
  }

  /**
   * Answers a getxattr or listxattr as the system calls do: with the length alone when asked with
   * size 0, ERANGE when the buffer is too small, else the bytes and their length.
   */
  private static int reply(byte[] bytes, Pointer buffer, long size) {
    if (size == 0) {
      return bytes.length;
    }
    if (bytes.length > size) {
      return -Errno.ERANGE.number();
    }
    buffer.put(0, bytes, 0, bytes.length);
    return bytes.length;
  }

  @Override
  public int setxattr(String path, String name, Pointer value, long size, int flags) {
    byte[] bytes = new byte[Math.toIntExact(size)];
    if (size > 0) {
      value.get(0, bytes, 0, bytes.length);
    }
    return call("setxattr", path, caller -> vfs.setxattr(op(caller, path), name, bytes, flags));
  }

  @Override
  public int removexattr(String path, String name) {
    return call("removexattr", path, caller -> vfs.removexattr(op(caller, path), name));
  }

  // ---- names ----

  @Override
  public int readlink(String path, Pointer buf, long size) {
    return call(
        "readlink",
        path,
        caller -> {
          byte[] target = vfs.readlink(op(caller, path)).getBytes(StandardCharsets.UTF_8);
          int length = (int) Math.min(target.length, size - 1);
          buf.put(0, target, 0, length);
          buf.putByte(length, (byte) 0);
        });
  }

  @Override
  public int mknod(String path, long mode, long rdev) {
    return call("mknod", path, caller -> vfs.mknod(op(caller, path), (int) mode, rdev));
  }

  @Override
  public int mkdir(String path, long mode) {
    return call("mkdir", path, caller -> vfs.mkdir(op(caller, path), (int) mode & 07777));
  }

  @Override
  public int unlink(String path) {
    return call("unlink", path, caller -> vfs.unlink(op(caller, path)));
  }

  @Override
  public int rmdir(String path) {
    return call("rmdir", path, caller -> vfs.rmdir(op(caller, path)));
  }

  @Override
  public int symlink(String target, String linkPath) {
    return call("symlink", linkPath, caller -> vfs.symlink(op(caller, linkPath), target));
  }

  @Override
  public int link(String existing, String newPath) {
    return call("link", newPath, caller -> vfs.link(op(caller, existing), op(caller, newPath)));
  }

  @Override
  public int rename(String from, String to) {
    return call("rename", from, caller -> vfs.rename(op(caller, from), op(caller, to), false));
  }

  // ---- files ----

  @Override
  public int create(String path, long mode, FuseFileInfo fi) {
    int flags = (fi.flags.get() | OpenOptions.O_CREAT) & ~RESOLVED_BY_KERNEL;
    return open("create", path, fi, OpenOptions.fromLinuxFlags(flags, (int) mode & 07777));
  }

  @Override
  public int open(String path, FuseFileInfo fi) {
    int flags = fi.flags.get() & ~(OpenOptions.O_CREAT | OpenOptions.O_EXCL | RESOLVED_BY_KERNEL);
    return open("open", path, fi, OpenOptions.fromLinuxFlags(flags, 0));
  }

  @Override
  public int opendir(String path, FuseFileInfo fi) {
    return open("opendir", path, fi, OpenOptions.DIRECTORY);
  }

  private int open(String what, String path, FuseFileInfo fi, OpenOptions options) {
    return call(
        what,
        path,
        caller -> {
          FileDescription fd = vfs.open(op(caller, path), options);
          if (fd.impl().isGenerated()) {
            // Content made on read, with size 0 in its attributes: past the page cache, as /proc.
            Struct.getMemory(fi).putInt(FILE_INFO_BITS_OFFSET, DIRECT_IO);
          }
          fi.fh.set(handles.add(fd));
        });
  }

  @Override
  public int read(String path, Pointer buf, long size, long offset, FuseFileInfo fi) {
    try {
      FileDescription fd = handles.get(fi.fh.get());
      ByteBuffer dst = nativeBuffer(buf, size);
      while (dst.hasRemaining()) {
        if (fd.pread(dst, offset + dst.position()) < 0) {
          break;
        }
      }
      return dst.position();
    } catch (RuntimeException e) {
      return fail(e, "read", path);
    }
  }

  @Override
  public int write(String path, Pointer buf, long size, long offset, FuseFileInfo fi) {
    try {
      FileDescription fd = handles.get(fi.fh.get());
      ByteBuffer src = nativeBuffer(buf, size);
      if (fd.isAppend()) {
        // The kernel computed offset from the size it knew; appending is the description's job.
        fd.write(src);
      } else {
        fd.pwrite(src, offset);
      }
      return (int) size;
    } catch (RuntimeException e) {
      return fail(e, "write", path);
    }
  }

  /** libfuse's buffer itself, so that file content is copied once, straight to or from it. */
  private static ByteBuffer nativeBuffer(Pointer buf, long size) {
    return MemoryIO.getInstance().newDirectByteBuffer(buf.address(), Math.toIntExact(size));
  }

  @Override
  public int flush(String path, FuseFileInfo fi) {
    return 0;
  }

  /** Syncs the open file: what survives a simulated power cut ({@code durability=fsync}). */
  @Override
  public int fsync(String path, int isdatasync, FuseFileInfo fi) {
    try {
      handles.get(fi.fh.get()).sync();
      return 0;
    } catch (RuntimeException e) {
      return fail(e, "fsync", path);
    }
  }

  /**
   * Syncs the directory, opened anew by its path: jnr-fuse declares this callback without libfuse's
   * {@code datasync} argument, so what it hands over as the file info is that flag, not a pointer
   * to read.
   */
  @Override
  public int fsyncdir(String path, FuseFileInfo fi) {
    return call(
        "fsyncdir",
        path,
        caller -> {
          FileDescription dir = vfs.open(op(caller, path), OpenOptions.DIRECTORY);
          try {
            dir.sync();
          } finally {
            dir.close();
          }
        });
  }

  @Override
  public int release(String path, FuseFileInfo fi) {
    handles.close(fi.fh.get());
    return 0;
  }

  @Override
  public int releasedir(String path, FuseFileInfo fi) {
    handles.close(fi.fh.get());
    return 0;
  }

  @Override
  public int readdir(String path, Pointer buf, FuseFillDir filler, long offset, FuseFileInfo fi) {
    try {
      FileDescription dir = handles.get(fi.fh.get());
      FileStat entryStat = direntStats.get();
      dir.seek(offset);
      dir.readdir(
          entry -> {
            byte[] name = entry.name().getBytes(StandardCharsets.UTF_8);
            ByteBuffer terminated = ByteBuffer.allocate(name.length + 1).put(name).put((byte) 0);
            terminated.flip();
            // The type becomes the entry's d_type, which spares `find` and `ls` a lookup each.
            entryStat.st_mode.set(entry.type());
            entryStat.st_ino.set(entry.ino());
            // A non-zero answer means libfuse's buffer is full: this entry waits for the next call.
            return filler.apply(buf, terminated, Struct.getMemory(entryStat), entry.nextOffset())
                == 0;
          });
      return 0;
    } catch (RuntimeException e) {
      return fail(e, "readdir", path);
    }
  }

  // ---- helpers ----

  /** One request's work, run with the credentials of its caller. */
  @FunctionalInterface
  private interface Request {
    void run(Credentials caller);
  }

  /** Runs a request; returns 0, or the negative errno it failed with. */
  private int call(String what, String path, Request request) {
    try {
      request.run(callers.current(getContext()));
      return 0;
    } catch (RuntimeException e) {
      return fail(e, what, path);
    }
  }

  /**
   * The VFS operation for a path libfuse gives: absolute within the mount and normalised. PATH_MAX
   * is not checked here: it limits what a program passes to a system call (which the kernel
   * checked), not the path of a file from the mount's root, which may be longer.
   */
  private PathOperation op(Credentials caller, String path) {
    VirtualDentry root = vfs.root();
    return new PathOperation(
        caller, root, root, ParsedPath.of(true, ParsedPath.split(path), false), false);
  }

  private void fill(FileStat st, Stat stat) {
    st.st_ino.set(inodeNumber(stat));
    st.st_mode.set(stat.mode());
    st.st_nlink.set(stat.nlink());
    st.st_uid.set(stat.uid());
    st.st_gid.set(stat.gid());
    st.st_rdev.set(stat.rdev());
    st.st_size.set(stat.size());
    st.st_blksize.set(BLOCK_SIZE);
    st.st_blocks.set(stat.blocks());
    setTime(st.st_atim, stat.atimeNanos());
    setTime(st.st_mtim, stat.mtimeNanos());
    setTime(st.st_ctim, stat.ctimeNanos());
  }

  /**
   * The whole mount is one device to the kernel, so the inode numbers of the filesystems mounted
   * inside it are made distinct by their device number: {@code find}, {@code tar} and {@code cp}
   * take equal (device, inode) pairs for hard links or loops.
   */
  private long inodeNumber(Stat stat) {
    long device = stat.dev() - rootDevice;
    return device == 0 ? stat.ino() : (device << 48) ^ stat.ino();
  }

  private static void setTime(Timespec time, long nanos) {
    time.tv_sec.set(Math.floorDiv(nanos, 1_000_000_000L));
    time.tv_nsec.set(Math.floorMod(nanos, 1_000_000_000L));
  }

  /** The negative errno for the kernel; anything but an errno is a bug, reported once. */
  private int fail(RuntimeException e, String what, String path) {
    if (e instanceof ErrnoException errno) {
      return -errno.errno().number();
    }
    if (reportedUnexpected.compareAndSet(false, true)) {
      LOG.log(Level.ERROR, "FUSE " + what + " " + path + " failed; answering EIO", e);
    }
    return -Errno.EIO.number();
  }
}
