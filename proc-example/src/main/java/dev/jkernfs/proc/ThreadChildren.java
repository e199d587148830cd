package dev.jkernfs.proc;

import dev.jkernfs.kernfs.DynamicChildren;
import dev.jkernfs.kernfs.DynamicDirectory;
import dev.jkernfs.kernfs.Inode;
import dev.jkernfs.kernfs.KernfsFilesystem;
import dev.jkernfs.kernfs.Lifetime;
import dev.jkernfs.vfs.Errno;
import dev.jkernfs.vfs.FileMode;
import java.util.stream.Stream;

/**
 * The children of {@code threads/}: a directory per live thread, named and ordered by {@link
 * Thread#getId()}, which resolves until the thread ends.
 */
final class ThreadChildren implements DynamicChildren {
  private final KernfsFilesystem fs;

  ThreadChildren(KernfsFilesystem fs) {
    this.fs = fs;
  }

  @Override
  public Inode lookup(String name) {
    Thread thread = LiveThreads.withId(parseTid(name)).orElseThrow(Errno.ENOENT::exception);
    Lifetime lifetime = Lifetime.whileAlive(thread::isAlive);
    return new DynamicDirectory(
        fs,
        ProcDirectory.DIRECTORY_MODE,
        0,
        0,
        lifetime,
        ProcDirectory.generated(fs, lifetime, directory -> describe(thread, directory)));
  }

  /** The files of one thread's directory. */
  private static void describe(Thread thread, ProcDirectory directory) {
    directory
        .file("name", () -> thread.getName() + "\n")
        .file("state", () -> thread.getState() + "\n")
        .file("stack", () -> stack(thread));
  }

  /** One frame per line, innermost first, as a stack trace prints them. */
  private static String stack(Thread thread) {
    StringBuilder text = new StringBuilder();
    for (StackTraceElement frame : thread.getStackTrace()) {
      text.append(frame).append('\n');
    }
    return text.toString();
  }

  @Override
  public Stream<Child> listFrom(long fromKey) {
    return LiveThreads.byId().stream()
        .filter(thread -> thread.getId() >= fromKey)
        .map(thread -> new Child(thread.getId(), Long.toString(thread.getId()), FileMode.S_IFDIR));
  }

  /** The thread id a name stands for, in canonical decimal only, so each thread has one name. */
  private static long parseTid(String name) {
    long tid;
    try {
      tid = Long.parseLong(name);
    } catch (NumberFormatException e) {
      throw Errno.ENOENT.exception();
    }
    if (!Long.toString(tid).equals(name)) {
      throw Errno.ENOENT.exception();
    }
    return tid;
  }
}
