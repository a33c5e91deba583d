package dev.loadlab.runner.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SegmentTest {
  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 5, 7, 16})
  void sharesOfEveryRunnerAddUpToTheWhole(int runners) {
    for (long total : new long[] {0, 1, 2, 3, 10, 99, 100, 1001, 123_457}) {
      long sum = IntStream.range(0, runners).mapToLong(i -> new Segment(i, runners).share(total)).sum();
      assertThat(sum).as("%d split %d ways", total, runners).isEqualTo(total);
      IntStream.range(0, runners).forEach(i ->
          assertThat(new Segment(i, runners).share(total)).isBetween(total / runners, total / runners + 1));
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 4})
  void everyArrivalBelongsToExactlyOneRunner(int runners) {
    // Walk each runner's arrivals as the arrival-rate executor does and count who starts each one.
    long[] owners = new long[1000];
    for (int i = 0; i < runners; i++) {
      var segment = new Segment(i, runners);
      for (long k = segment.firstArrival(); k < owners.length; k = segment.nextArrival(k)) {
        owners[(int) k]++;
      }
    }
    for (long n : owners) {
      assertThat(n).isEqualTo(1);
    }
  }
}
