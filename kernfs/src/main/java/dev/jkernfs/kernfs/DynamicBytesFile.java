package dev.jkernfs.kernfs;

import dev.jkernfs.vfs.Credentials;
import dev.jkernfs.vfs.Errno;
import dev.jkernfs.vfs.FileDescriptionImpl;
import dev.jkernfs.vfs.FileMode;
import dev.jkernfs.vfs.OpenOptions;
import dev.jkernfs.vfs.SetStat;
import dev.jkernfs.vfs.Stat;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A regular file whose bytes are generated when it is read, like Linux's {@code seq_file} and
 * gVisor's {@code DynamicBytesFile}: {@code /proc/meminfo} and its kind.
 *
 * <p>Each open description keeps the bytes of its last generation. A read at offset 0 generates
 * them anew, and reads further on continue in that snapshot, so a reader going through the file in
 * pieces sees one consistent text. {@code stat} reports a size of 0, as procfs does, since the
 * length is not known until the file is read.
 *
 * <p>A file with a write handler accepts writes, each handed to the handler whole: one write call
 * carries one complete input, at offset 0 (as gVisor's writable proc files, a write at any other
 * offset fails with EINVAL rather than applying a fragment). A file without one is opened for
 * writing by whoever its mode lets (root only, for the usual 0444) and fails every write with EIO,
 * as Linux's procfs does for its read-only files. A size change is accepted and changes nothing:
 * the size stays 0, as procfs answers {@code truncate}.
 */
public final class DynamicBytesFile extends Inode {
  private final Lifetime lifetime;
  private final Supplier<byte[]> source;
  private final Consumer<byte[]> writeHandler;

  /**
   * Creates the file.
   *
   * @param permissions permission bits, such as 0444 or 0644
   * @param source generates the content; runs with no filesystem lock held
   * @param writeHandler receives each write, or null for a read-only file. It refuses input by
   *     throwing {@link IllegalArgumentException} (the write fails with EINVAL) or an {@link
   *     dev.jkernfs.vfs.ErrnoException} (it fails with that errno), having changed nothing
   */
  public DynamicBytesFile(
      KernfsFilesystem fs,
      int permissions,
      int uid,
      int gid,
      Lifetime lifetime,
      Supplier<byte[]> source,
      Consumer<byte[]> writeHandler) {
    super(fs, FileMode.S_IFREG | permissions, uid, gid);
    this.lifetime = Objects.requireNonNull(lifetime, "lifetime");
    this.source = Objects.requireNonNull(source, "source");
    this.writeHandler = writeHandler;
  }

  /** A read-only file owned by root with mode 0444. */
  public static DynamicBytesFile readOnly(
      KernfsFilesystem fs, Lifetime lifetime, Supplier<byte[]> source) {
    return new DynamicBytesFile(fs, 0444, 0, 0, lifetime, source, null);
  }

  /** A writable file owned by root with mode 0644; see the constructor for the handler. */
  public static DynamicBytesFile writable(
      KernfsFilesystem fs,
      Lifetime lifetime,
      Supplier<byte[]> source,
      Consumer<byte[]> writeHandler) {
    return new DynamicBytesFile(
        fs, 0644, 0, 0, lifetime, source, Objects.requireNonNull(writeHandler, "writeHandler"));
  }

  /** A source that generates text and encodes it in UTF-8. */
  public static Supplier<byte[]> utf8(Supplier<? extends CharSequence> text) {
    Objects.requireNonNull(text, "text");
    return () -> text.get().toString().getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public boolean keep() {
    return lifetime.keep();
  }

  @Override
  public boolean valid() {
    return lifetime.valid();
  }

  @Override
  public FileDescriptionImpl open(Credentials credentials, OpenOptions options) {
    return new Description();
  }

  @Override
  public void setStat(Credentials credentials, SetStat changes) {
    apply(credentials, changes);
  }

  /** One open description, with the snapshot its reads continue in. */
  private final class Description implements FileDescriptionImpl {
    private byte[] snapshot; // guarded by this

    @Override
    public int read(ByteBuffer dst, long offset) {
      byte[] bytes;
      synchronized (this) {
        if (offset == 0 || snapshot == null) {
          snapshot = Objects.requireNonNull(source.get(), "generated content");
        }
        bytes = snapshot;
      }
      if (offset >= bytes.length) {
        return -1;
      }
      int n = (int) Math.min(dst.remaining(), bytes.length - offset);
      dst.put(bytes, (int) offset, n);
      return n;
    }

    @Override
    public int write(ByteBuffer src, long offset) {
      if (offset != 0) {
        throw Errno.EINVAL.exception("a write must carry the whole input at offset 0");
      }
      return handle(src);
    }

    /** An append is a whole input too; the file stays empty, so the offset stays at 0. */
    @Override
    public long append(ByteBuffer src) {
      handle(src);
      return 0;
    }

    private int handle(ByteBuffer src) {
      if (writeHandler == null) {
        throw Errno.EIO.exception();
      }
      byte[] input = new byte[src.remaining()];
      src.duplicate().get(input);
      try {
        writeHandler.accept(input);
      } catch (IllegalArgumentException e) {
        String reason = e.getMessage();
        throw reason == null ? Errno.EINVAL.exception() : Errno.EINVAL.exception(reason);
      }
      // Consumed only once accepted, so a refused write leaves the caller's buffer as it was.
      src.position(src.limit());
      touchModified();
      return input.length;
    }

    @Override
    public Stat stat() {
      return DynamicBytesFile.this.stat();
    }

    @Override
    public boolean isGenerated() {
      return true;
    }

    @Override
    public void setStat(Credentials credentials, SetStat changes) {
      DynamicBytesFile.this.setStat(credentials, changes);
    }
  }
}
