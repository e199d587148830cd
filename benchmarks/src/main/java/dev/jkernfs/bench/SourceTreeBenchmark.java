package dev.jkernfs.bench;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * A test that works on a source tree: unpack a zip of 2,000 files from the heap into the
 * filesystem, walk the tree with {@code Files.walk} and read every regular file, then delete the
 * tree, children before their directory. One filesystem serves the whole trial; each operation
 * leaves it as it found it.
 *
 * <p>The tree is the same in every run ({@link #zip}, seed 42): directories up to 4 levels deep,
 * each holding 20 to 40 files (the last fewer), each new directory under one picked at random from
 * those less than 4 deep. File sizes run from 100 bytes to 64 KiB, skewed small as in a real source
 * tree: the size is {@code 100 * 655.36^(u*u)} for {@code u} uniform in [0, 1), so its logarithm is
 * spread as the square of a uniform variable. The 2,000 files: half under 460 bytes, nine in ten
 * under 21.5 KB, a mean of 6.0 KB, 12.0 MB in all, in 66 directories (7, 12, 23 and 24 at depths 1
 * to 4).
 *
 * <p>The zip stores its entries uncompressed: inflating would cost every filesystem the same and
 * only hide the part that differs.
 */
@State(Scope.Benchmark)
public class SourceTreeBenchmark extends BenchmarkDefaults {
  static final int MAX_DEPTH = 4;
  static final int MIN_BYTES = 100;
  static final int MAX_BYTES = 64 * 1024;
  private static final int MIN_FILES_PER_DIRECTORY = 20;
  private static final int MAX_FILES_PER_DIRECTORY = 40;

  @Param({Filesystems.JKERNFS, Filesystems.JIMFS, Filesystems.MEMORYFILESYSTEM})
  public String fs;

  @Param("2000")
  public int files;

  FileSystem fileSystem;
  Path tree;
  private byte[] zip;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    zip = zip(files);
    fileSystem = Filesystems.create(fs);
    tree = Files.createDirectories(fileSystem.getPath("/work")).resolve("tree");
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    fileSystem.close();
  }

  @Benchmark
  public long sourceTree(Blackhole blackhole) throws IOException {
    unpack();
    List<Path> walked;
    try (Stream<Path> walk = Files.walk(tree)) {
      walked = walk.toList();
    }
    long read = 0;
    for (Path path : walked) {
      if (Files.isRegularFile(path)) {
        byte[] content = Files.readAllBytes(path);
        blackhole.consume(content);
        read += content.length;
      }
    }
    // Files.walk visits a directory before its entries, so the reverse order empties each
    // directory before deleting it.
    for (int i = walked.size() - 1; i >= 0; i--) {
      Files.delete(walked.get(i));
    }
    return read;
  }

  private void unpack() throws IOException {
    Files.createDirectory(tree);
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
      for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
        String name = entry.getName();
        if (entry.isDirectory()) {
          Files.createDirectories(tree.resolve(name.substring(0, name.length() - 1)));
        } else {
          Files.copy(in, tree.resolve(name));
        }
      }
    }
  }

  /**
   * The zip of a tree of {@code files} files, as the class comment describes: each directory's
   * entry before its files and its subdirectories, entries stored uncompressed.
   */
  static byte[] zip(int files) {
    Random random = new Random(42);
    List<String> directories = new ArrayList<>(List.of(""));
    List<Integer> depths = new ArrayList<>(List.of(0));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream out = new ZipOutputStream(bytes)) {
      out.setMethod(ZipOutputStream.STORED);
      int written = 0;
      while (written < files) {
        int parent;
        do {
          parent = random.nextInt(directories.size());
        } while (depths.get(parent) >= MAX_DEPTH);
        String directory = directories.get(parent) + "pkg" + directories.size() + "/";
        directories.add(directory);
        depths.add(depths.get(parent) + 1);
        put(out, directory, new byte[0]);
        int count =
            MIN_FILES_PER_DIRECTORY
                + random.nextInt(MAX_FILES_PER_DIRECTORY - MIN_FILES_PER_DIRECTORY + 1);
        for (int i = 0; i < count && written < files; i++, written++) {
          double u = random.nextDouble();
          byte[] content =
              new byte[(int) (MIN_BYTES * Math.pow((double) MAX_BYTES / MIN_BYTES, u * u))];
          random.nextBytes(content);
          put(out, directory + "Source" + written + ".java", content);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("writing to a byte array cannot fail", e);
    }
    return bytes.toByteArray();
  }

  private static void put(ZipOutputStream out, String name, byte[] content) throws IOException {
    ZipEntry entry = new ZipEntry(name);
    CRC32 crc = new CRC32();
    crc.update(content);
    // a stored entry carries its size and checksum ahead of its bytes
    entry.setSize(content.length);
    entry.setCompressedSize(content.length);
    entry.setCrc(crc.getValue());
    out.putNextEntry(entry);
    out.write(content);
    out.closeEntry();
  }
}
