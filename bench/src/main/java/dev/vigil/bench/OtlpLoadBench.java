package dev.vigil.bench;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.client.GrpcClientRequest;
import io.vertx.grpc.common.GrpcStatus;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The OTLP load generator: sends generated traces, logs or metrics to an OTLP endpoint over gRPC,
 * HTTP/protobuf or HTTP/JSON, at a target rate or as fast as the server answers, over several
 * connections, and reports accepted and rejected items, latency percentiles and items per server
 * CPU-second (from {@code /proc/<pid>/stat}, since the generator shares the cores).
 *
 * <p>Requests are generated and encoded before the clock starts, so the generator's own encoding
 * cost is out of the measurement. With {@code --baseline}, it also times protobuf-java's bare
 * {@code parseFrom} of the same bytes on one thread in the same run: the floor any OTLP receiver
 * pays, and the peer the receive path is quoted against.
 *
 * <p>Usage: {@code OtlpLoadBench --signal traces|logs|metrics [--protocol
 * grpc|http/protobuf|http/json] [--http http://127.0.0.1:4318] [--grpc 127.0.0.1:4317] [--items N]
 * [--batch N] [--rate items/s, 0 = max] [--connections N] [--spans-per-trace N] [--line-bytes N]
 * [--rare-every N] [--series N] [--cardinality N] [--churn 0..1] [--tenant T] [--pid PID]
 * [--baseline] [--lucene-baseline DIR] [--ids-out FILE] [--csv FILE] [--seed N] [--start-nanos N]
 * [--span-seconds S: the time the items cover, default 3600] [--warmup N: items sent first and not
 * counted; for logs bare Lucene indexes as many first too] [--settle-seconds S: with --pid, also
 * count the server's CPU in the S seconds after the load, the flushes and merges its records still
 * cause]}.
 */
public final class OtlpLoadBench {
  private OtlpLoadBench() {}

  record Options(
      String signal,
      String protocol,
      String http,
      String grpc,
      long items,
      int batch,
      double rate,
      int connections,
      int spansPerTrace,
      int lineBytes,
      int rareEvery,
      int series,
      int cardinality,
      double churn,
      String tenant,
      long pid,
      boolean baseline,
      Path idsOut,
      Path csv,
      Path luceneBaseline,
      long seed,
      long startNanos,
      long spanSeconds,
      long warmup,
      long settleSeconds) {

    static Options parse(String[] args) {
      Map<String, String> m = new HashMap<>();
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        if (!a.startsWith("--")) {
          throw new IllegalArgumentException("unexpected argument " + a);
        }
        if (a.equals("--baseline")) {
          m.put("baseline", "true");
        } else if (i + 1 < args.length) {
          m.put(a.substring(2), args[++i]);
        } else {
          throw new IllegalArgumentException(a + " needs a value");
        }
      }
      String signal = m.getOrDefault("signal", "traces");
      if (!List.of("traces", "logs", "metrics").contains(signal)) {
        throw new IllegalArgumentException("--signal must be traces, logs or metrics: " + signal);
      }
      String protocol = m.getOrDefault("protocol", "http/protobuf");
      if (!List.of("grpc", "http/protobuf", "http/json").contains(protocol)) {
        throw new IllegalArgumentException(
            "--protocol must be grpc, http/protobuf or http/json: " + protocol);
      }
      return new Options(
          signal,
          protocol,
          m.getOrDefault("http", "http://127.0.0.1:4318"),
          m.getOrDefault("grpc", "127.0.0.1:4317"),
          Long.parseLong(m.getOrDefault("items", "200000")),
          Integer.parseInt(m.getOrDefault("batch", "500")),
          Double.parseDouble(m.getOrDefault("rate", "0")),
          Integer.parseInt(m.getOrDefault("connections", "4")),
          Integer.parseInt(m.getOrDefault("spans-per-trace", "10")),
          Integer.parseInt(m.getOrDefault("line-bytes", "120")),
          Integer.parseInt(m.getOrDefault("rare-every", "0")),
          Integer.parseInt(m.getOrDefault("series", "10000")),
          Integer.parseInt(m.getOrDefault("cardinality", "100")),
          Double.parseDouble(m.getOrDefault("churn", "0")),
          m.getOrDefault("tenant", "default"),
          Long.parseLong(m.getOrDefault("pid", "-1")),
          m.containsKey("baseline"),
          m.containsKey("ids-out") ? Path.of(m.get("ids-out")) : null,
          m.containsKey("csv") ? Path.of(m.get("csv")) : null,
          m.containsKey("lucene-baseline") ? Path.of(m.get("lucene-baseline")) : null,
          Long.parseLong(m.getOrDefault("seed", "42")),
          Long.parseLong(
              m.getOrDefault(
                  "start-nanos",
                  Long.toString(System.currentTimeMillis() * 1_000_000L - 3_600_000_000_000L))),
          Long.parseLong(m.getOrDefault("span-seconds", "3600")),
          Long.parseLong(m.getOrDefault("warmup", "0")),
          Long.parseLong(m.getOrDefault("settle-seconds", "0")));
    }
  }

  /** The requests of one run: their bytes and how many items each holds. */
  record Payloads(List<byte[]> bodies, int[] items, List<Message> messages) {
    long totalItems() {
      long n = 0;
      for (int i : items) {
        n += i;
      }
      return n;
    }

    long totalBytes() {
      long n = 0;
      for (byte[] b : bodies) {
        n += b.length;
      }
      return n;
    }
  }

  record Outcome(
      long requests,
      long accepted,
      long rejected,
      long failedRequests,
      long unavailable,
      double wallSeconds,
      double serverCpuSeconds,
      long[] latenciesNanos) {
    double percentileMillis(double p) {
      if (latenciesNanos.length == 0) {
        return Double.NaN;
      }
      long[] sorted = latenciesNanos.clone();
      Arrays.sort(sorted);
      int i = (int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1);
      return sorted[Math.max(0, i)] / 1e6;
    }
  }

  public static void main(String[] args) throws Exception {
    Options o;
    try {
      o = Options.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("otlp-load: " + e.getMessage());
      System.exit(2);
      return;
    }
    OtlpWorkload workload =
        new OtlpWorkload(
            o.seed(), o.startNanos(), o.spanSeconds() * 1_000_000_000L / Math.max(1, o.items()));
    long g0 = System.nanoTime();
    // Generated first, so the warm-up's items come before the measured ones in time.
    Payloads warmup = o.warmup() > 0 ? generate(o, workload, o.warmup()) : null;
    Payloads payloads = generate(o, workload, o.items());
    System.err.printf(
        Locale.ROOT,
        "otlp-load: generated %d requests, %d items of %s, %.1f MB (%s) in %.1f s%n",
        payloads.bodies().size(),
        payloads.totalItems(),
        o.signal(),
        payloads.totalBytes() / 1e6,
        o.protocol(),
        (System.nanoTime() - g0) / 1e9);
    if (o.idsOut() != null) {
      Files.write(o.idsOut(), workload.traceIds);
    }
    double baseline = o.baseline() ? parseBaseline(o.signal(), payloads) : Double.NaN;
    if (warmup != null) {
      Outcome w = send(o, warmup);
      System.out.printf(
          Locale.ROOT,
          "warm-up (not counted): %d items accepted in %.1f s, %.1f server CPU-s%n",
          w.accepted(),
          w.wallSeconds(),
          w.serverCpuSeconds());
    }
    long from = System.currentTimeMillis();
    Outcome out = send(o, payloads);
    // The load's last acknowledgement is not the end of its cost: its records are flushed by the
    // next commit and merged after. Bare Lucene's figure includes that work (its close waits for
    // both), so the server's CPU over a settle time after the load is counted too when asked.
    double after = Double.NaN;
    if (o.settleSeconds() > 0 && o.pid() > 0) {
      double atEnd = ProcessCpu.seconds(o.pid());
      Thread.sleep(o.settleSeconds() * 1000);
      after = ProcessCpu.seconds(o.pid()) - atEnd;
    }
    // For matching the measured phase with a profile or per-thread CPU taken beside it.
    System.out.printf(
        Locale.ROOT,
        "measured phase: %s to %s%n",
        java.time.Instant.ofEpochMilli(from),
        java.time.Instant.ofEpochMilli(System.currentTimeMillis()));
    report(System.out, o, payloads, out, baseline);
    if (!Double.isNaN(after)) {
      System.out.printf(
          Locale.ROOT,
          "%-28s %14.2f%n%-28s %14.0f%n",
          "server CPU-s in " + o.settleSeconds() + " s after",
          after,
          "items/server CPU-s w/ after",
          out.accepted() / (out.serverCpuSeconds() + after));
    }
    if (o.signal().equals("logs")) {
      luceneBaseline(System.out, o, warmup, payloads, out, after);
    }
    if (o.csv() != null) {
      csv(o, payloads, out, baseline, after);
    }
    if (out.failedRequests() > 0 && out.accepted() == 0) {
      System.exit(1);
    }
  }

  static Payloads generate(Options o, OtlpWorkload w, long items) {
    List<byte[]> bodies = new ArrayList<>();
    List<Message> messages = new ArrayList<>();
    List<Integer> counts = new ArrayList<>();
    long left = items;
    JsonFormat.Printer json = JsonFormat.printer().omittingInsignificantWhitespace();
    while (left > 0) {
      int n = (int) Math.min(o.batch(), left);
      Message m =
          switch (o.signal()) {
            case "traces" -> w.traces(n, o.spansPerTrace());
            case "logs" -> w.logs(n, o.lineBytes(), o.rareEvery());
            default -> w.metrics(n, o.series(), o.cardinality(), o.churn());
          };
      int actual = count(m);
      counts.add(actual);
      left -= actual;
      messages.add(m);
      if (o.protocol().equals("http/json")) {
        try {
          bodies.add(hexIds(json.print(m)).getBytes(StandardCharsets.UTF_8));
        } catch (InvalidProtocolBufferException e) {
          throw new IllegalStateException(e);
        }
      } else {
        bodies.add(m.toByteArray());
      }
    }
    return new Payloads(bodies, counts.stream().mapToInt(Integer::intValue).toArray(), messages);
  }

  /** The rejected count in an OTLP/JSON partial success ({@code "rejectedSpans":"3"}). */
  private static final Pattern JSON_REJECTED = Pattern.compile("\"rejected\\w+\":\"?(\\d+)");

  private static final HexFormat HEX = HexFormat.of();

  private static final Pattern ID_FIELD =
      Pattern.compile("\"(traceId|spanId|parentSpanId)\":\"([A-Za-z0-9+/=]*)\"");

  /** OTLP/JSON writes ids as hex where protobuf's JSON mapping writes bytes as base64. */
  static String hexIds(String json) {
    Matcher m = ID_FIELD.matcher(json);
    StringBuilder sb = new StringBuilder(json.length());
    while (m.find()) {
      String hex = HEX.formatHex(Base64.getDecoder().decode(m.group(2)));
      m.appendReplacement(sb, "\"" + m.group(1) + "\":\"" + hex + "\"");
    }
    m.appendTail(sb);
    return sb.toString();
  }

  static int count(Message m) {
    if (m instanceof ExportTraceServiceRequest t) {
      return t.getResourceSpansList().stream()
          .flatMap(r -> r.getScopeSpansList().stream())
          .mapToInt(s -> s.getSpansCount())
          .sum();
    }
    if (m instanceof ExportLogsServiceRequest l) {
      return l.getResourceLogsList().stream()
          .flatMap(r -> r.getScopeLogsList().stream())
          .mapToInt(s -> s.getLogRecordsCount())
          .sum();
    }
    ExportMetricsServiceRequest x = (ExportMetricsServiceRequest) m;
    return x.getResourceMetricsList().stream()
        .flatMap(r -> r.getScopeMetricsList().stream())
        .flatMap(s -> s.getMetricsList().stream())
        .mapToInt(mm ->
            mm.hasSum()
                ? mm.getSum().getDataPointsCount()
                : mm.hasGauge() ? mm.getGauge().getDataPointsCount() : 0)
        .sum();
  }

  @SuppressWarnings("unused")
  private static volatile long blackhole;

  /** Items per CPU-second of bare {@code parseFrom} over the same protobuf bytes, one thread. */
  static double parseBaseline(String signal, Payloads p) throws IOException {
    List<byte[]> bodies = new ArrayList<>();
    for (Message m : p.messages()) {
      bodies.add(m.toByteArray());
    }
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    long items = 0;
    long sink = 0;
    // Warm up, then measure at least two CPU-seconds.
    for (int round = 0; round < 2; round++) {
      items = 0;
      long c0 = mx.getCurrentThreadCpuTime();
      do {
        for (int i = 0; i < bodies.size(); i++) {
          byte[] b = bodies.get(i);
          sink +=
              switch (signal) {
                case "traces" -> ExportTraceServiceRequest.parseFrom(b).getResourceSpansCount();
                case "logs" -> ExportLogsServiceRequest.parseFrom(b).getResourceLogsCount();
                default -> ExportMetricsServiceRequest.parseFrom(b).getResourceMetricsCount();
              };
          items += p.items()[i];
        }
      } while (mx.getCurrentThreadCpuTime() - c0 < 2_000_000_000L);
      if (round == 1) {
        double cpu = (mx.getCurrentThreadCpuTime() - c0) / 1e9;
        blackhole = sink; // keeps the parsing from being optimised away
        return items / cpu;
      }
    }
    throw new AssertionError();
  }

  interface Sender extends AutoCloseable {
    /** Sends one request; returns the items the server refused, or -1 when the request failed. */
    long send(byte[] body, int items) throws Exception;

    @Override
    default void close() {}
  }

  static Outcome send(Options o, Payloads p) throws Exception {
    AtomicInteger next = new AtomicInteger();
    AtomicLong accepted = new AtomicLong();
    AtomicLong rejected = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    AtomicLong unavailable = new AtomicLong();
    long[] latencies = new long[p.bodies().size()];
    Vertx vertx = o.protocol().equals("grpc") ? Vertx.vertx() : null;
    List<Sender> senders = new ArrayList<>();
    for (int c = 0; c < o.connections(); c++) {
      senders.add(
          vertx != null ? new GrpcSender(vertx, o, unavailable) : new HttpSender(o, unavailable));
    }
    double cpu0 = o.pid() > 0 ? ProcessCpu.seconds(o.pid()) : 0;
    long t0 = System.nanoTime();
    double itemsPerRequest = (double) p.totalItems() / p.bodies().size();
    List<Thread> threads = new ArrayList<>();
    for (Sender s : senders) {
      threads.add(
          Thread.ofPlatform()
              .name("otlp-load")
              .start(() -> {
                int i;
                while ((i = next.getAndIncrement()) < p.bodies().size()) {
                  if (o.rate() > 0) {
                    long due = t0 + (long) (i * itemsPerRequest / o.rate() * 1e9);
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                      try {
                        TimeUnit.NANOSECONDS.sleep(wait);
                      } catch (InterruptedException e) {
                        return;
                      }
                    }
                  }
                  long s0 = System.nanoTime();
                  long refused;
                  try {
                    refused = s.send(p.bodies().get(i), p.items()[i]);
                  } catch (Exception e) {
                    if (failed.get() < 3) {
                      System.err.println("otlp-load: request failed: " + e);
                    }
                    refused = -1;
                  }
                  latencies[i] = System.nanoTime() - s0;
                  if (refused < 0) {
                    failed.incrementAndGet();
                    rejected.addAndGet(p.items()[i]);
                  } else {
                    rejected.addAndGet(refused);
                    accepted.addAndGet(p.items()[i] - refused);
                  }
                }
              }));
    }
    for (Thread t : threads) {
      t.join();
    }
    double wall = (System.nanoTime() - t0) / 1e9;
    double cpu = o.pid() > 0 ? ProcessCpu.seconds(o.pid()) - cpu0 : Double.NaN;
    for (Sender s : senders) {
      s.close();
    }
    if (vertx != null) {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
    return new Outcome(
        p.bodies().size(),
        accepted.get(),
        rejected.get(),
        failed.get(),
        unavailable.get(),
        wall,
        cpu,
        latencies);
  }

  static long refusedIn(String signal, byte[] response) throws InvalidProtocolBufferException {
    return switch (signal) {
      case "traces" ->
          ExportTraceServiceResponse.parseFrom(response).getPartialSuccess().getRejectedSpans();
      case "logs" ->
          ExportLogsServiceResponse.parseFrom(response).getPartialSuccess().getRejectedLogRecords();
      default ->
          ExportMetricsServiceResponse.parseFrom(response)
              .getPartialSuccess()
              .getRejectedDataPoints();
    };
  }

  /** One HTTP/1.1 connection: requests go one after the other, as an SDK's exporter sends them. */
  static final class HttpSender implements Sender {
    private final HttpClient client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final URI uri;
    private final Options o;
    private final AtomicLong unavailable;
    private final boolean json;

    HttpSender(Options o, AtomicLong unavailable) {
      this.o = o;
      this.unavailable = unavailable;
      this.uri = URI.create(o.http() + "/v1/" + o.signal());
      this.json = o.protocol().equals("http/json");
    }

    @Override
    public long send(byte[] body, int items) throws Exception {
      for (int attempt = 0; ; attempt++) {
        HttpRequest req =
            HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", json ? "application/json" : "application/x-protobuf")
                .header("X-Scope-OrgID", o.tenant())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        HttpResponse<byte[]> r = client.send(req, HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() == 200) {
          if (json) {
            String text = new String(r.body(), StandardCharsets.UTF_8);
            Matcher m = JSON_REJECTED.matcher(text);
            return m.find() ? Long.parseLong(m.group(1)) : 0;
          }
          return refusedIn(o.signal(), r.body());
        }
        if ((r.statusCode() == 503 || r.statusCode() == 429) && attempt < 20) {
          // Back-pressure: wait as the server asks, like an SDK's retry, and count it.
          unavailable.incrementAndGet();
          Thread.sleep(retryAfterMillis(r.headers().firstValue("Retry-After").orElse("1")));
          continue;
        }
        System.err.println(
            "otlp-load: HTTP "
                + r.statusCode()
                + ": "
                + new String(r.body(), StandardCharsets.UTF_8).replaceAll("[^\\x20-\\x7e]", "?"));
        return -1;
      }
    }
  }

  /** The server's Retry-After, capped at a second so that a saturated run still measures load. */
  private static long retryAfterMillis(String header) {
    try {
      return Math.min(1_000, Math.max(50, (long) (Double.parseDouble(header) * 1000)));
    } catch (NumberFormatException e) {
      return 1_000;
    }
  }

  /** One HTTP/2 connection of a gRPC client; calls go one after the other on it. */
  static final class GrpcSender implements Sender {
    private final GrpcClient client;
    private final SocketAddress address;
    private final String method;
    private final Options o;
    private final AtomicLong unavailable;

    GrpcSender(Vertx vertx, Options o, AtomicLong unavailable) {
      this.client = GrpcClient.client(vertx);
      String[] hp = o.grpc().split(":");
      this.address = SocketAddress.inetSocketAddress(Integer.parseInt(hp[1]), hp[0]);
      this.method =
          switch (o.signal()) {
            case "traces" -> "opentelemetry.proto.collector.trace.v1.TraceService/Export";
            case "logs" -> "opentelemetry.proto.collector.logs.v1.LogsService/Export";
            default -> "opentelemetry.proto.collector.metrics.v1.MetricsService/Export";
          };
      this.o = o;
      this.unavailable = unavailable;
    }

    record Reply(GrpcStatus status, String message, Buffer body) {}

    @Override
    public long send(byte[] body, int items) throws Exception {
      for (int attempt = 0; ; attempt++) {
        GrpcClientRequest<Buffer, Buffer> request =
            client
                .request(address)
                .toCompletionStage()
                .toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        request.fullMethodName(method);
        request.headers().set("x-scope-orgid", o.tenant());
        request.end(Buffer.buffer(body));
        Reply r =
            request
                .response()
                .compose(response -> {
                  Buffer received = Buffer.buffer();
                  response.handler(received::appendBuffer);
                  return response
                      .end()
                      .transform(ended ->
                          io.vertx.core.Future.succeededFuture(
                              new Reply(response.status(), response.statusMessage(), received)));
                })
                .toCompletionStage()
                .toCompletableFuture()
                .get(60, TimeUnit.SECONDS);
        if (r.status() == GrpcStatus.OK) {
          return refusedIn(o.signal(), r.body().getBytes());
        }
        if ((r.status() == GrpcStatus.UNAVAILABLE || r.status() == GrpcStatus.RESOURCE_EXHAUSTED)
            && attempt < 20) {
          unavailable.incrementAndGet();
          Thread.sleep(100);
          continue;
        }
        System.err.println("otlp-load: gRPC " + r.status() + ": " + r.message());
        return -1;
      }
    }

    @Override
    public void close() {
      client.close();
    }
  }

  static void report(PrintStream out, Options o, Payloads p, Outcome r, double baseline) {
    out.printf(
        Locale.ROOT,
        "otlp %s over %s: %d requests of ~%d items (%.1f MB), %d connections, rate %s%n",
        o.signal(),
        o.protocol(),
        r.requests(),
        o.batch(),
        p.totalBytes() / 1e6,
        o.connections(),
        o.rate() > 0 ? String.format(Locale.ROOT, "%.0f/s", o.rate()) : "max");
    out.printf(
        Locale.ROOT,
        "%-28s %14s%n%-28s %14d%n%-28s %14d%n%-28s %14d%n%-28s %14d%n",
        "measure",
        "value",
        "accepted items",
        r.accepted(),
        "rejected items",
        r.rejected(),
        "failed requests",
        r.failedRequests(),
        "503/UNAVAILABLE retries",
        r.unavailable());
    out.printf(Locale.ROOT, "%-28s %14.2f%n", "wall seconds", r.wallSeconds());
    out.printf(
        Locale.ROOT, "%-28s %14.0f%n", "accepted items/s (wall)", r.accepted() / r.wallSeconds());
    if (!Double.isNaN(r.serverCpuSeconds())) {
      out.printf(Locale.ROOT, "%-28s %14.2f%n", "server CPU seconds", r.serverCpuSeconds());
      out.printf(
          Locale.ROOT,
          "%-28s %14.0f%n",
          "items per server CPU-second",
          r.accepted() / r.serverCpuSeconds());
      out.printf(
          Locale.ROOT,
          "%-28s %14.2f%n",
          "MB per server CPU-second",
          p.totalBytes() / 1e6 * r.accepted() / Math.max(1, p.totalItems()) / r.serverCpuSeconds());
    }
    out.printf(
        Locale.ROOT,
        "%-28s %14.1f%n%-28s %14.1f%n%-28s %14.1f%n%-28s %14.1f%n",
        "latency p50 ms",
        r.percentileMillis(0.50),
        "latency p95 ms",
        r.percentileMillis(0.95),
        "latency p99 ms",
        r.percentileMillis(0.99),
        "latency max ms",
        r.percentileMillis(1.0));
    if (!Double.isNaN(baseline)) {
      out.printf(Locale.ROOT, "%-28s %14.0f%n", "bare parseFrom items/cpu-s", baseline);
      if (!Double.isNaN(r.serverCpuSeconds())) {
        out.printf(
            Locale.ROOT,
            "%-28s %14.3f%n",
            "Vigil / bare parseFrom",
            r.accepted() / r.serverCpuSeconds() / baseline);
      }
    }
  }

  /**
   * For logs: the raw size of the corpus, and with {@code --lucene-baseline DIR} the same records
   * indexed by bare Lucene on one thread, after the load (so the two do not share the cores).
   */
  static void luceneBaseline(
      PrintStream out, Options o, Payloads warmup, Payloads p, Outcome r, double cpuAfter)
      throws IOException {
    long raw = BareLuceneLogs.rawBytes(p.messages());
    out.printf(Locale.ROOT, "%-28s %14d%n", "raw log bytes", raw);
    long warmupRaw = warmup != null ? BareLuceneLogs.rawBytes(warmup.messages()) : 0;
    // What the server's index holds: the disk figure divides by these.
    out.printf(
        Locale.ROOT,
        "%-28s %14d%n",
        "records sent in all",
        p.totalItems() + (warmup != null ? warmup.totalItems() : 0));
    out.printf(Locale.ROOT, "%-28s %14d%n", "raw log bytes sent in all", raw + warmupRaw);
    out.printf(
        Locale.ROOT, "%-28s %14.1f%n", "raw bytes per record", (double) raw / p.totalItems());
    if (!Double.isNaN(r.serverCpuSeconds())) {
      out.printf(
          Locale.ROOT,
          "%-28s %14.2f%n",
          "raw MB per server CPU-second",
          raw / 1e6 * r.accepted() / p.totalItems() / r.serverCpuSeconds());
    }
    if (o.luceneBaseline() == null) {
      return;
    }
    BareLuceneLogs.IndexOutcome b;
    if (warmup != null) {
      // Bare Lucene warms up as the server did: its JIT compiles the indexing path on records
      // that are not counted, in an index of their own, removed after.
      Path scratch = Files.createTempDirectory(o.luceneBaseline().getParent(), "warmup");
      try (BareLuceneLogs lucene = new BareLuceneLogs(scratch)) {
        lucene.index(warmup.messages());
      }
      deleteTree(scratch);
    }
    try (BareLuceneLogs lucene = new BareLuceneLogs(o.luceneBaseline())) {
      b = lucene.index(p.messages());
    }
    double bare = b.records() / b.cpuSeconds();
    double bareProcess = b.records() / b.processCpuSeconds();
    out.printf(Locale.ROOT, "%-28s %14.0f%n", "bare Lucene records/cpu-s", bare);
    // The server's CPU is its whole process (merges, GC, JIT included): so is this one.
    out.printf(Locale.ROOT, "%-28s %14.0f%n", "bare Lucene rec/process cpu-s", bareProcess);
    out.printf(
        Locale.ROOT, "%-28s %14.3f%n", "bare Lucene index / raw", (double) b.indexBytes() / raw);
    if (!Double.isNaN(r.serverCpuSeconds())) {
      out.printf(
          Locale.ROOT,
          "%-28s %14.3f%n",
          "Vigil / bare Lucene",
          r.accepted() / r.serverCpuSeconds() / bare);
      out.printf(
          Locale.ROOT,
          "%-28s %14.3f%n",
          "Vigil / bare (process CPU)",
          r.accepted() / r.serverCpuSeconds() / bareProcess);
      if (!Double.isNaN(cpuAfter)) {
        out.printf(
            Locale.ROOT,
            "%-28s %14.3f%n",
            "Vigil w/ after / bare (proc)",
            r.accepted() / (r.serverCpuSeconds() + cpuAfter) / bareProcess);
      }
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    try (java.util.stream.Stream<Path> s = Files.walk(dir)) {
      for (Path f : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(f);
      }
    }
  }

  /** {@code cpuAfter}: the server's CPU-seconds in the settle time after the load, or NaN. */
  static void csv(Options o, Payloads p, Outcome r, double baseline, double cpuAfter)
      throws IOException {
    boolean fresh = !Files.exists(o.csv());
    String header =
        "signal,protocol,connections,batch,rate,requests,accepted,rejected,failed_requests,"
            + "retries,wall_s,server_cpu_s,items_per_cpu_s,p50_ms,p95_ms,p99_ms,baseline_items_per_cpu_s,"
            + "server_cpu_after_s\n";
    String line =
        String.format(
            Locale.ROOT,
            "%s,%s,%d,%d,%.0f,%d,%d,%d,%d,%d,%.3f,%.3f,%.0f,%.2f,%.2f,%.2f,%.0f,%.3f%n",
            o.signal(),
            o.protocol(),
            o.connections(),
            o.batch(),
            o.rate(),
            r.requests(),
            r.accepted(),
            r.rejected(),
            r.failedRequests(),
            r.unavailable(),
            r.wallSeconds(),
            r.serverCpuSeconds(),
            r.accepted() / r.serverCpuSeconds(),
            r.percentileMillis(0.5),
            r.percentileMillis(0.95),
            r.percentileMillis(0.99),
            baseline,
            cpuAfter);
    Files.writeString(
        o.csv(),
        (fresh ? header : "") + line,
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
  }
}
