package dev.jkernfs.proc;

import static dev.jkernfs.proc.ProcFixture.assertErrno;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jkernfs.kernfs.KernfsFilesystem;
import dev.jkernfs.refs.LeakChecker;
import dev.jkernfs.refs.LeakMode;
import dev.jkernfs.refs.LeakScope;
import dev.jkernfs.vfs.Errno;
import dev.jkernfs.vfs.FileDescription;
import dev.jkernfs.vfs.FileMode;
import dev.jkernfs.vfs.FilesystemType;
import dev.jkernfs.vfs.OpenOptions;
import dev.jkernfs.vfs.Stat;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The format of every built-in file, and how proc files are generated. */
class ProcFilesTest {
  private static final int PROCESSORS = Runtime.getRuntime().availableProcessors();

  private final ProcFixture fx = new ProcFixture();

  @AfterEach
  void tearDown() {
    fx.close();
  }

  private List<String> lines(String path) {
    String text = fx.read(path);
    assertThat(text).endsWith("\n");
    return text.lines().toList();
  }

  @Test
  void rootListsTheBuiltInEntries() {
    assertThat(fx.list("/proc"))
        .containsExactly(
            "meminfo",
            "uptime",
            "cpuinfo",
            "loadavg",
            "self",
            "threads",
            "thread-self",
            "fs",
            "sys");
    assertThat(fx.list("/proc/self")).containsExactly("status", "cmdline", "limits");
    assertThat(fx.list("/proc/fs")).containsExactly("dentry-state", "live-objects", "faults");
    assertThat(fx.list("/proc/sys/fs")).containsExactly("dentry-cache-limit");
  }

  @Test
  void meminfoShowsHeapAndNonHeapInTheLinuxLayout() {
    List<String> lines = lines("/proc/meminfo");
    for (String line : lines) {
      // Key and colon in 16 columns, the value right-aligned in 8 more, as show_val_kb prints.
      assertThat(line).matches("[A-Za-z]+:\\s+\\d+ kB");
      assertThat(line.indexOf(" kB")).isGreaterThanOrEqualTo(24);
    }
    assertThat(lines)
        .extracting(line -> line.substring(0, line.indexOf(':')))
        .containsSubsequence("HeapUsed", "HeapCommitted", "NonHeapUsed", "NonHeapCommitted");
    MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
    if (heap.getMax() >= 0) {
      assertThat(lines).contains(String.format("HeapMax:        %8d kB", heap.getMax() / 1024));
    }
    assertThat(lines.get(0)).startsWith("HeapUsed:       ");
  }

  @Test
  void uptimeShowsSecondsSinceStartAndUnusedProcessorTime() {
    String text = fx.read("/proc/uptime");
    assertThat(text).matches("\\d+\\.\\d\\d \\d+\\.\\d\\d\n");
    String[] fields = text.trim().split(" ", -1);
    double up = Double.parseDouble(fields[0]);
    double jvmUp = ManagementFactory.getRuntimeMXBean().getUptime() / 1000.0;
    assertThat(up).isBetween(jvmUp - 60, jvmUp + 0.01);
    assertThat(Double.parseDouble(fields[1])).isLessThanOrEqualTo(up * PROCESSORS);
  }

  @Test
  void cpuinfoHasOneBlockPerAvailableProcessor() {
    String text = fx.read("/proc/cpuinfo");
    String[] blocks = text.split("\n\n", -1);
    assertThat(blocks).hasSize(PROCESSORS + 1); // the text ends with a blank line
    assertThat(blocks[PROCESSORS]).isEmpty();
    for (int i = 0; i < PROCESSORS; i++) {
      assertThat(blocks[i]).startsWith("processor\t: " + i + "\nmodel name\t: ");
    }
    assertThat(text).endsWith("\n\n");
  }

  @Test
  void loadavgShowsAveragesThenRunnableAndLiveThreadsThenTheLastThreadId() {
    String text = fx.read("/proc/loadavg");
    assertThat(text).matches("\\d+\\.\\d\\d \\d+\\.\\d\\d \\d+\\.\\d\\d \\d+/\\d+ \\d+\n");
    String[] fields = text.trim().split(" ", -1);
    String[] threads = fields[3].split("/", -1);
    assertThat(Integer.parseInt(threads[0])).isPositive(); // the reader is running
    assertThat(Integer.parseInt(threads[1])).isGreaterThanOrEqualTo(Integer.parseInt(threads[0]));
    assertThat(Long.parseLong(fields[4])).isGreaterThanOrEqualTo(Thread.currentThread().getId());
  }

  @Test
  void selfStatusNamesTheProcessAndItsIds() {
    List<String> lines = lines("/proc/self/status");
    assertThat(lines).allMatch(line -> line.matches("[A-Za-z]+:\t.+"));
    assertThat(lines.get(0)).startsWith("Name:\t");
    assertThat(lines)
        .contains("State:\tR (running)", "Pid:\t" + ProcessHandle.current().pid())
        .anyMatch(line -> line.matches("PPid:\t\\d+"))
        .anyMatch(line -> line.matches("Threads:\t[1-9]\\d*"));
  }

  @Test
  void selfCmdlineIsTheCommandAndArgumentsEachEndedByNul() {
    String text = fx.read("/proc/self/cmdline");
    assertThat(text).endsWith("\0").doesNotContain("\0\0");
    String command = text.substring(0, text.indexOf('\0'));
    assertThat(command).isEqualTo(ProcessHandle.current().info().command().orElse(command));
    assertThat(command).isNotEmpty();
  }

  @Test
  void selfLimitsIsTheLinuxTable() {
    List<String> lines = lines("/proc/self/limits");
    assertThat(lines.get(0))
        .isEqualTo(
            "Limit                     Soft Limit           Hard Limit           Units     ");
    String processors = String.valueOf(PROCESSORS);
    assertThat(lines)
        .contains(
            String.format(
                "%-25s %-20s %-20s %-10s", "Max processors", processors, processors, "processors"))
        .anyMatch(
            line -> line.matches("Max heap size {13}(\\d+|unlimited) +(\\d+|unlimited) +bytes +"))
        .anyMatch(line -> line.startsWith("Max non-heap size "));
  }

  @Test
  void dentryStateHasALinePerKernfsMountWithItsCounters() {
    fx.vfs.mkdir(fx.op("/with space"), 0755);
    fx.vfs.mount(fx.op("/with space"), FilesystemType.find("memfs"), Map.of());
    List<String> lines = lines("/proc/fs/dentry-state");
    assertThat(lines).hasSize(3);
    assertThat(lines.get(0))
        .isEqualTo(stateLine("/", (KernfsFilesystem) fx.vfs.mounts().get(0).filesystem()));
    assertThat(lines)
        .anyMatch(line -> line.matches("/proc proc live=\\d+ cached=\\d+ limit=1000 inodes=\\d+"))
        .anyMatch(line -> line.startsWith("/with\\040space memfs live="));
    ProcFilesystem proc = fx.procFs();
    String procLine = lines.stream().filter(line -> line.startsWith("/proc ")).findFirst().get();
    // Everything walked so far is pinned, so reading changed none of the counters.
    assertThat(procLine)
        .isEqualTo(
            "/proc proc live="
                + proc.liveDentries()
                + " cached="
                + proc.cachedDentries()
                + " limit=1000 inodes="
                + proc.liveInodes());
  }

  private static String stateLine(String mountpoint, KernfsFilesystem fs) {
    return mountpoint
        + " "
        + fs.type().name()
        + " live="
        + fs.liveDentries()
        + " cached="
        + fs.cachedDentries()
        + " limit="
        + fs.dentryCacheLimit()
        + " inodes="
        + fs.liveInodes();
  }

  @Test
  void liveObjectsCountsTheNamespacesObjectsByType() {
    List<String> lines = lines("/proc/fs/live-objects");
    assertThat(lines).allMatch(line -> line.matches("[a-z]+ [1-9]\\d*"));
    assertThat(lines).contains("file 1", "mount 2", "filesystem 2");
    Map<String, Long> now = LeakChecker.liveCounts(LeakScope.ownedBy(fx.vfs, "now"));
    assertThat(lines).contains("dentry " + now.get("dentry"), "inode " + now.get("inode"));
  }

  @Test
  void liveObjectsSaysDisabledWhenTheLeakCheckerIsOff() {
    // Dentries made while the checker is off would be invisible to the audit of the tree.
    fx.vfs.stat(fx.op("/proc/fs/live-objects"));
    LeakMode mode = LeakChecker.mode();
    LeakChecker.setMode(LeakMode.DISABLED);
    try {
      assertThat(fx.read("/proc/fs/live-objects")).isEqualTo("disabled\n");
    } finally {
      LeakChecker.setMode(mode);
    }
  }

  @Test
  void aReadFromTheStartRegeneratesTheContent() {
    FileDescription fd = fx.open("/proc/sys/fs/dentry-cache-limit", OpenOptions.READ);
    assertThat(ProcFixture.readAll(fd)).isEqualTo("1000\n");
    fx.procFs().setDentryCacheLimit(12);
    assertThat(ProcFixture.readAll(fd)).isEmpty();
    fd.seek(0);
    assertThat(ProcFixture.readAll(fd)).isEqualTo("12\n");
  }

  @Test
  void filesHaveSizeZeroAndAreOwnedByRootWithProcModes() {
    Stat meminfo = fx.vfs.stat(fx.op("/proc/meminfo"));
    assertThat(meminfo.mode()).isEqualTo(FileMode.S_IFREG | 0444);
    assertThat(meminfo.size()).isZero();
    assertThat(meminfo.uid()).isZero();
    assertThat(meminfo.gid()).isZero();
    assertThat(fx.vfs.stat(fx.op("/proc/sys/fs/dentry-cache-limit")).mode())
        .isEqualTo(FileMode.S_IFREG | 0644);
    for (String dir : List.of("/proc", "/proc/self", "/proc/threads", "/proc/fs", "/proc/sys")) {
      assertThat(fx.vfs.stat(fx.op(dir)).mode()).as(dir).isEqualTo(FileMode.S_IFDIR | 0555);
    }
    assertThat(fx.vfs.stat(fx.noFollow("/proc/thread-self")).isSymlink()).isTrue();
  }

  @Test
  void aMissingEntryIsNotFound() {
    assertErrno(Errno.ENOENT, () -> fx.vfs.stat(fx.op("/proc/nothing")));
    assertErrno(Errno.ENOTDIR, () -> fx.vfs.stat(fx.op("/proc/meminfo/x")));
  }
}
