package dev.loadlab.operator.grafana;

import dev.loadlab.api.dashboard.Panel.Aggregation;
import dev.loadlab.operator.grafana.MetricCatalog.Kind;
import dev.loadlab.operator.grafana.MetricCatalog.Metric;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The PromQL of a panel: counters through {@code rate()}, histograms through {@code histogram_quantile} over
 * {@code _bucket} rates summed by {@code le} across pods, shares as the ratio of two counters, keyed
 * histograms by {@code key}. Every selector filters on the dashboard's variables.
 */
public final class PromQl {
  /** The label filters every query carries: the dashboard variables, or fixed values for one LoadTest. */
  public record Scope(String namespace, String loadtest) {
    public static Scope variables() {
      return new Scope("=~\"$namespace\"", "=~\"$loadtest\"");
    }

    public static Scope of(String namespace, String loadtest) {
      return new Scope("=\"" + namespace + "\"", "=\"" + loadtest + "\"");
    }
  }

  private static final String WINDOW = "[$__rate_interval]";

  private PromQl() {
  }

  /** The default aggregation of a metric kind: p95 for distributions, per second for counters. */
  public static Aggregation defaultAggregation(Kind kind) {
    return switch (kind) {
      case SECONDS_HISTOGRAM, HISTOGRAM -> Aggregation.P95;
      case COUNTER, KEYED -> Aggregation.RATE;
      case RATE, FAILED_SHARE, CHECKS_SHARE -> Aggregation.RATIO;
      case GAUGE -> Aggregation.LAST;
    };
  }

  public static String query(Metric m, Aggregation aggregation, String by, Map<String, String> labels, Scope scope) {
    Aggregation a = aggregation == null ? defaultAggregation(m.kind()) : aggregation;
    String group = by == null || by.isBlank() ? "" : " by (" + by + ")";
    String sel = selector(m, labels, scope, null);
    String s = m.series();
    return switch (m.kind()) {
      case COUNTER -> switch (a) {
        case SUM, LAST, MAX -> "sum" + group + " (" + s + sel + ")";
        default -> "sum" + group + " (rate(" + s + sel + WINDOW + "))";
      };
      case KEYED -> {
        String g = group.isEmpty() ? " by (key)" : group;
        yield switch (a) {
          case SUM, LAST, MAX -> "sum" + g + " (" + s + sel + ")";
          default -> "sum" + g + " (rate(" + s + sel + WINDOW + "))";
        };
      }
      case RATE -> a == Aggregation.SUM
          ? "sum" + group + " (" + s + selector(m, labels, scope, "value=\"true\"") + ")"
          : ratio(s + selector(m, labels, scope, "value=\"true\""), s + sel, group);
      case FAILED_SHARE -> a == Aggregation.SUM || a == Aggregation.RATE
          ? "sum" + group + " (" + (a == Aggregation.RATE ? "rate(" + s + sel + WINDOW + ")" : s + sel) + ")"
          : ratio(s + sel, "loadlab_http_reqs_total" + sel, group);
      case CHECKS_SHARE -> ratio(s + selector(m, labels, scope, "result=\"pass\""), s + sel, group);
      case GAUGE -> switch (a) {
        case SUM -> "sum" + group + " (" + s + sel + ")";
        case MIN -> "min" + group + " (" + s + sel + ")";
        case AVG -> "avg" + group + " (" + s + sel + ")";
        default -> "max" + group + " (" + s + sel + ")";
      };
      // a trend's rate is its values per second (tokens/s, USD/s); a duration's is how many per second
      case HISTOGRAM -> a == Aggregation.RATE ? "sum" + group + " (rate(" + s + "_sum" + sel + WINDOW + "))" : histogram(s, sel, a, by);
      case SECONDS_HISTOGRAM -> histogram(s, sel, a, by);
    };
  }

  private static String histogram(String s, String sel, Aggregation a, String by) {
    String group = by == null || by.isBlank() ? "" : " by (" + by + ")";
    String le = by == null || by.isBlank() ? "le" : "le, " + by;
    return switch (a) {
      case P50 -> quantile("0.5", s, sel, le);
      case P90 -> quantile("0.9", s, sel, le);
      case P99 -> quantile("0.99", s, sel, le);
      case MAX -> quantile("1", s, sel, le);
      case MIN -> quantile("0", s, sel, le);
      case AVG, LAST -> ratio(s + "_sum" + sel, s + "_count" + sel, group);
      case SUM -> "sum" + group + " (" + s + "_sum" + sel + ")";
      case RATE, RATIO -> "sum" + group + " (rate(" + s + "_count" + sel + WINDOW + "))";
      default -> quantile("0.95", s, sel, le);
    };
  }

  private static String quantile(String q, String s, String sel, String le) {
    return "histogram_quantile(" + q + ", sum by (" + le + ") (rate(" + s + "_bucket" + sel + WINDOW + ")))";
  }

  private static String ratio(String numerator, String denominator, String group) {
    return "sum" + group + " (rate(" + numerator + WINDOW + ")) / sum" + group + " (rate(" + denominator + WINDOW + "))";
  }

  private static String selector(Metric m, Map<String, String> labels, Scope scope, String extra) {
    List<String> parts = new ArrayList<>();
    parts.add("namespace" + scope.namespace());
    parts.add("loadtest" + scope.loadtest());
    if (m.scenario()) {
      parts.add("scenario=~\"$scenario\"");
    }
    if (m.resource()) {
      parts.add("resource=~\"$resource\"");
    }
    if (labels != null) {
      new TreeMap<>(labels).forEach((k, v) -> parts.add(k + "=\"" + v.replace("\\", "\\\\").replace("\"", "\\\"") + "\""));
    }
    if (extra != null) {
      parts.add(extra);
    }
    return "{" + String.join(", ", parts) + "}";
  }
}
