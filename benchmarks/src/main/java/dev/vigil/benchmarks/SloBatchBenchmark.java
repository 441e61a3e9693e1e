package dev.vigil.benchmarks;

import dev.vigil.model.Tenant;
import dev.vigil.model.series.Labels;
import dev.vigil.model.series.SeriesAppender;
import dev.vigil.promql.ParsedQuery;
import dev.vigil.promql.PromQL;
import dev.vigil.promql.engine.Engine;
import dev.vigil.promql.engine.EngineOptions;
import dev.vigil.promql.engine.QueryResult;
import dev.vigil.tsdb.Tsdb;
import dev.vigil.tsdb.TsdbOptions;
import dev.vigil.tsdb.head.HeadOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One Sloth SLI rule group as the alert engine evaluates it: the seven error-ratio windows (5 m to
 * 3 d) of one job, {@code sum(rate(errors[w])) / sum(rate(total[w]))}, as one batch of instant
 * queries ({@link Engine#instantQueries}) over a real tsdb holding 20 jobs × 20 instances × 5
 * status codes, 2 h at 15 s, as {@code bench/run.sh slo-eval} feeds them. Each invocation evaluates
 * the next job's group a few seconds later than the last, as 10,000 SLOs ticking at their own
 * offsets do. Run it with {@code -prof gc} for the bytes each group evaluation allocates.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class SloBatchBenchmark {
  private static final Tenant TENANT = Tenant.DEFAULT;
  private static final int JOBS = 20;
  private static final int INSTANCES = 20;
  private static final String[] CODES = {"200", "201", "404", "500", "503"};
  private static final String[] WINDOWS = {"5m", "30m", "1h", "2h", "6h", "1d", "3d"};
  private static final long INTERVAL = 15_000;
  private static final int STEPS = 480;

  private Path dir;
  private Tsdb tsdb;
  private Engine engine;
  private final List<List<ParsedQuery>> groups = new ArrayList<>();
  private long last;
  private int next;

  @Setup(Level.Trial)
  public void load() throws IOException {
    dir = Files.createTempDirectory("vigil-slo-bench");
    tsdb =
        Tsdb.open(
            dir,
            HeadOptions.DEFAULT,
            TsdbOptions.DEFAULT.withMaintenanceInterval(0).withRetention(0, 0));
    Random random = new Random(7);
    long t0 = 1_700_000_000_000L;
    Labels[] labels = new Labels[JOBS * INSTANCES * CODES.length];
    double[] values = new double[labels.length];
    for (int i = 0; i < labels.length; i++) {
      int code = i % CODES.length;
      labels[i] =
          Labels.of(
              "__name__",
              "http_requests_total",
              "job",
              "svc-" + i / (INSTANCES * CODES.length),
              "instance",
              "i" + (i / CODES.length) % INSTANCES,
              "code",
              CODES[code]);
    }
    for (int step = 0; step < STEPS; step++) {
      SeriesAppender a = tsdb.appender();
      for (int i = 0; i < labels.length; i++) {
        values[i] += random.nextInt(i % CODES.length < 3 ? 100 : 3);
        a.append(TENANT, labels[i], t0 + step * INTERVAL, values[i]);
      }
      a.commit();
    }
    last = t0 + (STEPS - 1) * INTERVAL;
    for (int job = 0; job < JOBS; job++) {
      List<ParsedQuery> group = new ArrayList<>();
      for (String w : WINDOWS) {
        String total = "http_requests_total{job=\"svc-" + job + "\"}";
        String errors = "http_requests_total{job=\"svc-" + job + "\",code=~\"(5..|429)\"}";
        group.add(
            PromQL.parse(
                "(sum(rate("
                    + errors
                    + "["
                    + w
                    + "])))\n/\n(sum(rate("
                    + total
                    + "["
                    + w
                    + "])))"));
      }
      groups.add(group);
    }
    engine = new Engine(tsdb, EngineOptions.DEFAULTS);
  }

  @TearDown(Level.Trial)
  public void close() throws IOException {
    engine.close();
    tsdb.close();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  @Benchmark
  public List<QueryResult> sliGroup() {
    int job = next++ % JOBS;
    // Within the last step's lookback, a little later each time: no two evaluations alike.
    long t = last + 1_000 + (next % 13_000);
    return engine.instantQueries(TENANT, groups.get(job), t);
  }
}
