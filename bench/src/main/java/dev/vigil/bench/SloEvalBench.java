package dev.vigil.bench;

import dev.vigil.alert.load.LoadedRules;
import dev.vigil.alert.load.RuleLoader;
import dev.vigil.alert.rules.AlertingRule;
import dev.vigil.alert.rules.RecordingRule;
import dev.vigil.alert.rules.Rule;
import dev.vigil.alert.rules.RuleGroup;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The SLO evaluation benchmark's two halves.
 *
 * <p>{@code rules <dir> <slos> <jobs>} writes {@code <slos>} Sloth availability SLOs over {@code
 * http_requests_total} of {@code <jobs>} jobs as {@code dir/sloth/slos-NNN.yml}, a thousand a file
 * (what Vigil loads), and the rules Sloth generates from them — produced by Vigil's
 * Sloth-compatible generator, whose output is tested equal to Sloth's own — as {@code
 * dir/prometheus/rules.yml} (what Prometheus and vmalert load).
 *
 * <p>{@code feed <remote-write url> <jobs> <history steps> <live seconds>} writes {@code jobs ×
 * 100} counter series (20 instances × 5 status codes per job) through remote write: {@code history
 * steps} of 15 s ending now, then one step every 15 s for {@code live seconds}, as a scraper would.
 */
public final class SloEvalBench {
  private SloEvalBench() {}

  static final String[] CODES = {"200", "201", "404", "500", "503"};
  static final int INSTANCES = 20;
  static final int SLOS_PER_FILE = 1000;

  public static void main(String[] args) throws Exception {
    switch (args.length > 0 ? args[0] : "") {
      case "rules" -> rules(Path.of(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]));
      case "feed" ->
          feed(
              args[1],
              Integer.parseInt(args[2]),
              Integer.parseInt(args[3]),
              Integer.parseInt(args[4]),
              args.length > 5 ? Path.of(args[5]) : null);
      default -> {
        System.err.println(
            "usage: SloEvalBench rules <dir> <slos> <jobs> | feed <url> <jobs> <history steps> <live s> [done file]");
        System.exit(2);
      }
    }
  }

  static void rules(Path dir, int slos, int jobs) throws Exception {
    Path sloth = dir.resolve("sloth");
    Files.createDirectories(sloth);
    // A file per thousand SLOs, as teams keep a file per service: the rule loader reads YAML
    // files of up to 3 MiB.
    List<Path> files = new ArrayList<>();
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < slos; i++) {
      if (i % SLOS_PER_FILE == 0) {
        sb.setLength(0);
        sb.append("version: \"prometheus/v1\"\nservice: \"bench\"\nslos:\n");
      }
      String job = "svc-" + (i % jobs);
      sb.append("  - name: \"availability-")
          .append(i)
          .append("\"\n")
          .append("    objective: 99.9\n")
          .append("    description: \"Requests of ")
          .append(job)
          .append(" answered without a 5xx.\"\n")
          .append("    sli:\n      events:\n")
          .append("        error_query: sum(rate(http_requests_total{job=\"")
          .append(job)
          .append("\",code=~\"5..\"}[{{.window}}]))\n")
          .append("        total_query: sum(rate(http_requests_total{job=\"")
          .append(job)
          .append("\"}[{{.window}}]))\n")
          .append("    alerting:\n")
          .append("      name: BenchAvailability")
          .append(i)
          .append("\n")
          .append("      page_alert:\n        labels: {severity: page}\n")
          .append("      ticket_alert:\n        labels: {severity: ticket}\n");
      if (i % SLOS_PER_FILE == SLOS_PER_FILE - 1 || i == slos - 1) {
        Path file = sloth.resolve(String.format(Locale.ROOT, "slos-%03d.yml", i / SLOS_PER_FILE));
        Files.writeString(file, sb.toString());
        files.add(file);
      }
    }
    LoadedRules loaded = RuleLoader.withDefaults().loadFiles(files, LoadedRules.EMPTY);
    if (loaded.hasErrors()) {
      throw new IllegalStateException("generated SLOs do not load: " + loaded.problems());
    }
    List<Map<String, Object>> groups = new ArrayList<>();
    int rules = 0;
    for (RuleGroup g : loaded.groups()) {
      Map<String, Object> group = new LinkedHashMap<>();
      group.put("name", g.name());
      g.interval().ifPresent(d -> group.put("interval", d.toSeconds() + "s"));
      List<Map<String, Object>> list = new ArrayList<>();
      for (Rule r : g.rules()) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (r instanceof RecordingRule rr) {
          m.put("record", rr.record());
          m.put("expr", rr.expr());
        } else if (r instanceof AlertingRule ar) {
          m.put("alert", ar.alert());
          m.put("expr", ar.expr());
          if (!ar.forDuration().isZero()) {
            m.put("for", ar.forDuration().toSeconds() + "s");
          }
          if (!ar.annotations().isEmpty()) {
            m.put("annotations", ar.annotations());
          }
        }
        if (!r.labels().isEmpty()) {
          m.put("labels", r.labels());
        }
        list.add(m);
        rules++;
      }
      group.put("rules", list);
      groups.add(group);
    }
    DumperOptions o = new DumperOptions();
    o.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    o.setWidth(400);
    Path prom = dir.resolve("prometheus");
    Files.createDirectories(prom);
    Files.writeString(prom.resolve("rules.yml"), new Yaml(o).dump(Map.of("groups", groups)));
    System.out.printf(
        Locale.ROOT, "%d SLOs -> %d groups, %d rules%n", slos, loaded.groups().size(), rules);
  }

  /** Feeds the history, touches {@code historyDone} (when given), then feeds live steps. */
  static void feed(String url, int jobs, int historySteps, int liveSeconds, Path historyDone)
      throws Exception {
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    long step = NodeWorkload.STEP_MILLIS;
    long now = System.currentTimeMillis() / step * step;
    int series = jobs * INSTANCES * CODES.length;
    double[] values = new double[series];
    String[][] labels = new String[series][];
    for (int i = 0; i < series; i++) {
      int job = i / (INSTANCES * CODES.length);
      int instance = i / CODES.length % INSTANCES;
      String code = CODES[i % CODES.length];
      labels[i] =
          new String[] {
            "__name__",
            "http_requests_total",
            "code",
            code,
            "instance",
            "host-" + instance + ":8080",
            "job",
            "svc-" + job
          };
    }
    long t0 = System.nanoTime();
    for (int s = historySteps; s > 0; s--) {
      send(client, url, encodeStep(labels, values, now - s * step, s));
    }
    System.err.printf(
        Locale.ROOT,
        "feed: %d series x %d steps of history in %.1f s%n",
        series,
        historySteps,
        (System.nanoTime() - t0) / 1e9);
    if (historyDone != null) {
      Files.writeString(historyDone, "done\n");
    }
    long end = System.currentTimeMillis() + liveSeconds * 1000L;
    for (long t = now; System.currentTimeMillis() < end; t += step) {
      long wait = t - System.currentTimeMillis();
      if (wait > 0) {
        Thread.sleep(wait);
      }
      send(client, url, encodeStep(labels, values, t, (int) (t / step)));
    }
  }

  /** One scrape of every series: 2xx grow by about 10/s, 4xx by 0.2/s, 5xx by 0.01/s. */
  private static List<byte[]> encodeStep(String[][] labels, double[] values, long ts, int salt)
      throws IOException {
    List<byte[]> out = new ArrayList<>();
    RemoteWriteEncoder enc = new RemoteWriteEncoder();
    int inRequest = 0;
    for (int i = 0; i < labels.length; i++) {
      int code = i % CODES.length;
      int h = (i * 31 + salt * 17) & 0xff;
      values[i] += code < 2 ? 140 + h % 20 : code == 2 ? 3 : (h % 10 == 0 ? 1 : 0);
      enc.add(labels[i], ts, values[i]);
      if (++inRequest == 1000) {
        out.add(enc.finish());
        inRequest = 0;
      }
    }
    if (inRequest > 0) {
      out.add(enc.finish());
    }
    return out;
  }

  private static void send(HttpClient client, String url, List<byte[]> requests) throws Exception {
    for (byte[] body : requests) {
      HttpResponse<String> r =
          client.send(
              HttpRequest.newBuilder(URI.create(url))
                  .timeout(Duration.ofSeconds(60))
                  .header("Content-Type", "application/x-protobuf")
                  .header("Content-Encoding", "snappy")
                  .header("X-Prometheus-Remote-Write-Version", "0.1.0")
                  .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() / 100 != 2) {
        throw new IOException(
            "remote write to " + url + ": HTTP " + r.statusCode() + " " + r.body());
      }
    }
  }
}
