package dev.jkernfs.proc;

import dev.jkernfs.kernfs.KernfsFilesystem;
import dev.jkernfs.refs.LeakChecker;
import dev.jkernfs.refs.LeakMode;
import dev.jkernfs.refs.LeakScope;
import dev.jkernfs.vfs.FaultHook;
import dev.jkernfs.vfs.Mount;
import dev.jkernfs.vfs.VirtualFilesystem;
import java.util.Locale;

/** The text of the files of {@code fs/}, about the filesystems of the mount namespace. */
final class FsFiles {
  private FsFiles() {}

  /**
   * A line per mounted kernfs filesystem, the root first: {@code <mountpoint> <type> live=<n>
   * cached=<n> limit=<n> inodes=<n>}. {@code live} counts every dentry not yet destroyed, cached
   * ones included; {@code cached} those parked at zero references.
   */
  static String dentryState(VirtualFilesystem vfs) {
    StringBuilder text = new StringBuilder();
    for (Mount mount : vfs.mounts()) {
      if (mount.filesystem() instanceof KernfsFilesystem fs) {
        text.append(escapePath(mount.path()))
            .append(' ')
            .append(fs.type().name())
            .append(" live=")
            .append(fs.liveDentries())
            .append(" cached=")
            .append(fs.cachedDentries())
            .append(" limit=")
            .append(fs.dentryCacheLimit())
            .append(" inodes=")
            .append(fs.liveInodes())
            .append('\n');
      }
    }
    return text.toString();
  }

  /**
   * A {@code <type> <count>} line per type of live reference-counted object in the namespace, or
   * the single line {@code disabled} when the leak checker registers nothing.
   */
  static String liveObjects(VirtualFilesystem vfs) {
    if (LeakChecker.mode(vfs) == LeakMode.DISABLED) {
      return "disabled\n";
    }
    StringBuilder text = new StringBuilder();
    LeakChecker.liveCounts(LeakScope.ownedBy(vfs, vfs.name()))
        .forEach((type, count) -> text.append(type).append(' ').append(count).append('\n'));
    return text.toString();
  }

  /**
   * The fault rules in force in the namespace, a line each ({@code <id> <rule> matched=<n>
   * fired=<n>}, the rule in the text form of {@code dev.jkernfs.nio.FaultRule}), or nothing when
   * its front end has no fault rules.
   */
  static String faultRules(VirtualFilesystem vfs) {
    FaultHook hook = vfs.faultHook();
    return hook == null ? "" : hook.rulesReport();
  }

  /**
   * The faults injected in the namespace, oldest first, a line each ({@code <sequence> rule=<id>
   * <operation> <path> <effect>}), or nothing when its front end has no fault rules.
   */
  static String faultLog(VirtualFilesystem vfs) {
    FaultHook hook = vfs.faultHook();
    return hook == null ? "" : hook.logReport();
  }

  /**
   * Escapes what would break the line's fields as Linux's {@code /proc/mounts} does: space, tab,
   * newline and backslash as octal escapes.
   */
  static String escapePath(String path) {
    StringBuilder escaped = new StringBuilder(path.length());
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      switch (c) {
        case ' ', '\t', '\n', '\\' -> escaped.append(String.format(Locale.ROOT, "\\%03o", (int) c));
        default -> escaped.append(c);
      }
    }
    return escaped.toString();
  }
}
