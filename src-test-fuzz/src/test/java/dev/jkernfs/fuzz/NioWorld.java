package dev.jkernfs.fuzz;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.NonReadableChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.charset.StandardCharsets;
import java.nio.file.CopyOption;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A {@code java.nio.file} filesystem driven by {@link NioAction} steps, with the channels and
 * directory streams the steps keep open across later steps, in numbered slots.
 *
 * <p>Expected failures (every {@link IOException}, and the unchecked exceptions the NIO API
 * documents for misuse of a channel or stream) become the step's {@link Outcome}. Anything else
 * propagates: an {@link IllegalStateException} out of a file operation is a refcount bug.
 */
final class NioWorld {
  /** How many channels and directory streams can be open at once. */
  static final int SLOTS = 6;

  private static final byte[] NO_BYTES = new byte[0];

  private final FileSystem fs;
  private final NameSpace names;
  private final SwitchboardFilesystem switchboard;
  private final Handle[] slots = new Handle[SLOTS];

  /**
   * @param switchboard the filesystem mounted at {@code /dyn} that {@link NioAction#FLIP} flips, or
   *     null where there is none
   */
  NioWorld(FileSystem fs, NameSpace names, SwitchboardFilesystem switchboard) {
    this.fs = fs;
    this.names = names;
    this.switchboard = switchboard;
  }

  /** An open channel or directory stream, and whether the stream was already listed. */
  private static final class Handle {
    final FileChannel channel;
    final DirectoryStream<Path> directory;
    boolean listed;

    Handle(FileChannel channel, DirectoryStream<Path> directory) {
      this.channel = channel;
      this.directory = directory;
    }

    Closeable resource() {
      return channel != null ? channel : directory;
    }
  }

  /**
   * Builds the starting tree a header may ask for, so that a single mutated step can already
   * replace, rename over or link to something: files {@code /a} and {@code /b/a}, directories
   * {@code /b} and {@code /b/b}, a symlink {@code /c -> /b}, and {@code /mnt/a} where {@code /mnt}
   * is mounted.
   */
  void populate() throws IOException {
    Files.createDirectories(fs.getPath("/b/b"));
    Files.write(fs.getPath("/a"), new byte[] {'a'});
    Files.write(fs.getPath("/b/a"), new byte[] {'b', 'a'});
    Files.createSymbolicLink(fs.getPath("/c"), fs.getPath("/b"));
    if (Files.isDirectory(fs.getPath("/mnt"))) {
      Files.write(fs.getPath("/mnt/a"), new byte[] {'m'});
    }
  }

  /** Runs one step. */
  Outcome apply(Step step) {
    try {
      return Outcome.value(run(step));
    } catch (IOException
        | UncheckedIOException
        | DirectoryIteratorException
        | NonReadableChannelException
        | NonWritableChannelException e) {
      return Outcome.thrown(e);
    }
  }

  /** The path {@code selector} names. */
  Path path(int selector) {
    return fs.getPath(names.path(selector));
  }

  /** Whether the path {@code selector} names is a directory, following symlinks. */
  boolean isDirectory(int selector) {
    return Files.isDirectory(fs.getPath(names.path(selector)));
  }

  /** Whether the path {@code selector} names is itself a directory, not a symlink to one. */
  boolean isDirectoryItself(int selector) {
    return Files.isDirectory(fs.getPath(names.path(selector)), LinkOption.NOFOLLOW_LINKS);
  }

  boolean exists(int selector) {
    return Files.exists(fs.getPath(names.path(selector)), LinkOption.NOFOLLOW_LINKS);
  }

  /**
   * Whether a walk down the path {@code selector} names meets a file where it needs a directory
   * (ENOTDIR), following symlinks on the way. Asks jkernfs, whose stat fails with the JDK's "Not a
   * directory" there.
   */
  boolean walksThroughFile(int selector) {
    try {
      // toRealPath, not readAttributes: from JDK 25 a stat reports ENOTDIR as a missing file.
      Path unused = fs.getPath(names.path(selector)).toRealPath();
      return false;
    } catch (IOException e) {
      return e.getClass() == FileSystemException.class
          && String.valueOf(e.getMessage()).contains("Not a directory");
    }
  }

  /** Whether resolving the path {@code selector} names runs into a symlink loop (ELOOP). */
  boolean loops(int selector) {
    try {
      Files.readAttributes(fs.getPath(names.path(selector)), PosixFileAttributes.class);
      return false;
    } catch (IOException e) {
      return String.valueOf(e.getMessage()).contains("symbolic links");
    }
  }

  boolean isSymlink(int selector) {
    return Files.isSymbolicLink(fs.getPath(names.path(selector)));
  }

  /**
   * Whether the path {@code inner} names lies inside the directory {@code outer} names, after
   * resolving the symlinks of both (the last component of {@code inner} is not followed).
   */
  boolean isInside(int inner, int outer) {
    try {
      Path dir = fs.getPath(names.path(outer)).toRealPath(LinkOption.NOFOLLOW_LINKS);
      Path innerPath = fs.getPath(names.path(inner));
      Path parent = innerPath.getParent().toRealPath();
      return Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS) && parent.startsWith(dir);
    } catch (IOException e) {
      return false;
    }
  }

  void delete(int selector) throws IOException {
    Files.delete(fs.getPath(names.path(selector)));
  }

  /** The size of the file the channel in slot {@code slot} is open on, or -1 if none. */
  long channelSize(int slot) throws IOException {
    Handle handle = slots[slot];
    return handle == null || handle.channel == null ? -1 : handle.channel.size();
  }

  void truncateChannel(int slot, long size) throws IOException {
    slots[slot].channel.truncate(size);
  }

  /** Whether slot {@code slot} holds an open channel or stream. */
  boolean isOpen(int slot) {
    return slots[slot] != null;
  }

  /** Closes what slot {@code slot} holds, if anything. */
  void closeSlot(int slot) throws IOException {
    Handle handle = slots[slot];
    slots[slot] = null;
    if (handle != null) {
      handle.resource().close();
    }
  }

  /** Closes every channel and stream still open. */
  void closeAll() throws IOException {
    for (int slot = 0; slot < SLOTS; slot++) {
      closeSlot(slot);
    }
  }

  // Channels and streams opened here stay open across steps until CLOSE or closeAll.
  @SuppressWarnings("StreamResourceLeak")
  private Object run(Step step) throws IOException {
    Path p = fs.getPath(names.path(step.a()));
    return switch (NioAction.of(step)) {
      case MKDIR -> done(Files.createDirectory(p));
      case CREATE_FILE -> done(Files.createFile(p));
      case WRITE_FILE -> done(Files.write(p, payload(step.b() % 8, step.c()), writeMode(step.c())));
      case READ_FILE -> text(Files.readAllBytes(p));
      case OPEN_CHANNEL -> open(step.c(), FileChannel.open(p, channelMode(step.b())), null);
      case CHANNEL_WRITE -> withChannel(step.a(), channel -> channelWrite(channel, step));
      case CHANNEL_READ -> withChannel(step.a(), channel -> channelRead(channel, step.b() % 12));
      case CHANNEL_TRUNCATE ->
          withChannel(step.a(), channel -> channel.truncate(step.b() % 8).size());
      case CLOSE -> close(step.a());
      case OPEN_DIRECTORY -> open(step.c(), null, Files.newDirectoryStream(p));
      case READ_DIRECTORY -> readDirectory(step.a());
      case LIST -> list(p);
      case LINK -> done(Files.createLink(fs.getPath(names.path(step.b())), p));
      case SYMLINK -> done(Files.createSymbolicLink(p, fs.getPath(names.symlinkTarget(step.b()))));
      case READLINK -> Files.readSymbolicLink(p);
      case MOVE -> done(Files.move(p, fs.getPath(names.path(step.b())), moveMode(step.c())));
      case DELETE -> {
        Files.delete(p);
        yield "ok";
      }
      case DELETE_IF_EXISTS -> Files.deleteIfExists(p);
      case SET_PERMISSIONS -> done(Files.setPosixFilePermissions(p, permissions(step)));
      case SET_TIMES -> done(Files.setLastModifiedTime(p, FileTime.fromMillis(step.b() * 1000L)));
      case STAT -> stat(p, step.b() % 2 == 0);
      case DYNAMIC_WALK -> dynamicWalk(step);
      case FLIP -> {
        switchboard.flip(step.a() % SwitchboardFilesystem.ENTRIES);
        yield "ok";
      }
    };
  }

  // ---- what the arguments mean ----

  static OpenOption[] writeMode(int selector) {
    return switch (selector % 3) {
      case 0 -> new OpenOption[0]; // create, truncate, write
      case 1 -> new OpenOption[] {StandardOpenOption.CREATE, StandardOpenOption.APPEND};
      default -> new OpenOption[] {StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE};
    };
  }

  static Set<OpenOption> channelMode(int selector) {
    return switch (selector % 8) {
      case 0 -> Set.of(StandardOpenOption.READ);
      case 1 -> Set.of(StandardOpenOption.WRITE, StandardOpenOption.CREATE);
      case 2 -> Set.of(StandardOpenOption.READ, StandardOpenOption.WRITE);
      case 3 -> Set.of(StandardOpenOption.APPEND, StandardOpenOption.CREATE);
      case 4 -> Set.of(StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW);
      case 5 -> Set.of(StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
      case 6 -> Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
      default ->
          Set.of(
              StandardOpenOption.READ,
              StandardOpenOption.WRITE,
              StandardOpenOption.CREATE,
              StandardOpenOption.TRUNCATE_EXISTING);
    };
  }

  static CopyOption[] moveMode(int selector) {
    return switch (selector % 4) {
      case 0 -> new CopyOption[0];
      case 1 -> new CopyOption[] {StandardCopyOption.REPLACE_EXISTING};
      case 2 -> new CopyOption[] {StandardCopyOption.ATOMIC_MOVE};
      default ->
          new CopyOption[] {StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE};
    };
  }

  static Set<PosixFilePermission> permissions(Step step) {
    int mode = ((step.c() & 1) << 8 | step.b()) & 0777;
    Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
    PosixFilePermission[] all = PosixFilePermission.values(); // OWNER_READ first, 0400 first
    for (int bit = 0; bit < 9; bit++) {
      if ((mode & (0400 >> bit)) != 0) {
        permissions.add(all[bit]);
      }
    }
    return permissions;
  }

  /** {@code length} letters starting at the one {@code seed} picks. */
  static byte[] payload(int length, int seed) {
    byte[] bytes = new byte[length];
    for (int i = 0; i < length; i++) {
      bytes[i] = (byte) ('a' + (seed + i) % 26);
    }
    return bytes;
  }

  // ---- steps ----

  private static String done(Object ignored) {
    return "ok";
  }

  private static String text(byte[] bytes) {
    return '"' + new String(bytes, StandardCharsets.ISO_8859_1).replace("\0", "\\0") + '"';
  }

  private String open(int selector, FileChannel channel, DirectoryStream<Path> directory)
      throws IOException {
    int slot = selector % SLOTS;
    if (slots[slot] != null) {
      // Decided before opening would be kinder, but the open itself is part of what is compared.
      (channel != null ? channel : directory).close();
      return "slot " + slot + " busy";
    }
    slots[slot] = new Handle(channel, directory);
    return "slot " + slot;
  }

  @FunctionalInterface
  private interface ChannelStep {
    Object run(FileChannel channel) throws IOException;
  }

  private Object withChannel(int selector, ChannelStep action) throws IOException {
    Handle handle = slots[selector % SLOTS];
    if (handle == null || handle.channel == null) {
      return "no channel";
    }
    return action.run(handle.channel);
  }

  private static Object channelWrite(FileChannel channel, Step step) throws IOException {
    channel.position(step.c() % 12);
    int written = channel.write(ByteBuffer.wrap(payload(step.b() % 8, step.b() / 8)));
    return written + " at " + channel.position();
  }

  private static Object channelRead(FileChannel channel, int position) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(8);
    int read = channel.read(buffer, position);
    return read < 0 ? "eof" : text(Arrays.copyOf(buffer.array(), read));
  }

  private Object close(int selector) throws IOException {
    int slot = selector % SLOTS;
    if (slots[slot] == null) {
      return "slot " + slot + " empty";
    }
    closeSlot(slot);
    return "ok";
  }

  private Object readDirectory(int selector) {
    Handle handle = slots[selector % SLOTS];
    if (handle == null || handle.directory == null) {
      return "no directory stream";
    }
    if (handle.listed) {
      return "already listed"; // a second iterator() is an IllegalStateException by contract
    }
    handle.listed = true;
    List<String> names = new ArrayList<>();
    for (Path entry : handle.directory) {
      names.add(entry.getFileName().toString());
    }
    return names.stream().sorted().toList();
  }

  private static Object list(Path dir) throws IOException {
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
      List<String> names = new ArrayList<>();
      for (Path entry : stream) {
        names.add(entry.getFileName().toString());
      }
      return names.stream().sorted().toList();
    }
  }

  private static Object stat(Path p, boolean follow) throws IOException {
    LinkOption[] options =
        follow ? new LinkOption[0] : new LinkOption[] {LinkOption.NOFOLLOW_LINKS};
    PosixFileAttributes attributes = Files.readAttributes(p, PosixFileAttributes.class, options);
    Object links = Files.getAttribute(p, "unix:nlink", options);
    String type =
        attributes.isDirectory()
            ? "dir"
            : attributes.isSymbolicLink() ? "link" : attributes.isRegularFile() ? "file" : "other";
    return type
        + " size="
        + attributes.size()
        + " nlink="
        + links
        + " mode="
        + PosixFilePermissions.toString(attributes.permissions());
  }

  private Object dynamicWalk(Step step) throws IOException {
    int n = step.b() % SwitchboardFilesystem.ENTRIES;
    Path entry = fs.getPath("/dyn/numbers/" + n);
    Path file = n % 2 == 0 ? entry : entry.resolve("leaf");
    return switch (step.a() % 6) {
      case 0 -> stat(entry, true);
      case 1 -> text(Files.readAllBytes(file));
      case 2 -> list(entry);
      case 3 -> open(step.c(), FileChannel.open(file, StandardOpenOption.READ), null);
      case 4 -> stat(entry.resolve("leaf"), true);
      default -> list(fs.getPath("/dyn/numbers"));
    };
  }

  /** Describes a step for the report, in the terms of the call it makes. */
  static String describe(Step step, NameSpace names) {
    String p = names.path(step.a());
    String q = names.path(step.b());
    return switch (NioAction.of(step)) {
      case MKDIR -> "mkdir " + p;
      case CREATE_FILE -> "create " + p;
      case WRITE_FILE ->
          "write "
              + p
              + " "
              + text(payload(step.b() % 8, step.c()))
              + " "
              + options(writeMode(step.c())).replace("[]", "[CREATE, TRUNCATE_EXISTING]");
      case READ_FILE -> "read " + p;
      case OPEN_CHANNEL ->
          "h" + step.c() % SLOTS + " := channel " + p + " " + sorted(channelMode(step.b()));
      case CHANNEL_WRITE ->
          "h"
              + step.a() % SLOTS
              + ".write "
              + text(payload(step.b() % 8, step.b() / 8))
              + " at "
              + step.c() % 12;
      case CHANNEL_READ -> "h" + step.a() % SLOTS + ".read at " + step.b() % 12;
      case CHANNEL_TRUNCATE -> "h" + step.a() % SLOTS + ".truncate " + step.b() % 8;
      case CLOSE -> "h" + step.a() % SLOTS + ".close";
      case OPEN_DIRECTORY -> "h" + step.c() % SLOTS + " := directory stream " + p;
      case READ_DIRECTORY -> "h" + step.a() % SLOTS + ".list";
      case LIST -> "list " + p;
      case LINK -> "link " + q + " => " + p;
      case SYMLINK -> "symlink " + p + " -> " + names.symlinkTarget(step.b());
      case READLINK -> "readlink " + p;
      case MOVE -> "move " + p + " " + q + " " + options(moveMode(step.c()));
      case DELETE -> "delete " + p;
      case DELETE_IF_EXISTS -> "deleteIfExists " + p;
      case SET_PERMISSIONS -> "chmod " + p + " " + PosixFilePermissions.toString(permissions(step));
      case SET_TIMES -> "set mtime " + p + " " + step.b() + "s";
      case STAT -> (step.b() % 2 == 0 ? "stat " : "lstat ") + p;
      case DYNAMIC_WALK -> describeDynamicWalk(step);
      case FLIP -> "flip /dyn/numbers/" + step.a() % SwitchboardFilesystem.ENTRIES;
    };
  }

  private static String describeDynamicWalk(Step step) {
    int n = step.b() % SwitchboardFilesystem.ENTRIES;
    String entry = "/dyn/numbers/" + n;
    String file = n % 2 == 0 ? entry : entry + "/leaf";
    return switch (step.a() % 6) {
      case 0 -> "stat " + entry;
      case 1 -> "read " + file;
      case 2 -> "list " + entry;
      case 3 -> "h" + step.c() % SLOTS + " := channel " + file + " [READ]";
      case 4 -> "stat " + entry + "/leaf";
      default -> "list /dyn/numbers";
    };
  }

  private static String options(Object[] options) {
    return Arrays.toString(options);
  }

  private static String sorted(Set<OpenOption> options) {
    return options.stream()
        .map(Object::toString)
        .sorted()
        .collect(Collectors.joining(", ", "[", "]"));
  }

  /**
   * The whole tree under {@code /}, without following symlinks: for each path its type, and for a
   * file its size, link count and content, for a symlink its target.
   */
  Map<String, String> snapshot() throws IOException {
    Map<String, String> tree = new TreeMap<>();
    snapshot(fs.getPath("/"), tree, 0);
    return tree;
  }

  private static void snapshot(Path dir, Map<String, String> tree, int depth) throws IOException {
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
      for (Path entry : stream) {
        PosixFileAttributes attributes =
            Files.readAttributes(entry, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        Object links = Files.getAttribute(entry, "unix:nlink", LinkOption.NOFOLLOW_LINKS);
        if (attributes.isSymbolicLink()) {
          tree.put(entry.toString(), "link -> " + Files.readSymbolicLink(entry));
        } else if (attributes.isDirectory()) {
          tree.put(entry.toString(), "dir nlink=" + links);
          if (depth < 8) {
            snapshot(entry, tree, depth + 1);
          }
        } else {
          byte[] content = attributes.isRegularFile() ? Files.readAllBytes(entry) : NO_BYTES;
          tree.put(
              entry.toString(),
              "file size="
                  + attributes.size()
                  + " nlink="
                  + links
                  + " content="
                  + text(content)
                  + " mode="
                  + PosixFilePermissions.toString(attributes.permissions()));
        }
      }
    }
  }
}
