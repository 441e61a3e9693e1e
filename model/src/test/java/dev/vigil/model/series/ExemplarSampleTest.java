package dev.vigil.model.series;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ExemplarSampleTest {
  @Test
  void labelsUpToOpenMetricsLimitAreAcceptedAndLongerOnesRefused() {
    String traceId = "0123456789abcdef0123456789abcdef"; // 32
    String spanId = "0123456789abcdef"; // 16
    // trace_id (8) + 32 + span_id (7) + 16 = 63; a 65-character value fills it to exactly 128.
    Labels fits = Labels.of("trace_id", traceId, "span_id", spanId, "u", "x".repeat(64));
    assertThat(new ExemplarSample(fits, 1, 0).labels()).isEqualTo(fits);
    Labels over = Labels.of("trace_id", traceId, "span_id", spanId, "u", "x".repeat(65));
    assertThatThrownBy(() -> new ExemplarSample(over, 1, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("129 characters")
        .hasMessageContaining("at most 128");
  }

  @Test
  void aRepeatIsTheSameTimeValueBitsAndLabels() {
    ExemplarSample e = new ExemplarSample(Labels.of("trace_id", "aa"), 0.5, 10);
    assertThat(e.sameAs(new ExemplarSample(Labels.of("trace_id", "aa"), 0.5, 10))).isTrue();
    assertThat(e.sameAs(new ExemplarSample(Labels.of("trace_id", "ab"), 0.5, 10))).isFalse();
    assertThat(e.sameAs(new ExemplarSample(Labels.of("trace_id", "aa"), 0.5, 11))).isFalse();
    assertThat(e.sameAs(new ExemplarSample(Labels.of("trace_id", "aa"), 0.25, 10))).isFalse();
  }
}
