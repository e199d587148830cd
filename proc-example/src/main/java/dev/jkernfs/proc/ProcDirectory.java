package dev.jkernfs.proc;

import dev.jkernfs.kernfs.DynamicBytesFile;
import dev.jkernfs.kernfs.DynamicDirectory;
import dev.jkernfs.kernfs.FixedChildren;
import dev.jkernfs.kernfs.Inode;
import dev.jkernfs.kernfs.KernfsFilesystem;
import dev.jkernfs.kernfs.Lifetime;
import dev.jkernfs.kernfs.StaticDirectory;
import dev.jkernfs.vfs.FileMode;
import dev.jkernfs.vfs.ParsedPath;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A directory of a proc filesystem being described: the entries an application publishes in it,
 * each generated from live state when read. See the package documentation for an example.
 *
 * <p>Files are owned by root with mode 0444, writable ones 0644, directories 0555. Suppliers and
 * callbacks run when a file is read or written, with no filesystem lock held; the contents of a
 * {@link #collection} entry are described anew each time the entry is looked up, with the
 * filesystem's lock held, so that code must not call into the filesystem.
 *
 * <p>An instance is valid only during the call it is handed to.
 */
public final class ProcDirectory {
  static final int DIRECTORY_MODE = 0555;

  private final KernfsFilesystem fs;
  private final Lifetime lifetime;
  private final Consumer<FixedChildren.Template> sink;
  private final Set<String> names = new HashSet<>();
  private boolean sealed;

  private ProcDirectory(
      KernfsFilesystem fs, Lifetime lifetime, Consumer<FixedChildren.Template> sink) {
    this.fs = fs;
    this.lifetime = lifetime;
    this.sink = sink;
  }

  /**
   * Describes entries that live as long as the filesystem, each added to {@code target} at once.
   */
  static ProcDirectory pinned(KernfsFilesystem fs, StaticDirectory target) {
    return new ProcDirectory(
        fs, Lifetime.PINNED, template -> target.add(template.name(), template.factory().get()));
  }

  /**
   * The children {@code contents} describes for a directory with {@code lifetime}, each made only
   * when looked up.
   */
  static FixedChildren generated(
      KernfsFilesystem fs, Lifetime lifetime, Consumer<ProcDirectory> contents) {
    List<FixedChildren.Template> templates = new ArrayList<>();
    new ProcDirectory(fs, lifetime, templates::add).fill(contents);
    return new FixedChildren(templates);
  }

  /** Runs {@code contents} on this directory, which cannot be changed afterwards. */
  void fill(Consumer<ProcDirectory> contents) {
    contents.accept(this);
    sealed = true;
  }

  /** A read-only file showing the text {@code text} returns, in UTF-8. */
  public ProcDirectory file(String name, Supplier<String> text) {
    return binaryFile(name, DynamicBytesFile.utf8(Objects.requireNonNull(text, "text")));
  }

  /** A read-only file showing the bytes {@code bytes} returns. */
  public ProcDirectory binaryFile(String name, Supplier<byte[]> bytes) {
    Objects.requireNonNull(bytes, "bytes");
    return entry(name, FileMode.S_IFREG, () -> DynamicBytesFile.readOnly(fs, lifetime, bytes));
  }

  /**
   * A file showing {@code text} that a write changes: the written bytes, decoded as UTF-8 with one
   * trailing newline dropped (as {@code echo} adds), go through {@code parse} and then {@code
   * apply}. Either rejects the input by throwing {@link IllegalArgumentException} ({@link
   * NumberFormatException} is one), and the write then fails with EINVAL. Each write is one whole
   * input, at the start of the file.
   */
  public <T> ProcDirectory writableFile(
      String name,
      Supplier<String> text,
      Function<String, ? extends T> parse,
      Consumer<? super T> apply) {
    Supplier<byte[]> source = DynamicBytesFile.utf8(Objects.requireNonNull(text, "text"));
    Objects.requireNonNull(parse, "parse");
    Objects.requireNonNull(apply, "apply");
    Consumer<byte[]> handler = input -> apply.accept(parse.apply(inputText(input)));
    return entry(
        name, FileMode.S_IFREG, () -> DynamicBytesFile.writable(fs, lifetime, source, handler));
  }

  /** A directory holding what {@code contents} describes. */
  public ProcDirectory directory(String name, Consumer<ProcDirectory> contents) {
    Objects.requireNonNull(contents, "contents");
    if (!lifetime.keep()) {
      return entry(
          name,
          FileMode.S_IFDIR,
          () ->
              new DynamicDirectory(
                  fs, DIRECTORY_MODE, 0, 0, lifetime, generated(fs, lifetime, contents)));
    }
    return entry(
        name,
        FileMode.S_IFDIR,
        () -> {
          StaticDirectory directory = new StaticDirectory(fs, DIRECTORY_MODE, 0, 0);
          try {
            pinned(fs, directory).fill(contents);
          } catch (RuntimeException e) {
            directory.decRef();
            throw e;
          }
          return directory;
        });
  }

  /**
   * A directory with one subdirectory per entry of {@code live}, named by its key and holding what
   * {@code contents} describes for its value. It follows the map: an entry put in appears, and one
   * removed (or replaced by another object) stops resolving at once, its open files still readable.
   *
   * @param live a map the application keeps up to date; it must be safe to read while it changes,
   *     such as a {@link java.util.concurrent.ConcurrentHashMap}
   */
  public <T> ProcDirectory collection(
      String name, Map<String, ? extends T> live, BiConsumer<? super T, ProcDirectory> contents) {
    Objects.requireNonNull(live, "live");
    Objects.requireNonNull(contents, "contents");
    return entry(
        name,
        FileMode.S_IFDIR,
        () ->
            new DynamicDirectory(
                fs, DIRECTORY_MODE, 0, 0, lifetime, new LiveMapChildren<T>(fs, live, contents)));
  }

  /**
   * Adds an entry made by {@code factory}, which returns a new inode with one reference and the
   * lifetime of this directory.
   */
  ProcDirectory entry(String name, int type, Supplier<? extends Inode> factory) {
    if (sealed) {
      throw new IllegalStateException("this directory was already described");
    }
    checkName(name);
    if (!names.add(name)) {
      throw new IllegalArgumentException("duplicate entry name: " + name);
    }
    sink.accept(new FixedChildren.Template(name, type, factory));
    return this;
  }

  private static void checkName(String name) {
    Objects.requireNonNull(name, "name");
    if (name.isEmpty()
        || name.equals(".")
        || name.equals("..")
        || name.indexOf('/') >= 0
        || name.indexOf('\0') >= 0
        || name.getBytes(StandardCharsets.UTF_8).length > ParsedPath.NAME_MAX) {
      throw new IllegalArgumentException("not a valid entry name: \"" + name + "\"");
    }
  }

  /** The text of a write, as a parser expects it. */
  private static String inputText(byte[] input) {
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(input)).toString();
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("input is not UTF-8", e);
    }
    return text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
  }
}
