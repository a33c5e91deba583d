package dev.loadlab.api.validation;

import dev.cel.common.CelValidationException;
import dev.loadlab.api.loadtest.Check;
import dev.loadlab.api.loadtest.Executor;
import dev.loadlab.api.loadtest.Extract;
import dev.loadlab.api.loadtest.HttpStep;
import dev.loadlab.api.loadtest.Load;
import dev.loadlab.api.loadtest.LoadTestSpec;
import dev.loadlab.api.loadtest.MetricDefinition;
import dev.loadlab.api.loadtest.MetricType;
import dev.loadlab.api.loadtest.Scenario;
import dev.loadlab.api.loadtest.Step;
import dev.loadlab.api.loadtest.Threshold;
import dev.loadlab.api.loadtest.WebSocketStep;
import dev.loadlab.api.validation.UserExpressions.Context;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the schema cannot say about a LoadTest: expressions compile, metric names follow the rules,
 * names are unique, durations and thresholds parse and make sense together. Used by the runner (local
 * runs) and the operator (before any pod starts); reports every problem, each with its field path.
 */
public final class LoadTestValidator {
  private final List<FieldError> errors = new ArrayList<>();
  /** Custom metrics by name: the first declaration, which every other must agree with. */
  private final Map<String, MetricDefinition> metrics = new HashMap<>();
  private LoadTestSpec spec;

  private LoadTestValidator() {
  }

  public static List<FieldError> validate(LoadTestSpec spec) {
    var v = new LoadTestValidator();
    v.spec = spec;
    v.check(spec);
    return v.errors;
  }

  private void error(String path, String message) {
    errors.add(new FieldError(path, message));
  }

  private void check(LoadTestSpec spec) {
    if (spec.target != null) {
      checkBaseUrl(spec.target);
    }
    uniqueNames(spec.scenarios, s -> s.name, "spec.scenarios", "scenario");
    uniqueNames(spec.regions, r -> r.name, "spec.regions", "region");
    uniqueNames(spec.env, e -> e.name, "spec.env", "variable");
    if (spec.scenarios != null) {
      for (int i = 0; i < spec.scenarios.size(); i++) {
        checkScenario(spec.scenarios.get(i), "spec.scenarios[" + i + "]");
      }
    }
    if (spec.thresholds != null) {
      for (int i = 0; i < spec.thresholds.size(); i++) {
        checkThreshold(spec.thresholds.get(i), "spec.thresholds[" + i + "]");
      }
    }
    if (spec.runnerHealth != null) {
      duration(spec.runnerHealth.maxEventLoopLag, "spec.runnerHealth.maxEventLoopLag", true);
      if (spec.runnerHealth.maxCpu != null && spec.runnerHealth.maxCpu.matches("^0+(\\.0+)?%$")) {
        error("spec.runnerHealth.maxCpu", "0% would call every runner saturated; write a share above 0%, e.g. 90%");
      }
    }
    if (spec.metrics != null) {
      duration(spec.metrics.interval, "spec.metrics.interval", true);
      if (spec.metrics.percentiles != null) {
        for (int i = 0; i < spec.metrics.percentiles.size(); i++) {
          Double p = spec.metrics.percentiles.get(i);
          if (p == null || p <= 0 || p >= 100) {
            error("spec.metrics.percentiles[" + i + "]", p + " is not a percentile; write a number above 0 and below 100, e.g. 99.9");
          }
        }
      }
    }
  }

  private void checkBaseUrl(String target) {
    URI uri;
    try {
      uri = new URI(target);
    } catch (URISyntaxException e) {
      uri = null;
    }
    if (uri == null || !"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
      error("spec.target", "\"" + target + "\" is not an http(s) URL with a host; write e.g. http://shop.default.svc:8080");
    }
  }

  private <T> void uniqueNames(List<T> items, java.util.function.Function<T, String> name, String path, String what) {
    if (items == null) {
      return;
    }
    var seen = new HashMap<String, Integer>();
    for (int i = 0; i < items.size(); i++) {
      String n = name.apply(items.get(i));
      Integer first = n == null ? null : seen.putIfAbsent(n, i);
      if (first != null) {
        error(path + "[" + i + "].name", what + " \"" + n + "\" is already defined at " + path + "[" + first
            + "]; names must be unique");
      }
    }
  }

  /**
   * Labels on the series that carry tags (request and custom metrics), set by the runner or by the scrape
   * (pod identity); a tag may not take their names.
   */
  public static final Set<String> RESERVED_LABELS = Set.of("scenario", "resource", "method", "status", "key", "value", "le",
      "quantile", "job", "instance", "namespace", "pod", "loadtest", "runner", "region", "grpc_status",
      "ws_outcome");
  private static final java.util.regex.Pattern LABEL_NAME = java.util.regex.Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

  private void checkTags(Map<String, String> tags, String path) {
    if (tags == null) {
      return;
    }
    for (String name : tags.keySet()) {
      String p = FieldPaths.key(path, name);
      if (!LABEL_NAME.matcher(name).matches() || name.startsWith("__")) {
        error(p, "\"" + name + "\" is not a Prometheus label name; use letters, digits and '_', not starting with a "
            + "digit or \"__\" (e.g. " + name.replaceAll("[^a-zA-Z0-9_]", "_").replaceAll("^(\\d|__)", "_$1") + ")");
      } else if (RESERVED_LABELS.contains(name)) {
        error(p, "\"" + name + "\" is a label loadlab sets itself; choose another tag name");
      }
    }
  }

  private void checkScenario(Scenario scenario, String path) {
    checkTags(scenario.tags, path + ".tags");
    if (scenario.load != null) {
      checkLoad(scenario.load, path + ".load");
    }
    checkSteps(scenario.steps, path + ".steps", 0);
  }

  private void checkLoad(Load load, String path) {
    duration(load.duration, path + ".duration", true);
    duration(load.startTime, path + ".startTime", false);
    duration(load.gracefulStop, path + ".gracefulStop", false);
    duration(load.gracefulRampDown, path + ".gracefulRampDown", false);
    duration(load.maxDuration, path + ".maxDuration", true);
    duration(load.timeUnit, path + ".timeUnit", true);
    if (load.stages != null) {
      for (int i = 0; i < load.stages.size(); i++) {
        duration(load.stages.get(i).duration, path + ".stages[" + i + "].duration", false);
      }
      if (load.stages.stream().allMatch(s -> s.duration != null && safeDuration(s.duration).isZero())) {
        error(path + ".stages", "every stage lasts 0s; give at least one stage a duration");
      }
    }
    if (load.executor == Executor.SHARED_ITERATIONS && load.iterations != null && load.vus != null
        && load.iterations < load.vus) {
      error(path + ".iterations", load.iterations + " shared iterations for " + load.vus
          + " VUs leaves VUs idle; use at least as many iterations as vus");
    }
  }

  private static java.time.Duration safeDuration(String text) {
    try {
      return Durations.parse(text);
    } catch (IllegalArgumentException e) {
      return java.time.Duration.ZERO;
    }
  }

  private void duration(String text, String path, boolean positive) {
    if (text == null) {
      return;
    }
    try {
      if (positive && Durations.parse(text).isZero()) {
        error(path, "must be longer than 0s");
      }
    } catch (IllegalArgumentException e) {
      // the schema pattern already reports a malformed duration; nothing to add here
    }
  }

  private void checkSteps(List<Step> steps, String path, int depth) {
    if (steps == null) {
      return;
    }
    for (int i = 0; i < steps.size(); i++) {
      Step step = steps.get(i);
      String stepPath = path + "[" + i + "]";
      if (step == null) {
        error(stepPath, "empty step; write one of http, websocket, grpc, sleep or group");
        continue;
      }
      if (depth > dev.loadlab.api.loadtest.LoadTest.GROUP_SCHEMA_DEPTH) {
        // Below the depth the CRD schema spells out, the one-kind rule is checked here instead.
        int kinds = (step.http != null ? 1 : 0) + (step.websocket != null ? 1 : 0) + (step.grpc != null ? 1 : 0)
            + (step.sleep != null ? 1 : 0)
            + (step.group != null ? 1 : 0);
        if (kinds != 1) {
          error(stepPath, "a step is exactly one of http, websocket, grpc, sleep or group");
        }
      }
      if (step.http != null) {
        checkHttp(step.http, stepPath + ".http");
      }
      if (step.websocket != null) {
        checkWebSocket(step.websocket, stepPath + ".websocket");
      }
      if (step.grpc != null) {
        checkGrpc(step.grpc, stepPath + ".grpc");
      }
      if (step.sleep != null) {
        try {
          Durations.parseRange(step.sleep);
        } catch (IllegalArgumentException e) {
          if (depth > dev.loadlab.api.loadtest.LoadTest.GROUP_SCHEMA_DEPTH || step.sleep.contains("..")) {
            error(stepPath + ".sleep", e.getMessage());
          }
        }
      }
      if (step.group != null) {
        if (depth >= dev.loadlab.api.loadtest.LoadTest.GROUP_SCHEMA_DEPTH
            && (step.group.steps == null || step.group.steps.isEmpty())) {
          error(stepPath + ".group.steps", "needs at least 1 item(s)");
        }
        checkSteps(step.group.steps, stepPath + ".group.steps", depth + 1);
      }
    }
  }

  private void checkHttp(HttpStep http, String path) {
    checkTags(http.tags, path + ".tags");
    checkUrl(http.url, path + ".url", Set.of("http", "https"));
    duration(http.timeout, path + ".timeout", true);
    checkChecks(http.checks, path + ".checks", Context.HTTP);
    if (http.failWhen != null) {
      expression(http.failWhen.condition, path + ".failWhen.condition", Context.HTTP);
    }
    if (http.trace != null) {
      for (int i = 0; i < http.trace.size(); i++) {
        var t = http.trace.get(i);
        String tp = path + ".trace[" + i + "]";
        expression(t.data, tp + ".data", Context.HTTP);
        expression(t.when, tp + ".when", Context.HTTP);
        if (t.headers != null) {
          t.headers.forEach((k, v) -> expression(v, tp + ".headers." + k, Context.HTTP));
        }
      }
    }
    checkExtracts(http.extract, path + ".extract", Context.HTTP);
    checkMetrics(http.metrics, path + ".metrics", Context.HTTP);
    if (http.stream != null) {
      expression(http.stream.until, path + ".stream.until", Context.STREAM);
      checkExtracts(http.stream.extract, path + ".stream.extract", Context.STREAM);
      checkMetrics(http.stream.metrics, path + ".stream.metrics", Context.STREAM);
    }
  }

  private void checkWebSocket(WebSocketStep ws, String path) {
    checkTags(ws.tags, path + ".tags");
    checkUrl(ws.url, path + ".url", Set.of("ws", "wss"));
    if (ws.receive != null) {
      duration(ws.receive.timeout, path + ".receive.timeout", true);
      expression(ws.receive.until, path + ".receive.until", Context.WEBSOCKET);
    }
    checkChecks(ws.checks, path + ".checks", Context.WEBSOCKET);
    checkExtracts(ws.extract, path + ".extract", Context.WEBSOCKET);
    checkMetrics(ws.metrics, path + ".metrics", Context.WEBSOCKET);
  }

  private void checkGrpc(dev.loadlab.api.loadtest.GrpcStep grpc, String path) {
    checkTags(grpc.tags, path + ".tags");
    if (grpc.target != null && !grpc.target.startsWith("${") && !grpc.target.matches("grpcs?://[^/\\s]+:[0-9]+")) {
      error(path + ".target", "\"" + grpc.target + "\" must be grpc://HOST:PORT (plaintext) or grpcs://HOST:PORT (TLS), "
          + "e.g. grpc://demo-target:9090");
    }
    if (grpc.message != null && !grpc.message.isObject()) {
      error(path + ".message", "must be an object (the request message in protobuf's JSON mapping), not "
          + grpc.message.getNodeType().toString().toLowerCase(java.util.Locale.ROOT));
    }
    duration(grpc.timeout, path + ".timeout", true);
    checkChecks(grpc.checks, path + ".checks", Context.GRPC);
    checkExtracts(grpc.extract, path + ".extract", Context.GRPC);
    checkMetrics(grpc.metrics, path + ".metrics", Context.GRPC);
    if (grpc.stream != null) {
      expression(grpc.stream.until, path + ".stream.until", Context.GRPC_STREAM);
      checkExtracts(grpc.stream.extract, path + ".stream.extract", Context.GRPC_STREAM);
      checkMetrics(grpc.stream.metrics, path + ".stream.metrics", Context.GRPC_STREAM);
    }
  }

  private void checkUrl(String url, String path, Set<String> schemes) {
    if (url == null || url.isEmpty()) {
      return;
    }
    if (url.startsWith("/")) {
      if (spec.target == null) {
        error(path, "\"" + url + "\" is relative but spec.target is not set; set spec.target to the base URL "
            + "or write an absolute URL");
      }
      return;
    }
    int colon = url.indexOf("://");
    String scheme = colon < 0 ? "" : url.substring(0, colon);
    if (url.startsWith("${")) {
      return; // the whole URL comes from a template; checked when expanded
    }
    if (!schemes.contains(scheme)) {
      error(path, "\"" + url + "\" must start with / (relative to spec.target) or with "
          + String.join(":// or ", schemes.stream().sorted().toList()) + "://");
    }
  }

  private void checkChecks(List<Check> checks, String path, Context context) {
    if (checks == null) {
      return;
    }
    for (int i = 0; i < checks.size(); i++) {
      expression(checks.get(i).expr, path + "[" + i + "].expr", context);
    }
  }

  private void checkExtracts(List<Extract> extracts, String path, Context context) {
    if (extracts == null) {
      return;
    }
    for (int i = 0; i < extracts.size(); i++) {
      expression(extracts.get(i).expr, path + "[" + i + "].expr", context);
    }
  }

  private void checkMetrics(List<MetricDefinition> defs, String path, Context context) {
    if (defs == null) {
      return;
    }
    Set<String> inStep = new HashSet<>();
    for (int i = 0; i < defs.size(); i++) {
      MetricDefinition m = defs.get(i);
      String mPath = path + "[" + i + "]";
      MetricNames.problem(m.name).ifPresent(p -> error(mPath + ".name", p));
      if (m.namespace != null && m.namespace.equalsIgnoreCase(MetricDefinition.SYSTEM_NAMESPACE)) {
        error(mPath + ".namespace", "the " + MetricDefinition.SYSTEM_NAMESPACE + " namespace is reserved for "
            + "built-in metrics; leave namespace unset (" + MetricDefinition.DEFAULT_NAMESPACE + ") or choose another");
      }
      if (m.name != null && !inStep.add(m.namespaceOrDefault() + "/" + m.name)) {
        error(mPath + ".name", "\"" + m.name + "\" is declared twice in this step; merge the two");
      }
      consistentAcrossSteps(m, mPath);
      checkTags(m.tags, mPath + ".tags");
      expression(m.value, mPath + ".value", context);
      expression(m.key, mPath + ".key", context);
      expression(m.when, mPath + ".when", context);
    }
  }

  /** A metric may be recorded from several steps; every declaration must agree on type and units. */
  private void consistentAcrossSteps(MetricDefinition m, String path) {
    if (m.name == null || m.type == null) {
      return;
    }
    MetricDefinition first = metrics.putIfAbsent(m.name, m);
    if (first == null) {
      return;
    }
    if (kind(first.type) != kind(m.type)) {
      error(path + ".type", "\"" + m.name + "\" is declared elsewhere as " + first.type.id()
          + "; one name has one type (Prometheus exports one metric family per name)");
    } else if (!java.util.Objects.equals(unitsOf(first), unitsOf(m))) {
      error(path + ".units", "\"" + m.name + "\" is declared elsewhere in " + unitsOf(first)
          + "; one name has one unit");
    }
  }

  private static MetricType kind(MetricType t) {
    return t == MetricType.TIMING ? MetricType.TREND : t;
  }

  private static String unitsOf(MetricDefinition m) {
    return m.units != null ? m.units : m.type == MetricType.TIMING ? "ms" : null;
  }

  private void expression(String expr, String path, Context context) {
    if (expr == null) {
      return;
    }
    try {
      UserExpressions.compile(context, expr);
    } catch (CelValidationException e) {
      String variables = String.join(", ", context.variables());
      error(path, "CEL expression does not compile: " + e.getMessage().replace('\n', ' ').replaceAll(" +", " ")
          + " (variables here: " + variables + ")");
    }
  }

  private void checkThreshold(Threshold t, String path) {
    duration(t.delayAbortEval, path + ".delayAbortEval", false);
    if (t.delayAbortEval != null && !Boolean.TRUE.equals(t.abortOnFail)) {
      error(path + ".delayAbortEval", "only applies with abortOnFail: true; set abortOnFail or drop delayAbortEval");
    }
    ThresholdCondition condition;
    try {
      condition = ThresholdCondition.parse(t.condition);
    } catch (IllegalArgumentException e) {
      if (t.condition != null) {
        error(path + ".condition", e.getMessage());
      }
      return;
    }
    if (t.metric == null) {
      return;
    }
    MetricType type = BuiltInMetric.byName(t.metric).map(BuiltInMetric::type)
        .orElseGet(() -> metrics.containsKey(t.metric) ? metrics.get(t.metric).type : null);
    if (type == null) {
      var known = new ArrayList<>(metrics.keySet());
      java.util.Collections.sort(known);
      error(path + ".metric", "\"" + t.metric + "\" is neither a built-in metric (http_req_duration, "
          + "http_req_failed, http_reqs, checks, iterations, ...) nor a custom metric of this test"
          + (known.isEmpty() ? "" : " (" + String.join(", ", known) + ")"));
      return;
    }
    if (!ThresholdCondition.allowedFor(type).contains(condition.aggregation())) {
      error(path + ".condition", "\"" + t.condition + "\": " + t.metric + " is a " + type.id() + "; its aggregations are "
          + ThresholdCondition.allowedFor(type).stream().map(a -> a == ThresholdCondition.Aggregation.PERCENTILE
              ? "p(N)" : a.name().toLowerCase()).sorted().toList());
    }    checkWindow(t, path, type, condition);
    if (condition.relative() && (t.window != null || t.ignoreFirst != null || Boolean.TRUE.equals(t.ignoreScenarioRamp))) {
      error(path + ".condition", "a condition on baseline compares whole runs; drop window, ignoreFirst and "
          + "ignoreScenarioRamp, or compare with a constant");
    }
    if (!condition.relative() && t.baseline != null) {
      error(path + ".baseline", "only a condition on baseline reads it, e.g. \"" + t.condition.replaceAll("[0-9.]+\\s*[a-zµ]*\\s*$", "")
          .trim() + " baseline * 1.10\"; drop baseline or compare with it");
    }
  }

  /** window, objective and ignoreFirst: judged over the run's intervals, so only on what intervals record. */
  private void checkWindow(Threshold t, String path, MetricType type, ThresholdCondition condition) {
    duration(t.window, path + ".window", true);
    if (t.objective != null && t.window == null) {
      error(path + ".objective", "the share of windows that must meet the condition; set window too, e.g. window: 10s");
    }
    if (t.objective != null && t.objective.matches("^0+(\\.0+)?%$")) {
      error(path + ".objective", "0% would pass whatever happened; write a share above 0%, e.g. 99%");
    }
    if (t.window == null && t.ignoreFirst == null && !Boolean.TRUE.equals(t.ignoreScenarioRamp)) {
      return;
    }
    String field = t.window != null ? "window" : t.ignoreFirst != null ? "ignoreFirst" : "ignoreScenarioRamp";
    if (Boolean.TRUE.equals(t.abortOnFail)) {
      error(path + "." + field, "abortOnFail judges the run so far as a whole, not per window nor after a warm-up; "
          + "drop abortOnFail or " + field);
    }
    var builtIn = BuiltInMetric.byName(t.metric);
    if (builtIn.isPresent() && !builtIn.get().inIntervals()) {
      error(path + "." + field, t.metric + " is not recorded per interval (request phases, groups and VUs are kept for "
          + "the whole run only); judge http_req_duration, iteration_duration or a custom metric per window instead");
    }
    if (type == MetricType.GAUGE && condition.aggregation() != ThresholdCondition.Aggregation.VALUE) {
      error(path + ".condition", "a gauge is judged per window by its last value; write \"value OP LIMIT\"");
    }
    if (t.window == null) {
      return;
    }
    try {
      long window = Durations.parse(t.window).toMillis();
      String intervalText = spec.metrics == null || spec.metrics.interval == null ? "10s" : spec.metrics.interval;
      long interval = Durations.parse(intervalText).toMillis();
      if (interval > 0 && (window < interval || window % interval != 0)) {
        error(path + ".window", t.window + " is not a multiple of spec.metrics.interval (" + intervalText
            + "): windows are made of whole intervals; write " + Durations.format(java.time.Duration.ofMillis(
                Math.max(1, Math.round((double) window / interval)) * interval)) + " or change spec.metrics.interval");
      }
    } catch (IllegalArgumentException e) {
      // malformed durations are reported by the schema pattern
    }
  }
}
