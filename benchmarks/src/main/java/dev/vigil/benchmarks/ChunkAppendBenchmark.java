package dev.vigil.benchmarks;

import dev.vigil.tsdb.chunk.ChunkAppender;
import dev.vigil.tsdb.chunk.ChunkEncoding;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Appending as the head does under remote write: one sample to each of {@link #series} open chunks
 * in turn, 120 steps at 15 s, then each chunk's bytes taken and its appender reset for the next
 * chunk. With 10,000 series the appenders' state does not stay in the CPU's caches between two
 * samples of a series, the shape that made encoding a quarter of ingest's CPU in a flight recording
 * (tsdb/README.md). Values have the shapes of {@link ChunkDecodeBenchmark}'s mixed set; {@link
 * #timestamps} {@code jitter} adds 0-3 ms to every timestamp, so every chunk also writes a time
 * stream. Scores are nanoseconds per sample.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class ChunkAppendBenchmark {
  private static final int STEPS = 120;
  private static final long INTERVAL = 15_000;
  private static final int SERIES = 10_000; // the figure OperationsPerInvocation is divided by

  @Param({"10000"})
  public int series;

  @Param({"regular", "jitter"})
  public String timestamps;

  private ChunkAppender[] appenders;
  private long[][] times; // [step][series]
  private double[][] values;

  @Setup(Level.Trial)
  public void generate() {
    if (series != SERIES) {
      throw new IllegalArgumentException("scores are per sample of " + SERIES + " series");
    }
    Random random = new Random(1);
    appenders = new ChunkAppender[series];
    times = new long[STEPS][series];
    values = new double[STEPS][series];
    long start = 1_764_979_200_000L;
    for (int s = 0; s < series; s++) {
      appenders[s] = ChunkEncoding.ADAPTIVE.newAppender();
      int kind = s % 5;
      long phase = random.nextInt((int) INTERVAL);
      double v = kind == 0 ? random.nextInt(1_000_000) / 100.0 : random.nextInt(1 << 20);
      for (int i = 0; i < STEPS; i++) {
        v =
            switch (kind) {
              case 0 -> Math.round((v + random.nextInt(1500) / 100.0) * 100) / 100.0;
              case 1 -> v + random.nextInt(100_000);
              case 2 -> 4096L * (100_000 + random.nextInt(100_000));
              case 3 -> 1;
              default -> Math.round(random.nextDouble() * 400) / 100.0;
            };
        long jitter = timestamps.equals("jitter") ? random.nextInt(4) : 0;
        times[i][s] = start + phase + i * INTERVAL + jitter;
        values[i][s] = v;
      }
    }
  }

  @Benchmark
  @OperationsPerInvocation(STEPS * SERIES)
  public long appendChunks() {
    ChunkAppender[] as = appenders;
    for (int i = 0; i < STEPS; i++) {
      long[] ts = times[i];
      double[] vs = values[i];
      for (int s = 0; s < as.length; s++) {
        as[s].append(ts[s], vs[s]);
      }
    }
    long bytes = 0;
    for (ChunkAppender a : as) {
      bytes += a.bytes().length;
      a.reset();
    }
    return bytes;
  }
}
