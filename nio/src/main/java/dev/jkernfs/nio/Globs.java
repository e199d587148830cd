package dev.jkernfs.nio;

import java.util.regex.PatternSyntaxException;

/**
 * Translates the glob syntax of {@link java.nio.file.FileSystem#getPathMatcher} into a regular
 * expression, as the JDK does for Unix paths and for Windows paths: {@code *} and {@code ?} stay
 * within a name, {@code **} crosses names, {@code [...]} is a class of characters ({@code [!...]}
 * negated) that never matches the separator, {@code {a,b}} is a group of alternatives, and {@code
 * \} escapes. For Windows paths a {@code /} of the glob matches the {@code \} of a path, and a
 * separator of either kind in a class is refused.
 */
final class Globs {
  private static final String REGEX_META = ".^$+{[]|()";
  private static final String GLOB_META = "\\*?[{";

  private Globs() {}

  /**
   * The regular expression of {@code glob}, for paths separated by {@code \} if {@code windows},
   * else by {@code /}.
   */
  static String toRegex(String glob, boolean windows) {
    String notSeparator = windows ? "[^\\\\]" : "[^/]";
    StringBuilder regex = new StringBuilder("^");
    boolean inGroup = false;
    int i = 0;
    while (i < glob.length()) {
      char c = glob.charAt(i++);
      switch (c) {
        case '\\' -> {
          if (i == glob.length()) {
            throw new PatternSyntaxException("No character to escape", glob, i - 1);
          }
          char next = glob.charAt(i++);
          if (GLOB_META.indexOf(next) >= 0 || REGEX_META.indexOf(next) >= 0) {
            regex.append('\\');
          }
          regex.append(next);
        }
        case '/' -> regex.append(windows ? "\\\\" : "/");
        case '[' -> i = appendClass(glob, i, regex, windows);
        case '{' -> {
          if (inGroup) {
            throw new PatternSyntaxException("Cannot nest groups", glob, i - 1);
          }
          regex.append("(?:(?:");
          inGroup = true;
        }
        case '}' -> {
          if (inGroup) {
            regex.append("))");
            inGroup = false;
          } else {
            regex.append('}');
          }
        }
        case ',' -> regex.append(inGroup ? ")|(?:" : ",");
        case '*' -> {
          if (i < glob.length() && glob.charAt(i) == '*') {
            regex.append(".*");
            i++;
          } else {
            regex.append(notSeparator).append('*');
          }
        }
        case '?' -> regex.append(notSeparator);
        default -> {
          if (REGEX_META.indexOf(c) >= 0) {
            regex.append('\\');
          }
          regex.append(c);
        }
      }
    }
    if (inGroup) {
      throw new PatternSyntaxException("Missing '}", glob, i - 1);
    }
    return regex.append('$').toString();
  }

  /** Appends the class starting after the {@code [} at {@code i - 1}; returns the next index. */
  private static int appendClass(String glob, int i, StringBuilder regex, boolean windows) {
    regex.append(windows ? "[[^\\\\]&&[" : "[[^/]&&[");
    if (i < glob.length() && glob.charAt(i) == '^') {
      regex.append("\\^");
      i++;
    } else {
      if (i < glob.length() && glob.charAt(i) == '!') {
        regex.append('^');
        i++;
      }
      if (i < glob.length() && glob.charAt(i) == '-') {
        regex.append('-');
        i++;
      }
    }
    boolean hasRangeStart = false;
    char last = 0;
    while (i < glob.length()) {
      char c = glob.charAt(i++);
      if (c == ']') {
        return finishClass(regex, i);
      }
      if (c == '/' || (windows && c == '\\')) {
        throw new PatternSyntaxException("Explicit 'name separator' in class", glob, i - 1);
      }
      if (c == '\\' || c == '[' || (c == '&' && i < glob.length() && glob.charAt(i) == '&')) {
        regex.append('\\');
      }
      regex.append(c);
      if (c == '-') {
        if (!hasRangeStart) {
          throw new PatternSyntaxException("Invalid range", glob, i - 1);
        }
        // As the JDK: a '-' before the end or the closing ']' is literal.
        if (i >= glob.length()) {
          i++;
          break;
        }
        c = glob.charAt(i++);
        if (c == ']') {
          return finishClass(regex, i);
        }
        if (c < last) {
          throw new PatternSyntaxException("Invalid range", glob, i - 3);
        }
        regex.append(c);
        hasRangeStart = false;
      } else {
        hasRangeStart = true;
        last = c;
      }
    }
    throw new PatternSyntaxException("Missing ']", glob, i - 1);
  }

  private static int finishClass(StringBuilder regex, int i) {
    regex.append("]]");
    return i;
  }
}
