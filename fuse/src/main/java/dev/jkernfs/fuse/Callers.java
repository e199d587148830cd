package dev.jkernfs.fuse;

import dev.jkernfs.vfs.Credentials;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import ru.serce.jnrfuse.struct.FuseContext;

/**
 * The credentials of the process behind a FUSE request: its filesystem uid and gid from the request
 * and, for callers other than root, its supplementary groups from {@code /proc/TID/status}, read
 * for every request because a process may change them at any time ({@code setgroups(2)}).
 */
final class Callers {
  private static final Credentials ROOT = Credentials.root();

  Credentials current(FuseContext context) {
    int uid = (int) context.uid.get();
    int gid = (int) context.gid.get();
    if (uid == 0 && gid == 0) {
      return ROOT;
    }
    // Root is exempt from every check that looks at groups, so its groups are not read.
    int[] groups = uid == 0 ? new int[0] : supplementaryGroups(context.pid.get());
    return Credentials.of(uid, gid, groups);
  }

  /**
   * The {@code Groups:} line of a thread's status, empty if the thread is gone (the request then
   * has no one to answer to) or is a kernel-internal request without a thread (tid 0).
   */
  static int[] supplementaryGroups(long tid) {
    if (tid <= 0) {
      return new int[0];
    }
    try {
      for (String line :
          Files.readAllLines(
              Path.of("/proc", Long.toString(tid), "status"), StandardCharsets.UTF_8)) {
        if (line.startsWith("Groups:")) {
          return parseGroups(line.substring("Groups:".length()));
        }
      }
      return new int[0];
    } catch (IOException threadGone) {
      return new int[0];
    }
  }

  static int[] parseGroups(String list) {
    String trimmed = list.trim();
    if (trimmed.isEmpty()) {
      return new int[0];
    }
    String[] parts = trimmed.split("\\s+");
    int[] groups = new int[parts.length];
    for (int i = 0; i < parts.length; i++) {
      groups[i] = Integer.parseUnsignedInt(parts[i]);
    }
    return groups;
  }
}
