package dev.loadlab.results;

import dev.loadlab.api.loadtest.Threshold;
import dev.loadlab.api.loadtest.ThresholdResult;
import dev.loadlab.api.validation.BuiltInMetric;
import dev.loadlab.api.validation.ThresholdCondition;
import dev.loadlab.api.validation.ThresholdCondition.Aggregation;
import dev.loadlab.results.CustomSeries;
import dev.loadlab.results.ResourceKey;
import dev.loadlab.results.ResourceStats;
import dev.loadlab.results.Stats;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import org.HdrHistogram.Histogram;

/**
 * Evaluates thresholds over merged {@link Stats}: the aggregation of the metric's series that match the
 * label filter ({@code scenario}, {@code resource}, {@code check}, {@code group}), compared with the limit.
 * Durations are in milliseconds, as in the conditions.
 */
public final class ThresholdEvaluator {
  private ThresholdEvaluator() {
  }

  /** Results in the order of the thresholds; {@code elapsedSeconds} turns counts into rates. */
  public static List<ThresholdResult> evaluate(List<Threshold> thresholds, Stats stats, double elapsedSeconds) {
    return evaluate(thresholds, stats, elapsedSeconds, () -> null, 10);
  }

  /**
   * With the run's intervals (merged over the runners, encoded), for thresholds with window or ignoreFirst
   * ({@link WindowedThresholds}); they are asked for only when such a threshold is there.
   */
  public static List<ThresholdResult> evaluate(List<Threshold> thresholds, Stats stats, double elapsedSeconds,
      java.util.function.Supplier<com.fasterxml.jackson.databind.JsonNode> intervals, double intervalSeconds) {
    return evaluate(thresholds, stats, elapsedSeconds, intervals, intervalSeconds, Baselines.NONE);
  }

  /** And with the earlier runs that conditions on {@code baseline} compare with. */
  public static List<ThresholdResult> evaluate(List<Threshold> thresholds, Stats stats, double elapsedSeconds,
      java.util.function.Supplier<com.fasterxml.jackson.databind.JsonNode> intervals, double intervalSeconds,
      Baselines baselines) {
    var results = new ArrayList<ThresholdResult>();
    com.fasterxml.jackson.databind.JsonNode runIntervals = null;
    for (Threshold t : thresholds) {
      ThresholdCondition c = ThresholdCondition.parse(t.condition);
      var r = new ThresholdResult();
      r.metric = t.metric;
      r.condition = t.condition;
      r.labels = t.labels;
      if (WindowedThresholds.applies(t)) {
        if (runIntervals == null) {
          runIntervals = intervals.get();
        }
        if (runIntervals != null) {
          WindowedThresholds.evaluate(t, c, r, runIntervals, intervalSeconds);
          results.add(r);
          continue;
        }
      }
      Double value = value(t.metric, c, t.labels == null ? Map.of() : t.labels, stats, elapsedSeconds);
      r.value = value;
      if (c.relative()) {
        againstBaseline(t, c, r, baselines.find(t.baseline));
        results.add(r);
        continue;
      }
      // No sample at all: nothing shows the condition holds, so it does not pass (k6 passes it; too lenient).
      r.passed = value != null && !value.isNaN() && c.operator().test(value, c.limit(Double.NaN));
      results.add(r);
    }
    return results;
  }

  /**
   * A condition on baseline: the same aggregation in the earlier run makes the limit. Without a baseline (a first
   * run, or its record gone) the threshold passes and says so: the first run of a pipeline must be able to pass.
   */
  private static void againstBaseline(Threshold t, ThresholdCondition c, ThresholdResult r, Baselines.Found found) {
    if (found.run() == null) {
      r.baselineRun = "none: " + found.missing();
      r.passed = true;
      return;
    }
    Baselines.Run b = found.run();
    Double base = value(t.metric, c, t.labels == null ? Map.of() : t.labels, b.stats(), b.seconds());
    if (base == null || base.isNaN()) {
      r.baselineRun = "none: " + b.name() + " has no samples of " + t.metric;
      r.passed = true;
      return;
    }
    r.baselineRun = b.name();
    r.baseline = base;
    r.limit = c.limit(base);
    if (r.value != null && base != 0) {
      double pct = (r.value - base) / base * 100;
      r.change = (pct >= 0 ? "+" : "") + Math.round(pct * 10) / 10.0 + "%";
    }
    r.passed = r.value != null && !r.value.isNaN() && c.operator().test(r.value, r.limit);
  }

  static Double value(String metric, ThresholdCondition c, Map<String, String> labels, Stats s, double seconds) {
    var builtIn = BuiltInMetric.byName(metric);
    if (builtIn.isEmpty() || builtIn.get().customSeries()) {
      return custom(metric, c, labels, s, seconds);
    }
    Predicate<ResourceKey> match = k -> matches(labels, "scenario", k.scenario()) && matches(labels, "resource", k.resource())
        && tagsMatch(labels, k.tags(), "scenario", "resource");
    return switch (builtIn.get()) {
      case HTTP_REQ_DURATION -> trend(c, merged(s, match, ResourceStats::duration));
      case HTTP_REQ_BLOCKED -> trend(c, merged(s, match, ResourceStats::blocked));
      case HTTP_REQ_CONNECTING -> trend(c, merged(s, match, ResourceStats::connecting));
      case HTTP_REQ_TLS_HANDSHAKING -> trend(c, merged(s, match, ResourceStats::tlsHandshaking));
      case HTTP_REQ_SENDING -> trend(c, merged(s, match, ResourceStats::sending));
      case HTTP_REQ_WAITING -> trend(c, merged(s, match, ResourceStats::waiting));
      case HTTP_REQ_RECEIVING -> trend(c, merged(s, match, ResourceStats::receiving));
      case HTTP_REQS -> counter(c, sum(s, match, ResourceStats::requests), seconds);
      case HTTP_REQ_FAILED -> {
        long n = sum(s, match, ResourceStats::requests);
        yield n == 0 ? null : (double) sum(s, match, ResourceStats::failures) / n;
      }
      case DATA_SENT -> counter(c, sum(s, match, ResourceStats::bytesSent), seconds);
      case DATA_RECEIVED -> counter(c, sum(s, match, ResourceStats::bytesReceived), seconds);
      case ITERATIONS -> counter(c, scenarios(s, labels).stream().mapToLong(Stats.ScenarioStats::iterations).sum(), seconds);
      case DROPPED_ITERATIONS -> counter(c, scenarios(s, labels).stream().mapToLong(Stats.ScenarioStats::dropped).sum(), seconds);
      case ITERATION_DURATION -> {
        var h = new Histogram(3);
        scenarios(s, labels).forEach(x -> h.add(x.iterationDuration()));
        yield trend(c, h);
      }
      case GROUP_DURATION -> {
        var h = new Histogram(3);
        s.groups().forEach((g, gh) -> {
          if (matches(labels, "group", g)) {
            h.add(gh);
          }
        });
        yield trend(c, h);
      }
      case CHECKS -> {
        long pass = 0;
        long total = 0;
        for (var e : s.checks().entrySet()) {
          if (matches(labels, "check", e.getKey())) {
            pass += e.getValue()[0];
            total += e.getValue()[0] + e.getValue()[1];
          }
        }
        yield total == 0 ? null : (double) pass / total;
      }
      case CONNECTION_ERRORS -> counter(c, s.connectionErrors().entrySet().stream()
          .filter(e -> matches(labels, "kind", e.getKey())).mapToLong(e -> e.getValue()[0]).sum(), seconds);
      case VUS, VUS_MAX -> null;
      case HTTP_STREAM_FIRST_EVENT, HTTP_STREAM_EVENT_GAP, HTTP_STREAM_EVENTS, HTTP_STREAM_EVENT_RATE, GRPC_REQS,
          GRPC_REQ_DURATION, GRPC_STREAM_FIRST_MESSAGE, GRPC_STREAM_MESSAGE_GAP, GRPC_STREAM_MESSAGES, WS_SESSIONS,
          WS_CONNECTING, WS_SESSION_DURATION, WS_MSGS_SENT, WS_MSGS_RECEIVED -> null;
    };
  }

  /** Every filter label that is not one of {@code builtIn} must be a tag of the series, with that value. */
  private static boolean tagsMatch(Map<String, String> labels, Map<String, String> tags, String... builtIn) {
    var skip = java.util.Set.of(builtIn);
    return labels.entrySet().stream().filter(e -> !skip.contains(e.getKey()))
        .allMatch(e -> e.getValue().equals(tags.get(e.getKey())));
  }

  private static boolean matches(Map<String, String> labels, String name, String value) {
    String want = labels.get(name);
    return want == null || want.equals(value);
  }

  private static List<Stats.ScenarioStats> scenarios(Stats s, Map<String, String> labels) {
    return s.scenarios().entrySet().stream().filter(e -> matches(labels, "scenario", e.getKey()))
        .map(Map.Entry::getValue).toList();
  }

  private static Histogram merged(Stats s, Predicate<ResourceKey> match, Function<ResourceStats, Histogram> part) {
    var h = new Histogram(3);
    s.resources().forEach((k, r) -> {
      if (match.test(k)) {
        h.add(part.apply(r));
      }
    });
    return h;
  }

  private static long sum(Stats s, Predicate<ResourceKey> match, java.util.function.ToLongFunction<ResourceStats> part) {
    return s.resources().entrySet().stream().filter(e -> match.test(e.getKey())).mapToLong(e -> part.applyAsLong(e.getValue())).sum();
  }

  /** A duration trend recorded in microseconds, aggregated in milliseconds. */
  private static Double trend(ThresholdCondition c, Histogram h) {
    if (h.getTotalCount() == 0) {
      return c.aggregation() == Aggregation.COUNT ? 0.0 : null;
    }
    return switch (c.aggregation()) {
      case AVG -> h.getMean() / 1000;
      case MIN -> h.getMinValue() / 1000.0;
      case MAX -> h.getMaxValue() / 1000.0;
      case MED -> h.getValueAtPercentile(50) / 1000.0;
      case PERCENTILE -> h.getValueAtPercentile(c.percentile()) / 1000.0;
      case COUNT -> (double) h.getTotalCount();
      case SUM -> h.getMean() * h.getTotalCount() / 1000;
      default -> null;
    };
  }

  private static Double counter(ThresholdCondition c, long count, double seconds) {
    return c.aggregation() == Aggregation.RATE ? (seconds > 0 ? count / seconds : null) : (double) count;
  }

  private static Double custom(String name, ThresholdCondition c, Map<String, String> labels, Stats s, double seconds) {
    var series = s.custom().entrySet().stream()
        .filter(e -> e.getKey().name().equals(name) && matches(labels, "resource", e.getKey().resource())
            && tagsMatch(labels, e.getKey().tags(), "resource"))
        .map(Map.Entry::getValue).toList();
    if (series.isEmpty()) {
      return c.aggregation() == Aggregation.COUNT ? 0.0 : null;
    }
    CustomSeries all = CustomSeries.merged(series);
    return switch (all.type()) {
      case TREND, TIMING -> switch (c.aggregation()) {
        case AVG -> all.count() == 0 ? null : all.sum() / all.count();
        case MIN -> all.min();
        case MAX -> all.max();
        case MED -> Percentiles.of(all, 50);
        case PERCENTILE -> Percentiles.of(all, c.percentile());
        case COUNT -> (double) all.count();
        case SUM -> all.sum();
        default -> null;
      };
      case COUNTER -> c.aggregation() == Aggregation.RATE ? (seconds > 0 ? all.sum() / seconds : null) : all.sum();
      case RATE -> all.count() == 0 ? null : (double) all.nonZero() / all.count();
      case GAUGE -> switch (c.aggregation()) {
        case MIN -> all.min();
        case MAX -> all.max();
        default -> all.last();
      };
      case HISTOGRAM -> (double) all.count();
    };
  }
}
