package dev.loadlab.results;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loadlab.api.file.Manifests;
import dev.loadlab.api.loadtest.LoadTestSpec;
import dev.loadlab.api.loadtest.Threshold;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScenarioRampsTest {
  private static final LoadTestSpec SPEC = ((dev.loadlab.api.loadtest.LoadTest) Manifests.read("ramps.yaml", """
      apiVersion: loadlab.dev/v1alpha1
      kind: LoadTest
      metadata: {name: ramps}
      spec:
        target: http://demo-target:8080
        scenarios:
          - name: shoppers
            load:
              executor: ramping-vus
              startVUs: 0
              stages: [{duration: 30s, target: 10}, {duration: 1m, target: 10}, {duration: 10s, target: 0}]
            steps: [{http: {url: /}}]
          - name: api
            load:
              executor: ramping-arrival-rate
              startTime: 10s
              startRate: 5
              preAllocatedVUs: 10
              stages: [{duration: 20s, target: 50}, {duration: 20s, target: 100}, {duration: 1m, target: 100}]
            steps: [{http: {url: /}}]
          - name: late
            load: {executor: constant-vus, vus: 1, duration: 30s, startTime: 5s}
            steps: [{http: {url: /}}]
          - name: down
            load: {executor: ramping-vus, startVUs: 20, stages: [{duration: 30s, target: 5}]}
            steps: [{http: {url: /}}]
      """).get(0)).getSpec();

  @Test
  void aScenarioIsAtFullLoadAtTheEndOfTheFirstStageThatReachesItsHighestTarget() {
    assertThat(ScenarioRamps.rampEnd(SPEC, "shoppers")).isEqualTo(Duration.ofSeconds(30));
    assertThat(ScenarioRamps.rampEnd(SPEC, "api")).as("startTime + 20s + 20s").isEqualTo(Duration.ofSeconds(50));
    assertThat(ScenarioRamps.rampEnd(SPEC, "late")).as("no ramp: its start").isEqualTo(Duration.ofSeconds(5));
    assertThat(ScenarioRamps.rampEnd(SPEC, "down")).as("starts at its highest").isEqualTo(Duration.ZERO);
    assertThat(ScenarioRamps.rampEnd(SPEC, null)).as("every scenario at full load").isEqualTo(Duration.ofSeconds(50));
  }

  @Test
  void aThresholdWithIgnoreScenarioRampIsJudgedAfterItsScenariosRampOrItsOwnIgnoreFirst() {
    var whole = threshold(null, null);
    var shoppers = threshold(Map.of("scenario", "shoppers"), null);
    var longer = threshold(Map.of("scenario", "shoppers"), "45s");
    var plain = new Threshold();
    plain.metric = "http_req_duration";
    plain.condition = "p(95) < 1s";

    var resolved = ScenarioRamps.resolve(SPEC, List.of(whole, shoppers, longer, plain));

    assertThat(resolved).extracting(t -> t.ignoreFirst).containsExactly("50s", "30s", "45s", null);
    assertThat(resolved.get(3)).as("untouched").isSameAs(plain);
    assertThat(whole.ignoreFirst).as("the spec is not changed").isNull();
  }

  private static Threshold threshold(Map<String, String> labels, String ignoreFirst) {
    var t = new Threshold();
    t.metric = "http_req_duration";
    t.condition = "p(95) < 1s";
    t.labels = labels;
    t.ignoreFirst = ignoreFirst;
    t.ignoreScenarioRamp = true;
    return t;
  }
}
