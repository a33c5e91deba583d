package dev.loadlab.results;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loadlab.api.loadtest.Threshold;
import dev.loadlab.api.loadtest.ThresholdResult;
import java.util.List;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.Test;

class WindowedThresholdsTest {
  private static final ResourceKey KEY = new ResourceKey("s", "GET /");

  /** A run of 10 one-second intervals of 100 requests each: 900 ms in the slow ones, 10 ms in the others. */
  private static Stats run(IntPredicate slow, Intervals[] out) {
    var m = new LoopMetrics();
    var intervals = new Intervals(m::intervalSnapshot, () -> 5);
    for (int k = 0; k < 10; k++) {
      long nanos = slow.test(k) ? 900_000_000L : 10_000_000L;
      for (int i = 0; i < 100; i++) {
        m.request(KEY, 200, false, 0, 0, 0, 0, nanos, 0, nanos, 1, 1);
      }
      intervals.close(k + 1);
    }
    out[0] = intervals;
    return m.snapshot();
  }

  private static ThresholdResult judge(IntPredicate slow, String window, String objective, String ignoreFirst) {
    var out = new Intervals[1];
    Stats stats = run(slow, out);
    var t = new Threshold();
    t.metric = "http_req_duration";
    t.condition = "p(95) < 500ms";
    t.window = window;
    t.objective = objective;
    t.ignoreFirst = ignoreFirst;
    return ThresholdEvaluator.evaluate(List.of(t), stats, 10, out[0]::encoded, 1).get(0);
  }

  @Test
  void aTargetSlowForOneWindowInTenMeetsNinetyPercentOfWindows() {
    IntPredicate fourth = k -> k == 3;

    ThresholdResult lenient = judge(fourth, "1s", "85%", null);
    ThresholdResult strict = judge(fourth, "1s", "95%", null);
    ThresholdResult whole = judge(fourth, null, null, null);

    assertThat(lenient.passed).as("9 of 10 windows >= 85%%").isTrue();
    assertThat(lenient.windows).isEqualTo(10);
    assertThat(lenient.windowsMet).isEqualTo(9);
    assertThat(lenient.objectiveMet).isEqualTo(90.0);
    assertThat(lenient.worstWindow).startsWith("3s-4s: 900");
    assertThat(lenient.judgedBy).isEqualTo("window 1s, objective 85%");
    assertThat(strict.passed).as("9 of 10 windows < 95%%").isFalse();
    assertThat(whole.passed).as("over the whole run, the 10 %% slow requests are the p95").isFalse();
    assertThat(whole.windows).isNull();
  }

  @Test
  void windowsOfSeveralIntervalsAddThemUp() {
    // windows of 2 s: the slow interval 3 is half of window [2s,4s), whose p95 is then 900 ms
    ThresholdResult r = judge(k -> k == 3, "2s", "80%", null);

    assertThat(r.windows).isEqualTo(5);
    assertThat(r.windowsMet).isEqualTo(4);
    assertThat(r.worstWindow).startsWith("2s-4s: 900");
    assertThat(r.passed).isTrue();
  }

  @Test
  void ignoreFirstLeavesASlowStartOut() {
    IntPredicate warmUp = k -> k < 2;

    assertThat(judge(warmUp, null, null, null).passed).as("with the warm-up").isFalse();
    ThresholdResult after = judge(warmUp, null, null, "2s");
    assertThat(after.passed).as("after 2 s").isTrue();
    assertThat(after.value).isEqualTo(10.0, org.assertj.core.data.Offset.offset(0.02));
    assertThat(judge(warmUp, "1s", "100%", "2s").windows).isEqualTo(8);
  }

  @Test
  void ignoreScenarioRampLeavesTheRampUpOut() {
    var out = new Intervals[1];
    Stats stats = run(k -> k < 3, out);
    var spec = new dev.loadlab.api.loadtest.LoadTestSpec();
    var s = new dev.loadlab.api.loadtest.Scenario();
    s.name = "s";
    s.load = new dev.loadlab.api.loadtest.Load();
    s.load.startVUs = 0;
    var up = new dev.loadlab.api.loadtest.Load.Stage();
    up.duration = "3s";
    up.target = 10L;
    var hold = new dev.loadlab.api.loadtest.Load.Stage();
    hold.duration = "7s";
    hold.target = 10L;
    s.load.stages = List.of(up, hold);
    spec.scenarios = List.of(s);
    var t = new Threshold();
    t.metric = "http_req_duration";
    t.condition = "p(95) < 500ms";
    t.ignoreScenarioRamp = true;

    var r = ThresholdEvaluator.evaluate(ScenarioRamps.resolve(spec, List.of(t)), stats, 10, out[0]::encoded, 1).get(0);

    assertThat(r.passed).as("the 3 slow seconds of the ramp are left out").isTrue();
    assertThat(r.judgedBy).isEqualTo("ignoreScenarioRamp (first 3s)");
  }

  @Test
  void noWindowWithSamplesMeetsNoObjective() {
    var m = new LoopMetrics();
    var intervals = new Intervals(m::intervalSnapshot, () -> 0);
    intervals.close(1);
    intervals.close(2);
    var t = new Threshold();
    t.metric = "http_req_duration";
    t.condition = "p(95) < 500ms";
    t.window = "1s";
    t.objective = "99%";

    ThresholdResult r = ThresholdEvaluator.evaluate(List.of(t), m.snapshot(), 2, intervals::encoded, 1).get(0);

    assertThat(r.passed).isFalse();
    assertThat(r.windows).isZero();
  }
}
