package dev.loadlab.api.validation;

import dev.loadlab.api.loadtest.MetricType;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A threshold condition in k6's syntax: {@code AGGREGATION OPERATOR VALUE}, e.g. {@code p(95) < 500ms}, or compared
 * with an earlier run: {@code AGGREGATION OPERATOR baseline [* FACTOR | + VALUE | - VALUE]}, e.g.
 * {@code p(95) < baseline * 1.10}. Durations are normalised to milliseconds, the unit trends of durations are
 * summarised in.
 *
 * @param value the limit; for a baseline condition, the factor or the amount added
 * @param relation null for a constant limit; {@code '*'}, {@code '+'} or {@code '-'} for a limit from the baseline
 */
public record ThresholdCondition(Aggregation aggregation, double percentile, Operator operator, double value,
    Character relation) {
  private static final Pattern SYNTAX = Pattern.compile(
      "\\s*(avg|min|max|med|count|rate|sum|value|p\\(\\s*([0-9]+(?:\\.[0-9]+)?)\\s*\\))\\s*"
          + "(<=|>=|==|!=|<|>)\\s*(?:(-?[0-9]+(?:\\.[0-9]+)?(?:[eE][-+]?[0-9]+)?)\\s*(us|µs|ms|s|m|h)?"
          + "|baseline(?:\\s*([*+-])\\s*([0-9]+(?:\\.[0-9]+)?)\\s*(us|µs|ms|s|m|h)?)?)\\s*");

  /** Whether the limit comes from an earlier run (the threshold needs its baseline). */
  public boolean relative() {
    return relation != null;
  }

  /** The limit: the constant, or what the relation makes of the baseline's value. */
  public double limit(double baseline) {
    if (relation == null) {
      return value;
    }
    return switch (relation) {
      case '*' -> baseline * value;
      case '+' -> baseline + value;
      default -> baseline - value;
    };
  }

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
          + "<, <=, >, >=, ==, !=, and VALUE a number (with a unit for durations) or baseline, baseline * FACTOR, "
          + "baseline + VALUE, e.g. \"p(95) < 500ms\", \"rate < 0.01\" or \"p(95) < baseline * 1.10\"");
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
    boolean baseline = m.group(4) == null;
    Character relation = baseline ? (m.group(6) == null ? Character.valueOf('*') : Character.valueOf(m.group(6).charAt(0))) : null;
    double value = baseline ? (m.group(7) == null ? 1 : Double.parseDouble(m.group(7))) : Double.parseDouble(m.group(4));
    String unit = baseline ? m.group(8) : m.group(5);
    if (unit != null) {
      if (aggregation == Aggregation.COUNT || aggregation == Aggregation.RATE) {
        throw new IllegalArgumentException("\"" + text + "\": " + agg + " is not a duration, drop the unit " + unit);
      }
      if (relation != null && relation == '*') {
        throw new IllegalArgumentException("\"" + text + "\": a factor has no unit; write e.g. baseline * 1.10, or "
            + "baseline + 50ms to allow an amount");
      }
      value *= switch (unit) {
        case "us", "µs" -> 0.001;
        case "ms" -> 1;
        case "s" -> 1_000;
        case "m" -> 60_000;
        default -> 3_600_000;
      };
    }
    return new ThresholdCondition(aggregation, percentile, Operator.of(m.group(3)), value, relation);
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
