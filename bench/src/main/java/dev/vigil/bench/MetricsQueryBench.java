package dev.vigil.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Loads the same node workload into every target through remote write, then times the same PromQL
 * range queries on each (over the whole loaded range) and reports median latencies and ratios.
 * Usage: {@code MetricsQueryBench <series> <steps> <runs> <name=writeUrl=pid>… [--csv file]}; the
 * query URL is the write URL's host with {@code /api/v1/query_range}.
 */
public final class MetricsQueryBench {
  static final List<String> QUERIES =
      List.of(
          "sum by (instance) (rate(node_cpu_seconds_total[5m]))",
          "avg by (series) (node_memory_MemFree_bytes)",
          "topk(5, max_over_time(node_load1[1h]))",
          "count({__name__=~\".+\"})");

  private MetricsQueryBench() {}

  public static void main(String[] args) throws Exception {
    int series = Integer.parseInt(args[0]);
    int steps = Integer.parseInt(args[1]);
    int runs = Integer.parseInt(args[2]);
    List<MetricsIngestBench.Target> targets = new ArrayList<>();
    Path csv = null;
    for (int i = 3; i < args.length; i++) {
      if (args[i].equals("--csv")) {
        csv = Path.of(args[++i]);
        continue;
      }
      String[] p = args[i].split("=", 3);
      targets.add(new MetricsIngestBench.Target(p[0], p[1], Long.parseLong(p[2])));
    }
    List<byte[]> requests =
        MetricsIngestBench.encode(new NodeWorkload(series, false, 11), steps, 1000, false);
    long end =
        (System.currentTimeMillis() / NodeWorkload.STEP_MILLIS - 1) * NodeWorkload.STEP_MILLIS;
    long start = end - (steps - 1) * NodeWorkload.STEP_MILLIS;
    for (MetricsIngestBench.Target t : targets) {
      MetricsIngestBench.send(t, requests, (series + 999) / 1000, (long) series * steps);
    }
    Thread.sleep(5000); // VictoriaMetrics makes fresh samples searchable after a few seconds
    for (MetricsIngestBench.Target t : targets) {
      settle(t);
    }
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    double[][] medians = new double[QUERIES.size()][targets.size()];
    for (int q = 0; q < QUERIES.size(); q++) {
      for (int t = 0; t < targets.size(); t++) {
        String base = targets.get(t).url().replace("/api/v1/write", "/api/v1/query_range");
        String url =
            base
                + "?query="
                + URLEncoder.encode(QUERIES.get(q), StandardCharsets.UTF_8)
                + "&start="
                + start / 1000.0
                + "&end="
                + end / 1000.0
                + "&step=60";
        double[] times = new double[runs];
        for (int r = -2; r < runs; r++) {
          long t0 = System.nanoTime();
          HttpResponse<String> resp =
              client.send(
                  HttpRequest.newBuilder(URI.create(url)).build(),
                  HttpResponse.BodyHandlers.ofString());
          double ms = (System.nanoTime() - t0) / 1e6;
          if (resp.statusCode() != 200 || !resp.body().contains("\"result\":[{")) {
            throw new IllegalStateException(
                targets.get(t).name()
                    + " answered "
                    + resp.statusCode()
                    + " for "
                    + QUERIES.get(q)
                    + ": "
                    + resp.body().substring(0, Math.min(300, resp.body().length())));
          }
          if (r >= 0) {
            times[r] = ms;
          }
        }
        Arrays.sort(times);
        medians[q][t] = times[runs / 2];
      }
    }
    report(System.out, series, steps, runs, targets, medians);
    if (csv != null) {
      StringBuilder sb = new StringBuilder("query");
      for (MetricsIngestBench.Target t : targets) {
        sb.append(',').append(t.name()).append("_median_ms");
      }
      sb.append('\n');
      for (int q = 0; q < QUERIES.size(); q++) {
        sb.append('"').append(QUERIES.get(q).replace("\"", "\"\"")).append('"');
        for (int t = 0; t < targets.size(); t++) {
          sb.append(String.format(Locale.ROOT, ",%.2f", medians[q][t]));
        }
        sb.append('\n');
      }
      Files.writeString(csv, sb.toString());
    }
  }

  /**
   * Waits until the server is idle: a day just written is cut into blocks (Vigil), compacted out of
   * the head (Prometheus) or merged into bigger parts (VictoriaMetrics) in the background, and
   * timing queries beside that work would measure the machine's two cores being shared, in
   * whichever order the servers happen to finish. Idle: under 5 % of a core in each 5 s for 65 s on
   * end (Vigil's and Prometheus' background work looks for something to do once a minute), for at
   * most 15 minutes.
   */
  static void settle(MetricsIngestBench.Target t) throws IOException, InterruptedException {
    long start = System.nanoTime();
    int quiet = 0;
    double busiest = 0;
    while (quiet < 13 && System.nanoTime() - start < 900e9) {
      double before = ProcessCpu.seconds(t.pid());
      Thread.sleep(5000);
      double cores = (ProcessCpu.seconds(t.pid()) - before) / 5.0;
      quiet = cores < 0.05 ? quiet + 1 : 0;
      busiest = Math.max(busiest, cores);
    }
    System.out.printf(
        Locale.ROOT,
        "%s %s after %.0f s (busiest 5 s: %.2f cores)%n",
        t.name(),
        quiet >= 13 ? "settled" : "still busy",
        (System.nanoTime() - start) / 1e9,
        busiest);
  }

  static void report(
      PrintStream out,
      int series,
      int steps,
      int runs,
      List<MetricsIngestBench.Target> targets,
      double[][] medians) {
    out.printf(
        Locale.ROOT,
        "metrics query: %d series x %d steps of 15 s, range queries over all of it at step 60 s, median of %d runs (ms)%n",
        series,
        steps,
        runs);
    StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "%-60s", "query"));
    for (MetricsIngestBench.Target t : targets) {
      header.append(String.format(Locale.ROOT, " %14s", t.name()));
    }
    header.append(
        String.format(
            Locale.ROOT,
            " %16s",
            targets.get(0).name().charAt(0)
                + "/"
                + targets.get(targets.size() - 1).name().charAt(0)));
    out.println(header);
    for (int q = 0; q < QUERIES.size(); q++) {
      StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%-60s", QUERIES.get(q)));
      for (int t = 0; t < targets.size(); t++) {
        row.append(String.format(Locale.ROOT, " %14.1f", medians[q][t]));
      }
      row.append(
          String.format(Locale.ROOT, " %16.2f", medians[q][0] / medians[q][targets.size() - 1]));
      out.println(row);
    }
  }
}
