package dev.vigil.tsdb.chunk;

import static org.assertj.core.api.Assertions.assertThat;

/** The one check every chunk test runs: encode, decode, compare bit for bit. */
final class ChunkAssertions {
  private ChunkAssertions() {}

  /** Appends all samples, checks the appender's bookkeeping and returns the chunk bytes. */
  static byte[] encode(long[] ts, double[] vs) {
    ChunkAppender app = ChunkEncoding.ADAPTIVE.newAppender();
    for (int i = 0; i < ts.length; i++) {
      app.append(ts[i], vs[i]);
    }
    assertThat(app.sampleCount()).isEqualTo(ts.length);
    assertThat(app.minTime()).isEqualTo(ts[0]);
    assertThat(app.maxTime()).isEqualTo(ts[ts.length - 1]);
    byte[] bytes = app.bytes();
    assertThat(bytes).hasSize(app.sizeBytes());
    return bytes;
  }

  static byte[] assertRoundTrip(long[] ts, double[] vs) {
    byte[] bytes = encode(ts, vs);
    assertDecodes(bytes, ts, vs);
    // the same chunk embedded at an offset in a larger array decodes the same
    byte[] framed = new byte[bytes.length + 7];
    System.arraycopy(bytes, 0, framed, 3, bytes.length);
    assertDecodes(framed, 3, bytes.length, ts, vs);
    return bytes;
  }

  static void assertDecodes(byte[] bytes, long[] ts, double[] vs) {
    assertDecodes(bytes, 0, bytes.length, ts, vs);
  }

  static void assertDecodes(byte[] bytes, int off, int len, long[] ts, double[] vs) {
    assertThat(ChunkEncoding.of(bytes, off)).isEqualTo(ChunkEncoding.ADAPTIVE);
    SampleIterator it = ChunkEncoding.ADAPTIVE.iterator(bytes, off, len);
    for (int i = 0; i < ts.length; i++) {
      assertThat(it.next()).as("sample %d of %d", i, ts.length).isTrue();
      assertThat(it.timestamp()).as("timestamp %d", i).isEqualTo(ts[i]);
      long expected = Double.doubleToRawLongBits(vs[i]);
      long actual = Double.doubleToRawLongBits(it.value());
      assertThat(Long.toHexString(actual))
          .as("value %d (%s)", i, vs[i])
          .isEqualTo(Long.toHexString(expected));
    }
    assertThat(it.next()).isFalse();
    assertThat(it.next()).isFalse();
    assertBulkDecodes(bytes, off, len, ts, vs, Long.MIN_VALUE, Long.MAX_VALUE);
    assertBulkDecodes(bytes, off, len, ts, vs, ts[ts.length / 3], ts[ts.length * 2 / 3]);
    assertBulkDecodes(bytes, off, len, ts, vs, ts[ts.length / 2] + 1, ts[ts.length - 1]);
    boolean stale = false;
    for (double v : vs) {
      stale |= dev.vigil.model.series.StaleMarker.isStale(v);
    }
    assertThat((bytes[off + 1] & AdaptiveAppender.FLAG_NO_STALE) != 0)
        .as("NO_STALE flag of a chunk %s staleness markers", stale ? "with" : "without")
        .isEqualTo(!stale);
    assertPresenceDecodes(bytes, off, len, ts, vs, Long.MIN_VALUE, Long.MAX_VALUE);
    assertPresenceDecodes(bytes, off, len, ts, vs, ts[ts.length / 3], ts[ts.length * 2 / 3]);
    assertPresenceDecodes(bytes, off, len, ts, vs, ts[ts.length / 2] + 1, ts[ts.length - 1]);
  }

  /** The read of presence alone: the same timestamps, staleness markers where they are. */
  private static void assertPresenceDecodes(
      byte[] bytes, int off, int len, long[] ts, double[] vs, long minT, long maxT) {
    dev.vigil.model.series.SampleBuffer out = new dev.vigil.model.series.SampleBuffer(1);
    out.add(Long.MIN_VALUE, 3);
    ChunkEncoding.ADAPTIVE.iterator(bytes, off, len).appendPresenceTo(minT, maxT, out);
    int n = 1;
    for (int i = 0; i < ts.length; i++) {
      if (ts[i] < minT || ts[i] > maxT) {
        continue;
      }
      assertThat(out.timestamps()[n]).as("presence timestamp %d", i).isEqualTo(ts[i]);
      assertThat(dev.vigil.model.series.StaleMarker.isStale(out.values()[n]))
          .as("presence staleness %d (%s)", i, vs[i])
          .isEqualTo(dev.vigil.model.series.StaleMarker.isStale(vs[i]));
      n++;
    }
    assertThat(out.size()).as("presence samples in [%d, %d]", minT, maxT).isEqualTo(n);
    assertThat(out.values()[0]).isEqualTo(3);
  }

  /** The bulk decode keeps exactly the samples in {@code [minT, maxT]}, after what was there. */
  private static void assertBulkDecodes(
      byte[] bytes, int off, int len, long[] ts, double[] vs, long minT, long maxT) {
    dev.vigil.model.series.SampleBuffer out = new dev.vigil.model.series.SampleBuffer(1);
    out.add(Long.MIN_VALUE, 3);
    ChunkEncoding.ADAPTIVE.iterator(bytes, off, len).appendTo(minT, maxT, out);
    int n = 1;
    for (int i = 0; i < ts.length; i++) {
      if (ts[i] < minT || ts[i] > maxT) {
        continue;
      }
      assertThat(out.timestamps()[n]).as("bulk timestamp %d", i).isEqualTo(ts[i]);
      assertThat(Long.toHexString(Double.doubleToRawLongBits(out.values()[n])))
          .as("bulk value %d (%s)", i, vs[i])
          .isEqualTo(Long.toHexString(Double.doubleToRawLongBits(vs[i])));
      n++;
    }
    assertThat(out.size()).as("bulk samples in [%d, %d]", minT, maxT).isEqualTo(n);
    assertThat(out.values()[0]).isEqualTo(3);
  }
}
