package dev.vigil.model.series;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SampleBufferTest {
  @Test
  void growsKeepsOrderAndTakesBulkWrites() {
    SampleBuffer b = new SampleBuffer(1);
    for (int i = 0; i < 100; i++) {
      b.add(i, i * 0.5);
    }
    assertThat(b.size()).isEqualTo(100);
    assertThat(b.lastTimestamp()).isEqualTo(99);
    assertThat(b.values()[41]).isEqualTo(20.5);
    b.reserve(1000);
    assertThat(b.timestamps().length).isGreaterThanOrEqualTo(1100);
    b.timestamps()[100] = 100;
    b.values()[100] = 50;
    b.setSize(101);
    assertThat(b.lastTimestamp()).isEqualTo(100);
    assertThatThrownBy(() -> b.setSize(b.timestamps().length + 1))
        .isInstanceOf(IllegalArgumentException.class);
    b.clear();
    assertThat(b.size()).isZero();
  }
}
