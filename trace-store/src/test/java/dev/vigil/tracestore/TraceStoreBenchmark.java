package dev.vigil.tracestore;

import dev.vigil.model.Tenant;
import dev.vigil.model.TraceId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Ingest rate with fsync on, trace-by-id and search latency, and bytes per span on disk, on the
 * generated shop workload. Run with the test classpath (README, "Benchmark"): {@code java -cp …
 * dev.vigil.tracestore.TraceStoreBenchmark [spans] [threads]}.
 */
public final class TraceStoreBenchmark {
  private static final Tenant TENANT = new Tenant("bench");
  private static final long T0 = 1_800_000_000_000_000_000L;
  private static final long HOUR_NANOS = 3_600_000_000_000L;

  private TraceStoreBenchmark() {}

  public static void main(String[] args) throws Exception {
    long totalSpans = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
    int threads = args.length > 1 ? Integer.parseInt(args[1]) : 4;
    Path dir = Files.createTempDirectory("trace-bench");
    boolean fsync = !"false".equals(System.getProperty("fsync"));
    long maxBuffer = Long.getLong("maxBufferBytes", 64L << 20);
    System.out.printf(
        "%d spans, %d appending threads, batches of ~100 spans, fsync %s, buffer %d MiB, dir %s%n",
        totalSpans, threads, fsync ? "on" : "off", maxBuffer >> 20, dir);
    MutableClock clock = new MutableClock(System.currentTimeMillis());
    TraceStore store =
        TraceStore.open(
            dir,
            TraceStoreOptions.defaults()
                .withClock(clock)
                .withFsync(fsync)
                .withFlush(java.time.Duration.ofMinutes(1), maxBuffer));
    ConcurrentLinkedQueue<TraceId> sample = new ConcurrentLinkedQueue<>();
    ConcurrentLinkedQueue<TraceId> sample50 = new ConcurrentLinkedQueue<>();
    AtomicLong spans = new AtomicLong();
    AtomicLong batches = new AtomicLong();
    // Pack the spans into one hour of start times (the "search over 1 h of 10 M spans"):
    // ~8.6 spans per trace on average, traces 1 ms + uniform(0, maxGap) apart per generator.
    double tracesPerGenerator = totalSpans / (double) threads / 8.6;
    long meanGap = (long) (HOUR_NANOS / tracesPerGenerator);
    int maxGap = (int) Math.min(Integer.MAX_VALUE, Math.max(1, 2 * (meanGap - 1_000_000L)));
    // On a shared machine wall-clock rates say more about the neighbours than about the store: the
    // process's CPU time during ingest gives a rate per CPU-second to read beside them.
    var os =
        (com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    long cpu0 = os.getProcessCpuTime();
    long t0 = System.nanoTime();
    List<Thread> workers = new ArrayList<>();
    for (int w = 0; w < threads; w++) {
      int seed = w;
      workers.add(
          Thread.ofPlatform()
              .start(() -> {
                TraceGenerator g = new TraceGenerator(seed, T0, maxGap);
                Random r = new Random(seed);
                try {
                  while (spans.get() < totalSpans) {
                    List<StoredSpan> batch = new ArrayList<>(150);
                    while (batch.size() < 100) {
                      // One trace in 500 has exactly 50 spans: the trace-by-id case.
                      boolean big = r.nextInt(500) == 0;
                      List<StoredSpan> t = big ? g.trace(50) : g.trace();
                      if (big) {
                        sample50.add(t.get(0).span().traceId());
                      } else if (r.nextInt(50) == 0) {
                        sample.add(t.get(0).span().traceId());
                      }
                      batch.addAll(t);
                    }
                    store.sink().append(TraceGenerator.batch(TENANT, batch));
                    spans.addAndGet(batch.size());
                    batches.incrementAndGet();
                  }
                } catch (Exception e) {
                  throw new RuntimeException(e);
                }
              }));
    }
    for (Thread t : workers) {
      t.join();
    }
    double ingestSeconds = (System.nanoTime() - t0) / 1e9;
    double cpuSeconds = (os.getProcessCpuTime() - cpu0) / 1e9;
    System.out.printf(
        "ingest: %,d spans in %,d batches in %.1f s = %,.0f spans/s (flushes included: %d);"
            + " process CPU %.1f s = %,.0f spans per CPU-second (generator included);"
            + " load average %.1f%n",
        spans.get(),
        batches.get(),
        ingestSeconds,
        spans.get() / ingestSeconds,
        store.stats().flushes(),
        cpuSeconds,
        spans.get() / cpuSeconds,
        os.getSystemLoadAverage());
    long f0 = System.nanoTime();
    store.flush();
    System.out.printf("final flush: %.1f s%n", (System.nanoTime() - f0) / 1e9);

    printDisk(store, dir, "disk");
    indexBreakdown(dir.resolve("tenants/bench/index"), store.stats().segmentSpans());
    List<TraceId> ids = new ArrayList<>(sample);
    List<TraceId> ids50 = new ArrayList<>(sample50);
    Random r = new Random(1);
    for (int round = 0; round < 2; round++) {
      long[] lat = new long[2000];
      long[] lat50 = new long[2000];
      for (int i = 0; i < lat.length; i++) {
        TraceId id = ids.get(r.nextInt(ids.size()));
        long s = System.nanoTime();
        if (store.traceById(TENANT, id).isEmpty()) {
          throw new IllegalStateException("lost " + id);
        }
        lat[i] = System.nanoTime() - s;
        TraceId id50 = ids50.get(r.nextInt(ids50.size()));
        s = System.nanoTime();
        int n = store.traceById(TENANT, id50).map(t -> t.spans().size()).orElse(0);
        lat50[i] = System.nanoTime() - s;
        if (n != 50) {
          throw new IllegalStateException(id50 + " has " + n + " spans, not 50");
        }
      }
      if (round == 1) {
        print("traceById (generated traces, 4-20 spans)", lat);
        print("traceById (50-span traces, " + ids50.size() + " of them)", lat50);
      }
    }
    long hourEnd = T0 + HOUR_NANOS;
    Map<String, TraceSearch> searches =
        Map.of(
            "service=payment limit 20",
            TraceSearch.jaeger("payment", null, Map.of(), null, null, T0, hourEnd, 20),
            "service+op+tag+minDuration",
            TraceSearch.jaeger(
                "frontend",
                "GET /cart",
                Map.of("http.status_code", "200"),
                java.time.Duration.ofMillis(500),
                null,
                T0,
                hourEnd,
                20),
            "{ checkout && duration > 2s && status = error } 1 h",
            TraceSearch.traceQl(
                "{ resource.service.name = \"checkout\" && duration > 2s && status = error }",
                T0,
                hourEnd,
                20),
            "{ checkout && duration > 100ms && status = error } 1 h",
            TraceSearch.traceQl(
                "{ resource.service.name = \"checkout\" && duration > 100ms && status = error }",
                T0,
                hourEnd,
                20),
            "{ frontend && duration > 1s && status = error } 1 h",
            TraceSearch.traceQl(
                "{ resource.service.name = \"frontend\" && duration > 1s && status = error }",
                T0,
                hourEnd,
                20),
            "{ event.exception.message =~ \".*payment\" }",
            TraceSearch.traceQl("{ event.exception.message =~ \".*payment\" }", T0, hourEnd, 20),
            "{ span.user.id = \"user-7\" } 10-minute window",
            TraceSearch.traceQl("{ span.user.id = \"user-7\" }", T0, T0 + 600_000_000_000L, 20));
    for (Map.Entry<String, TraceSearch> e :
        searches.entrySet().stream().sorted(Map.Entry.comparingByKey()).toList()) {
      long[] lat = new long[60];
      for (int round = 0; round < 2; round++) {
        for (int i = 0; i < lat.length; i++) {
          long s = System.nanoTime();
          store.search(TENANT, e.getValue());
          lat[i] = System.nanoTime() - s;
        }
      }
      print("search " + e.getKey(), lat);
    }
    if (!Boolean.parseBoolean(System.getProperty("compact", "true"))) {
      store.close();
      delete(dir);
      return;
    }
    long d0 = System.nanoTime();
    int edges = store.dependencies(TENANT, 0, Long.MAX_VALUE).size();
    System.out.printf(
        "dependencies over the newest 10000 traces: %d edges in %.0f ms%n",
        edges, (System.nanoTime() - d0) / 1e6);
    clock.advanceMillis(24 * 3_600_000L); // the segments' window is now past: compact them
    int before = (int) store.stats().segments();
    long c0 = System.nanoTime();
    store.maintain();
    double compactSeconds = (System.nanoTime() - c0) / 1e9;
    System.out.printf(
        "compaction: %d segments -> %d in %.1f s = %,.0f spans/s%n",
        before,
        store.stats().segments(),
        compactSeconds,
        store.stats().segmentSpans() / compactSeconds);
    printDisk(store, dir, "disk after compaction");
    // Three rounds: the first right after the compaction (Lucene still merging the re-indexed
    // documents in the background, the new segments' first reads), the second warm, as the
    // figures before compaction are.
    int settle = Integer.getInteger("settleSeconds", 60);
    for (String round : new String[] {"first round", "second round", "after " + settle + " s"}) {
      if (round.startsWith("after")) {
        // Lucene merges the compaction's deletions and re-added documents in background threads
        // for a while; this round shows lookups once that work has had time to end.
        Thread.sleep(settle * 1000L);
      }
      long[] lat = new long[2000];
      for (int i = 0; i < lat.length; i++) {
        TraceId id = ids50.get(r.nextInt(ids50.size()));
        long s = System.nanoTime();
        store.traceById(TENANT, id);
        lat[i] = System.nanoTime() - s;
      }
      print("traceById (50-span traces) after compaction, " + round, lat);
    }
    printDisk(store, dir, "disk after compaction and " + settle + " s");
    store.close();
    long r0 = System.nanoTime();
    try (TraceStore reopened = TraceStore.open(dir, TraceStoreOptions.defaults())) {
      System.out.printf("reopen: %.2f s%n", (System.nanoTime() - r0) / 1e9);
    }
    delete(dir);
  }

  /**
   * Segment and index bytes per span. The index is counted twice: the files of its last commit
   * (what stays), and the whole directory, which may also hold a background merge's unfinished
   * output at that moment.
   */
  private static void printDisk(TraceStore store, Path dir, String what) throws Exception {
    TraceStoreStats st = store.stats();
    Path index = dir.resolve("tenants/bench/index");
    long committed = 0;
    try (org.apache.lucene.store.FSDirectory d = org.apache.lucene.store.FSDirectory.open(index)) {
      for (String f : org.apache.lucene.index.SegmentInfos.readLatestCommit(d).files(true)) {
        committed += d.fileLength(f);
      }
    }
    long all = size(index);
    double spans = st.segmentSpans();
    System.out.printf(
        "%s: segments %,d B = %.1f B/span; index (last commit) %,d B = %.1f B/span; total %.1f"
            + " B/span (%d segments); index directory with merges in flight %.1f B/span%n",
        what,
        st.segmentBytes(),
        st.segmentBytes() / spans,
        committed,
        committed / spans,
        (st.segmentBytes() + committed) / spans,
        st.segments(),
        all / spans);
  }

  private static void delete(Path dir) throws Exception {
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  /**
   * Index bytes per span by Lucene file kind (inside the compound files too), to see which
   * structure the bytes go to: tim/tip/doc terms and postings, kdd/kdi/kdm points, dvd/dvm doc
   * values, fdt/fdx stored fields.
   */
  private static void indexBreakdown(Path index, long spans) throws Exception {
    Map<String, Long> byExt = new java.util.TreeMap<>();
    try (org.apache.lucene.store.Directory d = org.apache.lucene.store.FSDirectory.open(index)) {
      for (org.apache.lucene.index.SegmentCommitInfo sci :
          org.apache.lucene.index.SegmentInfos.readLatestCommit(d)) {
        if (sci.info.getUseCompoundFile()) {
          try (org.apache.lucene.codecs.CompoundDirectory cd =
              sci.info.getCodec().compoundFormat().getCompoundReader(d, sci.info)) {
            for (String f : cd.listAll()) {
              byExt.merge(f.substring(f.lastIndexOf('.') + 1), cd.fileLength(f), Long::sum);
            }
          }
        } else {
          for (String f : sci.files()) {
            byExt.merge(f.substring(f.lastIndexOf('.') + 1), d.fileLength(f), Long::sum);
          }
        }
      }
    }
    StringBuilder b = new StringBuilder("index by file kind (B/span):");
    byExt.forEach((ext, bytes) -> {
      if (bytes * 100 >= spans) {
        b.append(String.format(" %s %.2f", ext, (double) bytes / spans));
      }
    });
    System.out.println(b);
  }

  private static void print(String what, long[] nanos) {
    long[] s = nanos.clone();
    Arrays.sort(s);
    System.out.printf(
        "%-55s p50 %8.2f ms  p99 %8.2f ms  (n=%d)%n",
        what, s[s.length / 2] / 1e6, s[(int) (s.length * 0.99)] / 1e6, s.length);
  }

  private static long size(Path dir) throws Exception {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
  }
}
