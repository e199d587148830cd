package dev.jkernfs.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The heap each filesystem keeps per empty file: the used heap after a full collection, before and
 * after creating a million empty files in a thousand directories, divided by the number of files.
 * Then each file gets {@value #CONTENT_BYTES} bytes and is deleted, and so is every directory: the
 * heap still held after that, beyond the empty filesystem's, is what deleted files leave behind
 * (for jkernfs at most its pool of freed pages, {@value #PAGE_POOL_BYTES} bytes by default). Not a
 * JMH benchmark: the figures are sizes, not times.
 *
 * <p>Run it alone in a JVM whose collector compacts fully on {@code System.gc()} (the default G1,
 * or {@code -XX:+UseSerialGC} for the steadiest figure) with heap to spare: {@code java -Xmx12g -cp
 * benchmarks.jar dev.jkernfs.bench.HeapPerFile [files [directories]]}.
 *
 * <p>Each filesystem is measured in a JVM of its own, started with the same options: measured one
 * after the other in one JVM, the figures depended on the order by up to 400 bytes per file.
 */
public final class HeapPerFile {
  /** The target: jkernfs keeps at most this fraction of jimfs's heap per file. */
  static final double TARGET_VS_JIMFS = 0.6;

  /** What each file holds before the deletes. */
  static final int CONTENT_BYTES = 1024;

  /** jkernfs's default bound on freed pages kept for reuse (env key {@code pagePoolBytes}). */
  static final long PAGE_POOL_BYTES = 4L << 20;

  private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

  private HeapPerFile() {}

  public static void main(String[] args) throws IOException, InterruptedException {
    int files = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    int directories = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
    if (args.length > 2) {
      // A child of run(): measure the one filesystem named and print the figure alone.
      double[] figures = measure(args[2], files, directories);
      System.out.println(figures[0] + " " + figures[1]);
      return;
    }
    run(files, directories, System.out);
  }

  /** Measures every filesystem and prints the figures and the verdict to {@code out}. */
  static Map<String, Double> run(int files, int directories, PrintStream out)
      throws IOException, InterruptedException {
    if (files % directories != 0) {
      throw new IllegalArgumentException(files + " files do not split evenly into " + directories);
    }
    Map<String, Double> bytesPerFile = new LinkedHashMap<>();
    Map<String, Double> afterDelete = new LinkedHashMap<>();
    for (String name : Filesystems.ALL) {
      double[] figures = measureInChild(name, files, directories);
      bytesPerFile.put(name, figures[0]);
      afterDelete.put(name, figures[1]);
    }
    out.printf(
        Locale.ROOT,
        "heapPerFile: %,d empty files in %,d directories; retained heap after System.gc(); then"
            + " %,d bytes written to each before it is deleted, and every directory deleted%n%n",
        files,
        directories,
        CONTENT_BYTES);
    out.println("| filesystem | bytes/file | jkernfs / this | retained after delete |");
    out.println("|---|---:|---:|---:|");
    double jkernfs = bytesPerFile.get(Filesystems.JKERNFS);
    bytesPerFile.forEach(
        (name, bytes) ->
            out.printf(
                Locale.ROOT,
                "| %s | %.1f | %.2fx | %,.0f bytes |%n",
                name,
                bytes,
                jkernfs / bytes,
                afterDelete.get(name)));
    double ratio = jkernfs / bytesPerFile.get(Filesystems.JIMFS);
    out.printf(
        Locale.ROOT,
        "%ntarget heapPerFile jkernfs / jimfs <= %.1fx: %s (%.2fx)%n",
        TARGET_VS_JIMFS,
        ratio <= TARGET_VS_JIMFS ? "met" : "NOT met",
        ratio);
    double retained = afterDelete.get(Filesystems.JKERNFS);
    out.printf(
        Locale.ROOT,
        "target heapPerFile jkernfs retained after delete <= the page pool's %,d bytes: %s (%,.0f"
            + " bytes)%n",
        PAGE_POOL_BYTES,
        retained <= PAGE_POOL_BYTES ? "met" : "NOT met",
        retained);
    return bytesPerFile;
  }

  /** Runs {@link #main} in a new JVM with this one's options to measure {@code name} alone. */
  private static double[] measureInChild(String name, int files, int directories)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(HeapPerFile.class.getName());
    command.add(Integer.toString(files));
    command.add(Integer.toString(directories));
    command.add(name);
    Process child =
        new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (child.waitFor() != 0) {
      throw new IOException("measuring " + name + " failed: " + output);
    }
    String[] figures = output.trim().split(" ");
    return new double[] {Double.parseDouble(figures[0]), Double.parseDouble(figures[1])};
  }

  /**
   * The heap per empty file, and the heap still held once every file got content and was deleted,
   * beyond what the filesystem held before its first file.
   */
  private static double[] measure(String name, int files, int directories) throws IOException {
    long before = usedHeapAfterGc();
    FileSystem fileSystem = Filesystems.create(name);
    try {
      Files.createDirectories(fileSystem.getPath("/files"));
      long empty = usedHeapAfterGc();
      int perDirectory = files / directories;
      for (int d = 0; d < directories; d++) {
        Path directory = Files.createDirectories(fileSystem.getPath("/files/d" + d));
        for (int f = 0; f < perDirectory; f++) {
          Files.createFile(directory.resolve("f" + f));
        }
      }
      long after = usedHeapAfterGc();
      // Each file gets its content just before it goes, so that no filesystem needs the heap for
      // all of it at once (jimfs gives each file a block of 8 KiB).
      byte[] content = new byte[CONTENT_BYTES];
      for (int d = 0; d < directories; d++) {
        Path directory = fileSystem.getPath("/files/d" + d);
        for (int f = 0; f < perDirectory; f++) {
          Path file = directory.resolve("f" + f);
          Files.write(file, content);
          Files.delete(file);
        }
        Files.delete(directory);
      }
      long deleted = usedHeapAfterGc();
      return new double[] {(after - before) / (double) files, Math.max(0, deleted - empty)};
    } finally {
      fileSystem.close();
    }
  }

  /** The used heap once collections stop freeing anything. */
  static long usedHeapAfterGc() {
    long used = Long.MAX_VALUE;
    for (int round = 0; round < 10; round++) {
      System.gc();
      long now = MEMORY.getHeapMemoryUsage().getUsed();
      if (now >= used) {
        return now;
      }
      used = now;
    }
    return used;
  }
}
