package dev.jkernfs.nio;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.nio.file.StandardOpenOption.CREATE_NEW;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.WRITE;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32;

/**
 * A write-ahead log as storage engines keep one: records appended to segment files of a few records
 * each under {@code /wal}, each record its length, its bytes and their CRC-32, a record
 * acknowledged once its append returns. Recovery reads the segments in order and stops a segment at
 * its first record that does not check out, as a torn tail.
 *
 * <p>Done right, an append forces the segment before it returns, and a new segment is forced and
 * its directory synced before the first record goes in; each careless variant skips one of those.
 */
final class WriteAheadLog implements CrashSweep.StorageProgram {
  static final int RECORDS_PER_SEGMENT = 10;

  private final String name;
  private final boolean forceAppends;
  private final boolean syncDirectoryOnNewSegment;

  private WriteAheadLog(String name, boolean forceAppends, boolean syncDirectoryOnNewSegment) {
    this.name = name;
    this.forceAppends = forceAppends;
    this.syncDirectoryOnNewSegment = syncDirectoryOnNewSegment;
  }

  static WriteAheadLog correct() {
    return new WriteAheadLog("write-ahead log, done right", true, true);
  }

  static WriteAheadLog withoutForcingAppends() {
    return new WriteAheadLog("write-ahead log, appends not forced", false, true);
  }

  static WriteAheadLog withoutSyncingNewSegmentsDirectory() {
    return new WriteAheadLog(
        "write-ahead log, directory not synced after a new segment", true, false);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public CrashSweep.Session start(FileSystem fs) throws IOException {
    // The log's directory exists, durably, before the program first runs.
    Path dir = Files.createDirectory(fs.getPath("/wal"));
    PowerCutTest.fsync(dir.getParent());
    return new Session(dir);
  }

  /** One run: the open segment and what it acknowledged. */
  private final class Session implements CrashSweep.Session {
    private final Path dir;
    private final List<String> acknowledged = new ArrayList<>();
    private FileChannel segment;

    Session(Path dir) {
      this.dir = dir;
    }

    @Override
    public String perform(int number) throws IOException {
      if ((number - 1) % RECORDS_PER_SEGMENT == 0) {
        newSegment((number - 1) / RECORDS_PER_SEGMENT);
      }
      String record = String.format("record-%04d", number);
      byte[] payload = payload(record, number);
      ByteBuffer framed = ByteBuffer.allocate(payload.length + 8);
      framed.putInt(payload.length).put(payload).putInt(crc(payload)).flip();
      while (framed.hasRemaining()) {
        segment.write(framed);
      }
      if (forceAppends) {
        segment.force(false);
      }
      acknowledged.add(record);
      return "append " + record;
    }

    private void newSegment(int index) throws IOException {
      if (segment != null) {
        segment.close();
      }
      segment = FileChannel.open(dir.resolve(String.format("%06d.log", index)), CREATE_NEW, WRITE);
      if (syncDirectoryOnNewSegment) {
        segment.force(true);
        PowerCutTest.fsync(dir);
      }
    }

    @Override
    public List<String> promised() {
      return acknowledged;
    }
  }

  @Override
  public CrashSweep.Recovery recover(FileSystem fs) throws IOException {
    List<String> found = new ArrayList<>();
    List<String> torn = new ArrayList<>();
    List<Path> segments;
    try (Stream<Path> listing = Files.list(fs.getPath("/wal"))) {
      segments = listing.sorted().toList();
    }
    for (Path segment : segments) {
      ByteBuffer bytes;
      try (FileChannel in = FileChannel.open(segment, READ)) {
        bytes = ByteBuffer.allocate((int) in.size());
        while (bytes.hasRemaining() && in.read(bytes) > 0) {}
        bytes.flip();
      }
      while (bytes.remaining() > 0) {
        int start = bytes.position();
        String record = nextRecord(bytes);
        if (record == null) {
          torn.add(segment.getFileName() + " at byte " + start);
          break;
        }
        found.add(record);
      }
    }
    String remark =
        (segments.isEmpty() ? "no segment" : segments.size() + " segments")
            + (torn.isEmpty() ? "" : "; torn tail ignored in " + String.join(", ", torn));
    return new CrashSweep.Recovery(found, remark);
  }

  /** The next record's name, or null if what follows is not a whole record that checks out. */
  private static String nextRecord(ByteBuffer bytes) {
    if (bytes.remaining() < 8) {
      return null;
    }
    int length = bytes.getInt();
    if (length <= 0 || length > bytes.remaining() - 4) {
      return null;
    }
    byte[] payload = new byte[length];
    bytes.get(payload);
    if (bytes.getInt() != crc(payload)) {
      return null;
    }
    String text = new String(payload, UTF_8);
    return text.substring(0, text.indexOf(' '));
  }

  /** A record's bytes: its name, then filler of a length that varies, so records cross blocks. */
  private static byte[] payload(String record, int number) {
    int filler = 200 + (number * 937) % 3000;
    return (record + " " + "x".repeat(filler)).getBytes(UTF_8);
  }

  private static int crc(byte[] payload) {
    CRC32 crc = new CRC32();
    crc.update(payload);
    return (int) crc.getValue();
  }
}
