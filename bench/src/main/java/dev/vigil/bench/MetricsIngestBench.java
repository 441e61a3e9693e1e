package dev.vigil.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends the same remote-write load to each target in turn and reports samples per server
 * CPU-second. Usage: {@code MetricsIngestBench <profile node|mixed> <series> <steps> <perRequest>
 * <name=url=pid>… [--csv file]}. The requests are encoded once and replayed to every target, so
 * encoding cost is out of the measurement and every server sees identical bytes.
 */
public final class MetricsIngestBench {
  private MetricsIngestBench() {}

  record Target(String name, String url, long pid) {}

  record Outcome(
      String name,
      long samples,
      long failedRequests,
      double wallSeconds,
      double cpuSeconds,
      long rssBytes) {
    double samplesPerCpuSecond() {
      return samples / cpuSeconds;
    }
  }

  public static void main(String[] args) throws Exception {
    String profile = args[0];
    int series = Integer.parseInt(args[1]);
    int steps = Integer.parseInt(args[2]);
    int perRequest = Integer.parseInt(args[3]);
    List<Target> targets = new ArrayList<>();
    Path csv = null;
    boolean batchShape = false;
    for (int i = 4; i < args.length; i++) {
      if (args[i].equals("--csv")) {
        csv = Path.of(args[++i]);
        continue;
      }
      if (args[i].equals("--shape")) {
        batchShape = args[++i].equals("batch");
        continue;
      }
      String[] p = args[i].split("=", 3);
      targets.add(new Target(p[0], p[1], Long.parseLong(p[2])));
    }
    NodeWorkload workload = new NodeWorkload(series, profile.equals("mixed"), 7);
    List<byte[]> requests =
        batchShape
            ? encodeBatches(workload, steps, perRequest)
            : encode(workload, steps, perRequest, profile.equals("churn"));
    int seriesPerRequest = batchShape ? Math.max(1, perRequest / 10) : perRequest;
    int perRound = (series + seriesPerRequest - 1) / seriesPerRequest;
    long samples = (long) series * steps;
    List<Outcome> outcomes = new ArrayList<>();
    for (Target t : targets) {
      outcomes.add(send(t, requests, perRound, samples));
    }
    String shape =
        profile
            + (batchShape
                ? ", batch shape (10 steps per series per request)"
                : ", remote-write shape")
            + (profile.equals("churn")
                ? ", "
                    + (long) series * ((steps + CHURN_STEPS - 1) / CHURN_STEPS)
                    + " series created"
                : "");
    report(System.out, shape, series, steps, perRequest, outcomes);
    if (csv != null) {
      StringBuilder sb =
          new StringBuilder(
              "target,samples,failed_requests,wall_s,cpu_s,samples_per_cpu_s,rss_bytes\n");
      for (Outcome o : outcomes) {
        sb.append(
            String.format(
                Locale.ROOT,
                "%s,%d,%d,%.3f,%.3f,%.0f,%d%n",
                o.name(),
                o.samples(),
                o.failedRequests(),
                o.wallSeconds(),
                o.cpuSeconds(),
                o.samplesPerCpuSecond(),
                o.rssBytes()));
      }
      Files.writeString(csv, sb.toString());
    }
  }

  /** Every series gets a new {@code pod} label this often: all series churn once a minute. */
  static final int CHURN_STEPS = 4;

  /**
   * Remote-write shape: one sample per series per request, requests of one step before the next
   * step's. With {@code churn}, every series is replaced by a new one every {@link #CHURN_STEPS}
   * steps, as when every pod of a deployment restarts.
   */
  static List<byte[]> encode(NodeWorkload w, int steps, int perRequest, boolean churn)
      throws IOException {
    List<byte[]> out = new ArrayList<>();
    long start =
        (System.currentTimeMillis() / NodeWorkload.STEP_MILLIS - steps) * NodeWorkload.STEP_MILLIS;
    RemoteWriteEncoder enc = new RemoteWriteEncoder();
    String[][] labels = new String[w.series()][];
    for (int i = 0; i < w.series(); i++) {
      labels[i] = w.labels(i);
    }
    for (int s = 0; s < steps; s++) {
      long grid = start + s * NodeWorkload.STEP_MILLIS;
      int inRequest = 0;
      if (churn && s % CHURN_STEPS == 0) {
        for (int i = 0; i < w.series(); i++) {
          String[] l = w.labels(i);
          String[] withPod = java.util.Arrays.copyOf(l, l.length + 2);
          withPod[l.length] = "pod";
          withPod[l.length + 1] = "pod-" + (s / CHURN_STEPS) + "-" + i;
          labels[i] = withPod;
        }
      }
      for (int i = 0; i < w.series(); i++) {
        enc.add(labels[i], w.timestamp(grid), w.next(i));
        if (++inRequest == perRequest) {
          out.add(enc.finish());
          inRequest = 0;
        }
      }
      if (inRequest > 0) {
        out.add(enc.finish());
      }
    }
    return out;
  }

  /** Batch shape: each request holds ten consecutive steps of each of its series. */
  static List<byte[]> encodeBatches(NodeWorkload w, int steps, int perRequest) throws IOException {
    List<byte[]> out = new ArrayList<>();
    long start =
        (System.currentTimeMillis() / NodeWorkload.STEP_MILLIS - steps) * NodeWorkload.STEP_MILLIS;
    RemoteWriteEncoder enc = new RemoteWriteEncoder();
    int stepsPerRequest = 10;
    int seriesPerRequest = Math.max(1, perRequest / stepsPerRequest);
    for (int s0 = 0; s0 < steps; s0 += stepsPerRequest) {
      for (int from = 0; from < w.series(); from += seriesPerRequest) {
        for (int i = from; i < Math.min(w.series(), from + seriesPerRequest); i++) {
          long[] ts = new long[stepsPerRequest];
          double[] vs = new double[stepsPerRequest];
          int n = 0;
          for (int s = s0; s < Math.min(steps, s0 + stepsPerRequest); s++, n++) {
            ts[n] = w.timestamp(start + s * NodeWorkload.STEP_MILLIS);
            vs[n] = w.next(i);
          }
          enc.add(w.labels(i), ts, vs, n);
        }
        out.add(enc.finish());
      }
    }
    return out;
  }

  /**
   * Sends {@code requests} (rounds of {@code perRound} requests, each round covering every series
   * once, in the same order) from two senders. As Prometheus' remote-write shards do, each sender
   * owns a fixed half of the series and sends its requests in order, so no series ever receives a
   * sample older than one it already got (with a shared queue, a slow request could be overtaken by
   * the next round's request for the same series, which a server must then refuse or merge as out
   * of order).
   */
  static Outcome send(Target t, List<byte[]> requests, int perRound, long samples)
      throws Exception {
    HttpClient client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    AtomicLong failed = new AtomicLong();
    double cpu0 = ProcessCpu.seconds(t.pid());
    long t0 = System.nanoTime();
    // Two senders keep the server busy without the generator taking both cores.
    int shards = Math.min(2, perRound);
    ExecutorService senders = Executors.newFixedThreadPool(shards);
    List<Future<?>> running = new ArrayList<>();
    for (int k = 0; k < shards; k++) {
      int shard = k;
      running.add(
          senders.submit(() -> {
            for (int i = 0; i < requests.size(); i++) {
              if ((i % perRound) % shards != shard) {
                continue;
              }
              HttpRequest req =
                  HttpRequest.newBuilder(URI.create(t.url()))
                      .timeout(Duration.ofSeconds(60))
                      .header("Content-Type", "application/x-protobuf")
                      .header("Content-Encoding", "snappy")
                      .header("X-Prometheus-Remote-Write-Version", "0.1.0")
                      .POST(HttpRequest.BodyPublishers.ofByteArray(requests.get(i)))
                      .build();
              HttpResponse<String> r = client.send(req, HttpResponse.BodyHandlers.ofString());
              if (r.statusCode() / 100 != 2) {
                if (failed.incrementAndGet() < 3) {
                  System.err.println(t.name() + ": HTTP " + r.statusCode() + " " + r.body());
                }
              }
            }
            return null;
          }));
    }
    for (Future<?> f : running) {
      f.get();
    }
    senders.shutdown();
    double wall = (System.nanoTime() - t0) / 1e9;
    double cpu = ProcessCpu.seconds(t.pid()) - cpu0;
    return new Outcome(t.name(), samples, failed.get(), wall, cpu, ProcessCpu.rssBytes(t.pid()));
  }

  static void report(
      PrintStream out,
      String profile,
      int series,
      int steps,
      int perRequest,
      List<Outcome> outcomes) {
    out.printf(
        Locale.ROOT,
        "metrics ingest, remote write: profile %s; %d series x %d steps, %d samples/request%n",
        profile,
        series,
        steps,
        perRequest);
    out.printf(
        Locale.ROOT,
        "%-16s %12s %10s %10s %16s %10s %10s%n",
        "target",
        "samples",
        "wall s",
        "cpu s",
        "samples/cpu-s",
        "vs first",
        "RSS MiB");
    double base = outcomes.isEmpty() ? 1 : outcomes.get(0).samplesPerCpuSecond();
    for (Outcome o : outcomes) {
      out.printf(
          Locale.ROOT,
          "%-16s %12d %10.2f %10.2f %16.0f %10.2f %10.0f%s%n",
          o.name(),
          o.samples(),
          o.wallSeconds(),
          o.cpuSeconds(),
          o.samplesPerCpuSecond(),
          o.samplesPerCpuSecond() / base,
          o.rssBytes() / 1048576.0,
          o.failedRequests() > 0 ? "  (" + o.failedRequests() + " failed requests)" : "");
    }
  }
}
