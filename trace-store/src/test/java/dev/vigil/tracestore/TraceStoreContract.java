package dev.vigil.tracestore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.model.Tenant;
import dev.vigil.model.TraceId;
import dev.vigil.model.trace.SpanKind;
import dev.vigil.model.trace.StatusCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every way of holding spans must answer alike: run once with spans left in the buffer and
 * once with every append flushed to segments and the search index. Expected answers are computed
 * here from the generated spans, without the store's query code.
 */
abstract class TraceStoreContract {
  static final long T0 = 1_700_000_000_000_000_000L;
  static final Tenant ACME = new Tenant("acme");
  static final Tenant GLOBEX = new Tenant("globex");

  @TempDir Path dir;
  TraceStore store;
  final List<StoredSpan> spans = new ArrayList<>();

  /** Called after each append: flush or not. */
  abstract void afterAppend(TraceStore store) throws Exception;

  @BeforeEach
  void open() throws Exception {
    store =
        TraceStore.open(
            dir,
            TraceStoreOptions.defaults()
                .withMaintenanceInterval(Duration.ofHours(1))
                .withBlocks(
                    dev.vigil.tracestore.codec.BlockLayout.COLUMNS,
                    dev.vigil.tracestore.codec.Compression.ZSTD,
                    4 << 10));
    TraceGenerator g = new TraceGenerator(11, T0);
    for (int batch = 0; batch < 4; batch++) {
      List<StoredSpan> b = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        b.addAll(g.trace());
      }
      store.sink().append(TraceGenerator.batch(ACME, b));
      afterAppend(store);
      spans.addAll(b);
    }
  }

  @AfterEach
  void close() throws Exception {
    store.close();
  }

  Map<TraceId, List<StoredSpan>> byTrace() {
    Map<TraceId, List<StoredSpan>> m = new LinkedHashMap<>();
    spans.forEach(s -> m.computeIfAbsent(s.span().traceId(), k -> new ArrayList<>()).add(s));
    return m;
  }

  /** Trace ids with a span matching {@code p}, computed by brute force. */
  Set<TraceId> expected(Predicate<StoredSpan> p) {
    return spans.stream().filter(p).map(s -> s.span().traceId()).collect(Collectors.toSet());
  }

  Set<TraceId> found(TraceSearch q) throws Exception {
    return store.search(ACME, q).stream().map(TraceSummary::traceId).collect(Collectors.toSet());
  }

  static TraceSearch jaeger(
      String service, String op, Map<String, String> tags, Duration min, Duration max) {
    return TraceSearch.jaeger(service, op, tags, min, max, 0, Long.MAX_VALUE, 10_000);
  }

  static TraceSearch ql(String q) {
    return TraceSearch.traceQl(q, 0, Long.MAX_VALUE, 10_000);
  }

  @Test
  void traceByIdReturnsEverySpanWithResourceScopeAttributesEventsLinksAndStatus() throws Exception {
    for (Map.Entry<TraceId, List<StoredSpan>> e : byTrace().entrySet()) {
      Trace t = store.traceById(ACME, e.getKey()).orElseThrow();
      assertThat(t.spans()).containsExactlyInAnyOrderElementsOf(e.getValue());
      assertThat(t.spans())
          .isSortedAccordingTo(Comparator.comparingLong(s -> s.span().startTimeUnixNano()));
    }
    assertThat(store.traceById(ACME, new TraceId(1, 1))).isEmpty();
  }

  @Test
  void tenantsDoNotSeeEachOther() throws Exception {
    TraceId someAcme = spans.get(0).span().traceId();
    assertThat(store.traceById(GLOBEX, someAcme)).isEmpty();
    assertThat(store.search(GLOBEX, ql("{ }"))).isEmpty();
    assertThat(store.services(GLOBEX)).isEmpty();
    List<StoredSpan> globex = new TraceGenerator(5, T0).trace();
    store.sink().append(TraceGenerator.batch(GLOBEX, globex));
    afterAppend(store);
    TraceId g = globex.get(0).span().traceId();
    assertThat(store.traceById(GLOBEX, g).orElseThrow().spans()).hasSize(globex.size());
    assertThat(store.traceById(ACME, g)).isEmpty();
    assertThat(found(ql("{ }"))).doesNotContain(g);
    assertThat(store.search(GLOBEX, ql("{ }")))
        .extracting(TraceSummary::traceId)
        .containsExactly(g);
    assertThat(Files.isDirectory(dir.resolve("tenants").resolve("acme"))).isTrue();
    assertThat(Files.isDirectory(dir.resolve("tenants").resolve("globex"))).isTrue();
  }

  @Test
  void lateSpansJoinTheirTrace() throws Exception {
    TraceId id = spans.get(0).span().traceId();
    List<StoredSpan> original = byTrace().get(id);
    TraceGenerator g = new TraceGenerator(77, T0);
    List<StoredSpan> late = new ArrayList<>();
    for (StoredSpan s : g.trace()) {
      var x = s.span();
      late.add(
          new StoredSpan(
              s.resource(),
              s.scope(),
              new dev.vigil.model.trace.Span(
                  id,
                  x.spanId(),
                  x.traceState(),
                  original.get(0).span().spanId(),
                  x.flags(),
                  "late " + x.name(),
                  x.kind(),
                  x.startTimeUnixNano() + 300_000_000_000L,
                  x.endTimeUnixNano() + 300_000_000_000L,
                  x.attributes(),
                  x.droppedAttributesCount(),
                  x.events(),
                  x.droppedEventsCount(),
                  x.links(),
                  x.droppedLinksCount(),
                  x.status())));
    }
    store.flush(); // the first part is in a segment whatever the variant
    store.sink().append(TraceGenerator.batch(ACME, late));
    afterAppend(store);
    Trace t = store.traceById(ACME, id).orElseThrow();
    assertThat(t.spans()).hasSize(original.size() + late.size());
    assertThat(t.spans()).containsAll(late).containsAll(original);
    TraceSummary summary =
        store.search(ACME, ql("{ name = \"" + late.get(0).span().name() + "\" }")).stream()
            .filter(s -> s.traceId().equals(id))
            .findFirst()
            .orElseThrow();
    assertThat(summary.spanCount()).isEqualTo(original.size() + late.size());
  }

  @Test
  void summariesDescribeTheWholeTrace() throws Exception {
    List<TraceSummary> all = store.search(ACME, ql("{ }"));
    assertThat(all).hasSize(byTrace().size());
    for (TraceSummary s : all) {
      List<StoredSpan> trace = byTrace().get(s.traceId());
      StoredSpan root =
          trace.stream().filter(x -> x.span().parentSpanId() == 0).findFirst().orElseThrow();
      long start = trace.stream().mapToLong(x -> x.span().startTimeUnixNano()).min().orElseThrow();
      long end = trace.stream().mapToLong(x -> x.span().endTimeUnixNano()).max().orElseThrow();
      long errors =
          trace.stream().filter(x -> x.span().status().code() == StatusCode.ERROR).count();
      assertThat(s)
          .isEqualTo(
              new TraceSummary(
                  s.traceId(),
                  root.resource().attributes().getString("service.name"),
                  root.span().name(),
                  start,
                  end - start,
                  trace.size(),
                  (int) errors));
    }
  }

  @Test
  void limitKeepsTheNewestTraces() throws Exception {
    List<TraceSummary> five = store.search(ACME, TraceSearch.traceQl("{ }", 0, Long.MAX_VALUE, 5));
    List<TraceSummary> all = store.search(ACME, ql("{ }"));
    assertThat(five).isEqualTo(all.subList(0, 5));
    // Ranked by the newest span of each trace (every span matches { }).
    Map<TraceId, Long> newest = new HashMap<>();
    spans.forEach(s -> newest.merge(s.span().traceId(), s.span().startTimeUnixNano(), Math::max));
    assertThat(all)
        .extracting(s -> newest.get(s.traceId()))
        .isSortedAccordingTo(Comparator.reverseOrder());
  }

  @Test
  void jaegerServiceOperationTagsAndDurations() throws Exception {
    assertThat(found(jaeger("payment", null, Map.of(), null, null)))
        .isEqualTo(expected(s -> s.serviceName().equals("payment")));
    assertThat(found(jaeger("frontend", "GET /cart", Map.of(), null, null)))
        .isEqualTo(
            expected(
                s -> s.serviceName().equals("frontend") && s.span().name().equals("GET /cart")))
        .isNotEmpty();
    assertThat(found(jaeger(null, null, Map.of("http.status_code", "500"), null, null)))
        .isEqualTo(
            expected(s -> Long.valueOf(500).equals(s.span().attributes().get("http.status_code"))))
        .isNotEmpty();
    assertThat(found(jaeger(null, null, Map.of("host.name", "mailer-7f9c"), null, null)))
        .isEqualTo(expected(s -> s.serviceName().equals("mailer")))
        .isNotEmpty();
    assertThat(found(jaeger("checkout", null, Map.of("error", "true"), null, null)))
        .isEqualTo(
            expected(s ->
                s.serviceName().equals("checkout")
                    && s.span().status().code() == StatusCode.ERROR));
    Duration min = Duration.ofMillis(500);
    Duration max = Duration.ofMillis(900);
    assertThat(found(jaeger("frontend", null, Map.of(), min, max)))
        .isEqualTo(
            expected(s ->
                s.serviceName().equals("frontend")
                    && s.span().durationNanos() >= min.toNanos()
                    && s.span().durationNanos() <= max.toNanos()))
        .isNotEmpty();
  }

  @Test
  void timeRangeLimitsBySpanStart() throws Exception {
    long from = T0 + 1_000_000_000L;
    long to = T0 + 3_000_000_000L;
    Set<TraceId> got =
        store
            .search(
                ACME, TraceSearch.jaeger("frontend", null, Map.of(), null, null, from, to, 10_000))
            .stream()
            .map(TraceSummary::traceId)
            .collect(Collectors.toSet());
    assertThat(got)
        .isEqualTo(
            expected(s ->
                s.serviceName().equals("frontend")
                    && s.span().startTimeUnixNano() >= from
                    && s.span().startTimeUnixNano() <= to))
        .isNotEmpty();
  }

  @Test
  void traceQlIntrinsicsAttributesAndEvents() throws Exception {
    assertThat(
            found(
                ql(
                    "{ resource.service.name = \"checkout\" && duration > 100ms && status = error }")))
        .isEqualTo(
            expected(s ->
                s.serviceName().equals("checkout")
                    && s.span().durationNanos() > 100_000_000L
                    && s.span().status().code() == StatusCode.ERROR));
    assertThat(found(ql("{ kind = producer }")))
        .isEqualTo(expected(s -> s.span().kind() == SpanKind.PRODUCER))
        .isNotEmpty();
    assertThat(found(ql("{ kind != server && kind != client && kind != producer }")))
        .isEqualTo(expected(s -> s.span().kind() == SpanKind.CONSUMER));
    assertThat(found(ql("{ event.exception.type = \"java.io.IOException\" }")))
        .isEqualTo(expected(s -> s.span().status().code() == StatusCode.ERROR))
        .isNotEmpty();
    assertThat(
            found(ql("{ event.exception.message =~ \"connection reset by (payment|inventory)\" }")))
        .isEqualTo(
            expected(s ->
                s.span().status().code() == StatusCode.ERROR
                    && Set.of("payment", "inventory").contains(s.serviceName())));
    assertThat(found(ql("{ event:name = \"cache.miss\" }")))
        .isEqualTo(
            expected(s -> s.span().events().stream().anyMatch(e -> e.name().equals("cache.miss"))))
        .isNotEmpty();
    assertThat(found(ql("{ span.http.status_code >= 500 }")))
        .isEqualTo(expected(s -> ((Long) s.span().attributes().get("http.status_code")) >= 500));
    assertThat(found(ql("{ span.sampling.ratio < 0.5 && span.cache.hit = true }")))
        .isEqualTo(
            expected(s ->
                ((Double) s.span().attributes().get("sampling.ratio")) < 0.5
                    && (Boolean) s.span().attributes().get("cache.hit")))
        .isNotEmpty();
    assertThat(
            found(
                ql(
                    "{ .host.name = \"payment-7f9c\" || (name =~ \"SELECT .*\" && .user.id = \"user-3\") }")))
        .isEqualTo(
            expected(s ->
                s.serviceName().equals("payment")
                    || (s.span().name().startsWith("SELECT ")
                        && "user-3".equals(s.span().attributes().get("user.id")))))
        .isNotEmpty();
    assertThat(found(ql("{ statusMessage = \"upstream failed\" }")))
        .isEqualTo(expected(s -> s.span().status().code() == StatusCode.ERROR));
    assertThat(found(ql("{ span.user.id !~ \"user-[0-4]?[0-9]\" }"))).isEmpty();
    assertThat(found(ql("{ resource.service.name != \"frontend\" }")))
        .isEqualTo(expected(s -> !s.serviceName().equals("frontend")));
    assertThat(found(ql("{ span.no.such.key != \"x\" }"))).isEmpty();
  }

  @Test
  void servicesAndOperations() throws Exception {
    assertThat(store.services(ACME))
        .containsExactlyElementsOf(
            new TreeSet<>(spans.stream().map(StoredSpan::serviceName).toList()));
    Set<Operation> expected =
        new TreeSet<>(Comparator.comparing(Operation::name).thenComparing(Operation::kind));
    spans.stream()
        .filter(s -> s.serviceName().equals("checkout"))
        .forEach(s -> expected.add(new Operation(s.span().name(), s.span().kind())));
    assertThat(store.operations(ACME, "checkout")).containsExactlyElementsOf(expected);
    assertThat(store.operations(ACME, "nobody")).isEmpty();
  }

  @Test
  void dependenciesFromClientServerAndProducerConsumerPairs() throws Exception {
    Map<String, Long> calls = new HashMap<>();
    Map<TraceId, List<StoredSpan>> traces = byTrace();
    for (List<StoredSpan> t : traces.values()) {
      for (StoredSpan child : t) {
        for (StoredSpan parent : t) {
          boolean pair =
              parent.span().spanId() == child.span().parentSpanId()
                  && ((parent.span().kind() == SpanKind.CLIENT
                          && child.span().kind() == SpanKind.SERVER)
                      || (parent.span().kind() == SpanKind.PRODUCER
                          && child.span().kind() == SpanKind.CONSUMER))
                  && !parent.serviceName().equals(child.serviceName());
          if (pair) {
            calls.merge(parent.serviceName() + "->" + child.serviceName(), 1L, Long::sum);
          }
        }
      }
    }
    Map<String, Long> got = new HashMap<>();
    store
        .dependencies(ACME, 0, Long.MAX_VALUE)
        .forEach(e -> got.put(e.parent() + "->" + e.child(), e.callCount()));
    assertThat(got).isEqualTo(calls).containsKey("checkout->mailer");
  }
}
