package dev.loadlab.api.validation;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as k6 and Go write them: 500ms, 30s, 1.5m, 1h30m. */
public final class Durations {
  private static final Pattern PART = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)(ms|s|m|h)");
  private static final Pattern WHOLE = Pattern.compile("(?:[0-9]+(?:\\.[0-9]+)?(?:ms|s|m|h))+");

  private Durations() {
  }

  /** Parses a duration, or throws IllegalArgumentException saying what a duration looks like. */
  public static Duration parse(String text) {
    if (text == null || !WHOLE.matcher(text).matches()) {
      throw new IllegalArgumentException("\"" + text + "\" is not a duration; write a number and a unit "
          + "(ms, s, m, h), e.g. 500ms, 30s, 1m30s");
    }
    Matcher m = PART.matcher(text);
    BigDecimal nanos = BigDecimal.ZERO;
    while (m.find()) {
      BigDecimal unit = switch (m.group(2)) {
        case "ms" -> BigDecimal.valueOf(1_000_000L);
        case "s" -> BigDecimal.valueOf(1_000_000_000L);
        case "m" -> BigDecimal.valueOf(60_000_000_000L);
        default -> BigDecimal.valueOf(3_600_000_000_000L);
      };
      nanos = nanos.add(new BigDecimal(m.group(1)).multiply(unit));
    }
    return Duration.ofNanos(nanos.longValueExact());
  }

  /** A sleep: a fixed duration, or a range "1s..3s" with min <= max. */
  public static Duration[] parseRange(String text) {
    int dots = text == null ? -1 : text.indexOf("..");
    if (dots < 0) {
      Duration d = parse(text);
      return new Duration[] {d, d};
    }
    Duration min = parse(text.substring(0, dots));
    Duration max = parse(text.substring(dots + 2));
    if (min.compareTo(max) > 0) {
      throw new IllegalArgumentException("range \"" + text + "\" ends before it starts; write MIN..MAX");
    }
    return new Duration[] {min, max};
  }

  /** A duration as it would be written: whole seconds as "30s", else milliseconds as "1500ms". */
  public static String format(Duration d) {
    long ms = d.toMillis();
    return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
  }
}
