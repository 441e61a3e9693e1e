package dev.vigil.tsdb;

import dev.vigil.model.Tenant;
import dev.vigil.model.series.LabelMatcher;
import dev.vigil.model.series.Labels;
import dev.vigil.model.series.SampleBuffer;
import dev.vigil.model.series.Series;
import dev.vigil.model.series.SeriesAppender;
import dev.vigil.model.series.SeriesQuerier;
import dev.vigil.tsdb.head.HeadOptions;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import javax.management.ObjectName;

/**
 * Live heap and objects the head holds per active series, for tsdb/README.md ("Memory per series").
 * Not a test: run its main with the test classpath, e.g. {@code java -Xmx2g -cp ...
 * dev.vigil.tsdb.HeadMemoryReport 100000 20}. Appends node-like series every 15 s, collects, and
 * prints the growth of the used heap and of the live objects; then reads every series twice (as a
 * rule would, so the head keeps the open chunks decoded), appends one more step and reads again,
 * and prints the same. The largest classes of each phase's histogram follow.
 */
final class HeadMemoryReport {
  private static final String[] METRICS = {
    "node_cpu_seconds_total",
    "node_network_receive_bytes_total",
    "node_memory_MemFree_bytes",
    "node_uname_info",
    "node_load1"
  };
  private static final long INTERVAL = 15_000;

  public static void main(String[] args) throws Exception {
    int seriesCount = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int steps = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    Path dir = Files.createTempDirectory("vigil-head-memory");
    Histogram before = Histogram.take();
    try (Tsdb tsdb =
        Tsdb.open(
            dir,
            HeadOptions.DEFAULT,
            TsdbOptions.DEFAULT.withMaintenanceInterval(0).withRetention(0, 0))) {
      Random random = new Random(11);
      Labels[] labels = new Labels[seriesCount];
      double[] values = new double[seriesCount];
      for (int i = 0; i < seriesCount; i++) {
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
      long start = 1_790_000_000_000L;
      long t = start;
      long appendNanos = 0;
      for (int s = 0; s < steps; s++, t += INTERVAL) {
        long t0 = System.nanoTime();
        append(tsdb, labels, values, random, t);
        appendNanos += System.nanoTime() - t0;
      }
      Histogram appended = Histogram.take();
      report("appended", seriesCount, before, appended);
      System.out.printf(
          "append: %.0f ns/sample (all steps, includes WAL)%n",
          (double) appendNanos / ((long) seriesCount * steps));
      long t0 = System.nanoTime();
      read(tsdb, start, t);
      read(tsdb, start, t);
      append(tsdb, labels, values, random, t);
      read(tsdb, start, t + INTERVAL);
      long readNanos = System.nanoTime() - t0;
      Histogram read = Histogram.take();
      report("read", seriesCount, before, read);
      System.out.printf(
          "3 reads + 1 append step: %.0f ns/series%n", (double) readNanos / seriesCount);
      System.out.println("\nlargest classes after appends:\n" + appended.top(14));
      System.out.println("largest classes after reads:\n" + read.top(20));
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }

  private static void append(Tsdb tsdb, Labels[] labels, double[] values, Random random, long t)
      throws java.io.IOException {
    SeriesAppender a = tsdb.appender();
    for (int i = 0; i < labels.length; i++) {
      values[i] =
          switch (i % 5) {
            case 0 -> Math.round((values[i] + random.nextInt(1500) / 100.0) * 100) / 100.0;
            case 1 -> values[i] + random.nextInt(100_000);
            case 2 -> 4096L * (100_000 + random.nextInt(100_000));
            case 3 -> 1;
            default -> Math.round(random.nextDouble() * 400) / 100.0;
          };
      a.append(Tenant.DEFAULT, labels[i], t, values[i]);
    }
    a.commit();
  }

  private static void read(Tsdb tsdb, long minT, long maxT) {
    try (SeriesQuerier q = tsdb.querier(Tenant.DEFAULT, minT, maxT)) {
      List<Series> all = q.select(List.of(LabelMatcher.equal("job", "node")));
      SampleBuffer buf = new SampleBuffer();
      for (Series s : all) {
        buf.clear();
        s.appendSamples(maxT - 300_000, maxT, buf);
      }
    }
  }

  private static void report(String phase, int series, Histogram before, Histogram after) {
    System.out.printf(
        "%s: live heap %.0f B/series, %.2f objects/series%n",
        phase,
        (double) (after.bytes - before.bytes) / series,
        (double) (after.instances - before.instances) / series);
  }

  /** A live-object class histogram of this JVM, taken after a full collection. */
  private record Histogram(String text, long instances, long bytes) {
    static Histogram take() throws Exception {
      System.gc();
      String text =
          (String)
              ManagementFactory.getPlatformMBeanServer()
                  .invoke(
                      new ObjectName("com.sun.management:type=DiagnosticCommand"),
                      "gcClassHistogram",
                      new Object[] {new String[0]},
                      new String[] {String[].class.getName()});
      String[] lines = text.split("\n");
      String[] total = lines[lines.length - 1].trim().split("\\s+");
      return new Histogram(text, Long.parseLong(total[1]), Long.parseLong(total[2]));
    }

    String top(int n) {
      String[] lines = text.split("\n");
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < Math.min(lines.length, n + 2); i++) {
        sb.append(lines[i]).append('\n');
      }
      return sb.toString();
    }
  }
}
