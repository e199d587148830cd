/**
 * proc: a {@code /proc}-like filesystem over the live state of the JVM, built only from kernfs
 * parts, and a small API for applications to publish their own objects in it.
 *
 * <h2>The tree</h2>
 *
 * <ul>
 *   <li>{@code meminfo}, {@code uptime}, {@code cpuinfo}, {@code loadavg}: the JVM's memory, age,
 *       processors and load, in the layout of the Linux files of the same names.
 *   <li>{@code self/status}, {@code self/cmdline}, {@code self/limits}: the JVM's process.
 *   <li>{@code threads/<tid>/name}, {@code state}, {@code stack}: one directory per live thread,
 *       named by {@link java.lang.Thread#getId()}; {@code thread-self} links to the caller's.
 *   <li>{@code fs/dentry-state}: for each mounted kernfs filesystem, its dentries (live, cached,
 *       the cache limit) and live inodes. {@code fs/live-objects}: the live reference-counted
 *       objects of the namespace by type, or {@code disabled} when the leak checker is off.
 *   <li>{@code fs/faults/rules} and {@code fs/faults/log}: the fault rules in force in the
 *       namespace, with their counts, and the faults they injected, a line each (empty when its
 *       front end has no fault rules): how an operator sees what a test injects, from outside.
 *   <li>{@code sys/fs/dentry-cache-limit}: this filesystem's dentry cache limit; writing a
 *       non-negative integer changes it at once.
 * </ul>
 *
 * <p>Every file is generated anew when read from its start, and has size 0 as on Linux. Files
 * without a writer refuse write opens with EACCES, even for root; nothing can be created (ENOENT
 * for everyone, as Linux's proc fails the lookup of a missing name), removed or renamed (EPERM, or
 * EACCES for other users than root). Thread and application entries are looked up on demand and
 * never kept: an entry whose object is gone stops resolving at once, and however many are visited,
 * only the dentry cache's worth stays in memory.
 *
 * <h2>Publishing application objects</h2>
 *
 * <p>{@link dev.jkernfs.proc.ProcType#publishing} describes entries with a {@link
 * dev.jkernfs.proc.ProcDirectory}: files read from suppliers, files whose writes are parsed and
 * handed to a callback, and directories that follow a live map. The application only keeps its map
 * up to date; a removed object's entry disappears by itself.
 *
 * <pre>{@code
 * ConcurrentMap<String, Job> jobs = new ConcurrentHashMap<>();
 * FilesystemType proc =
 *     ProcType.publishing(
 *         root ->
 *             root.file("version", () -> "1.4.2\n")
 *                 .collection(
 *                     "jobs",
 *                     jobs,
 *                     (job, dir) ->
 *                         dir.file("status", () -> job.status() + "\n")
 *                             .writableFile(
 *                                 "priority",
 *                                 () -> job.priority() + "\n",
 *                                 Integer::parseInt,
 *                                 job::setPriority)));
 * vfs.mount(procPath, proc, Map.of());
 * // /proc/jobs/<id>/status now reads the job's status while jobs holds it. Writing "7\n" to
 * // /proc/jobs/<id>/priority calls job.setPriority(7); writing "high" fails with EINVAL, as does
 * // anything setPriority rejects with an IllegalArgumentException.
 * }</pre>
 */
package dev.jkernfs.proc;
