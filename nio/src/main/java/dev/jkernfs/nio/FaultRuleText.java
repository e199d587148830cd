package dev.jkernfs.nio;

import dev.jkernfs.vfs.Errno;
import dev.jkernfs.vfs.FileOperation;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** The text form of a {@link FaultRule}: how an env string or an operator spells one. */
final class FaultRuleText {
  private static final List<String> FIELDS =
      List.of(
          "on",
          "paths",
          "nth",
          "every",
          "probability",
          "seed",
          "times",
          "fail",
          "transferAtMost",
          "delay",
          "hang");
  private static final Pattern WHITESPACE = Pattern.compile("\\s+");
  private static final List<String> EFFECTS = List.of("fail", "transferAtMost", "delay", "hang");

  private FaultRuleText() {}

  static FaultRule parse(String text) {
    Map<String, String> fields = new LinkedHashMap<>();
    for (String field : WHITESPACE.split(text.strip(), -1)) {
      if (field.isEmpty()) {
        continue;
      }
      int equals = field.indexOf('=');
      String name = equals < 0 ? field : field.substring(0, equals);
      String value = equals < 0 ? null : field.substring(equals + 1);
      if (!FIELDS.contains(name)) {
        throw new IllegalArgumentException(
            "unknown field \"" + name + "\" in \"" + text + "\"; expected " + FIELDS);
      }
      if (fields.containsKey(name)) {
        throw new IllegalArgumentException(name + ": given twice in \"" + text + "\"");
      }
      if ((value == null) != name.equals("hang")) {
        throw new IllegalArgumentException(
            name + (value == null ? ": needs a value (" + name + "=...)" : ": takes no value"));
      }
      fields.put(name, value);
    }
    String on = fields.get("on");
    if (on == null) {
      throw new IllegalArgumentException("on: missing in \"" + text + "\" (on=OP[,OP...])");
    }
    FaultRule.Builder rule = FaultRule.on(operations(on));
    if (fields.containsKey("paths")) {
      rule.paths(fields.get("paths"));
    }
    if (fields.containsKey("nth")) {
      rule.nth(number("nth", fields.get("nth")));
    }
    if (fields.containsKey("every")) {
      rule.every(number("every", fields.get("every")));
    }
    if (fields.containsKey("probability") != fields.containsKey("seed")) {
      throw new IllegalArgumentException(
          (fields.containsKey("seed") ? "probability" : "seed")
              + ": probability and seed go together");
    }
    if (fields.containsKey("probability")) {
      rule.probability(probability(fields.get("probability")), number("seed", fields.get("seed")));
    }
    if (fields.containsKey("times")) {
      rule.times(number("times", fields.get("times")));
    }
    List<String> effects = EFFECTS.stream().filter(fields::containsKey).toList();
    if (effects.size() != 1) {
      throw new IllegalArgumentException(
          "effect: "
              + (effects.isEmpty() ? "missing" : "more than one of " + effects)
              + " in \""
              + text
              + "\"; give one of fail=ERRNO, transferAtMost=BYTES, delay=TIME, hang");
    }
    String value = fields.get(effects.get(0));
    return switch (effects.get(0)) {
      case "fail" -> rule.fail(errno(value));
      case "transferAtMost" -> {
        long bytes = number("transferAtMost", value);
        yield rule.transferAtMost((int) Math.min(bytes, Integer.MAX_VALUE));
      }
      case "delay" -> rule.delay(duration(value));
      default -> rule.hang();
    };
  }

  static String format(FaultRule rule) {
    StringBuilder text = new StringBuilder("on=");
    text.append(rule.operations().stream().map(Enum::name).collect(Collectors.joining(",")));
    if (rule.glob() != null) {
      text.append(" paths=").append(rule.glob());
    } else if (rule.predicate() != null) {
      text.append(" paths=<predicate>");
    }
    switch (rule.when()) {
      case NTH -> text.append(" nth=").append(rule.count());
      case EVERY -> text.append(" every=").append(rule.count());
      case PROBABILITY ->
          text.append(" probability=")
              .append(rule.probability())
              .append(" seed=")
              .append(rule.seed());
      case ALWAYS -> {}
    }
    if (rule.times() != Long.MAX_VALUE) {
      text.append(" times=").append(rule.times());
    }
    switch (rule.effect()) {
      case FAIL -> text.append(" fail=").append(rule.errno().orElseThrow());
      case TRANSFER_AT_MOST -> text.append(" transferAtMost=").append(rule.maxBytes());
      case DELAY -> text.append(" delay=").append(duration(rule.delay()));
      case HANG -> text.append(" hang");
    }
    return text.toString();
  }

  /** A delay as {@code 250ms} when it is whole milliseconds, else in ISO-8601. */
  static String duration(Duration delay) {
    return delay.toNanos() % 1_000_000 == 0 ? delay.toMillis() + "ms" : delay.toString();
  }

  private static EnumSet<FileOperation> operations(String names) {
    EnumSet<FileOperation> operations = EnumSet.noneOf(FileOperation.class);
    for (String name : names.split(",", -1)) {
      try {
        operations.add(FileOperation.valueOf(name.strip().toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "on: unknown operation \""
                + name
                + "\"; expected some of "
                + Arrays.toString(FileOperation.values()),
            e);
      }
    }
    return operations;
  }

  private static long number(String field, String value) {
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(field + ": not a whole number: \"" + value + "\"", e);
    }
  }

  private static double probability(String value) {
    try {
      return Double.parseDouble(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("probability: not a number: \"" + value + "\"", e);
    }
  }

  private static Errno errno(String name) {
    try {
      return Errno.valueOf(name.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("fail: unknown error \"" + name + "\"", e);
    }
  }

  private static Duration duration(String value) {
    try {
      if (value.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2)));
      }
      if (value.endsWith("s") && !value.startsWith("P")) {
        return Duration.ofSeconds(Long.parseLong(value.substring(0, value.length() - 1)));
      }
      return Duration.parse(value);
    } catch (NumberFormatException | DateTimeParseException e) {
      throw new IllegalArgumentException(
          "delay: not a time: \"" + value + "\" (250ms, 2s or ISO-8601 such as PT0.25S)", e);
    }
  }
}
