package dev.vigil.logindex.bench;

import dev.vigil.logindex.LogIndex;
import dev.vigil.logindex.LogIndexOptions;
import dev.vigil.logindex.query.Direction;
import dev.vigil.logindex.store.LogAnalyzer;
import dev.vigil.logindex.store.PartitionSpan;
import dev.vigil.logindex.store.StoredCompression;
import dev.vigil.logindex.translog.SyncMode;
import dev.vigil.model.Attributes;
import dev.vigil.model.Batch;
import dev.vigil.model.Resource;
import dev.vigil.model.ResourceGroup;
import dev.vigil.model.Scope;
import dev.vigil.model.ScopeGroup;
import dev.vigil.model.Tenant;
import dev.vigil.model.TraceId;
import dev.vigil.model.log.LogRecord;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.apache.lucene.codecs.lucene104.Lucene104Codec;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.store.FSDirectory;

/**
 * Ingest rate of the log index against a bare Lucene IndexWriter (body as text plus the line as a
 * stored field, same analyzer and codec mode) over one generated corpus of service logs, index size
 * against raw size, and selective search latency. Usage: {@code LogIndexBenchmark <records>
 * <threads> <granularity HOUR|DAY> <work dir> [<hours the corpus spans, default 24>]}.
 */
public final class LogIndexBenchmark {
  static final long T0 = 1_795_000_000_000_000_000L;
  static final String[] SERVICES = {"checkout", "cart", "auth", "search", "payments", "gateway"};
  static final String[] PATHS = {"/api/v1/orders", "/api/v1/cart", "/api/v1/users", "/health"};

  private LogIndexBenchmark() {}

  public static void main(String[] args) throws Exception {
    int n = Integer.parseInt(args[0]);
    int threads = Integer.parseInt(args[1]);
    PartitionSpan.Granularity g = PartitionSpan.Granularity.valueOf(args[2]);
    Path work = Path.of(args[3]);
    spanNanos = (args.length > 4 ? Long.parseLong(args[4]) : 24) * 3_600_000_000_000L;
    List<Batch<LogRecord>> batches = corpus(n, 100);
    long raw = 0;
    long fileRaw = 0;
    for (Batch<LogRecord> b : batches) {
      ResourceGroup<LogRecord> g0 = b.resources().get(0);
      String service = (String) g0.resource().attributes().get("service.name");
      for (LogRecord r : g0.scopes().get(0).items()) {
        raw += ((String) r.body()).getBytes(StandardCharsets.UTF_8).length;
        fileRaw += fileLine(service, r).getBytes(StandardCharsets.UTF_8).length + 1;
      }
    }
    System.out.printf(
        "corpus: %,d records, %,d raw body bytes (%.0f B/line), %,d bytes as a log file (%.0f"
            + " B/line: time, level, service, attributes, trace id, body), %d h of time%n",
        n, raw, (double) raw / n, fileRaw, (double) fileRaw / n, spanNanos / 3_600_000_000_000L);

    long bareCpu = cpuNanos();
    long bare = bareLucene(batches, work.resolve("bare"));
    bareCpu = cpuNanos() - bareCpu;
    System.out.printf(
        "bare IndexWriter, 1 thread: %,.0f lines/s, %,.0f lines per CPU-second (%.2f MB of raw"
            + " text per CPU-second), index %,d bytes (%.2fx raw)%n",
        n / (bare / 1e9),
        n / (bareCpu / 1e9),
        raw / (bareCpu / 1e9) / 1e6,
        size(work.resolve("bare")),
        size(work.resolve("bare")) / (double) raw);
    System.out.println("  " + FileKinds.of(work.resolve("bare"), n));

    Clock clock = Clock.fixed(Instant.ofEpochSecond(0, T0 + spanNanos), ZoneOffset.UTC);
    // Which configurations: the sixth argument, comma-separated, of zstd, lz4, deflate (no fsync,
    // that compression) and durable (the default compression, fsync before every acknowledgement).
    String wanted = args.length > 5 ? args[5] : "zstd,lz4,deflate,durable";
    List<Config> configs = new ArrayList<>();
    for (String name : wanted.split(",")) {
      configs.add(
          switch (name) {
            case "zstd" -> new Config(SyncMode.NEVER, StoredCompression.ZSTD);
            case "lz4" -> new Config(SyncMode.NEVER, StoredCompression.LZ4);
            case "deflate" -> new Config(SyncMode.NEVER, StoredCompression.DEFLATE);
            case "durable" -> new Config(SyncMode.EVERY_APPEND, StoredCompression.ZSTD);
            default -> throw new IllegalArgumentException("unknown configuration " + name);
          });
    }
    for (Config cfg : configs) {
      SyncMode mode = cfg.mode();
      Path dir = work.resolve("vigil-" + mode + "-" + cfg.compression());
      LogIndexOptions options =
          LogIndexOptions.builder()
              .clock(clock)
              .granularity(g)
              .syncMode(mode)
              .compression(cfg.compression())
              .ingestRate(1e12, 1e12)
              .build();
      long t = System.nanoTime();
      long cpu = cpuNanos();
      try (LogIndex index = LogIndex.open(dir, options)) {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> fs = new ArrayList<>();
        for (int w = 0; w < threads; w++) {
          int worker = w;
          fs.add(
              pool.submit(() -> {
                for (int i = worker; i < batches.size(); i += threads) {
                  index.sink().append(batches.get(i));
                }
                return null;
              }));
        }
        for (Future<?> f : fs) {
          f.get();
        }
        pool.shutdown();
        index.commit();
        index.refresh();
        long took = System.nanoTime() - t;
        cpu = cpuNanos() - cpu;
        System.out.printf(
            "LogIndex %s, %s, %s partitions, %d threads, sync %s: %,.0f lines/s (%.2f MB/s of raw"
                + " text, incl. final commit), %,.0f lines per CPU-second (%.2f MB of raw text per"
                + " CPU-second)%n",
            g,
            cfg.compression(),
            index.stats().partitionsOnDisk(),
            threads,
            mode,
            n / (took / 1e9),
            raw / (took / 1e9) / 1e6,
            n / (cpu / 1e9),
            raw / (cpu / 1e9) / 1e6);
        if (mode == SyncMode.NEVER) {
          searches(index);
        }
      }
      // Measured closed: an open writer's directory also holds the output of merges under way.
      long indexBytes = size(dir.resolve("tenants"));
      System.out.printf(
          "  index %,d bytes: %.2fx the bodies, %.2fx the log-file size, %.1f B/record; %s%n",
          indexBytes,
          indexBytes / (double) raw,
          indexBytes / (double) fileRaw,
          indexBytes / (double) n,
          FileKinds.of(dir.resolve("tenants"), n));
      if (mode == SyncMode.NEVER) {
        compacted(dir, g, cfg, raw, fileRaw, n);
      }
    }
  }

  /**
   * The same index once its day is over: reopened a day later, the finished partitions merged into
   * one segment each (what maintenance does before closing a quiet finished partition), measured
   * again. Most of what retention keeps is finished days.
   */
  static void compacted(
      Path dir, PartitionSpan.Granularity g, Config cfg, long raw, long fileRaw, int n)
      throws Exception {
    LogIndexOptions later =
        LogIndexOptions.builder()
            .clock(
                Clock.fixed(
                    Instant.ofEpochSecond(0, T0 + spanNanos + 86_400_000_000_000L), ZoneOffset.UTC))
            .granularity(g)
            .syncMode(cfg.mode())
            .compression(cfg.compression())
            .idleClose(java.time.Duration.ofMillis(1))
            .build();
    try (LogIndex index = LogIndex.open(dir, later)) {
      Thread.sleep(5);
      long t = System.nanoTime();
      long cpu = cpuNanos();
      int merged = index.compactFinished();
      index.commit();
      System.out.printf(
          "after the day: %d partitions merged to one segment in %.1f s (%.1f CPU-s)%n",
          merged, (System.nanoTime() - t) / 1e9, (cpuNanos() - cpu) / 1e9);
      searches(index);
    }
    long indexBytes = size(dir.resolve("tenants"));
    System.out.printf(
        "  index %,d bytes: %.2fx the bodies, %.2fx the log-file size, %.1f B/record; %s%n",
        indexBytes,
        indexBytes / (double) raw,
        indexBytes / (double) fileRaw,
        indexBytes / (double) n,
        FileKinds.of(dir.resolve("tenants"), n));
  }

  record Config(SyncMode mode, StoredCompression compression) {}

  static long spanNanos = 86_400_000_000_000L;

  static void searches(LogIndex index) throws Exception {
    long end = T0 + spanNanos - 1;
    String[][] queries = {
      {
        "newest 100 of one service, last 15 min",
        "{service_name=\"payments\"}",
        Long.toString(end - 900_000_000_000L)
      },
      {"rare word, whole corpus", "{service_name=~\".+\"} |= \"deadlock\"", Long.toString(T0)},
      {
        "rare word + service + last 30 min (issue's selective search)",
        "{service_name=\"checkout\"} |= \"deadlock\"",
        Long.toString(end - 1_800_000_000_000L)
      },
      {
        "error lines with json status >= 500, last 1 h",
        "{service_name=\"checkout\", detected_level=\"error\"} | json | status >= 500",
        Long.toString(end - 3_600_000_000_000L)
      },
    };
    for (String[] q : queries) {
      long start = Long.parseLong(q[2]);
      for (int warm = 0; warm < 20; warm++) {
        index.logs(Tenant.DEFAULT, q[1], start, end, 100, Direction.BACKWARD);
      }
      int runs = 50;
      long[] times = new long[runs];
      int found = 0;
      for (int i = 0; i < runs; i++) {
        long t = System.nanoTime();
        found = index.logs(Tenant.DEFAULT, q[1], start, end, 100, Direction.BACKWARD).size();
        times[i] = System.nanoTime() - t;
      }
      java.util.Arrays.sort(times);
      System.out.printf(
          "  %-50s %3d lines, median %.2f ms, p90 %.2f ms%n",
          q[0], found, times[runs / 2] / 1e6, times[runs * 9 / 10] / 1e6);
    }
    String trace = "trace lookup";
    long t = System.nanoTime();
    int runs = 50;
    for (int i = 0; i < runs; i++) {
      index.trace(
          Tenant.DEFAULT,
          TraceId.fromHex("0000000000000000000000000000abcd"),
          0,
          Long.MAX_VALUE,
          1000);
    }
    System.out.printf("  %-50s mean %.2f ms%n", trace, (System.nanoTime() - t) / 1e6 / runs);
    long m = System.nanoTime();
    var r =
        index.instant(
            Tenant.DEFAULT,
            "sum by (detected_level) (count_over_time({service_name=~\".+\"}[1h]))",
            end);
    System.out.printf(
        "  %-50s %d series, %.2f ms%n",
        "sum by level of count_over_time 1h", r.series().size(), (System.nanoTime() - m) / 1e6);
    // The aggregation: per service, lines containing "error" per minute over the last hour.
    String agg =
        "sum by (service_name) (count_over_time({service_name=~\".+\"} |= \"error\" [1m]))";
    long[] times = new long[5];
    int series = 0;
    for (int i = 0; i < 7; i++) {
      long a = System.nanoTime();
      series =
          index
              .range(Tenant.DEFAULT, agg, end - 3_600_000_000_000L, end, 60_000_000_000L)
              .series()
              .size();
      if (i >= 2) {
        times[i - 2] = System.nanoTime() - a;
      }
    }
    java.util.Arrays.sort(times);
    System.out.printf(
        "  %-50s %d series, median of 5 %.2f ms%n",
        "range 1h step 1m: " + agg, series, times[2] / 1e6);
  }

  static long bareLucene(List<Batch<LogRecord>> batches, Path dir) throws Exception {
    long t = System.nanoTime();
    IndexWriterConfig c = new IndexWriterConfig(new LogAnalyzer());
    c.setCodec(new Lucene104Codec(Lucene104Codec.Mode.BEST_COMPRESSION));
    c.setRAMBufferSizeMB(32);
    try (IndexWriter w = new IndexWriter(FSDirectory.open(dir), c)) {
      for (Batch<LogRecord> b : batches) {
        for (LogRecord r : b.resources().get(0).scopes().get(0).items()) {
          Document d = new Document();
          d.add(new TextField("body", (String) r.body(), Field.Store.NO));
          d.add(new StoredField("line", (String) r.body()));
          w.addDocument(d);
        }
      }
      w.commit();
    }
    return System.nanoTime() - t;
  }

  /**
   * The record as a log file would hold it, as {@code bench/}'s BareLuceneLogs writes it: time in
   * ns, level, service, attributes as key=value, trace id, body.
   */
  static String fileLine(String service, LogRecord r) {
    StringBuilder sb = new StringBuilder(256);
    sb.append(r.timeUnixNano()).append(' ').append(r.severityText()).append(' ').append(service);
    for (int i = 0; i < r.attributes().size(); i++) {
      sb.append(' ').append(r.attributes().key(i)).append('=').append(r.attributes().value(i));
    }
    if (r.traceId() != null) {
      sb.append(" trace_id=").append(r.traceId().toHex());
    }
    return sb.append(' ').append(r.body()).toString();
  }

  /** Realistic service logs: mixed levels, JSON and plain bodies, trace ids, 24 h. */
  static List<Batch<LogRecord>> corpus(int n, int perBatch) {
    Random rnd = new Random(1);
    List<Batch<LogRecord>> out = new ArrayList<>();
    long spacing = spanNanos / n;
    for (int i = 0; i < n; i += perBatch) {
      String service = SERVICES[rnd.nextInt(SERVICES.length)];
      List<LogRecord> records = new ArrayList<>();
      for (int j = i; j < Math.min(n, i + perBatch); j++) {
        int roll = rnd.nextInt(100);
        int sev = roll < 70 ? 9 : roll < 85 ? 5 : roll < 95 ? 13 : 17;
        String level = sev == 9 ? "INFO" : sev == 5 ? "DEBUG" : sev == 13 ? "WARN" : "ERROR";
        TraceId trace = new TraceId(rnd.nextLong(), rnd.nextLong() | 1);
        int status = sev == 17 ? 500 + rnd.nextInt(4) : 200;
        String path = PATHS[rnd.nextInt(PATHS.length)] + "/" + rnd.nextInt(100_000);
        String body =
            rnd.nextBoolean()
                ? "{\"ts\":\"2026-11-17T10:00:00Z\",\"level\":\""
                    + level.toLowerCase()
                    + "\",\"msg\":\"request completed\",\"method\":\"GET\",\"path\":\""
                    + path
                    + "\",\"status\":"
                    + status
                    + ",\"duration_ms\":"
                    + rnd.nextInt(2000)
                    + ",\"user_id\":\""
                    + java.util.UUID.nameUUIDFromBytes(
                        Integer.toString(rnd.nextInt(5000)).getBytes())
                    + "\",\"trace_id\":\""
                    + trace.toHex()
                    + "\"}"
                : level
                    + " ["
                    + service
                    + "-"
                    + rnd.nextInt(8)
                    + "] "
                    + (sev == 17
                        ? "upstream call to 10.0."
                            + rnd.nextInt(8)
                            + "."
                            + rnd.nextInt(255)
                            + ":8080 failed: connection reset by peer after "
                            + rnd.nextInt(30)
                            + "s"
                        : "handled "
                            + path
                            + " in "
                            + rnd.nextInt(900)
                            + "ms for session "
                            + Long.toHexString(rnd.nextLong()))
                    + (rnd.nextInt(20_000) == 0 ? " deadlock detected" : "");
        long ts = T0 + j * spacing + rnd.nextInt(1000);
        records.add(
            new LogRecord(
                ts,
                ts + 5_000_000,
                sev,
                level,
                body,
                Attributes.of(
                    "http.status_code", (long) status, "thread", "worker-" + rnd.nextInt(16)),
                0,
                1,
                trace,
                rnd.nextLong() | 1,
                ""));
      }
      out.add(
          new Batch<>(
              Tenant.DEFAULT,
              List.of(
                  new ResourceGroup<>(
                      new Resource(
                          Attributes.of(
                              "service.name",
                              service,
                              "service.version",
                              "1.4.2",
                              "host.name",
                              "node-" + rnd.nextInt(4),
                              "k8s.namespace.name",
                              "prod"),
                          0,
                          ""),
                      List.of(
                          new ScopeGroup<>(
                              new Scope("app.logger", "", Attributes.EMPTY, 0, ""), records))))));
    }
    return out;
  }

  /**
   * CPU time of the whole process (every thread, GC and JIT included): on a shared machine this
   * moves far less with the neighbours' load than wall time does.
   */
  static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  static long size(Path dir) throws Exception {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
  }
}
