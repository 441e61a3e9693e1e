package dev.vigil.tsdb.chunk;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * Encodes the node and mixed workloads into 120-sample chunks and prints bytes/sample (chunk bytes
 * only: the block index, series labels and file framing come on top), per kind of series, next to
 * the Gorilla/XOR baseline; then the append and decode speed on one thread.
 *
 * <p>Run after a build: {@code java -cp tsdb/target/classes:tsdb/target/test-classes
 * dev.vigil.tsdb.chunk.ChunkSizeReport [series] [hours]}.
 */
public final class ChunkSizeReport {
  static final int CHUNK_SAMPLES = 120;

  /** Bytes and samples of one workload, in total and per kind. */
  record Result(long samples, long bytes, long baselineBytes, Map<Workload.Kind, long[]> perKind) {
    double bytesPerSample() {
      return (double) bytes / samples;
    }

    double baselineBytesPerSample() {
      return (double) baselineBytes / samples;
    }
  }

  static Result measure(Workload w, int series, int samplesPerSeries) {
    long[] ts = new long[samplesPerSeries];
    double[] vs = new double[samplesPerSeries];
    ChunkAppender app = ChunkEncoding.ADAPTIVE.newAppender();
    XorBaselineAppender base = new XorBaselineAppender();
    SampleIterator it = null;
    long bytes = 0;
    long baseBytes = 0;
    Map<Workload.Kind, long[]> perKind = new EnumMap<>(Workload.Kind.class);
    for (int s = 0; s < series; s++) {
      w.series(s, ts, vs);
      long[] kindTotals = perKind.computeIfAbsent(w.kind(s), k -> new long[3]);
      for (int from = 0; from < samplesPerSeries; from += CHUNK_SAMPLES) {
        int to = Math.min(samplesPerSeries, from + CHUNK_SAMPLES);
        app.reset();
        base.reset();
        for (int i = from; i < to; i++) {
          app.append(ts[i], vs[i]);
          base.append(ts[i], vs[i]);
        }
        byte[] chunk = app.bytes();
        // every measured chunk is also checked to decode bit for bit
        if (it == null) {
          it = ChunkEncoding.ADAPTIVE.iterator(chunk, 0, chunk.length);
        } else {
          it.reset(chunk, 0, chunk.length);
        }
        for (int i = from; i < to; i++) {
          if (!it.next()
              || it.timestamp() != ts[i]
              || Double.doubleToRawLongBits(it.value()) != Double.doubleToRawLongBits(vs[i])) {
            throw new AssertionError(w.name() + " series " + s + " sample " + i + " differs");
          }
        }
        bytes += chunk.length;
        baseBytes += base.sizeBytes();
        kindTotals[0] += to - from;
        kindTotals[1] += chunk.length;
        kindTotals[2] += base.sizeBytes();
      }
    }
    return new Result((long) series * samplesPerSeries, bytes, baseBytes, perKind);
  }

  /** Samples appended per second on this thread, chunks cut every 120 samples. */
  static double appendRate(Workload w, int series, int samplesPerSeries, int rounds) {
    long[][] ts = new long[series][samplesPerSeries];
    double[][] vs = new double[series][samplesPerSeries];
    for (int s = 0; s < series; s++) {
      w.series(s, ts[s], vs[s]);
    }
    ChunkAppender app = ChunkEncoding.ADAPTIVE.newAppender();
    long best = Long.MAX_VALUE;
    long sink = 0;
    for (int r = 0; r < rounds; r++) {
      long start = System.nanoTime();
      for (int s = 0; s < series; s++) {
        for (int i = 0; i < samplesPerSeries; i++) {
          if (i % CHUNK_SAMPLES == 0) {
            if (i > 0) {
              sink += app.sizeBytes();
            }
            app.reset();
          }
          app.append(ts[s][i], vs[s][i]);
        }
        sink += app.sizeBytes();
      }
      best = Math.min(best, System.nanoTime() - start);
    }
    if (sink == 42) {
      System.out.print(""); // keep the work observable
    }
    return (double) series * samplesPerSeries / (best / 1e9);
  }

  /** Samples decoded per second on this thread, from pre-encoded 120-sample chunks. */
  static double decodeRate(Workload w, int series, int samplesPerSeries, int rounds) {
    long[] ts = new long[samplesPerSeries];
    double[] vs = new double[samplesPerSeries];
    int perSeries = (samplesPerSeries + CHUNK_SAMPLES - 1) / CHUNK_SAMPLES;
    byte[][] chunks = new byte[series * perSeries][];
    ChunkAppender app = ChunkEncoding.ADAPTIVE.newAppender();
    for (int s = 0, c = 0; s < series; s++) {
      w.series(s, ts, vs);
      for (int from = 0; from < samplesPerSeries; from += CHUNK_SAMPLES) {
        app.reset();
        for (int i = from; i < Math.min(samplesPerSeries, from + CHUNK_SAMPLES); i++) {
          app.append(ts[i], vs[i]);
        }
        chunks[c++] = app.bytes();
      }
    }
    SampleIterator it = ChunkEncoding.ADAPTIVE.iterator(chunks[0], 0, chunks[0].length);
    long best = Long.MAX_VALUE;
    double sink = 0;
    for (int r = 0; r < rounds; r++) {
      long start = System.nanoTime();
      for (byte[] chunk : chunks) {
        it.reset(chunk, 0, chunk.length);
        while (it.next()) {
          sink += it.value() + it.timestamp();
        }
      }
      best = Math.min(best, System.nanoTime() - start);
    }
    if (sink == 42) {
      System.out.print("");
    }
    return (double) series * samplesPerSeries / (best / 1e9);
  }

  public static void main(String[] args) {
    int series = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    int hours = args.length > 1 ? Integer.parseInt(args[1]) : 4;
    int perSeries = (int) (hours * 3_600_000L / Workload.INTERVAL);
    System.out.printf(
        Locale.ROOT,
        "%d series x %d h at 15 s = %d samples per workload, %d-sample chunks%n",
        series,
        hours,
        (long) series * perSeries,
        CHUNK_SAMPLES);
    for (Workload w : new Workload[] {Workload.node(1), Workload.mixed(1)}) {
      Result r = measure(w, series, perSeries);
      System.out.printf(
          Locale.ROOT,
          "%n%-6s  vigil %.3f bytes/sample   gorilla/xor baseline %.3f   (%.1f%% of baseline)%n",
          w.name(),
          r.bytesPerSample(),
          r.baselineBytesPerSample(),
          100.0 * r.bytes() / r.baselineBytes());
      for (Map.Entry<Workload.Kind, long[]> e : r.perKind().entrySet()) {
        long[] k = e.getValue();
        System.out.printf(
            Locale.ROOT,
            "  %-16s %5.1f%% of samples  vigil %6.3f  baseline %6.3f%n",
            e.getKey(),
            100.0 * k[0] / r.samples(),
            (double) k[1] / k[0],
            (double) k[2] / k[0]);
      }
    }
    System.out.println();
    for (Workload w : new Workload[] {Workload.node(1), Workload.mixed(1)}) {
      int n = Math.min(series, 1000);
      System.out.printf(
          Locale.ROOT,
          "%-6s append %5.2f M samples/s, decode %5.2f M samples/s (one thread, best of 5)%n",
          w.name(),
          appendRate(w, n, perSeries, 5) / 1e6,
          decodeRate(w, n, perSeries, 5) / 1e6);
    }
  }
}
