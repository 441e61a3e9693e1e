package dev.vigil.model.series;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SampleSummaryTest {
  static SampleSummary of(double... values) {
    long[] ts = new long[values.length];
    for (int i = 0; i < ts.length; i++) {
      ts[i] = 1000L * (i + 1);
    }
    return SampleSummary.of(new ArraySampleIterator(ts, values));
  }

  @Test
  void countsFirstLastAndResetsInOrderLeavingStaleMarkersOut() {
    SampleSummary s = of(StaleMarker.STALE_NAN, 5, 9, 2, 4, StaleMarker.STALE_NAN, 1, 7);
    assertThat(s.count()).isEqualTo(6);
    assertThat(s.firstTime()).isEqualTo(2000);
    assertThat(s.firstValue()).isEqualTo(5);
    assertThat(s.lastTime()).isEqualTo(8000);
    assertThat(s.lastValue()).isEqualTo(7);
    // 9 → 2 and 4 → 1 (across the marker, which range vectors do not see) are resets.
    assertThat(s.counterResets()).containsExactly(9, 4);
    assertThat(s.sum() + s.sumCompensation()).isEqualTo(28);
    assertThat(s.min()).isEqualTo(1);
    assertThat(s.max()).isEqualTo(9);
  }

  @Test
  void minimumAndMaximumSkipNanUnlessAllAreNan() {
    SampleSummary s = of(Double.NaN, 3, Double.NaN, -1);
    assertThat(s.min()).isEqualTo(-1);
    assertThat(s.max()).isEqualTo(3);
    assertThat(of(Double.NaN, Double.NaN).max()).isNaN();
    assertThat(of(Double.NaN, Double.NaN).counterResets()).isEmpty();
  }

  @Test
  void theSumIsCompensated() {
    SampleSummary s = of(1e100, 1.0, -1e100);
    assertThat(s.sum() + s.sumCompensation()).isEqualTo(1.0);
  }

  @Test
  void nothingButStaleMarkersHasNoSummary() {
    assertThat(of(StaleMarker.STALE_NAN, StaleMarker.STALE_NAN)).isNull();
    assertThat(of()).isNull();
  }
}
