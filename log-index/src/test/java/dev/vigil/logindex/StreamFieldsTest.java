package dev.vigil.logindex;

import static dev.vigil.logindex.Logs.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.logindex.query.Direction;
import dev.vigil.logindex.query.LogEntry;
import dev.vigil.logindex.query.SampleSeries;
import dev.vigil.logindex.store.StoredCompression;
import dev.vigil.logindex.translog.SyncMode;
import dev.vigil.model.Attributes;
import dev.vigil.model.Bytes;
import dev.vigil.model.Tenant;
import dev.vigil.model.log.LogRecord;
import dev.vigil.model.series.LabelMatcher;
import dev.vigil.model.series.Labels;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.SortedSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Document format 5 keeps what a stream's records share (tenant, severity, resource) once per
 * stream; every query on those fields must answer as format 3, which indexes them per record. The
 * same random records (resources with strings, numbers, booleans, bytes, nested maps, lists, long
 * and empty values, colliding label names; severities with and without text) go into a format-5 and
 * a format-3 index, and every selector, plain search and label listing is compared, the selectors
 * taken from the label values the data has. A few answers are also counted by hand.
 */
class StreamFieldsTest {
  static final long SEC = 1_000_000_000L;
  static final Tenant TEAM_B = new Tenant("team-b");

  @TempDir Path dir;

  record Gen(Tenant tenant, Attributes resource, LogRecord record) {}

  static Attributes resource(Random rnd, int i) {
    String[] services = {"checkout", "cart", "search", "checkout-v2"};
    Attributes.Builder b = Attributes.builder();
    b.put("service.name", services[i % services.length]);
    if (i % 3 == 0) {
      b.put("k8s.pod.name", "pod-" + i);
    }
    b.put("process.pid", (long) (10 * i + 2));
    if (i % 2 == 0) {
      b.put("host.cores", 0.5 + i);
    }
    b.put("feature.enabled", i % 4 == 0);
    b.put("cloud", Attributes.of("region", i % 2 == 0 ? "eu" : "us", "zone", "z" + (i % 3)));
    if (i % 5 == 1) {
      b.put("tags", List.of("a", "b" + i));
    }
    if (i == 7) {
      b.put("service_name", "shadow"); // sanitizes to the same label as service.name
    }
    if (i == 8) {
      b.put("blob", Bytes.copyOf(new byte[] {1, 2, (byte) 0xfe}));
      b.put("empty", "");
      b.put("long.value", "x".repeat(5000));
    }
    if (rnd.nextBoolean()) {
      b.put("deployment.environment.name", "prod");
    }
    return b.build();
  }

  static List<Gen> corpus(Random rnd, int n) {
    List<Attributes> resources = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      resources.add(resource(rnd, i));
    }
    int[] numbers = {9, 17, 13, 0, 5, 21, 0};
    String[] texts = {"INFO", "ERROR", "WARN", "notice", "DEBUG", "", ""};
    String[] words = {"error", "timeout", "ok", "GET", "/cart/42", "retry", "alpha"};
    List<Gen> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int s = rnd.nextInt(numbers.length);
      StringBuilder body = new StringBuilder("line" + i);
      for (int w = rnd.nextInt(4); w >= 0; w--) {
        body.append(' ').append(words[rnd.nextInt(words.length)]);
      }
      LogRecord r =
          Logs.record(
              T0 + i * SEC, numbers[s], texts[s], body.toString(), Attributes.EMPTY, null, 0);
      out.add(
          new Gen(
              rnd.nextInt(5) == 0 ? TEAM_B : Tenant.DEFAULT,
              resources.get(rnd.nextInt(resources.size())),
              r));
    }
    return out;
  }

  @Test
  void formatFiveAnswersAsFormatThree() throws Exception {
    Random rnd = new Random(5);
    List<Gen> corpus = corpus(rnd, 2_000);
    try (LogIndex five = open("five", StoredCompression.ZSTD);
        LogIndex three = open("three", StoredCompression.LZ4)) {
      for (int part = 0; part < 4; part++) {
        // Several segments, some records of each resource in each.
        List<Gen> slice = corpus.subList(part * 500, (part + 1) * 500);
        for (Gen g : slice) {
          five.sink().append(Logs.batch(g.tenant, g.resource, List.of(g.record)));
          three.sink().append(Logs.batch(g.tenant, g.resource, List.of(g.record)));
        }
        five.refresh();
        three.refresh();
        if (part == 2) {
          five.commit();
          three.commit();
        }
      }
      for (Tenant tenant : List.of(Tenant.DEFAULT, TEAM_B)) {
        compare(five, three, tenant, corpus);
      }
      assertThat(
              five.logs(
                  Tenant.DEFAULT,
                  "{service_name=\"checkout\"}",
                  0,
                  Long.MAX_VALUE,
                  10_000,
                  Direction.BACKWARD))
          .hasSize(
              (int)
                  corpus.stream()
                      .filter(g -> g.tenant.equals(Tenant.DEFAULT))
                      .filter(g -> g.resource.get("service_name") == null)
                      .filter(g -> g.resource.get("service.name").equals("checkout"))
                      .count())
          .isNotEmpty();
      assertThat(search(five, TEAM_B, "tenant:team-b"))
          .hasSize((int) corpus.stream().filter(g -> g.tenant.equals(TEAM_B)).count());
      assertThat(search(five, TEAM_B, "tenant:default")).isEmpty();
    }
  }

  private void compare(LogIndex five, LogIndex three, Tenant tenant, List<Gen> corpus)
      throws Exception {
    SortedSet<String> names = three.queries().labelNames(tenant, 0, Long.MAX_VALUE);
    assertThat(names).contains("service_name", "cloud_region", "severity_text", "detected_level");
    assertThat(five.queries().labelNames(tenant, 0, Long.MAX_VALUE)).isEqualTo(names);
    List<String> selectors = new ArrayList<>();
    for (String name : names) {
      SortedSet<String> values = three.queries().labelValues(tenant, name, 0, Long.MAX_VALUE);
      assertThat(five.queries().labelValues(tenant, name, 0, Long.MAX_VALUE))
          .as(name)
          .isEqualTo(values);
      for (String v : values) {
        String quoted = "`" + v + "`";
        selectors.add("{" + name + "=" + quoted + "}");
        selectors.add("{" + name + "!=" + quoted + ", service_name=~\".+\"}");
      }
      selectors.add("{" + name + "=~\"c.*|e.*\"}");
      selectors.add("{" + name + "!~\"c.*\", detected_level=~\"info|warn\"}");
      selectors.add("{" + name + "=~\".+\"} |= \"error\"");
    }
    for (String selector : selectors) {
      assertThat(lines(five.logs(tenant, selector, 0, Long.MAX_VALUE, 10_000, Direction.BACKWARD)))
          .as(selector)
          .isEqualTo(
              lines(three.logs(tenant, selector, 0, Long.MAX_VALUE, 10_000, Direction.BACKWARD)));
    }
    for (List<LabelMatcher> m :
        List.of(
            List.of(LabelMatcher.equal("service_name", "cart")),
            List.of(LabelMatcher.of(LabelMatcher.Type.REGEX, "cloud_zone", "z[12]")),
            List.<LabelMatcher>of())) {
      List<Labels> series = three.queries().series(tenant, m, 0, Long.MAX_VALUE);
      assertThat(five.queries().series(tenant, m, 0, Long.MAX_VALUE)).isEqualTo(series);
    }
    String metric =
        "sum by (service_name, detected_level) (count_over_time({cloud_region=~\".+\"} [1h]))";
    assertThat(series(five.instant(tenant, metric, T0 + 3_000 * SEC)))
        .isEqualTo(series(three.instant(tenant, metric, T0 + 3_000 * SEC)));
    for (String q :
        List.of(
            "resource.service.name:checkout",
            "resource.service.name:check*",
            "resource.service.name:/c.*t/",
            "resource.service.name:chekout~1",
            "resource.service_name:shadow",
            "resource.process.pid:42",
            "resource.process.pid:[10 TO 50]",
            "resource.process.pid:{12 TO *]",
            "resource.host.cores:[1.5 TO *]",
            "resource.feature.enabled:true",
            "resource.cloud.region:eu AND resource.cloud.zone:z1",
            "resource.tags:a",
            "resource.blob:*",
            "resource.long.value:*",
            "resource.empty:*",
            "resource.k8s.pod.name:pod-3",
            "tenant:" + tenant.id(),
            "severity_number:[13 TO 24]",
            "severity_number:0",
            "severity_text:ERROR",
            "severity_text:notice",
            "detected_level:info",
            "NOT resource.service.name:cart AND body:error",
            "resource.service.name:checkout AND body:error",
            "resource.service.name:cart OR severity_text:WARN",
            "(resource.cloud.region:us -detected_level:debug) OR body:timeout",
            "body:retry")) {
      assertThat(search(five, tenant, q)).as(q).isEqualTo(search(three, tenant, q));
    }
    assertThat(search(five, tenant, "resource.service.name:check*")).isNotEmpty();
    assertThat(search(five, tenant, "resource.process.pid:[10 TO 50]")).isNotEmpty();
  }

  private static List<String> search(LogIndex index, Tenant tenant, String q) throws Exception {
    return lines(index.search(tenant, q, 0, Long.MAX_VALUE, 10_000));
  }

  private static List<String> lines(List<LogEntry> entries) {
    return entries.stream()
        .map(e -> e.timestampNanos() + " " + e.labels() + " " + e.line())
        .toList();
  }

  private static List<String> series(dev.vigil.logindex.query.MetricResult r) {
    return r.series().stream().map(SampleSeries::toString).toList();
  }

  private LogIndex open(String name, StoredCompression compression) throws Exception {
    return LogIndex.open(
        dir.resolve(name),
        LogIndexOptions.builder()
            .compression(compression)
            .clock(new MutableClock(T0 + 3_600 * SEC))
            .syncMode(SyncMode.NEVER)
            .build());
  }
}
