package dev.jkernfs.nio;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.nio.file.StandardOpenOption.CREATE;
import static java.nio.file.StandardOpenOption.TRUNCATE_EXISTING;
import static java.nio.file.StandardOpenOption.WRITE;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32;

/**
 * A key-value file replaced whole on every put, the way configuration stores and small databases
 * update a file atomically: the new version goes to {@code db.tmp}, which is then renamed over
 * {@code db}; a put is acknowledged once that returns. The file ends in the CRC-32 of what comes
 * before, so that recovery tells a torn file from a whole one.
 *
 * <p>Done right, the temporary file is forced before the rename and the directory synced after it;
 * each careless variant skips one of those.
 */
final class KeyValueFile implements CrashSweep.StorageProgram {
  private static final int KEYS = 7;

  private final String name;
  private final boolean forceBeforeRename;
  private final boolean syncDirectoryAfterRename;

  private KeyValueFile(String name, boolean forceBeforeRename, boolean syncDirectoryAfterRename) {
    this.name = name;
    this.forceBeforeRename = forceBeforeRename;
    this.syncDirectoryAfterRename = syncDirectoryAfterRename;
  }

  static KeyValueFile correct() {
    return new KeyValueFile("key-value file via temp and rename, done right", true, true);
  }

  static KeyValueFile withoutForcingTheTemporaryFile() {
    return new KeyValueFile("key-value file, temp file not forced before the rename", false, true);
  }

  static KeyValueFile withoutSyncingTheDirectory() {
    return new KeyValueFile("key-value file, directory not synced after the rename", true, false);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public CrashSweep.Session start(FileSystem fs) throws IOException {
    // A first version of the file exists, durably, before the program first runs.
    Path dir = Files.createDirectory(fs.getPath("/kv"));
    PowerCutTest.fsync(dir.getParent());
    Session session = new Session(dir);
    session.replace(true, true);
    return session;
  }

  /** One run: the map as the program holds it, all of it acknowledged. */
  private final class Session implements CrashSweep.Session {
    private final Path dir;
    private final Map<String, String> map = new TreeMap<>();

    Session(Path dir) {
      this.dir = dir;
    }

    @Override
    public String perform(int number) throws IOException {
      String key = "key-" + (number % KEYS);
      map.put(key, "value-" + number + "-" + "v".repeat((number * 577) % 2500));
      replace(forceBeforeRename, syncDirectoryAfterRename);
      return "put " + key;
    }

    void replace(boolean force, boolean syncDirectory) throws IOException {
      Path temp = dir.resolve("db.tmp");
      try (FileChannel out = FileChannel.open(temp, CREATE, TRUNCATE_EXISTING, WRITE)) {
        ByteBuffer bytes = ByteBuffer.wrap(encode(map));
        while (bytes.hasRemaining()) {
          out.write(bytes);
        }
        if (force) {
          out.force(true);
        }
      }
      Files.move(
          temp,
          dir.resolve("db"),
          StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
      if (syncDirectory) {
        PowerCutTest.fsync(dir);
      }
    }

    @Override
    public List<String> promised() {
      return facts(map);
    }
  }

  @Override
  public CrashSweep.Recovery recover(FileSystem fs) throws IOException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(fs.getPath("/kv/db"));
    } catch (NoSuchFileException e) {
      return new CrashSweep.Recovery(List.of(), "no db");
    }
    if (bytes.length < 4) {
      return new CrashSweep.Recovery(List.of(), "db of " + bytes.length + " bytes");
    }
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    byte[] body = new byte[bytes.length - 4];
    buffer.get(body);
    if (buffer.getInt() != crc(body)) {
      return new CrashSweep.Recovery(
          List.of(), "db of " + bytes.length + " bytes fails its checksum");
    }
    Map<String, String> map = new TreeMap<>();
    for (String line : new String(body, UTF_8).split("\n")) {
      if (!line.isEmpty()) {
        int eq = line.indexOf('=');
        map.put(line.substring(0, eq), line.substring(eq + 1));
      }
    }
    return new CrashSweep.Recovery(facts(map), "");
  }

  /** Each key with the number of the put that set its value: what a loss report shows. */
  private static List<String> facts(Map<String, String> map) {
    List<String> facts = new ArrayList<>();
    map.forEach(
        (key, value) -> {
          int end = value.indexOf('-', "value-".length());
          facts.add(key + "=" + value.substring(0, end < 0 ? value.length() : end));
        });
    return facts;
  }

  private static byte[] encode(Map<String, String> map) {
    StringBuilder text = new StringBuilder();
    map.forEach((key, value) -> text.append(key).append('=').append(value).append('\n'));
    byte[] body = text.toString().getBytes(UTF_8);
    return ByteBuffer.allocate(body.length + 4).put(body).putInt(crc(body)).array();
  }

  private static int crc(byte[] body) {
    CRC32 crc = new CRC32();
    crc.update(body);
    return (int) crc.getValue();
  }
}
