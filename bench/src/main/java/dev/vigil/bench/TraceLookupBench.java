package dev.vigil.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Times whole-trace lookups by id through the Jaeger-compatible API, over trace ids written by
 * {@code OtlpLoadBench --signal traces --ids-out FILE}, and checks that every answer holds the
 * whole trace ({@code spansPerTrace} spans). No Jaeger or Tempo can be had here, so the figures
 * stand against the target rather than a peer.
 *
 * <p>Usage: {@code TraceLookupBench <vigil base url> <ids file> <lookups> <spans per trace> [--csv
 * FILE]}.
 */
public final class TraceLookupBench {
  private TraceLookupBench() {}

  public static void main(String[] args) throws Exception {
    String vigil = args[0];
    List<String> ids = Files.readAllLines(Path.of(args[1]));
    int lookups = Integer.parseInt(args[2]);
    int spansPerTrace = Integer.parseInt(args[3]);
    Path csv = args.length > 5 && args[4].equals("--csv") ? Path.of(args[5]) : null;
    HttpClient http = HttpClient.newHttpClient();
    SplittableRandom random = new SplittableRandom(7);
    double[] ms = new double[lookups];
    int incomplete = 0;
    for (int i = -20; i < lookups; i++) {
      String id = ids.get(random.nextInt(ids.size()));
      long t0 = System.nanoTime();
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create(vigil + "/api/traces/" + id)).build(),
              HttpResponse.BodyHandlers.ofString());
      double took = (System.nanoTime() - t0) / 1e6;
      if (i < 0) {
        continue; // warm-up
      }
      ms[i] = took;
      // One operationName per span; spanID also appears in every reference.
      int spans = count(r.body(), "\"operationName\"");
      if (r.statusCode() != 200 || spans != spansPerTrace) {
        if (incomplete++ < 3) {
          System.err.println("trace " + id + ": HTTP " + r.statusCode() + ", " + spans + " spans");
        }
      }
    }
    Arrays.sort(ms);
    double p50 = ms[lookups / 2];
    double p99 = ms[(int) Math.min(lookups - 1, Math.ceil(lookups * 0.99) - 1)];
    System.out.printf(
        Locale.ROOT,
        "trace by id over %d known traces, %d lookups (HTTP round trip, client on the same machine)%n",
        ids.size(),
        lookups);
    System.out.printf(Locale.ROOT, "%-22s %10s %10s%n", "measure", "Vigil", "target");
    System.out.printf(Locale.ROOT, "%-22s %10.2f %10s%n", "p50 ms", p50, "");
    System.out.printf(Locale.ROOT, "%-22s %10.2f %10s%n", "p99 ms", p99, "< 20");
    System.out.printf(Locale.ROOT, "%-22s %10.2f %10s%n", "max ms", ms[lookups - 1], "");
    System.out.printf(Locale.ROOT, "%-22s %10d %10s%n", "incomplete answers", incomplete, "0");
    if (csv != null) {
      Files.writeString(
          csv,
          String.format(
              Locale.ROOT,
              "traces,lookups,p50_ms,p99_ms,max_ms,incomplete%n%d,%d,%.3f,%.3f,%.3f,%d%n",
              ids.size(),
              lookups,
              p50,
              p99,
              ms[lookups - 1],
              incomplete));
    }
    if (incomplete > 0) {
      System.exit(1);
    }
  }

  private static int count(String s, String token) {
    int n = 0;
    for (int i = s.indexOf(token); i >= 0; i = s.indexOf(token, i + token.length())) {
      n++;
    }
    return n;
  }
}
