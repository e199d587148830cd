package dev.jkernfs.kernfs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jkernfs.memfs.MemfsType;
import dev.jkernfs.refs.AuditReport;
import dev.jkernfs.refs.LeakChecker;
import dev.jkernfs.refs.LeakReport;
import dev.jkernfs.refs.LeakScope;
import dev.jkernfs.vfs.Credentials;
import dev.jkernfs.vfs.FileDescription;
import dev.jkernfs.vfs.FileMode;
import dev.jkernfs.vfs.FilesystemType;
import dev.jkernfs.vfs.OpenOptions;
import dev.jkernfs.vfs.ParsedPath;
import dev.jkernfs.vfs.PathOperation;
import dev.jkernfs.vfs.TimeSource;
import dev.jkernfs.vfs.VirtualFilesystem;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A memfs-rooted VFS for tests, with shorthands for path operations as root or another user, and a
 * teardown that checks the audit balances and nothing leaks.
 */
final class VfsFixture implements AutoCloseable {
  static final Credentials ROOT = Credentials.root();

  final VirtualFilesystem vfs;
  private final LeakScope scope;
  private final List<FileDescription> opened = new ArrayList<>();

  VfsFixture() {
    this(Map.of());
  }

  VfsFixture(Map<String, ?> options) {
    this(options, TimeSource.SYSTEM);
  }

  VfsFixture(Map<String, ?> options, TimeSource time) {
    vfs = VirtualFilesystem.create("test", time, FilesystemType.find(MemfsType.NAME), options);
    scope = LeakScope.ownedBy(vfs, "test vfs");
  }

  KernfsFilesystem rootFs() {
    return (KernfsFilesystem) vfs.root().mount().filesystem();
  }

  PathOperation op(String path) {
    return op(path, ROOT, true);
  }

  PathOperation noFollow(String path) {
    return op(path, ROOT, false);
  }

  PathOperation as(Credentials credentials, String path) {
    return op(path, credentials, true);
  }

  PathOperation op(String path, Credentials credentials, boolean follow) {
    return new PathOperation(credentials, vfs.root(), vfs.root(), ParsedPath.parse(path), follow);
  }

  /** Creates (or truncates) a file holding {@code text}. */
  void write(String path, String text) {
    FileDescription fd = vfs.open(op(path), create(0644));
    try {
      fd.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
    } finally {
      fd.close();
    }
  }

  String read(String path) {
    FileDescription fd = vfs.open(op(path), OpenOptions.READ);
    try {
      return readAll(fd);
    } finally {
      fd.close();
    }
  }

  static String readAll(FileDescription fd) {
    ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
    while (fd.read(buffer) > 0) {
      if (!buffer.hasRemaining()) {
        ByteBuffer bigger = ByteBuffer.allocate(buffer.capacity() * 2);
        buffer.flip();
        bigger.put(buffer);
        buffer = bigger;
      }
    }
    buffer.flip();
    return StandardCharsets.UTF_8.decode(buffer).toString();
  }

  /** Opens and remembers the description, so the teardown closes it if the test does not. */
  FileDescription open(String path, OpenOptions options) {
    FileDescription fd = vfs.open(op(path), options);
    opened.add(fd);
    return fd;
  }

  void mkdirs(String... paths) {
    for (String path : paths) {
      vfs.mkdir(op(path), 0755);
    }
  }

  static OpenOptions create(int mode) {
    return OpenOptions.builder().readWrite().create(mode).truncate().build();
  }

  static OpenOptions createExclusive(int mode) {
    return OpenOptions.builder().readWrite().create(mode).exclusive().build();
  }

  static OpenOptions readWrite() {
    return OpenOptions.builder().readWrite().build();
  }

  static boolean isDir(int mode) {
    return FileMode.isDirectory(mode);
  }

  /** The objects of this VFS still alive. */
  LeakReport leaks() {
    return LeakChecker.check(scope);
  }

  /** The audit of everything in this VFS. */
  AuditReport audit() {
    return LeakChecker.audit(scope);
  }

  @Override
  public void close() {
    opened.forEach(FileDescription::close);
    AuditReport audit = audit();
    assertThat(audit.isBalanced()).as("%s", audit).isTrue();
    vfs.close();
    LeakReport leaks = LeakChecker.check(scope);
    assertThat(leaks.isClean()).as("%s", leaks).isTrue();
  }
}
