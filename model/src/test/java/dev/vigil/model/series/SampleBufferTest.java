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

  @Test
  void addsTheSamplesOfARangeOnly() {
    long[] ts = {10, 20, 30, 40, 99};
    double[] vs = {1, 2, 3, 4, 99};
    int count = 4; // the fifth slot is room beyond the samples
    for (long minT = 0; minT <= 50; minT += 5) {
      for (long maxT = minT - 5; maxT <= 50; maxT += 5) {
        SampleBuffer b = new SampleBuffer(1);
        b.add(1, -1);
        b.addInRange(ts, vs, count, minT, maxT);
        int expected = 0;
        for (int i = 0; i < count; i++) {
          if (ts[i] >= minT && ts[i] <= maxT) {
            assertThat(b.timestamps()[1 + expected]).isEqualTo(ts[i]);
            assertThat(b.values()[1 + expected]).isEqualTo(vs[i]);
            expected++;
          }
        }
        assertThat(b.size()).as("[%d, %d]", minT, maxT).isEqualTo(1 + expected);
      }
    }
    SampleBuffer empty = new SampleBuffer();
    empty.addInRange(new long[0], new double[0], 0, Long.MIN_VALUE, Long.MAX_VALUE);
    assertThat(empty.size()).isZero();
  }
}
