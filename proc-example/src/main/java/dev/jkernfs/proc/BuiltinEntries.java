package dev.jkernfs.proc;

import dev.jkernfs.kernfs.DynamicDirectory;
import dev.jkernfs.kernfs.DynamicSymlink;
import dev.jkernfs.kernfs.KernfsFilesystem;
import dev.jkernfs.kernfs.Lifetime;
import dev.jkernfs.vfs.FileMode;

/** The entries every proc filesystem has: the JVM's state and the filesystem's own controls. */
final class BuiltinEntries {
  private BuiltinEntries() {}

  static void describe(KernfsFilesystem fs, ProcDirectory root) {
    root.file("meminfo", SystemFiles::meminfo)
        .file("uptime", SystemFiles::uptime)
        .file("cpuinfo", SystemFiles::cpuinfo)
        .file("loadavg", SystemFiles::loadavg)
        .directory(
            "self",
            self ->
                self.file("status", ProcessFiles::status)
                    .file("cmdline", ProcessFiles::cmdline)
                    .file("limits", ProcessFiles::limits))
        .entry(
            "threads",
            FileMode.S_IFDIR,
            () ->
                new DynamicDirectory(
                    fs,
                    ProcDirectory.DIRECTORY_MODE,
                    0,
                    0,
                    Lifetime.PINNED,
                    new ThreadChildren(fs)))
        .entry(
            "thread-self",
            FileMode.S_IFLNK,
            () ->
                new DynamicSymlink(
                    fs, 0, 0, Lifetime.PINNED, () -> "threads/" + Thread.currentThread().getId()))
        .directory(
            "fs",
            dir ->
                dir.file("dentry-state", () -> FsFiles.dentryState(fs.vfs()))
                    .file("live-objects", () -> FsFiles.liveObjects(fs.vfs()))
                    .directory(
                        "faults",
                        faults ->
                            faults
                                .file("rules", () -> FsFiles.faultRules(fs.vfs()))
                                .file("log", () -> FsFiles.faultLog(fs.vfs()))))
        .directory(
            "sys",
            sys ->
                sys.directory(
                    "fs",
                    dir ->
                        dir.writableFile(
                            "dentry-cache-limit",
                            () -> fs.dentryCacheLimit() + "\n",
                            BuiltinEntries::parseCacheLimit,
                            fs::setDentryCacheLimit)));
  }

  /** A non-negative decimal int, with surrounding white space allowed as Linux's sysctls do. */
  static int parseCacheLimit(String text) {
    int limit = Integer.parseInt(text.strip());
    if (limit < 0) {
      throw new IllegalArgumentException("the dentry cache limit must not be negative: " + limit);
    }
    return limit;
  }
}
