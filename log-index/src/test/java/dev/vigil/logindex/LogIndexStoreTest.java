package dev.vigil.logindex;

import static dev.vigil.logindex.Logs.T0;
import static dev.vigil.logindex.Logs.batch;
import static dev.vigil.logindex.Logs.line;
import static dev.vigil.logindex.Logs.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.logindex.query.Direction;
import dev.vigil.logindex.query.LogEntry;
import dev.vigil.logindex.store.PartitionSpan;
import dev.vigil.logindex.store.StoredCompression;
import dev.vigil.model.Attributes;
import dev.vigil.model.Tenant;
import dev.vigil.model.TraceId;
import dev.vigil.model.log.LogRecord;
import dev.vigil.model.series.LabelMatcher;
import dev.vigil.model.series.Labels;
import dev.vigil.model.sink.SinkException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What the store promises: appended records are found by every documented field. */
class LogIndexStoreTest {
  static final long MIN = 60_000_000_000L;
  static final long HOUR = 60 * MIN;
  static final TraceId TRACE = TraceId.fromHex("4bf92f3577b34da6a3ce929d0e0e4736");

  @TempDir Path dir;
  MutableClock clock = new MutableClock(T0 + HOUR);
  LogIndex index;

  @BeforeEach
  void open() throws Exception {
    index = LogIndex.open(dir, options().build());
  }

  LogIndexOptions.Builder options() {
    return LogIndexOptions.builder().clock(clock).granularity(PartitionSpan.Granularity.HOUR);
  }

  @AfterEach
  void close() throws Exception {
    index.close();
  }

  void append(String service, LogRecord... records) throws SinkException {
    index.sink().append(batch(service, List.of(records)));
  }

  List<String> search(String lucene) throws Exception {
    index.refresh();
    return index.search(Tenant.DEFAULT, lucene, 0, Long.MAX_VALUE, 100).stream()
        .map(LogEntry::line)
        .toList();
  }

  @Test
  void appendedRecordsAreFoundNewestFirst() throws Exception {
    append("checkout", line(T0, "first"), line(T0 + 2, "third"), line(T0 + 1, "second"));
    assertThat(search("*:*")).containsExactly("third", "second", "first");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "/api/v1/orders/42            | body:\"/api/v1/orders/42\"",
        "path part                    | body:orders",
        "IP whole                     | body:\"10.1.2.3\"",
        "IP octet                     | body:3",
        "UUID whole                   | body:\"550e8400-e29b-41d4-a716-446655440000\"",
        "UUID part                    | body:446655440000",
        "hex id                       | body:deadbeefcafe0001",
        "host:port                    | body:\"db.internal:5432\"",
        "case-insensitive word        | body:TIMEOUT",
        "trailing colon trimmed       | body:failed",
        "trace id                     | trace_id:4bf92f3577b34da6a3ce929d0e0e4736",
        "span id                      | span_id:00f067aa0ba902b7",
        "resource attribute           | resource.service.name:checkout",
        "nested resource attribute    | resource.k8s.pod.name:pod-7",
        "record attribute             | attributes.http.method:POST",
        "numeric attribute exact      | attributes.http.status_code:503",
        "numeric attribute range      | attributes.http.status_code:[500 TO 599]",
        "severity text                | severity_text:ERROR",
        "detected level               | detected_level:error",
        "severity number range        | severity_number:[17 TO 20]",
        "tenant (shared by both)      | tenant:default",
        "scope (shared by both)       | scope.name:test.scope",
      })
  void everyDocumentedFieldIsSearchable(String what, String query) throws Exception {
    String body =
        "POST /api/v1/orders/42 from 10.1.2.3 failed: TIMEOUT talking to db.internal:5432"
            + " request 550e8400-e29b-41d4-a716-446655440000 span deadbeefcafe0001";
    LogRecord r =
        record(
            T0,
            17,
            "ERROR",
            body,
            Attributes.of("http.method", "POST", "http.status_code", 503L),
            TRACE,
            0x00f067aa0ba902b7L);
    index
        .sink()
        .append(
            batch(
                Tenant.DEFAULT,
                Attributes.of(
                    "service.name",
                    "checkout",
                    "k8s",
                    Attributes.of("pod", Attributes.of("name", "pod-7"))),
                List.of(r)));
    append("other", line(T0 + 1, "unrelated"));
    if (what.contains("shared")) {
      assertThat(search(query)).as(what).containsExactlyInAnyOrder(body, "unrelated");
    } else {
      assertThat(search(query)).as(what).containsExactly(body);
    }
  }

  @Test
  void partitionsWrittenWithAnotherCompressionStayReadable() throws Exception {
    index.close();
    index = LogIndex.open(dir, options().compression(StoredCompression.LZ4).build());
    LogRecord before = record(T0, 9, "INFO", "written with lz4", Attributes.EMPTY, TRACE, 1);
    append("a", before);
    index.close();
    index = LogIndex.open(dir, options().build()); // zstd, into the same partition
    append("a", record(T0 + 1, 9, "INFO", "written with zstd", Attributes.EMPTY, TRACE, 2));
    assertThat(search("*:*")).containsExactly("written with zstd", "written with lz4");
    assertThat(index.trace(Tenant.DEFAULT, TRACE, 0, Long.MAX_VALUE, 10))
        .extracting(LogEntry::line)
        .containsExactly("written with lz4", "written with zstd");
  }

  @Test
  void aQuotedPathFindsThatPathNotItsSiblings() throws Exception {
    append("a", line(T0, "GET /cart/42 slow"), line(T0 + 1, "GET /cart/43 ok"));
    assertThat(search("body:\"/cart/43\"")).containsExactly("GET /cart/43 ok");
    assertThat(search("body:cart")).hasSize(2);
    assertThat(search("body:42")).containsExactly("GET /cart/42 slow");
  }

  @Test
  void numericRangeExcludesOthers() throws Exception {
    append(
        "a",
        record(T0, 9, "INFO", "ok", Attributes.of("http.status_code", 200L), null, 0),
        record(T0 + 1, 17, "ERROR", "bad", Attributes.of("http.status_code", 502L), null, 0));
    assertThat(search("attributes.http.status_code:[500 TO *]")).containsExactly("bad");
    assertThat(search("attributes.http.status_code:{200 TO 502}")).isEmpty();
  }

  @Test
  void tenantsAreIsolated() throws Exception {
    Tenant a = new Tenant("team-a");
    Tenant b = new Tenant("team-b");
    index.sink().append(batch(a, Attributes.of("service.name", "x"), List.of(line(T0, "for a"))));
    index.sink().append(batch(b, Attributes.of("service.name", "x"), List.of(line(T0, "for b"))));
    index.refresh();
    assertThat(index.search(a, "*:*", 0, Long.MAX_VALUE, 10))
        .extracting(LogEntry::line)
        .containsExactly("for a");
    assertThat(index.logs(b, "{service_name=\"x\"}", 0, Long.MAX_VALUE, 10, Direction.BACKWARD))
        .extracting(LogEntry::line)
        .containsExactly("for b");
    assertThat(index.queries().labelValues(new Tenant("team-c"), "service_name", 0, Long.MAX_VALUE))
        .isEmpty();
    assertThat(dir.resolve("tenants/team-a")).isDirectory();
    assertThat(dir.resolve("tenants/team-b")).isDirectory();
  }

  @Test
  void queriesOpenOnlyPartitionsInTheirRange() throws Exception {
    append("svc", line(T0, "hour 0"), line(T0 + HOUR, "hour 1"), line(T0 + 2 * HOUR - 1, "late"));
    index.close();
    index = LogIndex.open(dir, options().build());
    assertThat(index.store().openPartitions()).isEmpty();
    List<LogEntry> r =
        index.logs(
            Tenant.DEFAULT,
            "{service_name=\"svc\"}",
            T0 + HOUR,
            T0 + HOUR + MIN,
            10,
            Direction.BACKWARD);
    assertThat(r).extracting(LogEntry::line).containsExactly("hour 1");
    assertThat(index.store().openPartitions())
        .extracting(p -> p.span().startNanos())
        .containsExactly(PartitionSpan.of(PartitionSpan.Granularity.HOUR, T0 + HOUR).startNanos());
  }

  @Test
  void traceLookupReturnsEveryLineOfTheTraceOldestFirst() throws Exception {
    List<LogRecord> records = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      records.add(
          record(
              T0 + i * MIN,
              9,
              "INFO",
              "step " + i,
              Attributes.EMPTY,
              i % 2 == 0 ? TRACE : TraceId.fromHex("00000000000000000000000000000001"),
              i + 1));
    }
    append("svc", records.toArray(LogRecord[]::new));
    index.refresh();
    List<LogEntry> trace = index.trace(Tenant.DEFAULT, TRACE, 0, Long.MAX_VALUE, 1000);
    assertThat(trace).hasSize(25);
    assertThat(trace.get(0).line()).isEqualTo("step 0");
    assertThat(trace.get(24).line()).isEqualTo("step 48");
    assertThat(trace).allMatch(e -> e.source().record().traceId().equals(TRACE));
  }

  @Test
  void recordsKeepEveryFieldThroughTheStoredSource() throws Exception {
    LogRecord r =
        new LogRecord(
            T0,
            T0 + 5,
            13,
            "WARN",
            Attributes.of("msg", "structured", "n", 3L, "list", Attributes.array(1L, "two")),
            Attributes.of("k", true, "d", 1.5),
            2,
            1,
            TRACE,
            7L,
            "my.event");
    append("svc", r);
    index.refresh();
    LogEntry e = index.search(Tenant.DEFAULT, "*:*", 0, Long.MAX_VALUE, 1).get(0);
    assertThat(e.source().record()).isEqualTo(r);
    assertThat(e.source().resource()).isEqualTo(Attributes.of("service.name", "svc"));
    assertThat(e.line()).isEqualTo("{\"msg\":\"structured\",\"n\":3,\"list\":[1,\"two\"]}");
    assertThat(e.labels())
        .isEqualTo(
            Labels.of("service_name", "svc", "severity_text", "WARN", "detected_level", "warn"));
  }

  @Test
  void labelsAndSeriesListTheStreams() throws Exception {
    append("checkout", record(T0, 17, "ERROR", "x", Attributes.EMPTY, null, 0));
    append("cart", record(T0, 9, "INFO", "y", Attributes.EMPTY, null, 0));
    index.refresh();
    var q = index.queries();
    assertThat(q.labelNames(Tenant.DEFAULT, 0, Long.MAX_VALUE))
        .containsExactly("detected_level", "service_name", "severity_text");
    assertThat(q.labelValues(Tenant.DEFAULT, "service_name", 0, Long.MAX_VALUE))
        .containsExactly("cart", "checkout");
    assertThat(
            q.series(
                Tenant.DEFAULT,
                List.of(LabelMatcher.equal("detected_level", "error")),
                0,
                Long.MAX_VALUE))
        .containsExactly(
            Labels.of(
                "service_name", "checkout", "severity_text", "ERROR", "detected_level", "error"));
    assertThat(q.labelValues(Tenant.DEFAULT, "service_name", T0 + 1, Long.MAX_VALUE)).isEmpty();
  }

  @Test
  void limitsRefuseAndCountWithReasons() throws Exception {
    index.close();
    index =
        LogIndex.open(
            dir,
            options().maxRecordBytes(200).maxAttributesPerRecord(2).ingestRate(1000, 1000).build());
    Attributes three = Attributes.of("a", 1L, "b", 2L, "c", 3L);
    append(
        "s",
        line(T0, "x".repeat(500)),
        record(T0, 9, "", "attrs", three, null, 0),
        line(T0 - 8 * 24 * HOUR, "too old"),
        line(T0 + 3 * HOUR, "future"),
        line(T0, "ok"));
    LogIndexStats stats = index.stats();
    assertThat(stats.accepted()).isEqualTo(1);
    assertThat(stats.refused(RefusalReason.RECORD_TOO_LARGE)).isEqualTo(1);
    assertThat(stats.refused(RefusalReason.TOO_MANY_ATTRIBUTES)).isEqualTo(1);
    assertThat(stats.refused(RefusalReason.TOO_OLD)).isEqualTo(1);
    assertThat(stats.refused(RefusalReason.TOO_FAR_IN_FUTURE)).isEqualTo(1);
    List<LogRecord> many = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      many.add(line(T0, "line number " + i));
    }
    assertThatThrownBy(() -> index.sink().append(batch("s", many)))
        .isInstanceOf(SinkException.class)
        .hasMessageContaining("over its log ingest rate of 1000 bytes/s")
        .matches(e -> ((SinkException) e).retryable());
    assertThat(index.stats().refused(RefusalReason.RATE_LIMITED)).isEqualTo(30);
    clock.set(T0 + HOUR + 10_000_000_000L);
    index.sink().append(batch("s", many.subList(0, 5)));
    assertThat(index.stats().accepted()).isEqualTo(6);
  }

  @Test
  void reopenKeepsEverythingOnce() throws Exception {
    for (int i = 0; i < 20; i++) {
      append("svc", line(T0 + i, "line " + i));
    }
    index.commit();
    append("svc", line(T0 + 100, "after commit"));
    index.close();
    index = LogIndex.open(dir, options().build());
    assertThat(search("*:*")).hasSize(21).doesNotHaveDuplicates();
  }
}
