package dev.jkernfs.proc;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The text of the files of {@code self/}, about the JVM's own process, in Linux's layout. */
final class ProcessFiles {
  private ProcessFiles() {}

  /** {@code Key:\tvalue} lines: the name, state, process ids and thread count. */
  static String status() {
    ProcessHandle self = ProcessHandle.current();
    String command = commandPath();
    String name = command.substring(command.lastIndexOf('/') + 1);
    long parent = self.parent().map(ProcessHandle::pid).orElse(0L);
    // The reader is running, as on Linux where /proc/self/status always says so.
    return "Name:\t"
        + name
        + "\nState:\tR (running)\nPid:\t"
        + self.pid()
        + "\nPPid:\t"
        + parent
        + "\nThreads:\t"
        + LiveThreads.byId().size()
        + "\n";
  }

  /**
   * The command and its arguments, each followed by a NUL byte. Where the platform does not tell
   * the arguments, the JVM's own options stand in for them.
   */
  static String cmdline() {
    List<String> words = new ArrayList<>();
    words.add(commandPath());
    ProcessHandle.current()
        .info()
        .arguments()
        .ifPresentOrElse(
            arguments -> words.addAll(List.of(arguments)),
            () -> words.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments()));
    StringBuilder text = new StringBuilder();
    words.forEach(word -> text.append(word).append('\0'));
    return text.toString();
  }

  /** The JVM's limits in the table of Linux's {@code /proc/<pid>/limits}. */
  static String limits() {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    int processors = Runtime.getRuntime().availableProcessors();
    StringBuilder text = new StringBuilder();
    appendRow(text, "Limit", "Soft Limit", "Hard Limit", "Units");
    appendLimit(text, "Max heap size", memory.getHeapMemoryUsage().getMax(), "bytes");
    appendLimit(text, "Max non-heap size", memory.getNonHeapMemoryUsage().getMax(), "bytes");
    appendLimit(text, "Max processors", processors, "processors");
    return text.toString();
  }

  /** A limit the JVM does not define (-1) is unlimited. */
  private static void appendLimit(StringBuilder text, String limit, long value, String units) {
    String shown = value < 0 ? "unlimited" : Long.toString(value);
    appendRow(text, limit, shown, shown, units);
  }

  private static void appendRow(
      StringBuilder text, String limit, String soft, String hard, String units) {
    text.append(String.format(Locale.ROOT, "%-25s %-20s %-20s %-10s\n", limit, soft, hard, units));
  }

  private static String commandPath() {
    return ProcessHandle.current()
        .info()
        .command()
        .orElseGet(() -> System.getProperty("java.home") + "/bin/java");
  }
}
