package dev.jkernfs.proc;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryUsage;
import java.lang.management.OperatingSystemMXBean;
import java.util.List;
import java.util.Locale;

/**
 * The text of the system-wide files ({@code meminfo}, {@code uptime}, {@code cpuinfo}, {@code
 * loadavg}) in the layout of their Linux namesakes, with the JVM standing in for the machine.
 */
final class SystemFiles {
  private SystemFiles() {}

  /**
   * Heap and non-heap memory, used, committed and maximum, one {@code Key: N kB} line each. A
   * maximum the JVM leaves undefined is left out rather than shown as a number.
   */
  static String meminfo() {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    StringBuilder text = new StringBuilder();
    appendUsage(text, "Heap", memory.getHeapMemoryUsage());
    appendUsage(text, "NonHeap", memory.getNonHeapMemoryUsage());
    return text.toString();
  }

  private static void appendUsage(StringBuilder text, String prefix, MemoryUsage usage) {
    appendKilobytes(text, prefix + "Used", usage.getUsed());
    appendKilobytes(text, prefix + "Committed", usage.getCommitted());
    if (usage.getMax() >= 0) {
      appendKilobytes(text, prefix + "Max", usage.getMax());
    }
  }

  /**
   * Linux's {@code show_val_kb}: the key and colon in 16 columns, then at least 8 for the value.
   */
  private static void appendKilobytes(StringBuilder text, String key, long bytes) {
    text.append(String.format(Locale.ROOT, "%-15s %8d kB\n", key + ":", bytes / 1024));
  }

  /**
   * Seconds since the JVM started, then the processor time the JVM left unused in that time (the
   * available processors times the uptime, less the CPU time the process used): Linux's idle time,
   * seen from the JVM.
   */
  static String uptime() {
    double up = ManagementFactory.getRuntimeMXBean().getUptime() / 1000.0;
    double capacity = up * Runtime.getRuntime().availableProcessors();
    long cpuNanos =
        ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os
            ? os.getProcessCpuTime()
            : -1;
    double idle = cpuNanos < 0 ? capacity : Math.max(0, capacity - cpuNanos / 1e9);
    return String.format(Locale.ROOT, "%.2f %.2f\n", up, idle);
  }

  /**
   * A block per available processor, separated by blank lines as on Linux; the model is the
   * architecture, all the JVM knows of it.
   */
  static String cpuinfo() {
    String arch = System.getProperty("os.arch", "unknown");
    StringBuilder text = new StringBuilder();
    int processors = Runtime.getRuntime().availableProcessors();
    for (int i = 0; i < processors; i++) {
      text.append("processor\t: ").append(i).append('\n');
      text.append("model name\t: ").append(arch).append('\n');
      text.append('\n');
    }
    return text.toString();
  }

  /**
   * {@code 1min 5min 15min runnable/total last}: the system load average, then the JVM's runnable
   * and live threads, then the highest live thread id. The JVM reports only the one-minute load
   * average (or none, shown as 0.00), so all three averages show it.
   */
  static String loadavg() {
    OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    double load = Math.max(0, os.getSystemLoadAverage());
    List<Thread> threads = LiveThreads.byId();
    long runnable =
        threads.stream().filter(thread -> thread.getState() == Thread.State.RUNNABLE).count();
    long lastTid = threads.isEmpty() ? 0 : threads.get(threads.size() - 1).getId();
    return String.format(
        Locale.ROOT,
        "%.2f %.2f %.2f %d/%d %d\n",
        load,
        load,
        load,
        runnable,
        threads.size(),
        lastTid);
  }
}
