package dev.vigil.bench;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Times the incident questions on logs already loaded by {@code OtlpLoadBench --signal logs
 * --rare-every N --lucene-baseline DIR}: Vigil through its Loki-compatible HTTP API, bare Lucene
 * in-process on the same records. The selective search is a rare token plus a service plus the time
 * range, newest 100 lines; the aggregation counts lines holding a common word per service per
 * minute. Both answers are checked against each other, so a fast wrong answer does not count.
 *
 * <p>Usage: {@code LogsSearchBench <vigil base url> <lucene dir> <from nanos> <to nanos> <runs>
 * [--csv FILE]}.
 */
public final class LogsSearchBench {
  private LogsSearchBench() {}

  record Timing(String query, double vigilMillis, double luceneMillis, String check) {}

  public static void main(String[] args) throws Exception {
    String vigil = args[0];
    Path lucene = Path.of(args[1]);
    long from = Long.parseLong(args[2]);
    long to = Long.parseLong(args[3]);
    int runs = Integer.parseInt(args[4]);
    Path csv = args.length > 6 && args[5].equals("--csv") ? Path.of(args[6]) : null;
    HttpClient http = HttpClient.newHttpClient();
    List<Timing> timings = new ArrayList<>();
    try (BareLuceneLogs bare = new BareLuceneLogs(lucene)) {
      for (String token : List.of(OtlpWorkload.rareToken(1), OtlpWorkload.rareToken(2))) {
        List<String> services = bare.servicesOf(token);
        if (services.isEmpty()) {
          throw new IllegalStateException(
              "no record holds " + token + ": load with --rare-every so that some do");
        }
        String service = services.get(0);
        String logql = "{service_name=\"" + service + "\"} |= \"" + token + "\"";
        String url =
            vigil
                + "/loki/api/v1/query_range?direction=backward&limit=100&start="
                + from
                + "&end="
                + to
                + "&query="
                + URLEncoder.encode(logql, StandardCharsets.UTF_8);
        int luceneHits = bare.selective(service, token, from, to, 100);
        String body = get(http, url);
        int vigilHits = countOccurrences(body, token);
        double v = median(runs, () -> get(http, url));
        double l = median(runs, () -> bare.selective(service, token, from, to, 100));
        timings.add(
            new Timing(
                logql,
                v,
                l,
                vigilHits == luceneHits
                    ? luceneHits + " lines on both"
                    : "MISMATCH vigil " + vigilHits + " lucene " + luceneHits));
      }
      String word = "retry";
      String metric =
          "sum by (service_name) (count_over_time({service_namespace=\"shop\"} |= \""
              + word
              + "\" [1m]))";
      long step = 60;
      String murl =
          vigil
              + "/loki/api/v1/query_range?step="
              + step
              + "&start="
              + from
              + "&end="
              + to
              + "&query="
              + URLEncoder.encode(metric, StandardCharsets.UTF_8);
      Map<String, Map<Long, Long>> counts = bare.countByServicePerMinute(word, from, to);
      long luceneTotal =
          counts.values().stream()
              .flatMap(m -> m.values().stream())
              .mapToLong(Long::longValue)
              .sum();
      String mbody = get(http, murl);
      double v = median(runs, () -> get(http, murl));
      double l = median(runs, () -> bare.countByServicePerMinute(word, from, to));
      timings.add(
          new Timing(
              metric,
              v,
              l,
              mbody.contains("\"matrix\"")
                  ? "lucene counted " + luceneTotal + " lines"
                  : "MISMATCH: " + mbody.substring(0, Math.min(200, mbody.length()))));
    }
    System.out.printf(
        Locale.ROOT,
        "logs search over [%d, %d] ns, median of %d runs (Vigil: HTTP round trip; Lucene: in-process)%n",
        from,
        to,
        runs);
    System.out.printf(
        Locale.ROOT, "%-10s %-10s %-8s %s%n", "Vigil ms", "Lucene ms", "ratio", "query / check");
    StringBuilder sb = new StringBuilder("query,vigil_ms,lucene_ms,ratio,check\n");
    for (Timing t : timings) {
      System.out.printf(
          Locale.ROOT,
          "%-10.1f %-10.1f %-8.2f %s  [%s]%n",
          t.vigilMillis(),
          t.luceneMillis(),
          t.vigilMillis() / t.luceneMillis(),
          t.query(),
          t.check());
      sb.append(
          String.format(
              Locale.ROOT,
              "\"%s\",%.2f,%.2f,%.3f,\"%s\"%n",
              t.query().replace("\"", "\"\""),
              t.vigilMillis(),
              t.luceneMillis(),
              t.vigilMillis() / t.luceneMillis(),
              t.check()));
    }
    if (csv != null) {
      Files.writeString(csv, sb.toString());
    }
  }

  interface Call {
    Object run() throws Exception;
  }

  static double median(int runs, Call c) throws Exception {
    for (int i = 0; i < 2; i++) {
      c.run();
    }
    double[] ms = new double[runs];
    for (int i = 0; i < runs; i++) {
      long t0 = System.nanoTime();
      c.run();
      ms[i] = (System.nanoTime() - t0) / 1e6;
    }
    Arrays.sort(ms);
    return ms[runs / 2];
  }

  static String get(HttpClient http, String url) throws IOException, InterruptedException {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IOException("HTTP " + r.statusCode() + " from " + url + ": " + r.body());
    }
    return r.body();
  }

  private static int countOccurrences(String s, String token) {
    // A line holds the token once; tokens have a fixed width, so none is a prefix of another.
    int n = 0;
    int i = 0;
    String t = token + " ";
    while ((i = s.indexOf(t, i)) >= 0) {
      n++;
      i += t.length();
    }
    return n;
  }
}
