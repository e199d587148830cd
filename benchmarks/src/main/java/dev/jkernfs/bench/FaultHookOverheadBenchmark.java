package dev.jkernfs.bench;

import dev.jkernfs.nio.FaultRule;
import dev.jkernfs.nio.Jkernfs;
import dev.jkernfs.vfs.Errno;
import dev.jkernfs.vfs.FileOperation;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Random;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What fault injection costs a user who sets no rule: {@code createWriteDelete} (an open that
 * creates, a write, a delete) plus a read, on a filesystem whose VFS asks no fault hook at all (as
 * before fault injection), on one with the hook and no rule (every filesystem), and on one with a
 * rule about calls the cycle never makes.
 */
public class FaultHookOverheadBenchmark extends BenchmarkDefaults {

  /** A jkernfs filesystem with its fault hook in some state, and the file to cycle through. */
  @State(Scope.Benchmark)
  public abstract static class Cycle {
    private FileSystem fileSystem;
    private Path file;
    private final ByteBuffer content = ByteBuffer.wrap(new byte[4096]);

    abstract void prepare(FileSystem fs);

    @Setup
    public void setUp() throws IOException {
      new Random(42).nextBytes(content.array());
      fileSystem = Jkernfs.newFileSystem(Map.of("leakMode", "disabled"));
      file = Files.createDirectories(fileSystem.getPath("/tmp/work")).resolve("scratch.bin");
      prepare(fileSystem);
    }

    @TearDown
    public void tearDown() throws IOException {
      fileSystem.close();
    }

    int run() throws IOException {
      try (SeekableByteChannel channel =
          Files.newByteChannel(
              file,
              StandardOpenOption.CREATE_NEW,
              StandardOpenOption.READ,
              StandardOpenOption.WRITE)) {
        content.clear();
        while (content.hasRemaining()) {
          channel.write(content);
        }
        content.clear();
        channel.position(0);
        int read = channel.read(content);
        Files.delete(file);
        return read;
      }
    }
  }

  /** The VFS asks no hook: the calls as they were before fault injection. */
  public static class NoHook extends Cycle {
    @Override
    void prepare(FileSystem fs) {
      Jkernfs.virtualFilesystem(fs).setFaultHook(null);
    }
  }

  /** The filesystem's injector, without rules: what every user pays. */
  public static class NoRules extends Cycle {
    @Override
    void prepare(FileSystem fs) {}
  }

  /** A rule about locks, which the cycle never takes. */
  public static class OtherRules extends Cycle {
    @Override
    void prepare(FileSystem fs) {
      Jkernfs.faults(fs).add(FaultRule.on(FileOperation.LOCK).fail(Errno.ENOLCK));
    }
  }

  @Benchmark
  public int faultHookNone(NoHook cycle) throws IOException {
    return cycle.run();
  }

  @Benchmark
  public int faultHookNoRules(NoRules cycle) throws IOException {
    return cycle.run();
  }

  @Benchmark
  public int faultHookOtherRules(OtherRules cycle) throws IOException {
    return cycle.run();
  }
}
