package dev.loadlab.api.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {
  @Test
  void compoundAndFractionalDurationsParse() {
    assertThat(Durations.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
    assertThat(Durations.parse("1.5s")).isEqualTo(Duration.ofMillis(1500));
    assertThat(Durations.parse("250ms")).isEqualTo(Duration.ofMillis(250));
    assertThat(Durations.parse("2m10s")).isEqualTo(Duration.ofSeconds(130));
  }

  @Test
  void rangesParseAndMustBeOrdered() {
    assertThat(Durations.parseRange("1s..3s")).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(3));
    assertThat(Durations.parseRange("2s")).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(2));
    assertThatThrownBy(() -> Durations.parseRange("3s..1s")).hasMessageContaining("ends before it starts");
  }

  @Test
  void numbersWithoutUnitAreRejectedWithAnExample() {
    assertThatThrownBy(() -> Durations.parse("30")).hasMessageContaining("e.g. 500ms, 30s");
  }
}
