package dev.loadlab.results;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loadlab.api.loadtest.Threshold;
import dev.loadlab.api.loadtest.ThresholdResult;
import java.util.List;
import org.junit.jupiter.api.Test;

class BaselineThresholdsTest {
  private static final ResourceKey KEY = new ResourceKey("s", "GET /");

  private static Stats requests(int n, long millis) {
    var m = new LoopMetrics();
    for (int i = 0; i < n; i++) {
      m.request(KEY, 200, false, 0, 0, 0, 0, millis * 1_000_000, 0, millis * 1_000_000, 1, 1);
    }
    return m.snapshot();
  }

  private static ThresholdResult judge(Stats now, Baselines baselines) {
    var t = new Threshold();
    t.metric = "http_req_duration";
    t.condition = "p(95) < baseline * 1.10";
    return ThresholdEvaluator.evaluate(List.of(t), now, 10, () -> null, 10, baselines).get(0);
  }

  @Test
  void aRunSlowerThanItsBaselineByMoreThanTheFactorFailsWithBothValues() {
    Baselines lastPassed = b -> new Baselines.Found(new Baselines.Run(requests(100, 100), 10, "run 1"), null);

    ThresholdResult slower = judge(requests(100, 125), lastPassed);
    ThresholdResult similar = judge(requests(100, 105), lastPassed);

    assertThat(slower.passed).isFalse();
    assertThat(slower.baselineRun).isEqualTo("run 1");
    assertThat(slower.baseline).isEqualTo(100.0, org.assertj.core.data.Offset.offset(0.1));
    assertThat(slower.value).isEqualTo(125.0, org.assertj.core.data.Offset.offset(0.1));
    assertThat(slower.limit).isEqualTo(110.0, org.assertj.core.data.Offset.offset(0.2));
    assertThat(slower.change).isEqualTo("+25.0%");
    assertThat(similar.passed).isTrue();
    assertThat(similar.change).isEqualTo("+5.0%");
  }

  @Test
  void withoutABaselineTheThresholdPassesAndSaysWhy() {
    ThresholdResult first = judge(requests(10, 500), b -> Baselines.Found.none("no earlier run ended Succeeded"));

    assertThat(first.passed).isTrue();
    assertThat(first.baselineRun).isEqualTo("none: no earlier run ended Succeeded");
    assertThat(first.baseline).isNull();
    assertThat(first.value).isEqualTo(500.0, org.assertj.core.data.Offset.offset(0.5));
  }
}
