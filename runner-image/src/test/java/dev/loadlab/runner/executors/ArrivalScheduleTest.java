package dev.loadlab.runner.executors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.loadlab.runner.engine.ScenarioPlan.Stage;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ArrivalScheduleTest {
  static final long S = TimeUnit.SECONDS.toNanos(1);

  @Test
  void constantRateIsEvenlySpaced() {
    var s = new ArrivalSchedule(50, List.of(new Stage(2 * S, 50)), S);
    assertThat(s.arrivals()).isEqualTo(100);
    assertThat(s.timeOf(0)).isZero();
    assertThat(s.timeOf(1)).isEqualTo(S / 50);
    assertThat(s.timeOf(99)).isEqualTo(99 * S / 50);
    assertThat(s.timeOf(100)).isEqualTo(-1);
  }

  @Test
  void linearRampStartsArrivalsAtTheAreaUnderTheRate() {
    // 0 -> 100/s over 2 s: 100 arrivals; the k-th when k = 25 t^2, i.e. t = sqrt(k / 25).
    var s = new ArrivalSchedule(0, List.of(new Stage(2 * S, 100), new Stage(S, 100)), S);
    assertThat(s.arrivals()).isEqualTo(200);
    for (long k : new long[] {1, 25, 64, 99}) {
      assertThat(s.timeOf(k) / 1e9).as("arrival %d", k).isCloseTo(Math.sqrt(k / 25.0), within(1e-6));
    }
    assertThat(s.timeOf(100) / 1e9).isCloseTo(2.0, within(1e-6));
    assertThat(s.timeOf(150) / 1e9).isCloseTo(2.5, within(1e-6));
  }

  @Test
  void rampDownKeepsTimesIncreasing() {
    var s = new ArrivalSchedule(100, List.of(new Stage(S, 0)), S);
    assertThat(s.arrivals()).isEqualTo(50);
    long previous = -1;
    for (long k = 0; k < 50; k++) {
      long t = s.timeOf(k);
      assertThat(t).isGreaterThan(previous).isLessThanOrEqualTo(S);
      previous = t;
    }
  }
}
