package dev.vigil.tsdb.chunk;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/** Appending and decoding allocate nothing per sample once the buffers have grown. */
class NoAllocationTest {
  private static final int SERIES = 50;
  private static final int SAMPLES = 960;

  private static long allocatedBytes() {
    return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
        .getCurrentThreadAllocatedBytes();
  }

  @Test
  void appendAndDecodeDoNotAllocatePerSample() {
    Workload w = Workload.mixed(3);
    long[][] ts = new long[SERIES][SAMPLES];
    double[][] vs = new double[SERIES][SAMPLES];
    for (int s = 0; s < SERIES; s++) {
      w.series(s, ts[s], vs[s]);
    }
    ChunkAppender app = ChunkEncoding.ADAPTIVE.newAppender();
    byte[] chunk = encodeAll(app, ts, vs); // warm up: buffers grow, code gets compiled
    SampleIterator it = ChunkEncoding.ADAPTIVE.iterator(chunk, 0, chunk.length);
    decode(it, chunk);

    long before = allocatedBytes();
    for (int round = 0; round < 3; round++) {
      appendAll(app, ts, vs);
    }
    long appendBytes = allocatedBytes() - before;
    before = allocatedBytes();
    for (int round = 0; round < 3 * SERIES * SAMPLES / 120; round++) {
      decode(it, chunk);
    }
    long decodeBytes = allocatedBytes() - before;

    long samples = 3L * SERIES * SAMPLES;
    assertThat(appendBytes).as("bytes allocated by %d appends", samples).isLessThan(samples / 10);
    assertThat(decodeBytes).as("bytes allocated by %d decodes", samples).isLessThan(samples / 10);
  }

  private static void appendAll(ChunkAppender app, long[][] ts, double[][] vs) {
    for (int s = 0; s < SERIES; s++) {
      for (int i = 0; i < SAMPLES; i++) {
        if (i % 120 == 0) {
          app.reset();
        }
        app.append(ts[s][i], vs[s][i]);
      }
    }
  }

  private static byte[] encodeAll(ChunkAppender app, long[][] ts, double[][] vs) {
    appendAll(app, ts, vs);
    return app.bytes();
  }

  private static void decode(SampleIterator it, byte[] chunk) {
    it.reset(chunk, 0, chunk.length);
    while (it.next()) {
      if (Double.doubleToRawLongBits(it.value()) == it.timestamp()) {
        throw new AssertionError("keeps the loop from being optimised away");
      }
    }
  }
}
