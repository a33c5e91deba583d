package dev.loadlab.api.loadtest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "!has(self.runners) || !has(self.regions)",
    message = "set either runners (one region) or regions[].runners, not both")
public class LoadTestSpec {
  public static final String HTTP_VERSION = "^(1\\.1|2)$";

  @JsonPropertyDescription("Base URL of the system under test, e.g. http://shop.default.svc:8080. "
      + "Relative step URLs (starting with /) are resolved against it.")
  public String target;

  @JsonPropertyDescription("Accept any TLS certificate from the target, e.g. a self-signed one in a test environment. "
      + "Default false.")
  public Boolean insecureSkipTLSVerify;

  @JsonPropertyDescription("Number of runner pods; the load of every scenario is split between them "
      + "(VUs, iterations and rates add up to exactly what the scenario asks). Default 1. "
      + "Leave unset when regions are given.")
  @Min(1)
  @Max(1000)
  public Integer runners;

  @JsonPropertyDescription("Regions to run from, each with its own runner count and node selector. "
      + "Every runner pod is labelled loadlab.dev/region=<name>.")
  public List<Region> regions;

  @JsonPropertyDescription("What the virtual users do and at what load. At least one.")
  @Required
  @Size(min = 1)
  public List<Scenario> scenarios;

  @JsonPropertyDescription("Environment variables for the runners, referenced in steps as ${env.NAME}. "
      + "Put secrets in a Secret and use valueFrom.secretKeyRef; never inline them.")
  public List<EnvVar> env;

  @JsonPropertyDescription("HTTP version of every http step that does not set its own: \"1.1\" (default) or \"2\" "
      + "(HTTP/2 over TLS with ALPN, h2c with prior knowledge over plain http; one connection per VU and origin, a "
      + "stream per request).")
  @io.fabric8.generator.annotation.Pattern(HTTP_VERSION)
  public String httpVersion;

  @JsonPropertyDescription("Pass/fail criteria evaluated over the merged results of all runners.")
  public List<Threshold> thresholds;

  @JsonPropertyDescription("How busy a runner may get before its figures stop being trusted (event-loop lag, CPU, GC "
      + "pauses, blocked time, dropped iterations); past a limit the run ends Inconclusive, reason RunnerSaturated.")
  public RunnerHealthLimits runnerHealth;

  @JsonPropertyDescription("Settings of the metrics the runners record.")
  public MetricsSettings metrics;

  @JsonPropertyDescription("Sampled request/response traces kept for inspection.")
  public Traces traces;

  @JsonPropertyDescription("Grafana dashboard generated for this load test.")
  public DashboardSettings dashboards;

  @JsonPropertyDescription("What happens to runner pods and to this LoadTest after the test finishes.")
  public Cleanup cleanup;

  @JsonPropertyDescription("Settings of the runner pods: image, resources, scheduling, labels.")
  public RunnerPod runner;

  /** Runner pods in total: the sum over regions, or {@link #runners}, or 1. */
  public int runnerCount() {
    if (regions != null && !regions.isEmpty()) {
      return regions.stream().mapToInt(r -> r.runners == null ? 1 : r.runners).sum();
    }
    return runners == null ? 1 : runners;
  }

  /** The namespace of every custom metric (User unless declared), by metric name. */
  public java.util.Map<String, String> metricNamespaces() {
    var into = new java.util.TreeMap<String, String>();
    metricDefinitions().forEach(d -> into.putIfAbsent(d.name, d.namespaceOrDefault()));
    return into;
  }

  /** Every custom metric declared on a step, groups included, in declaration order (a name may repeat). */
  public List<MetricDefinition> metricDefinitions() {
    var into = new java.util.ArrayList<MetricDefinition>();
    if (scenarios != null) {
      scenarios.forEach(s -> definitions(s.steps, into));
    }
    return into;
  }

  /** Names of the ConfigMaps the gRPC steps read their schema from (mounted in the runner pods). */
  public java.util.SortedSet<String> grpcSchemaConfigMaps() {
    var into = new java.util.TreeSet<String>();
    if (scenarios != null) {
      scenarios.forEach(s -> schemaConfigMaps(s.steps, into));
    }
    return into;
  }

  private static void schemaConfigMaps(List<Step> steps, java.util.Set<String> into) {
    if (steps == null) {
      return;
    }
    for (Step st : steps) {
      if (st.grpc != null && st.grpc.schema != null && st.grpc.schema.configMapKeyRef != null) {
        into.add(st.grpc.schema.configMapKeyRef.name);
      }
      if (st.group != null) {
        schemaConfigMaps(st.group.steps, into);
      }
    }
  }

  private static void definitions(List<Step> steps, List<MetricDefinition> into) {
    if (steps == null) {
      return;
    }
    for (Step st : steps) {
      List<MetricDefinition> defs = st.http != null ? st.http.metrics : st.websocket != null ? st.websocket.metrics
          : st.grpc != null ? st.grpc.metrics : null;
      if (defs != null) {
        into.addAll(defs);
      }
      if (st.http != null && st.http.stream != null && st.http.stream.metrics != null) {
        into.addAll(st.http.stream.metrics);
      }
      if (st.grpc != null && st.grpc.stream != null && st.grpc.stream.metrics != null) {
        into.addAll(st.grpc.stream.metrics);
      }
      if (st.group != null) {
        definitions(st.group.steps, into);
      }
    }
  }
}
