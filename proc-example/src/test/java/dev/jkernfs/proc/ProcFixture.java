package dev.jkernfs.proc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jkernfs.refs.AuditReport;
import dev.jkernfs.refs.LeakChecker;
import dev.jkernfs.refs.LeakReport;
import dev.jkernfs.refs.LeakScope;
import dev.jkernfs.vfs.Credentials;
import dev.jkernfs.vfs.DirEntry;
import dev.jkernfs.vfs.Errno;
import dev.jkernfs.vfs.ErrnoException;
import dev.jkernfs.vfs.FileDescription;
import dev.jkernfs.vfs.FilesystemType;
import dev.jkernfs.vfs.Mount;
import dev.jkernfs.vfs.OpenOptions;
import dev.jkernfs.vfs.ParsedPath;
import dev.jkernfs.vfs.PathOperation;
import dev.jkernfs.vfs.TimeSource;
import dev.jkernfs.vfs.VirtualFilesystem;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/**
 * A memfs-rooted VFS with proc mounted at {@code /proc}, shorthands for path operations, and a
 * teardown that checks the audit balances and nothing leaks.
 */
final class ProcFixture implements AutoCloseable {
  static final Credentials ROOT = Credentials.root();
  static final Credentials USER = Credentials.of(1000, 1000);

  /** Opens an existing file for reading and writing. */
  static final OpenOptions READ_WRITE = OpenOptions.builder().readWrite().build();

  final VirtualFilesystem vfs;
  final Mount proc;
  private final LeakScope scope;
  private final List<FileDescription> opened = new ArrayList<>();

  ProcFixture() {
    this(FilesystemType.find(ProcType.NAME), Map.of());
  }

  ProcFixture(FilesystemType procType, Map<String, ?> options) {
    vfs =
        VirtualFilesystem.create(
            "proc test", TimeSource.SYSTEM, FilesystemType.find("memfs"), Map.of());
    scope = LeakScope.ownedBy(vfs, "proc test vfs");
    vfs.mkdir(op("/proc"), 0755);
    proc = vfs.mount(op("/proc"), procType, options);
  }

  ProcFilesystem procFs() {
    return (ProcFilesystem) proc.filesystem();
  }

  PathOperation op(String path) {
    return as(ROOT, path);
  }

  PathOperation as(Credentials credentials, String path) {
    return new PathOperation(credentials, vfs.root(), vfs.root(), ParsedPath.parse(path), true);
  }

  PathOperation noFollow(String path) {
    return new PathOperation(ROOT, vfs.root(), vfs.root(), ParsedPath.parse(path), false);
  }

  /** Opens and remembers the description, so the teardown closes it if the test does not. */
  FileDescription open(String path, OpenOptions options) {
    FileDescription fd = vfs.open(op(path), options);
    opened.add(fd);
    return fd;
  }

  String read(String path) {
    FileDescription fd = vfs.open(op(path), OpenOptions.READ);
    try {
      return readAll(fd);
    } finally {
      fd.close();
    }
  }

  /** Reads from the current offset until the end, in small pieces to exercise the offsets. */
  static String readAll(FileDescription fd) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ByteBuffer buffer = ByteBuffer.allocate(64);
    while (fd.read(buffer) > 0) {
      bytes.write(buffer.array(), 0, buffer.position());
      buffer.clear();
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  /** Writes {@code text} in one call to a newly opened description, as {@code echo} would. */
  void write(Credentials credentials, String path, String text) {
    FileDescription fd = vfs.open(as(credentials, path), READ_WRITE);
    try {
      fd.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
    } finally {
      fd.close();
    }
  }

  void write(String path, String text) {
    write(ROOT, path, text);
  }

  /** The names in a directory, without the dot entries, in listing order. */
  List<String> list(String path) {
    FileDescription dir = vfs.open(op(path), OpenOptions.DIRECTORY);
    List<String> names = new ArrayList<>();
    try {
      dir.readdir(
          (DirEntry entry) -> {
            if (!entry.name().equals(".") && !entry.name().equals("..")) {
              names.add(entry.name());
            }
            return true;
          });
    } finally {
      dir.close();
    }
    return names;
  }

  static void assertErrno(Errno errno, ThrowingCallable call) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            ErrnoException.class, e -> assertThat(e.errno()).as("%s", e).isEqualTo(errno));
  }

  AuditReport audit() {
    return LeakChecker.audit(scope);
  }

  LeakReport leaks() {
    return LeakChecker.check(scope);
  }

  @Override
  public void close() {
    opened.forEach(FileDescription::close);
    AuditReport audit = audit();
    assertThat(audit.isBalanced()).as("%s", audit).isTrue();
    vfs.close();
    LeakReport leaks = leaks();
    assertThat(leaks.isClean()).as("%s", leaks).isTrue();
  }
}
