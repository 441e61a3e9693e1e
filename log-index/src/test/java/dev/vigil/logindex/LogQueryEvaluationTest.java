package dev.vigil.logindex;

import static dev.vigil.logindex.Logs.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.logindex.query.Direction;
import dev.vigil.logindex.query.LogEntry;
import dev.vigil.logindex.query.MetricResult;
import dev.vigil.logindex.query.Sample;
import dev.vigil.logindex.query.SampleSeries;
import dev.vigil.logindex.store.PartitionSpan;
import dev.vigil.logindex.translog.SyncMode;
import dev.vigil.model.Attributes;
import dev.vigil.model.Tenant;
import dev.vigil.model.series.Labels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * LogQL on a generated corpus, each answer checked against one computed here by brute force over
 * the generated records (plain Java, not the engine's pipeline).
 */
class LogQueryEvaluationTest {
  static final long SEC = 1_000_000_000L;
  static final long MIN = 60 * SEC;
  static final String[] SERVICES = {"checkout", "cart", "auth"};
  static final String[] LEVELS = {"INFO", "WARN", "ERROR"};

  record Gen(String service, long ts, String level, String body) {}

  @TempDir static Path dir;
  static LogIndex index;
  static final List<Gen> corpus = new ArrayList<>();

  @BeforeAll
  static void load() throws Exception {
    index =
        LogIndex.open(
            dir,
            LogIndexOptions.builder()
                .clock(new MutableClock(T0 + 3 * 60 * MIN))
                .granularity(PartitionSpan.Granularity.HOUR)
                .ingestRate(1e12, 1e12)
                .syncMode(SyncMode.NEVER) // durability is not under test here; 3000 fsyncs would be
                .build());
    Random rnd = new Random(42);
    for (int i = 0; i < 3000; i++) {
      String service = SERVICES[rnd.nextInt(3)];
      String level = LEVELS[rnd.nextInt(10) < 7 ? 0 : rnd.nextInt(3)];
      long ts = T0 + i * 2 * SEC + rnd.nextInt(1000); // ~100 min, unique, crosses an hour
      int status = level.equals("ERROR") ? 500 + rnd.nextInt(4) : 200;
      String id = Long.toHexString(rnd.nextLong());
      String body =
          switch (rnd.nextInt(5)) {
            case 0 ->
                "{\"status\":"
                    + status
                    + ",\"path\":\"/api/v1/item/"
                    + rnd.nextInt(50)
                    + "\",\"latency_ms\":"
                    + rnd.nextInt(900)
                    + ",\"trace\":\""
                    + id
                    + "\"}";
            case 1 ->
                "level="
                    + level.toLowerCase()
                    + " status="
                    + status
                    + " msg=\"request "
                    + (status >= 500 ? "failed: upstream timeout" : "served")
                    + "\" id="
                    + id;
            // Mixed case: a case-exact index must tell Error from error and ERROR.
            case 3 ->
                WORDS[rnd.nextInt(WORDS.length)]
                    + " in OrderService#"
                    + rnd.nextInt(20)
                    + ": "
                    + WORDS[rnd.nextInt(WORDS.length)]
                    + (rnd.nextBoolean() ? "Exception" : "_exception")
                    + " at db.Pool.get(Pool.java:"
                    + rnd.nextInt(300)
                    + ") user="
                    + WORDS[rnd.nextInt(WORDS.length)].toLowerCase()
                    + "."
                    + id;
            // A token too long to index (its line is checked on the text), among short ones.
            case 4 -> "blob " + longToken(rnd) + " end of " + WORDS[rnd.nextInt(WORDS.length)];
            default ->
                "GET /api/v1/cart/"
                    + rnd.nextInt(50)
                    + " from 10.0."
                    + rnd.nextInt(4)
                    + "."
                    + rnd.nextInt(255)
                    + (status >= 500 ? " Timeout: connection reset" : " ok")
                    + " took "
                    + rnd.nextInt(900)
                    + "ms";
          };
      Gen g = new Gen(service, ts, level, body);
      corpus.add(g);
      index
          .sink()
          .append(
              Logs.batch(
                  service,
                  List.of(
                      Logs.record(
                          ts,
                          level.equals("INFO") ? 9 : level.equals("WARN") ? 13 : 17,
                          level,
                          body,
                          Attributes.EMPTY,
                          null,
                          0))));
    }
    index.refresh();
  }

  static final String[] WORDS = {
    "Error", "ERROR", "error", "Timeout", "TIMEOUT", "deadlock", "DeadLock", "Served", "ok"
  };

  /** 260 to 400 characters of words, hex and punctuation without separators. */
  static String longToken(Random rnd) {
    StringBuilder sb = new StringBuilder();
    int length = 260 + rnd.nextInt(140);
    while (sb.length() < length) {
      switch (rnd.nextInt(4)) {
        case 0 -> sb.append(WORDS[rnd.nextInt(WORDS.length)]);
        case 1 -> sb.append(Long.toHexString(rnd.nextLong()));
        case 2 -> sb.append("/.-_:".charAt(rnd.nextInt(5)));
        default -> sb.append((char) ('a' + rnd.nextInt(26)));
      }
    }
    return sb.toString();
  }

  @AfterAll
  static void close() throws Exception {
    index.close();
  }

  static List<String> logs(String q, int limit, Direction d) throws Exception {
    return index.logs(Tenant.DEFAULT, q, 0, Long.MAX_VALUE, limit, d).stream()
        .map(LogEntry::line)
        .toList();
  }

  static List<String> expected(Predicate<Gen> p, int limit, boolean newestFirst) {
    Comparator<Gen> byTs = Comparator.comparingLong(Gen::ts);
    return corpus.stream()
        .filter(p)
        .sorted(newestFirst ? byTs.reversed() : byTs)
        .limit(limit)
        .map(Gen::body)
        .toList();
  }

  @Test
  void lineFiltersAndSelectors() throws Exception {
    assertThat(logs("{service_name=\"checkout\"} |= \"timeout\"", 10_000, Direction.BACKWARD))
        .isEqualTo(
            expected(
                g -> g.service.equals("checkout") && g.body.contains("timeout"), 10_000, true));
    assertThat(
            logs(
                "{service_name=~\"c.*\", detected_level=\"error\"} != \"GET\" |~ \"5\\\\d\\\\d\"",
                10_000,
                Direction.FORWARD))
        .isEqualTo(
            expected(
                g ->
                    g.service.startsWith("c")
                        && g.level.equals("ERROR")
                        && !g.body.contains("GET")
                        && g.body.matches("(?s).*5\\d\\d.*"),
                10_000,
                false));
    assertThat(
            logs(
                "{severity_text!=\"INFO\", service_name=~\"checkout|cart\"} |= \"Timeout:\"",
                7,
                Direction.BACKWARD))
        .isEqualTo(
            expected(
                g ->
                    !g.level.equals("INFO")
                        && !g.service.equals("auth")
                        && g.body.contains("Timeout:"),
                7,
                true));
  }

  @Test
  void newestNStopsEarlyButIsExact() throws Exception {
    for (int limit : new int[] {1, 10, 100, 2999}) {
      assertThat(logs("{service_name=~\".+\"}", limit, Direction.BACKWARD))
          .as("newest %d", limit)
          .isEqualTo(expected(g -> true, limit, true));
      assertThat(logs("{service_name=~\".+\"}", limit, Direction.FORWARD))
          .as("oldest %d", limit)
          .isEqualTo(expected(g -> true, limit, false));
    }
  }

  @Test
  void parsersAndLabelFilters() throws Exception {
    assertThat(
            logs(
                "{service_name=\"cart\"} | json | status >= 500 and latency_ms < 300",
                10_000,
                Direction.BACKWARD))
        .isEqualTo(
            expected(
                g ->
                    g.service.equals("cart")
                        && g.body.startsWith("{")
                        && json(g.body, "status") >= 500
                        && json(g.body, "latency_ms") < 300,
                10_000,
                true));
    assertThat(
            logs("{service_name=\"auth\"} | logfmt | level=\"warn\"", 10_000, Direction.BACKWARD))
        .isEqualTo(
            expected(
                g -> g.service.equals("auth") && g.body.startsWith("level=warn "), 10_000, true));
  }

  @Test
  void substringFiltersNeverMissOrInventLines() throws Exception {
    Random rnd = new Random(7);
    for (int i = 0; i < 200; i++) {
      String body = corpus.get(rnd.nextInt(corpus.size())).body;
      int a = rnd.nextInt(body.length());
      int b = Math.min(body.length(), a + 1 + rnd.nextInt(14));
      String needle = body.substring(a, b);
      String q = "{service_name=~\".+\"} |= `" + needle.replace("`", "") + "`";
      if (needle.contains("`")) {
        continue;
      }
      assertThat(logs(q, 10_000, Direction.BACKWARD))
          .as(needle)
          .isEqualTo(expected(g -> g.body.contains(needle), 10_000, true));
      if (i % 4 == 0) {
        String upper = needle.toUpperCase(java.util.Locale.ROOT);
        assertThat(logs("{service_name=~\".+\"} |= `" + upper + "`", 10_000, Direction.BACKWARD))
            .as(upper)
            .isEqualTo(expected(g -> g.body.contains(upper), 10_000, true));
        assertThat(counts("|= `" + needle + "`"))
            .as("count of " + needle)
            .isEqualTo(bruteCounts(g -> g.body.contains(needle)));
      }
    }
  }

  @Test
  void caseSensitiveAndLongTokenNeedles() throws Exception {
    List<String> needles =
        new ArrayList<>(
            List.of(
                "error",
                "Error",
                "ERROR",
                "rror",
                "RRO",
                "Timeout",
                "TIMEOUT",
                "imeo",
                "deadlock",
                "DeadLock",
                "eadL",
                "Exception",
                "_exception",
                "xception",
                "Pool.get",
                "Pool.java:",
                "OrderService#1",
                "db.Pool",
                "e",
                "E",
                "5",
                "ab",
                "java:1",
                "user=error.",
                "end of Error",
                "in OrderService",
                ") user="));
    Random rnd = new Random(11);
    for (Gen g : corpus) {
      if (g.body.startsWith("blob ") && needles.size() < 60) {
        String token = g.body.substring(5, g.body.indexOf(' ', 5));
        int a = rnd.nextInt(token.length() - 20);
        needles.add(token.substring(a, a + 3 + rnd.nextInt(15))); // inside an over-long token
      }
    }
    for (String needle : needles) {
      String q = "{service_name=~\".+\"} |= `" + needle + "`";
      assertThat(logs(q, 10_000, Direction.BACKWARD))
          .as(needle)
          .isEqualTo(expected(g -> g.body.contains(needle), 10_000, true));
      assertThat(counts("|= `" + needle + "`"))
          .as("count of " + needle)
          .isEqualTo(bruteCounts(g -> g.body.contains(needle)));
    }
  }

  @Test
  void regexFiltersAndFilterChains() throws Exception {
    String[][] cases = {
      {"|~ `Err.r`", "(?s).*Err.r.*"},
      {"|~ `deadlock`", "(?s).*deadlock.*"},
      {"|~ `(?i)deadlock`", "(?si).*deadlock.*"},
      {"|~ `TIME[O]UT`", "(?s).*TIME[O]UT.*"},
      {"|= `Error` |= `Pool`", "(?s).*Error.*Pool.*"},
      {"|= `rror` != `ERROR`", null},
    };
    for (String[] c : cases) {
      java.util.function.Predicate<Gen> p =
          c[1] != null
              ? g -> g.body.matches(c[1])
              : g -> g.body.contains("rror") && !g.body.contains("ERROR");
      assertThat(logs("{service_name=~\".+\"} " + c[0], 10_000, Direction.BACKWARD))
          .as(c[0])
          .isEqualTo(expected(p, 10_000, true));
      assertThat(counts(c[0])).as("count " + c[0]).isEqualTo(bruteCounts(p));
    }
  }

  /** Per service, lines passing the filters in the 30 min before T0 + 60 min. */
  static Map<Labels, TreeMap<Long, Double>> counts(String filters) throws Exception {
    long t = T0 + 60 * MIN;
    return asMap(
        index.instant(
            Tenant.DEFAULT,
            "sum by (service_name) (count_over_time({service_name=~\".+\"} " + filters + " [30m]))",
            t));
  }

  static Map<Labels, TreeMap<Long, Double>> bruteCounts(Predicate<Gen> p) {
    long t = T0 + 60 * MIN;
    Map<Labels, TreeMap<Long, Double>> want = new HashMap<>();
    for (Gen g : corpus) {
      if (p.test(g) && g.ts > t - 30 * MIN && g.ts <= t) {
        want.computeIfAbsent(Labels.of("service_name", g.service), k -> new TreeMap<>())
            .merge(t / 1_000_000, 1.0, Double::sum);
      }
    }
    return want;
  }

  @Test
  void countOverTimeRange() throws Exception {
    long start = T0 + 10 * MIN;
    long end = T0 + 90 * MIN;
    long step = 5 * MIN;
    MetricResult r =
        index.range(
            Tenant.DEFAULT,
            "count_over_time({service_name=\"checkout\"} |= \"status\" [7m])",
            start,
            end,
            step);
    Map<Labels, TreeMap<Long, Double>> want = new HashMap<>();
    for (long t = start; t <= end; t += step) {
      for (Gen g : corpus) {
        if (g.service.equals("checkout")
            && g.body.contains("status")
            && g.ts > t - 7 * MIN
            && g.ts <= t) {
          Labels l =
              Labels.of(
                  "service_name",
                  "checkout",
                  "severity_text",
                  g.level,
                  "detected_level",
                  g.level.equals("WARN") ? "warn" : g.level.toLowerCase());
          want.computeIfAbsent(l, k -> new TreeMap<>()).merge(t / 1_000_000, 1.0, Double::sum);
        }
      }
    }
    assertThat(asMap(r)).isEqualTo(want);
  }

  @Test
  void comparisonsFilterOrMapEachSample() throws Exception {
    long start = T0 + 10 * MIN;
    long end = T0 + 90 * MIN;
    long step = 5 * MIN;
    Map<Labels, TreeMap<Long, Double>> counts = new HashMap<>();
    for (long t = start; t <= end; t += step) {
      for (Gen g : corpus) {
        if (g.level.equals("ERROR") && g.ts > t - 10 * MIN && g.ts <= t) {
          counts
              .computeIfAbsent(Labels.of("service_name", g.service), k -> new TreeMap<>())
              .merge(t / 1_000_000, 1.0, Double::sum);
        }
      }
    }
    // A threshold in the middle of the counts, so the filter both keeps and drops samples.
    List<Double> all = counts.values().stream().flatMap(m -> m.values().stream()).sorted().toList();
    double threshold = all.get(all.size() / 2);
    String counted =
        "sum by (service_name)"
            + " (count_over_time({service_name=~\".+\", severity_text=\"ERROR\"} [10m]))";
    Map<Labels, TreeMap<Long, Double>> kept = new HashMap<>();
    Map<Labels, TreeMap<Long, Double>> bools = new HashMap<>();
    counts.forEach((l, m) ->
        m.forEach((t, v) -> {
          if (v > threshold) {
            kept.computeIfAbsent(l, k -> new TreeMap<>()).put(t, v);
          }
          bools.computeIfAbsent(l, k -> new TreeMap<>()).put(t, v > threshold ? 1.0 : 0.0);
        }));
    assertThat(kept).isNotEmpty();
    assertThat(kept).isNotEqualTo(counts);
    assertThat(asMap(index.range(Tenant.DEFAULT, counted + " > " + threshold, start, end, step)))
        .isEqualTo(kept);
    assertThat(
            asMap(index.range(Tenant.DEFAULT, counted + " > bool " + threshold, start, end, step)))
        .isEqualTo(bools);
    // Parenthesised, and == against a value that never occurs: nothing.
    assertThat(index.range(Tenant.DEFAULT, "(" + counted + ") == 0.5", start, end, step).series())
        .isEmpty();
  }

  @Test
  void keepAndDropDecideTheSeriesOfAMetricQuery() throws Exception {
    long t = T0 + 60 * MIN;
    // logfmt labels every non-logfmt line with an error; keep leaves only the service.
    MetricResult kept =
        index.instant(
            Tenant.DEFAULT,
            "count_over_time({service_name=~\".+\"} | logfmt | keep service_name [30m])",
            t);
    Map<Labels, Double> want = new HashMap<>();
    for (Gen g : corpus) {
      if (g.ts > t - 30 * MIN && g.ts <= t) {
        want.merge(Labels.of("service_name", g.service), 1.0, Double::sum);
      }
    }
    assertThat(instantValues(kept)).isEqualTo(want).isNotEmpty();
    // drop with a value: only the matching services lose their label and fold into one series.
    MetricResult dropped =
        index.instant(
            Tenant.DEFAULT,
            "sum by (service_name) (count_over_time({service_name=~\".+\"} | drop"
                + " service_name=~\"a.*\" [30m]))",
            t);
    Map<Labels, Double> folded = new HashMap<>();
    want.forEach((l, v) ->
        folded.merge(l.get("service_name").startsWith("a") ? Labels.EMPTY : l, v, Double::sum));
    assertThat(instantValues(dropped)).isEqualTo(folded);
  }

  @Test
  void absentOverTimeIsOneWhereAWindowHasNoLine() throws Exception {
    // Lines span ~100 min from T0; a range from 30 min before to 30 min after has empty windows at
    // both ends, and a rare line filter leaves gaps in between.
    long start = T0 - 30 * MIN;
    long end = T0 + 130 * MIN;
    long step = MIN;
    String q =
        "absent_over_time({service_name=\"checkout\", detected_level=~\".+\"} |= \"ERROR\" [3m])";
    MetricResult r = index.range(Tenant.DEFAULT, q, start, end, step);
    TreeMap<Long, Double> want = new TreeMap<>();
    for (long t = start; t <= end; t += step) {
      long at = t;
      boolean any =
          corpus.stream()
              .anyMatch(g ->
                  g.service.equals("checkout")
                      && g.body.contains("ERROR")
                      && g.ts > at - 3 * MIN
                      && g.ts <= at);
      if (!any) {
        want.put(t / 1_000_000, 1.0);
      }
    }
    assertThat(want).isNotEmpty().hasSizeLessThan(161);
    // Labelled by the equality matchers only.
    assertThat(asMap(r)).isEqualTo(Map.of(Labels.of("service_name", "checkout"), want));
    // Where every window has lines: nothing.
    assertThat(
            index
                .instant(
                    Tenant.DEFAULT,
                    "absent_over_time({service_name=\"checkout\"}[30m])",
                    T0 + 60 * MIN)
                .series())
        .isEmpty();
  }

  @Test
  void aggregationsOverRates() throws Exception {
    long t = T0 + 60 * MIN;
    MetricResult sum =
        index.instant(
            Tenant.DEFAULT,
            "sum by (service_name) (rate({service_name=~\".+\"} |= \"GET\" [10m]))",
            t);
    Map<Labels, TreeMap<Long, Double>> want = new HashMap<>();
    for (Gen g : corpus) {
      if (g.body.contains("GET") && g.ts > t - 10 * MIN && g.ts <= t) {
        want.computeIfAbsent(Labels.of("service_name", g.service), k -> new TreeMap<>())
            .merge(t / 1_000_000, 1.0 / 600, Double::sum);
      }
    }
    assertThat(sum.vector()).isTrue();
    assertThat(asMap(sum).keySet()).isEqualTo(want.keySet());
    asMap(sum)
        .forEach((l, v) ->
            assertThat(v.firstEntry().getValue())
                .isCloseTo(
                    want.get(l).firstEntry().getValue(),
                    org.assertj.core.data.Offset.offset(1e-9)));

    MetricResult top =
        index.instant(
            Tenant.DEFAULT,
            "topk(2, sum by (service_name) (count_over_time({service_name=~\".+\"}[30m])))",
            t);
    Map<String, Double> counts = new HashMap<>();
    for (Gen g : corpus) {
      if (g.ts > t - 30 * MIN && g.ts <= t) {
        counts.merge(g.service, 1.0, Double::sum);
      }
    }
    List<Double> best =
        counts.values().stream().sorted(Comparator.reverseOrder()).limit(2).toList();
    assertThat(top.series()).extracting(s -> s.samples().get(0).value()).isEqualTo(best);

    MetricResult bytes =
        index.instant(
            Tenant.DEFAULT, "max(bytes_over_time({service_name=\"auth\"}[20m])) without ()", t);
    double byLevel = 0;
    Map<String, Double> perStream = new HashMap<>();
    for (Gen g : corpus) {
      if (g.service.equals("auth") && g.ts > t - 20 * MIN && g.ts <= t) {
        perStream.merge(
            g.level, (double) g.body.getBytes(StandardCharsets.UTF_8).length, Double::sum);
      }
    }
    for (double v : perStream.values()) {
      byLevel = Math.max(byLevel, v);
    }
    double maxBytes = byLevel;
    assertThat(bytes.series()).hasSize(perStream.size());
    assertThat(
            bytes.series().stream()
                .mapToDouble(s -> s.samples().get(0).value())
                .max()
                .orElseThrow())
        .isEqualTo(maxBytes);
    MetricResult one =
        index.instant(Tenant.DEFAULT, "max(bytes_over_time({service_name=\"auth\"}[20m]))", t);
    assertThat(one.series())
        .singleElement()
        .satisfies(s -> {
          assertThat(s.labels()).isEqualTo(Labels.EMPTY);
          assertThat(s.samples().get(0).value()).isEqualTo(maxBytes);
        });
  }

  /** An instant query's value per series. */
  static Map<Labels, Double> instantValues(MetricResult r) {
    Map<Labels, Double> m = new HashMap<>();
    asMap(r).forEach((l, v) -> m.put(l, v.firstEntry().getValue()));
    return m;
  }

  static Map<Labels, TreeMap<Long, Double>> asMap(MetricResult r) {
    Map<Labels, TreeMap<Long, Double>> m = new HashMap<>();
    for (SampleSeries s : r.series()) {
      TreeMap<Long, Double> points = new TreeMap<>();
      for (Sample p : s.samples()) {
        points.put(p.timestampMillis(), p.value());
      }
      m.put(s.labels(), points);
    }
    return m;
  }

  static int json(String body, String key) {
    int i = body.indexOf("\"" + key + "\":") + key.length() + 3;
    int j = i;
    while (Character.isDigit(body.charAt(j))) {
      j++;
    }
    return Integer.parseInt(body.substring(i, j));
  }
}
