package dev.loadlab.api.validation;

import dev.loadlab.api.loadtest.MetricType;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A threshold condition in k6's syntax: {@code AGGREGATION OPERATOR VALUE}, e.g. {@code p(95) < 500ms}.
 * Durations are normalised to milliseconds, the unit trends of durations are summarised in.
 */
public record ThresholdCondition(Aggregation aggregation, double percentile, Operator operator, double value) {
  private static final Pattern SYNTAX = Pattern.compile(
      "\\s*(avg|min|max|med|count|rate|sum|value|p\\(\\s*([0-9]+(?:\\.[0-9]+)?)\\s*\\))\\s*"
          + "(<=|>=|==|!=|<|>)\\s*(-?[0-9]+(?:\\.[0-9]+)?(?:[eE][-+]?[0-9]+)?)\\s*(us|µs|ms|s|m|h)?\\s*");

  public enum Aggregation { AVG, MIN, MAX, MED, PERCENTILE, COUNT, RATE, SUM, VALUE }

  public enum Operator {
    LT("<"), LE("<="), GT(">"), GE(">="), EQ("=="), NE("!=");

    private final String symbol;

    Operator(String symbol) {
      this.symbol = symbol;
    }

    public boolean test(double observed, double limit) {
      return switch (this) {
        case LT -> observed < limit;
        case LE -> observed <= limit;
        case GT -> observed > limit;
        case GE -> observed >= limit;
        case EQ -> observed == limit;
        case NE -> observed != limit;
      };
    }

    static Operator of(String symbol) {
      for (Operator o : values()) {
        if (o.symbol.equals(symbol)) {
          return o;
        }
      }
      throw new IllegalArgumentException(symbol);
    }
  }

  /** Parses a condition, or throws IllegalArgumentException saying what a condition looks like. */
  public static ThresholdCondition parse(String text) {
    Matcher m = text == null ? null : SYNTAX.matcher(text);
    if (m == null || !m.matches()) {
      throw new IllegalArgumentException("\"" + text + "\" is not a threshold condition; write AGGREGATION OP VALUE "
          + "with AGGREGATION one of avg, min, max, med, p(N), count, rate, sum, value and OP one of "
          + "<, <=, >, >=, ==, !=, e.g. \"p(95) < 500ms\" or \"rate < 0.01\"");
    }
    String agg = m.group(1);
    double percentile = Double.NaN;
    Aggregation aggregation;
    if (agg.startsWith("p(")) {
      percentile = Double.parseDouble(m.group(2));
      if (percentile <= 0 || percentile > 100) {
        throw new IllegalArgumentException("p(" + m.group(2) + ") is out of range; a percentile is above 0 and at most 100");
      }
      aggregation = Aggregation.PERCENTILE;
    } else {
      aggregation = Aggregation.valueOf(agg.toUpperCase());
    }
    double value = Double.parseDouble(m.group(4));
    String unit = m.group(5);
    if (unit != null) {
      if (aggregation == Aggregation.COUNT || aggregation == Aggregation.RATE) {
        throw new IllegalArgumentException("\"" + text + "\": " + agg + " is not a duration, drop the unit " + unit);
      }
      value *= switch (unit) {
        case "us", "µs" -> 0.001;
        case "ms" -> 1;
        case "s" -> 1_000;
        case "m" -> 60_000;
        default -> 3_600_000;
      };
    }
    return new ThresholdCondition(aggregation, percentile, Operator.of(m.group(3)), value);
  }

  /** The aggregations that make sense for a metric type, as k6 defines them (plus sum and count for trends). */
  public static Set<Aggregation> allowedFor(MetricType type) {
    return switch (type) {
      case TREND, TIMING -> Set.of(Aggregation.AVG, Aggregation.MIN, Aggregation.MAX, Aggregation.MED,
          Aggregation.PERCENTILE, Aggregation.COUNT, Aggregation.SUM);
      case COUNTER -> Set.of(Aggregation.COUNT, Aggregation.RATE);
      case RATE -> Set.of(Aggregation.RATE);
      case GAUGE -> Set.of(Aggregation.VALUE, Aggregation.MIN, Aggregation.MAX);
      case HISTOGRAM -> Set.of(Aggregation.COUNT);
    };
  }
}
