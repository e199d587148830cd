package dev.jkernfs.nio;

import static java.nio.file.StandardOpenOption.CREATE;
import static java.nio.file.StandardOpenOption.WRITE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jkernfs.refs.AuditReport;
import dev.jkernfs.refs.LeakChecker;
import dev.jkernfs.refs.LeakDetectedException;
import dev.jkernfs.refs.LeakScope;
import dev.jkernfs.vfs.Credentials;
import dev.jkernfs.vfs.ParsedPath;
import dev.jkernfs.vfs.PathOperation;
import dev.jkernfs.vfs.VirtualDentry;
import dev.jkernfs.vfs.VirtualFilesystem;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A crash keeps the reference model whole: afterwards exactly the inodes the root reaches are
 * alive, every reference is accounted for, link counts are those of the names, and closing leaks
 * nothing; across random operations and crashes too. A reference kept across a crash is caught by
 * each check.
 */
class PowerCutLeakTest {
  @Test
  void afterACrashOnlyWhatTheRootReachesIsAliveAndEveryReferenceIsAccountedFor()
      throws IOException {
    try (FileSystem fs = newFileSystem()) {
      busyTree(fs);

      Jkernfs.crash(fs, 5);

      assertConsistent(fs, "after a crash");
    } // closing checks for leaks, in throw mode
  }

  @Test
  void aReferenceKeptAcrossACrashIsCaughtByEachCheck() throws IOException {
    FileSystem fs = newFileSystem();
    busyTree(fs);
    VirtualFilesystem vfs = Jkernfs.virtualFilesystem(fs);
    // A holder the crash does not know of, on a file whose name the crash takes away.
    VirtualDentry kept =
        vfs.getDentry(
            new PathOperation(
                Credentials.root(), vfs.root(), vfs.root(), ParsedPath.parse("/unsynced"), true),
            false);

    Jkernfs.crash(fs);

    assertThat(liveInodes(fs)).isGreaterThan(reachedInodes(fs));
    assertThat(audit(fs).isBalanced()).isFalse();
    assertThatThrownBy(fs::close)
        .isInstanceOf(LeakDetectedException.class)
        .hasMessageContaining("/unsynced (deleted)");
    kept.decRef(); // repair, so that this test's own scope is clean
    assertThat(Jkernfs.leakReport(fs).isClean()).isTrue();
  }

  /**
   * Random creates, writes, syncs, renames, links, unlinks, removals and truncates, crashed at
   * random points with random seeds: after every crash the tree is consistent and balanced, a
   * second crash without a seed right after changes nothing (the state a crash leaves is durable),
   * and the filesystem goes on.
   */
  @Test
  void randomOperationsAndCrashesKeepTheTreeConsistent() throws IOException {
    SplittableRandom random = new SplittableRandom(20261130);
    for (int round = 0; round < 40; round++) {
      try (FileSystem fs = newFileSystem()) {
        for (int crash = 0; crash < 4; crash++) {
          int steps = random.nextInt(40);
          for (int step = 0; step < steps; step++) {
            randomOperation(fs, random);
          }
          long seed = random.nextLong();
          String where = "round " + round + ", crash " + crash + ", seed " + seed;
          Jkernfs.crash(fs, seed);
          assertConsistent(fs, where);
          Map<String, String> after = snapshot(fs);
          Jkernfs.crash(fs);
          assertThat(snapshot(fs)).as(where).isEqualTo(after);
        }
      }
    }
  }

  private static void randomOperation(FileSystem fs, SplittableRandom random) throws IOException {
    List<Path> files = new ArrayList<>();
    List<Path> dirs = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(fs.getPath("/"))) {
      walk.forEach(p -> (Files.isDirectory(p) ? dirs : files).add(p));
    }
    Path dir = dirs.get(random.nextInt(dirs.size()));
    Path file = files.isEmpty() ? null : files.get(random.nextInt(files.size()));
    Path fresh = dir.resolve("n" + random.nextInt(20));
    try {
      switch (random.nextInt(12)) {
        case 0 -> Files.createDirectory(fresh);
        case 1, 2 -> {
          try (FileChannel out = FileChannel.open(fresh, CREATE, WRITE)) {
            out.write(ByteBuffer.allocate(random.nextInt(3 * 8192)), random.nextInt(8192));
          }
        }
        case 3, 4 -> PowerCutTest.fsync(random.nextBoolean() || file == null ? dir : file);
        case 5 -> {
          if (file != null) {
            Files.move(file, fresh, StandardCopyOption.REPLACE_EXISTING);
          }
        }
        case 6 -> {
          if (file != null) {
            Files.createLink(fresh, file);
          }
        }
        case 7 -> {
          if (file != null) {
            Files.delete(file);
          }
        }
        case 8 -> {
          if (dirs.size() > 1) {
            Path other = dirs.get(1 + random.nextInt(dirs.size() - 1));
            Files.move(other, fresh);
          }
        }
        case 9 -> {
          if (dirs.size() > 1) {
            Files.delete(dirs.get(1 + random.nextInt(dirs.size() - 1)));
          }
        }
        case 10 -> {
          if (file != null) {
            try (FileChannel out = FileChannel.open(file, WRITE)) {
              out.truncate(random.nextInt(8192));
              if (random.nextBoolean()) {
                out.force(true);
              }
            }
          }
        }
        default -> {
          if (file != null) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
          }
        }
      }
    } catch (IOException e) {
      // a name taken, a directory not empty, a move into itself: as on any filesystem
    }
  }

  /** Live inodes are those the root reaches, link counts are those of the names, all balanced. */
  private static void assertConsistent(FileSystem fs, String where) throws IOException {
    assertThat(liveInodes(fs)).as(where).isEqualTo(reachedInodes(fs));
    AuditReport audit = audit(fs);
    assertThat(audit.isBalanced()).as("%s: %s", where, audit).isTrue();
    Map<Object, Integer> names = new HashMap<>();
    Map<Object, Integer> subdirectories = new HashMap<>();
    try (Stream<Path> walk = Files.walk(fs.getPath("/"))) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        Object key = key(p);
        names.merge(key, 1, Integer::sum);
        if (Files.isDirectory(p) && p.getParent() != null) {
          subdirectories.merge(key(p.getParent()), 1, Integer::sum);
        }
      }
    }
    try (Stream<Path> walk = Files.walk(fs.getPath("/"))) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        int nlink = (Integer) Files.getAttribute(p, "unix:nlink");
        int expected =
            Files.isDirectory(p) ? 2 + subdirectories.getOrDefault(key(p), 0) : names.get(key(p));
        assertThat(nlink).as("%s: nlink of %s", where, p).isEqualTo(expected);
      }
    }
  }

  /** Every path with its type, size and mode: what two crashes in a row must agree on. */
  private static Map<String, String> snapshot(FileSystem fs) throws IOException {
    Map<String, String> snapshot = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(fs.getPath("/"))) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        BasicFileAttributes attributes = Files.readAttributes(p, BasicFileAttributes.class);
        String content =
            attributes.isRegularFile()
                ? Integer.toString(Arrays.hashCode(Files.readAllBytes(p)))
                : "dir";
        snapshot.put(
            p.toString(),
            content
                + " "
                + attributes.size()
                + " "
                + Files.getAttribute(p, "unix:mode")
                + " "
                + attributes.lastModifiedTime());
      }
    }
    return snapshot;
  }

  /**
   * Durable and unsynced files and directories, an unlinked durable file, a rename over a durable
   * file, a hard link, and channels still open on files a crash takes away.
   */
  private static void busyTree(FileSystem fs) throws IOException {
    Files.createDirectories(fs.getPath("/kept/sub"));
    Files.writeString(fs.getPath("/kept/sub/file"), "kept");
    PowerCutTest.fsync(fs.getPath("/kept/sub/file"));
    PowerCutTest.fsync(fs.getPath("/kept/sub"));
    PowerCutTest.fsync(fs.getPath("/kept"));
    Files.writeString(fs.getPath("/durable"), "durable");
    PowerCutTest.fsync(fs.getPath("/durable"));
    PowerCutTest.fsync(fs.getPath("/"));
    Files.writeString(fs.getPath("/unsynced"), "lost");
    Files.createDirectories(fs.getPath("/unsynced-dir/deeper"));
    Files.writeString(fs.getPath("/unsynced-dir/deeper/file"), "lost");
    Files.delete(fs.getPath("/durable"));
    Files.createLink(fs.getPath("/kept/link"), fs.getPath("/kept/sub/file"));
    Files.writeString(fs.getPath("/replacement"), "new");
    Files.move(
        fs.getPath("/replacement"),
        fs.getPath("/kept/sub/file"),
        StandardCopyOption.REPLACE_EXISTING);
    FileChannel.open(fs.getPath("/unsynced-dir/deeper/file"), WRITE);
    FileChannel scratch = FileChannel.open(fs.getPath("/scratch"), CREATE, WRITE);
    scratch.write(ByteBuffer.allocate(10_000));
    Files.delete(fs.getPath("/scratch"));
  }

  private static long liveInodes(FileSystem fs) {
    return LeakChecker.liveCounts(scope(fs)).getOrDefault("inode", 0L);
  }

  /** The files and directories a walk from the root finds, each hard-linked file once. */
  private static long reachedInodes(FileSystem fs) throws IOException {
    Set<Object> keys = new HashSet<>();
    try (Stream<Path> walk = Files.walk(fs.getPath("/"))) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        keys.add(key(p));
      }
    }
    return keys.size();
  }

  private static Object key(Path p) throws IOException {
    return Files.readAttributes(p, BasicFileAttributes.class).fileKey();
  }

  private static AuditReport audit(FileSystem fs) {
    return LeakChecker.audit(scope(fs));
  }

  private static LeakScope scope(FileSystem fs) {
    VirtualFilesystem vfs = Jkernfs.virtualFilesystem(fs);
    return LeakScope.ownedBy(vfs, vfs.name());
  }

  private static FileSystem newFileSystem() throws IOException {
    // Its own leak mode, so that the counts and the audit mean the same in every run.
    return Jkernfs.newFileSystem(Map.of("durability", "fsync", "leakMode", "throw"));
  }
}
