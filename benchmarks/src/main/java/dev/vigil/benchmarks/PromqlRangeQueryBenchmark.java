package dev.vigil.benchmarks;

import dev.vigil.model.Tenant;
import dev.vigil.model.series.LabelMatcher;
import dev.vigil.model.series.Labels;
import dev.vigil.model.series.SampleBuffer;
import dev.vigil.model.series.SampleIterator;
import dev.vigil.model.series.Series;
import dev.vigil.model.series.SeriesAppender;
import dev.vigil.model.series.SeriesQuerier;
import dev.vigil.promql.engine.Engine;
import dev.vigil.promql.engine.EngineOptions;
import dev.vigil.promql.engine.QueryResult;
import dev.vigil.tsdb.Tsdb;
import dev.vigil.tsdb.TsdbOptions;
import dev.vigil.tsdb.head.HeadOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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
import org.openjdk.jmh.annotations.TearDown;

/**
 * The PromQL engine over a real tsdb, without HTTP: the four range queries of {@code bench/run.sh
 * metrics-query} over node-like series at 15 s (a fifth per metric; {@link #shape}), step 60 s,
 * with the decoded-chunk cache off unless {@link #cacheBytes} says otherwise. Beside them, two
 * floors on the same data: reading every sample of every series once through the bulk read ({@code
 * readAllBulk}) and through the per-sample iterator ({@code readAllIterator}), so a query's cost
 * above decoding shows.
 *
 * <p>{@code layout}: {@code head} keeps everything in the head's chunks; {@code blocks} flushes it
 * all to a block first.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class PromqlRangeQueryBenchmark {
  private static final Tenant TENANT = Tenant.DEFAULT;
  private static final long INTERVAL = 15_000;
  private static final String[] METRICS = {
    "node_cpu_seconds_total",
    "node_network_receive_bytes_total",
    "node_memory_MemFree_bytes",
    "node_uname_info",
    "node_load1"
  };

  @Param({"head", "blocks"})
  public String layout;

  /** Series × samples per series: {@code 1000x960} is 4 h, {@code 10000x5760} a day. */
  @Param({"1000x960"})
  public String shape;

  /** The decoded-chunk cache's budget: 0 (off, as the peers' caches are) or e.g. 67108864. */
  @Param({"0"})
  public long cacheBytes;

  private int series;
  private int steps;

  private Path dir;
  private Tsdb tsdb;
  private Engine engine;
  private long start;
  private long end;

  @Setup(Level.Trial)
  public void load() throws IOException {
    series = Integer.parseInt(shape.substring(0, shape.indexOf('x')));
    steps = Integer.parseInt(shape.substring(shape.indexOf('x') + 1));
    dir = Files.createTempDirectory("vigil-promql-bench");
    tsdb =
        Tsdb.open(
            dir,
            HeadOptions.DEFAULT.withDecodedChunkCacheBytes(cacheBytes),
            TsdbOptions.DEFAULT.withMaintenanceInterval(0).withRetention(0, 0));
    Random random = new Random(11);
    Labels[] labels = new Labels[series];
    double[] values = new double[series];
    for (int i = 0; i < series; i++) {
      labels[i] =
          Labels.of(
              "__name__",
              METRICS[i % 5],
              "instance",
              "host-" + (i / 50) + ":9100",
              "job",
              "node",
              "series",
              Integer.toString(i % 50));
      values[i] = i % 5 == 0 ? random.nextInt(1_000_000) / 100.0 : random.nextInt(1 << 20);
    }
    end = (System.currentTimeMillis() / INTERVAL - 1) * INTERVAL;
    start = end - (steps - 1) * INTERVAL;
    SeriesAppender a = tsdb.appender();
    for (int s = 0; s < steps; s++) {
      for (int i = 0; i < series; i++) {
        values[i] =
            switch (i % 5) {
              case 0 -> Math.round((values[i] + random.nextInt(1500) / 100.0) * 100) / 100.0;
              case 1 -> values[i] + random.nextInt(100_000);
              case 2 -> 4096L * (100_000 + random.nextInt(100_000));
              case 3 -> 1;
              default -> Math.round(random.nextDouble() * 400) / 100.0;
            };
        a.append(TENANT, labels[i], start + s * INTERVAL, values[i]);
      }
      a.commit();
    }
    if (layout.equals("blocks")) {
      tsdb.flushHead();
    }
    engine = new Engine(tsdb, EngineOptions.DEFAULTS);
  }

  @TearDown(Level.Trial)
  public void close() throws IOException {
    tsdb.close();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  private QueryResult range(String query) {
    return engine.rangeQuery(TENANT, query, start, end, 60_000);
  }

  @Benchmark
  public QueryResult sumRate() {
    return range("sum by (instance) (rate(node_cpu_seconds_total[5m]))");
  }

  @Benchmark
  public QueryResult avgGauge() {
    return range("avg by (series) (node_memory_MemFree_bytes)");
  }

  @Benchmark
  public QueryResult topkMaxOverTime() {
    return range("topk(5, max_over_time(node_load1[1h]))");
  }

  @Benchmark
  public QueryResult countAll() {
    return range("count({__name__=~\".+\"})");
  }

  @Benchmark
  public long readAllBulk() {
    long n = 0;
    try (SeriesQuerier q = tsdb.querier(TENANT, start - 300_000, end)) {
      SampleBuffer buffer = new SampleBuffer(steps);
      for (Series s :
          q.select(List.of(LabelMatcher.of(LabelMatcher.Type.REGEX, "__name__", ".+")))) {
        buffer.clear();
        s.appendSamples(start - 300_000, end, buffer);
        n += buffer.size();
      }
    }
    return n;
  }

  @Benchmark
  public double readAllIterator() {
    double sum = 0;
    try (SeriesQuerier q = tsdb.querier(TENANT, start - 300_000, end)) {
      for (Series s :
          q.select(List.of(LabelMatcher.of(LabelMatcher.Type.REGEX, "__name__", ".+")))) {
        SampleIterator it = s.samples();
        while (it.next()) {
          sum += it.value();
        }
      }
    }
    return sum;
  }
}
