package dev.loadlab.api.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loadlab.api.validation.ThresholdCondition.Aggregation;
import dev.loadlab.api.validation.ThresholdCondition.Operator;
import org.junit.jupiter.api.Test;

class ThresholdConditionTest {
  @Test
  void percentileWithDurationIsInMilliseconds() {
    var c = ThresholdCondition.parse("p(95) < 1.5s");
    assertThat(c.aggregation()).isEqualTo(Aggregation.PERCENTILE);
    assertThat(c.percentile()).isEqualTo(95.0);
    assertThat(c.operator()).isEqualTo(Operator.LT);
    assertThat(c.value()).isEqualTo(1500.0);
  }

  @Test
  void k6AggregationsParse() {
    assertThat(ThresholdCondition.parse("rate<0.01").aggregation()).isEqualTo(Aggregation.RATE);
    assertThat(ThresholdCondition.parse("med <= 200ms").value()).isEqualTo(200.0);
    assertThat(ThresholdCondition.parse("p(99.9) < 2s").percentile()).isEqualTo(99.9);
    assertThat(ThresholdCondition.parse("count >= 1000").operator()).isEqualTo(Operator.GE);
    assertThat(ThresholdCondition.parse("sum < 5").aggregation()).isEqualTo(Aggregation.SUM);
    assertThat(ThresholdCondition.parse("value != 0").operator().test(1, 0)).isTrue();
  }

  @Test
  void countWithAUnitIsRejected() {
    assertThatThrownBy(() -> ThresholdCondition.parse("count < 5s")).hasMessageContaining("drop the unit");
  }

  @Test
  void operatorsCompareObservedWithLimit() {
    assertThat(ThresholdCondition.parse("p(95) < 500ms").operator().test(499.9, 500)).isTrue();
    assertThat(ThresholdCondition.parse("p(95) < 500ms").operator().test(500, 500)).isFalse();
  }

  @Test
  void aLimitCanComeFromTheBaseline() {
    var factor = ThresholdCondition.parse("p(95) < baseline * 1.10");
    assertThat(factor.relative()).isTrue();
    assertThat(factor.limit(200)).isEqualTo(220.0, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(ThresholdCondition.parse("p(95) <= baseline + 50ms").limit(200)).isEqualTo(250.0);
    assertThat(ThresholdCondition.parse("rate < baseline - 0.001").limit(0.01)).isEqualTo(0.009, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(ThresholdCondition.parse("avg<=baseline").limit(7)).isEqualTo(7.0);
    assertThat(ThresholdCondition.parse("p(95) < 500ms").relative()).isFalse();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ThresholdCondition.parse("p(95) < baseline * 1.1s"))
        .hasMessageContaining("a factor has no unit");
  }
}
