package dev.jkernfs.nio;

import dev.jkernfs.vfs.FileOperation;
import java.nio.file.Path;

/**
 * One fault a {@link FaultInjector} injected, as recorded when its rule fired.
 *
 * @param sequence the order of the fault among all of its filesystem's, from 1: faults are recorded
 *     in the order they fired
 * @param ruleId the {@link FaultInjector.ActiveRule#id() id} of the rule that fired
 * @param rule that rule
 * @param operation the kind of the call
 * @param path the path the call named (for a call on an open file, the file's path then)
 * @param otherPath the second path of a rename or link, or null
 * @param effect what was done: the error's name ({@code "ENOSPC"}), {@code "transferred 512 of 4096
 *     bytes"}, {@code "delayed 200ms"} or {@code "hung"}
 */
public record InjectedFault(
    long sequence,
    int ruleId,
    FaultRule rule,
    FileOperation operation,
    Path path,
    Path otherPath,
    String effect) {

  /**
   * One line: sequence, rule, operation, path (and {@code -> otherPath}), effect; whitespace and
   * backslashes in paths as octal escapes, as Linux's {@code /proc/mounts} writes them.
   */
  @Override
  public String toString() {
    StringBuilder line = new StringBuilder();
    line.append(sequence).append(" rule=").append(ruleId).append(' ').append(operation);
    line.append(' ').append(escape(path.toString()));
    if (otherPath != null) {
      line.append(" -> ").append(escape(otherPath.toString()));
    }
    return line.append(' ').append(effect).toString();
  }

  private static String escape(String path) {
    StringBuilder escaped = new StringBuilder(path.length());
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c == ' ' || c == '\t' || c == '\n' || c == '\\') {
        escaped.append('\\').append(Integer.toOctalString(01000 | c).substring(1));
      } else {
        escaped.append(c);
      }
    }
    return escaped.toString();
  }
}
