package dev.vigil.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
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
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * Bytes per sample on disk, side by side: writes the same node or mixed workload to every target
 * through remote write, has each persist everything as blocks or parts (Prometheus and Vigil: the
 * snapshot API, which writes the head as a block too; VictoriaMetrics: {@code
 * /internal/force_flush}, then its data and indexdb once merges settle), and divides the bytes by
 * the samples written. Then reads a sample of series back as raw samples (an instant query of a
 * range selector) and compares every timestamp and value bit with what was sent.
 *
 * <p>Usage: {@code MetricsDiskBench <node|mixed> <series> <steps> <name=writeUrl=pid=dataDir>…
 * [--csv file]}; the names {@code vigil}, {@code prometheus} and {@code victoriametrics} pick how
 * each is persisted.
 */
public final class MetricsDiskBench {
  /**
   * Series read back: every series of these instances (50 each), a tenth of them floats in mixed.
   */
  static final int CHECK_INSTANCES = 4;

  record Target(String name, String url, long pid, Path dataDir) {}

  record Outcome(
      String name,
      long bytes,
      String what,
      long compared,
      long exact,
      long missing,
      long valueDiffs,
      double maxRelError) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  private MetricsDiskBench() {}

  public static void main(String[] args) throws Exception {
    String profile = args[0];
    int series = Integer.parseInt(args[1]);
    int steps = Integer.parseInt(args[2]);
    List<Target> targets = new ArrayList<>();
    Path csv = null;
    for (int i = 3; i < args.length; i++) {
      if (args[i].equals("--csv")) {
        csv = Path.of(args[++i]);
        continue;
      }
      String[] p = args[i].split("=", 4);
      targets.add(new Target(p[0], p[1], Long.parseLong(p[2]), Path.of(p[3])));
    }
    NodeWorkload w = new NodeWorkload(series, profile.equals("mixed"), 7);
    // The data ends two minutes ago, so no server holds any of it back as too fresh.
    long start =
        (System.currentTimeMillis() / NodeWorkload.STEP_MILLIS - steps - 8)
            * NodeWorkload.STEP_MILLIS;
    Map<String, long[]> expectedTimes = new HashMap<>();
    Map<String, double[]> expectedValues = new HashMap<>();
    List<List<byte[]>> requests = encode(w, steps, start, expectedTimes, expectedValues);
    long samples = (long) series * steps;
    HttpClient writer =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    ExecutorService senders = Executors.newFixedThreadPool(2);
    for (Target t : targets) {
      long t0 = System.nanoTime();
      // A step's requests go in parallel, the next step only after them: Prometheus refuses
      // out-of-order samples, and every server must hold every sample.
      for (List<byte[]> step : requests) {
        List<Future<?>> inFlight = new ArrayList<>();
        for (byte[] body : step) {
          inFlight.add(senders.submit(() -> write(writer, t.url(), body)));
        }
        for (Future<?> f : inFlight) {
          f.get();
        }
      }
      System.err.printf(
          Locale.ROOT,
          "%s: loaded %d samples in %.1f s%n",
          t.name(),
          samples,
          (System.nanoTime() - t0) / 1e9);
    }
    senders.shutdown();
    // Each server's own background work (Prometheus' and Vigil's head compaction run every
    // minute) gets its chance before the snapshot, as it would on a server running for hours.
    Thread.sleep(70_000);
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    List<Outcome> outcomes = new ArrayList<>();
    long evalMillis = start + steps * NodeWorkload.STEP_MILLIS + 60_000;
    for (Target t : targets) {
      String base = t.url().replace("/api/v1/write", "");
      long bytes;
      String what;
      switch (t.name()) {
        case "victoriametrics" -> {
          get(client, base + "/internal/force_flush");
          bytes = settledSize(t.dataDir(), List.of("data", "indexdb"));
          what = "data/ + indexdb/ after force_flush and merges";
        }
        default -> {
          String name = snapshot(client, base);
          Path dir =
              t.name().equals("vigil")
                  ? t.dataDir().resolve("tsdb").resolve("snapshots").resolve(name)
                  : t.dataDir().resolve("snapshots").resolve(name);
          bytes = size(dir);
          what = "snapshot " + name + " (blocks + head as a block)";
        }
      }
      outcomes.add(check(client, t, base, bytes, what, evalMillis, expectedTimes, expectedValues));
    }
    report(profile, series, steps, samples, outcomes);
    if (csv != null) {
      StringBuilder sb =
          new StringBuilder(
              "target,profile,series,steps,bytes,bytes_per_sample,compared,exact,missing,value_diffs,max_rel_error\n");
      for (Outcome o : outcomes) {
        sb.append(
            String.format(
                Locale.ROOT,
                "%s,%s,%d,%d,%d,%.4f,%d,%d,%d,%d,%.3g%n",
                o.name(),
                profile,
                series,
                steps,
                o.bytes(),
                (double) o.bytes() / samples,
                o.compared(),
                o.exact(),
                o.missing(),
                o.valueDiffs(),
                o.maxRelError()));
      }
      Files.writeString(csv, sb.toString());
    }
  }

  /**
   * The remote-write shape of {@link MetricsIngestBench#encode} (one sample per series per request,
   * 1000 per request) from a given start, keeping what was sent for the series read back.
   */
  static List<List<byte[]>> encode(
      NodeWorkload w,
      int steps,
      long start,
      Map<String, long[]> times,
      Map<String, double[]> values)
      throws IOException {
    List<List<byte[]>> out = new ArrayList<>();
    RemoteWriteEncoder enc = new RemoteWriteEncoder();
    String[][] labels = new String[w.series()][];
    String[] keys = new String[w.series()];
    for (int i = 0; i < w.series(); i++) {
      labels[i] = w.labels(i);
      if (i / 50 < CHECK_INSTANCES) {
        keys[i] = key(labels[i][1], labels[i][3], labels[i][7]);
        times.put(keys[i], new long[steps]);
        values.put(keys[i], new double[steps]);
      }
    }
    for (int s = 0; s < steps; s++) {
      long grid = start + s * NodeWorkload.STEP_MILLIS;
      int inRequest = 0;
      List<byte[]> step = new ArrayList<>();
      out.add(step);
      for (int i = 0; i < w.series(); i++) {
        long t = w.timestamp(grid);
        double v = w.next(i);
        enc.add(labels[i], t, v);
        if (keys[i] != null) {
          times.get(keys[i])[s] = t;
          values.get(keys[i])[s] = v;
        }
        if (++inRequest == 1000) {
          step.add(enc.finish());
          inRequest = 0;
        }
      }
      if (inRequest > 0) {
        step.add(enc.finish());
      }
    }
    return out;
  }

  private static String key(String name, String instance, String series) {
    return name + "|" + instance + "|" + series;
  }

  /** Reads the checked series back as raw samples and compares them bit for bit. */
  static Outcome check(
      HttpClient client,
      Target t,
      String base,
      long bytes,
      String what,
      long evalMillis,
      Map<String, long[]> times,
      Map<String, double[]> values)
      throws Exception {
    long compared = 0;
    long exact = 0;
    long missing = 0;
    long valueDiffs = 0;
    double maxRel = 0;
    Map<String, Boolean> seen = new HashMap<>();
    for (int h = 0; h < CHECK_INSTANCES; h++) {
      String query = "{instance=\"host-" + h + ":9100\"}[6h]";
      String url =
          base
              + "/api/v1/query?query="
              + URLEncoder.encode(query, StandardCharsets.UTF_8)
              + "&time="
              + BigDecimal.valueOf(evalMillis, 3).toPlainString();
      HttpResponse<String> r =
          client.send(
              HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60)).build(),
              HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        throw new IllegalStateException(
            t.name() + " answered " + r.statusCode() + " for " + query + ": " + r.body());
      }
      JsonNode result = JSON.readTree(r.body()).get("data").get("result");
      for (JsonNode e : result) {
        JsonNode m = e.get("metric");
        String k =
            key(m.get("__name__").asText(), m.get("instance").asText(), m.get("series").asText());
        long[] ts = times.get(k);
        double[] vs = values.get(k);
        if (ts == null) {
          continue;
        }
        seen.put(k, true);
        Map<Long, Double> got = new HashMap<>();
        for (JsonNode pair : e.get("values")) {
          // The timestamp as written (a JSON number of seconds), not through a double.
          long tm = new BigDecimal(pair.get(0).asText()).movePointRight(3).longValueExact();
          got.put(tm, Double.parseDouble(pair.get(1).asText()));
        }
        for (int i = 0; i < ts.length; i++) {
          Double v = got.get(ts[i]);
          if (v == null) {
            missing++;
            continue;
          }
          compared++;
          if (Double.doubleToRawLongBits(v) == Double.doubleToRawLongBits(vs[i])) {
            exact++;
          } else {
            valueDiffs++;
            double rel = Math.abs(v - vs[i]) / Math.max(Math.abs(vs[i]), Double.MIN_NORMAL);
            maxRel = Math.max(maxRel, rel);
          }
        }
      }
    }
    for (Map.Entry<String, long[]> e : times.entrySet()) {
      if (!seen.containsKey(e.getKey())) {
        missing += e.getValue().length;
      }
    }
    return new Outcome(t.name(), bytes, what, compared, exact, missing, valueDiffs, maxRel);
  }

  private static String snapshot(HttpClient client, String base) throws Exception {
    HttpResponse<String> r =
        client.send(
            HttpRequest.newBuilder(URI.create(base + "/api/v1/admin/tsdb/snapshot"))
                .timeout(Duration.ofMinutes(5))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IllegalStateException(base + " snapshot: HTTP " + r.statusCode() + " " + r.body());
    }
    return JSON.readTree(r.body()).get("data").get("name").asText();
  }

  private static Void write(HttpClient client, String url, byte[] body) throws Exception {
    HttpRequest req =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(60))
            .header("Content-Type", "application/x-protobuf")
            .header("Content-Encoding", "snappy")
            .header("X-Prometheus-Remote-Write-Version", "0.1.0")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    HttpResponse<String> r = client.send(req, HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() / 100 != 2) {
      throw new IllegalStateException(url + ": HTTP " + r.statusCode() + " " + r.body());
    }
    return null;
  }

  private static void get(HttpClient client, String url) throws Exception {
    HttpResponse<String> r =
        client.send(
            HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(5)).build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() / 100 != 2) {
      throw new IllegalStateException(url + ": HTTP " + r.statusCode() + " " + r.body());
    }
  }

  /** The subdirectories' bytes once they stop changing (background merges done), at most 3 min. */
  static long settledSize(Path root, List<String> subdirs) throws Exception {
    long last = -1;
    int stable = 0;
    for (int i = 0; i < 36 && stable < 3; i++) {
      long n = 0;
      for (String s : subdirs) {
        n += size(root.resolve(s));
      }
      stable = n == last ? stable + 1 : 0;
      last = n;
      Thread.sleep(5000);
    }
    return last;
  }

  /** Bytes of the regular files under a directory (symbolic links not followed). */
  static long size(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return 0;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      return files
          .filter(p -> Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS))
          .mapToLong(p -> {
            try {
              return Files.size(p);
            } catch (IOException e) {
              return 0; // a part merged away while walking; the next poll sees its successor
            }
          })
          .sum();
    }
  }

  static void report(String profile, int series, int steps, long samples, List<Outcome> outcomes) {
    System.out.printf(
        Locale.ROOT,
        "metrics disk: %s, %d series x %d steps of 15 s = %d samples, everything persisted%n",
        profile,
        series,
        steps,
        samples);
    System.out.printf(
        Locale.ROOT,
        "%-16s %14s %12s %10s %10s %9s %11s %12s  %s%n",
        "target",
        "bytes",
        "B/sample",
        "compared",
        "bit-exact",
        "missing",
        "value-diffs",
        "max-rel-err",
        "what");
    for (Outcome o : outcomes) {
      System.out.printf(
          Locale.ROOT,
          "%-16s %14d %12.4f %10d %10d %9d %11d %12.3g  %s%n",
          o.name(),
          o.bytes(),
          (double) o.bytes() / samples,
          o.compared(),
          o.exact(),
          o.missing(),
          o.valueDiffs(),
          o.maxRelError(),
          o.what());
    }
    Outcome first = outcomes.get(0);
    for (Outcome o : outcomes.subList(1, outcomes.size())) {
      System.out.printf(
          Locale.ROOT,
          "%s / %s bytes per sample: %.3f%n",
          first.name(),
          o.name(),
          (double) first.bytes() / o.bytes());
    }
  }
}
