package dev.vigil.tsdb.chunk;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Guards the measured compression (see tsdb/README.md) against regressions on a 200-series slice of
 * the report's workloads. The bounds are the product targets where this workload meets them and a
 * small margin over today's figure where it does not (node: see the README for why).
 */
class ChunkSizeTest {
  private static final int SAMPLES = 960; // 4 h at 15 s

  @Test
  void mixedWorkloadMeetsTheTarget() {
    ChunkSizeReport.Result r = ChunkSizeReport.measure(Workload.mixed(1), 200, SAMPLES);
    assertThat(r.bytesPerSample()).isLessThanOrEqualTo(2.1);
    assertThat(r.bytes()).isLessThan(r.baselineBytes() / 2);
  }

  @Test
  void nodeWorkloadStaysUnderAThirdOfGorilla() {
    ChunkSizeReport.Result r = ChunkSizeReport.measure(Workload.node(1), 200, SAMPLES);
    assertThat(r.bytesPerSample()).isLessThanOrEqualTo(0.68);
    assertThat(r.bytes()).isLessThan(r.baselineBytes() / 3);
  }
}
