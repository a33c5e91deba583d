package dev.loadlab.runner.engine;

import dev.loadlab.api.loadtest.Executor;
import dev.loadlab.api.loadtest.Load;
import dev.loadlab.api.loadtest.LoadTest;
import dev.loadlab.api.loadtest.MetricsSettings;
import dev.loadlab.api.loadtest.Scenario;
import dev.loadlab.api.validation.Durations;
import dev.loadlab.api.validation.FieldError;
import dev.loadlab.api.validation.InvalidResourceException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A validated LoadTest compiled for one runner: every scenario's executor parameters cut to this runner's
 * share, its steps compiled ({@link StepCompiler}: templates parsed, CEL compiled once). Problems found here (a missing env variable, an unknown
 * placeholder) are reported like validation errors, with their field path.
 */
public record TestPlan(String name, String target, List<ScenarioPlan> scenarios, Map<String, String> env,
    Segment segment, boolean insecureSkipTlsVerify, int maxResources, Map<String, String> metricNamespaces,
    List<Double> percentiles, long intervalNanos, TraceSettings traces) {

  /** spec.traces, with the values that came from Secrets (to redact them from every trace). */
  public record TraceSettings(boolean enabled, int maxTraces, int maxBodyBytes, List<String> redactHeaders,
      List<String> secretValues) {
  }

  public static TestPlan compile(LoadTest test, Segment segment, Map<String, String> env) {
    var errors = new ArrayList<FieldError>();
    var scenarios = new ArrayList<ScenarioPlan>();
    var spec = test.getSpec();
    for (int i = 0; i < spec.scenarios.size(); i++) {
      Scenario s = spec.scenarios.get(i);
      String path = "spec.scenarios[" + i + "]";
      CompiledStep[] steps = StepCompiler.scenario(s.steps, path + ".steps", spec.target, "2".equals(spec.httpVersion), env,
          s.tags == null ? Map.of() : s.tags, errors);
      scenarios.add(plan(s, steps, segment));
    }
    if (!errors.isEmpty()) {
      throw new InvalidResourceException("LoadTest " + test.getMetadata().getName(), errors);
    }
    return new TestPlan(test.getMetadata().getName(), spec.target, List.copyOf(scenarios), Map.copyOf(env), segment,
        Boolean.TRUE.equals(spec.insecureSkipTLSVerify),
        spec.metrics == null || spec.metrics.maxResources == null ? MetricsSettings.DEFAULT_MAX_RESOURCES : spec.metrics.maxResources,
        Map.copyOf(spec.metricNamespaces()),
        spec.metrics == null || spec.metrics.percentiles == null ? List.of() : List.copyOf(spec.metrics.percentiles),
        nanos(spec.metrics == null ? null : spec.metrics.interval, "10s"), traceSettings(spec, env));
  }

  private static TraceSettings traceSettings(dev.loadlab.api.loadtest.LoadTestSpec spec, Map<String, String> env) {
    var t = spec.traces;
    var secrets = new ArrayList<String>();
    if (spec.env != null) {
      spec.env.stream().filter(v -> v.valueFrom != null && v.valueFrom.secretKeyRef != null && env.get(v.name) != null)
          .forEach(v -> secrets.add(env.get(v.name)));
    }
    return new TraceSettings(t == null || t.enabled == null || t.enabled,
        t == null || t.maxTraces == null ? 1000 : t.maxTraces,
        t == null || t.maxBodyBytes == null ? 4096 : t.maxBodyBytes,
        t == null || t.redactHeaders == null ? List.of() : List.copyOf(t.redactHeaders), List.copyOf(secrets));
  }

  /** When the last scenario's planned time is up, from the test's start (graceful stops not counted). */
  public long plannedEndNanos() {
    return scenarios.stream().mapToLong(ScenarioPlan::plannedEndNanos).max().orElse(0);
  }

  /** The longest a run can take: the latest planned scenario end plus its graceful stop. */
  public long plannedNanos() {
    return scenarios.stream().mapToLong(s -> s.plannedEndNanos() + s.gracefulStopNanos()).max().orElse(0);
  }

  private static ScenarioPlan plan(Scenario s, CompiledStep[] steps, Segment seg) {
    Load l = s.load;
    Executor e = l.executor;
    long timeUnit = nanos(l.timeUnit, "1s");
    var stages = l.stages == null ? List.<ScenarioPlan.Stage>of() : l.stages.stream()
        .map(st -> new ScenarioPlan.Stage(nanos(st.duration, "0s"), st.target)).toList();
    int vus = l.vus == null ? 1 : l.vus;
    int maxVUs;
    int preAllocated;
    if (e.isArrivalRate()) {
      double peak = e == Executor.CONSTANT_ARRIVAL_RATE ? l.rate
          : Math.max(l.startRate == null ? 0 : l.startRate, stages.stream().mapToDouble(ScenarioPlan.Stage::target).max().orElse(0));
      preAllocated = l.preAllocatedVUs != null ? l.preAllocatedVUs : l.maxVUs != null ? l.maxVUs : (int) Math.max(1, Math.ceil(peak));
      maxVUs = Math.max(preAllocated, l.maxVUs != null ? l.maxVUs : preAllocated);
    } else {
      preAllocated = 0;
      maxVUs = e == Executor.RAMPING_VUS
          ? (int) Math.max(l.startVUs == null ? 1 : l.startVUs, stages.stream().mapToDouble(ScenarioPlan.Stage::target).max().orElse(0))
          : vus;
    }
    return new ScenarioPlan(s.name, e, steps,
        nanos(l.startTime, "0s"), nanos(l.duration, "0s"), nanos(l.gracefulStop, "30s"),
        nanos(l.gracefulRampDown, "30s"), nanos(l.maxDuration, "10m"),
        seg.share(vus),
        e == Executor.PER_VU_ITERATIONS ? (l.iterations == null ? 1 : l.iterations)
            : seg.share(l.iterations == null ? 1 : l.iterations),
        l.startVUs == null ? 1 : l.startVUs,
        stages, timeUnit,
        l.rate == null ? 0 : l.rate, l.startRate == null ? 0 : l.startRate,
        // Every runner keeps at least one VU, so a small pool split many ways still runs.
        Math.max(e.isArrivalRate() ? 1 : 0, seg.share(preAllocated)),
        Math.max(1, seg.share(maxVUs)),
        seg);
  }

  private static long nanos(String text, String fallback) {
    return Durations.parse(text == null ? fallback : text).toNanos();
  }
}
