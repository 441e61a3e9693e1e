package dev.vigil.benchmarks;

import dev.vigil.model.series.SampleBuffer;
import dev.vigil.tsdb.chunk.ChunkAppender;
import dev.vigil.tsdb.chunk.ChunkEncoding;
import dev.vigil.tsdb.chunk.SampleIterator;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Whole-chunk decoding, the floor under range queries: 1,000 chunks of 120 samples at 15 s in the
 * shapes of {@link PromqlRangeQueryBenchmark}'s node-like series (counters with two decimals, byte
 * counters, page gauges, a constant, a two-decimal load), decoded by the adaptive codec's bulk read
 * ({@code adaptiveBulk}, what queries use), by its per-sample iterator ({@code adaptiveIterator}),
 * and, on the same samples, by a Gorilla decoder ({@code gorilla}: Prometheus' XOR chunk,
 * delta-of-delta timestamps and XOR values). Scores per chunk set; {@code shape} picks one series
 * kind or all mixed.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class ChunkDecodeBenchmark {
  private static final int CHUNKS = 1000;
  private static final int SAMPLES = 120;
  private static final long INTERVAL = 15_000;

  @Param({"mixed", "counter", "gauge", "constant"})
  public String shape;

  private byte[][] adaptive;
  private byte[][] gorilla;
  private final SampleBuffer out = new SampleBuffer(SAMPLES);
  private final long[] ts = new long[SAMPLES];
  private final double[] vs = new double[SAMPLES];

  @Setup(Level.Trial)
  public void encode() {
    Random random = new Random(1);
    adaptive = new byte[CHUNKS][];
    gorilla = new byte[CHUNKS][];
    long start = 1_764_979_200_000L;
    for (int c = 0; c < CHUNKS; c++) {
      int kind =
          switch (shape) {
            case "counter" -> 1;
            case "gauge" -> 2;
            case "constant" -> 3;
            default -> c % 5;
          };
      double v = kind == 0 ? random.nextInt(1_000_000) / 100.0 : random.nextInt(1 << 20);
      ChunkAppender a = ChunkEncoding.ADAPTIVE.newAppender();
      GorillaChunk g = new GorillaChunk();
      for (int s = 0; s < SAMPLES; s++) {
        v =
            switch (kind) {
              case 0 -> Math.round((v + random.nextInt(1500) / 100.0) * 100) / 100.0;
              case 1 -> v + random.nextInt(100_000);
              case 2 -> 4096L * (100_000 + random.nextInt(100_000));
              case 3 -> 1;
              default -> Math.round(random.nextDouble() * 400) / 100.0;
            };
        long t = start + s * INTERVAL;
        a.append(t, v);
        g.append(t, v);
      }
      adaptive[c] = a.bytes();
      gorilla[c] = g.bytes();
      check(adaptive[c], gorilla[c]);
    }
  }

  /** Both decoders must give the same samples, bit for bit, or the comparison means nothing. */
  private void check(byte[] a, byte[] g) {
    out.clear();
    ChunkEncoding.ADAPTIVE.iterator(a, 0, a.length).appendTo(Long.MIN_VALUE, Long.MAX_VALUE, out);
    int n = GorillaChunk.decode(g, ts, vs);
    if (n != out.size()) {
      throw new IllegalStateException("gorilla decoded " + n + " samples, adaptive " + out.size());
    }
    for (int i = 0; i < n; i++) {
      if (ts[i] != out.timestamps()[i]
          || Double.doubleToRawLongBits(vs[i]) != Double.doubleToRawLongBits(out.values()[i])) {
        throw new IllegalStateException("gorilla and adaptive differ at sample " + i);
      }
    }
  }

  @Benchmark
  public double adaptiveBulk() {
    double sum = 0;
    for (byte[] chunk : adaptive) {
      out.clear();
      ChunkEncoding.ADAPTIVE
          .iterator(chunk, 0, chunk.length)
          .appendTo(Long.MIN_VALUE, Long.MAX_VALUE, out);
      sum += out.values()[out.size() - 1];
    }
    return sum;
  }

  @Benchmark
  public double adaptiveIterator() {
    double sum = 0;
    for (byte[] chunk : adaptive) {
      SampleIterator it = ChunkEncoding.ADAPTIVE.iterator(chunk, 0, chunk.length);
      while (it.next()) {
        sum += it.value();
      }
    }
    return sum;
  }

  @Benchmark
  public double gorilla() {
    double sum = 0;
    for (byte[] chunk : gorilla) {
      int n = GorillaChunk.decode(chunk, ts, vs);
      sum += vs[n - 1];
    }
    return sum;
  }

  /**
   * Prometheus' XOR chunk (tsdb/chunkenc/xor.go) without its header: the first timestamp as a
   * varint-like 64 bits, the first delta in 64 bits, then delta-of-deltas in the 0 / 10+14 / 110+17
   * / 1110+20 / 1111+64 buckets; the first value's 64 bits, then XOR codes {@code 0}, {@code 10} +
   * bits in the previous window, {@code 11} + 5-bit leading zeros + 6-bit length + bits. Decodes
   * into arrays in one loop, as a fair floor for a bulk read.
   */
  static final class GorillaChunk {
    private long[] words = new long[64];
    private long bitLength;
    private int count;
    private long prevT;
    private long prevDelta;
    private long prevBits;
    private int lead = 0xff;
    private int trail;

    void append(long t, double v) {
      long bits = Double.doubleToRawLongBits(v);
      if (count == 0) {
        write(t, 64);
        write(bits, 64);
      } else if (count == 1) {
        prevDelta = t - prevT;
        write(prevDelta, 64);
        writeValue(bits);
      } else {
        long delta = t - prevT;
        long dod = delta - prevDelta;
        if (dod == 0) {
          write(0, 1);
        } else if (fits(dod, 14)) {
          write(0b10, 2);
          write(dod, 14);
        } else if (fits(dod, 17)) {
          write(0b110, 3);
          write(dod, 17);
        } else if (fits(dod, 20)) {
          write(0b1110, 4);
          write(dod, 20);
        } else {
          write(0b1111, 4);
          write(dod, 64);
        }
        prevDelta = delta;
        writeValue(bits);
      }
      prevT = t;
      prevBits = bits;
      count++;
    }

    private static boolean fits(long v, int bits) {
      return v >= -(1L << (bits - 1)) + 1 && v <= (1L << (bits - 1));
    }

    private void writeValue(long bits) {
      long x = bits ^ prevBits;
      if (x == 0) {
        write(0, 1);
        return;
      }
      int l = Math.min(Long.numberOfLeadingZeros(x), 31);
      int t = Long.numberOfTrailingZeros(x);
      if (lead != 0xff && l >= lead && t >= trail) {
        write(0b10, 2);
        write(x >>> trail, 64 - lead - trail);
        return;
      }
      lead = l;
      trail = t;
      int sig = 64 - l - t;
      write(0b11, 2);
      write(l, 5);
      write(sig == 64 ? 0 : sig, 6);
      write(x >>> t, sig);
    }

    private void write(long v, int n) {
      for (int i = n - 1; i >= 0; i--) {
        int w = (int) (bitLength >>> 6);
        if (w >= words.length) {
          words = java.util.Arrays.copyOf(words, words.length * 2);
        }
        if (((v >>> i) & 1) != 0) {
          words[w] |= 1L << (63 - (bitLength & 63));
        }
        bitLength++;
      }
    }

    byte[] bytes() {
      int n = (int) ((bitLength + 7) >>> 3);
      byte[] b = new byte[n + 2 + 8];
      b[0] = (byte) (count >>> 8);
      b[1] = (byte) count;
      for (int i = 0; i < n; i++) {
        b[2 + i] = (byte) (words[i >>> 3] >>> (56 - 8 * (i & 7)));
      }
      return b;
    }

    /** Decodes into {@code ts} and {@code vs}; returns the sample count. */
    static int decode(byte[] b, long[] ts, double[] vs) {
      int count = ((b[0] & 0xff) << 8) | (b[1] & 0xff);
      Reader r = new Reader(b, 2);
      long t = r.read(64);
      long bits = r.read(64);
      ts[0] = t;
      vs[0] = Double.longBitsToDouble(bits);
      long delta = 0;
      int lead = 0;
      int trail = 0;
      for (int i = 1; i < count; i++) {
        if (i == 1) {
          delta = r.read(64);
        } else {
          long dod;
          if (r.read(1) == 0) {
            dod = 0;
          } else if (r.read(1) == 0) {
            dod = signed(r.read(14), 14);
          } else if (r.read(1) == 0) {
            dod = signed(r.read(17), 17);
          } else if (r.read(1) == 0) {
            dod = signed(r.read(20), 20);
          } else {
            dod = r.read(64);
          }
          delta += dod;
        }
        t += delta;
        if (r.read(1) != 0) {
          if (r.read(1) != 0) {
            lead = (int) r.read(5);
            int sig = (int) r.read(6);
            if (sig == 0) {
              sig = 64;
            }
            trail = 64 - lead - sig;
          }
          bits ^= r.read(64 - lead - trail) << trail;
        }
        ts[i] = t;
        vs[i] = Double.longBitsToDouble(bits);
      }
      return count;
    }

    private static long signed(long v, int bits) {
      return v > (1L << (bits - 1)) ? v - (1L << bits) : v;
    }

    /** Big-endian bit reader with a 64-bit window, as Prometheus' bstreamReader. */
    private static final class Reader {
      private final byte[] b;
      private long pos;

      Reader(byte[] b, int off) {
        this.b = b;
        this.pos = off * 8L;
      }

      long read(int n) {
        if (n == 0) {
          return 0;
        }
        if (n > 56) {
          long hi = read(n - 32);
          return (hi << 32) | read(32);
        }
        int i = (int) (pos >>> 3);
        long w = 0;
        for (int k = 0; k < 8; k++) {
          w = (w << 8) | (b[i + k] & 0xff);
        }
        long v = (w << (pos & 7)) >>> (64 - n);
        pos += n;
        return v;
      }
    }
  }
}
