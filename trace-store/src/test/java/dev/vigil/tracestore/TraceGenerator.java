package dev.vigil.tracestore;

import dev.vigil.model.Attributes;
import dev.vigil.model.Batch;
import dev.vigil.model.Bytes;
import dev.vigil.model.Resource;
import dev.vigil.model.ResourceGroup;
import dev.vigil.model.Scope;
import dev.vigil.model.ScopeGroup;
import dev.vigil.model.Tenant;
import dev.vigil.model.TraceId;
import dev.vigil.model.trace.Span;
import dev.vigil.model.trace.SpanEvent;
import dev.vigil.model.trace.SpanKind;
import dev.vigil.model.trace.SpanLink;
import dev.vigil.model.trace.Status;
import dev.vigil.model.trace.StatusCode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Deterministic traces shaped like a small shop: frontend → checkout → payment/inventory over
 * client/server pairs, a queue (producer/consumer), database client spans, errors with exception
 * events, links, and attribute values of every model type.
 */
public final class TraceGenerator {
  public static final String[] SERVICES = {
    "frontend", "checkout", "payment", "inventory", "mailer"
  };
  private static final String[] ROUTES = {"/", "/cart", "/checkout", "/product/{id}", "/search"};

  private final Random random;
  private final Map<String, Resource> resources = new LinkedHashMap<>();
  private final Scope scope =
      new Scope("io.opentelemetry.http", "1.2.0", Attributes.of("lib", "otel"), 0, "");
  private final int maxGapNanos;
  private long clock;

  public TraceGenerator(long seed, long startUnixNano) {
    this(seed, startUnixNano, 50_000_000);
  }

  /**
   * With traces starting 1 ms plus up to {@code maxGapNanos} apart (the benchmark packs its spans
   * into one hour this way).
   */
  public TraceGenerator(long seed, long startUnixNano, int maxGapNanos) {
    this.maxGapNanos = maxGapNanos;
    this.random = new Random(seed);
    this.clock = startUnixNano;
    for (String s : SERVICES) {
      resources.put(
          s,
          new Resource(
              Attributes.of(
                  "service.name", s,
                  "service.version", "1." + (s.length() % 3),
                  "host.name", s + "-7f9c",
                  "k8s.pod.uid", "c0ffee-" + s),
              0,
              "https://opentelemetry.io/schemas/1.24.0"));
    }
  }

  public Resource resource(String service) {
    return resources.get(service);
  }

  public Scope scope() {
    return scope;
  }

  public TraceId nextTraceId() {
    long hi = random.nextLong();
    long lo = random.nextLong();
    return new TraceId(hi, lo == 0 && hi == 0 ? 1 : lo);
  }

  /** A trace of 4 to about 20 spans starting at the generator's clock, which then moves on. */
  public List<StoredSpan> trace() {
    TraceId id = nextTraceId();
    long start = clock;
    clock += 1_000_000L + random.nextInt(maxGapNanos);
    List<StoredSpan> out = new ArrayList<>();
    String route = ROUTES[random.nextInt(ROUTES.length)];
    boolean fail = random.nextInt(10) == 0;
    long rootDur = 5_000_000L + random.nextInt(2_000_000_000);
    long root = span(out, id, 0, "frontend", "GET " + route, SpanKind.SERVER, start, rootDur, fail);
    int calls = 1 + random.nextInt(3);
    for (int i = 0; i < calls; i++) {
      String callee = SERVICES[1 + random.nextInt(3)];
      long cs = start + rootDur / 10 * (i + 1);
      long cd = rootDur / 10;
      boolean calleeFails = fail && i == 0;
      long client =
          span(out, id, root, "frontend", "POST /" + callee, SpanKind.CLIENT, cs, cd, calleeFails);
      long server =
          span(
              out,
              id,
              client,
              callee,
              "POST /" + callee,
              SpanKind.SERVER,
              cs + 100_000,
              cd - 200_000,
              calleeFails);
      span(
          out,
          id,
          server,
          callee,
          "SELECT " + callee,
          SpanKind.CLIENT,
          cs + 200_000,
          cd / 3,
          false);
      if (callee.equals("checkout")) {
        long p =
            span(
                out,
                id,
                server,
                "checkout",
                "orders publish",
                SpanKind.PRODUCER,
                cs,
                50_000,
                false);
        span(
            out,
            id,
            p,
            "mailer",
            "orders process",
            SpanKind.CONSUMER,
            cs + 900_000,
            2_000_000,
            false);
      }
    }
    return out;
  }

  private long span(
      List<StoredSpan> out,
      TraceId trace,
      long parent,
      String service,
      String name,
      SpanKind kind,
      long start,
      long duration,
      boolean error) {
    long id = random.nextLong() | 1;
    Attributes.Builder a = Attributes.builder();
    a.put("http.route", name.substring(name.indexOf(' ') + 1));
    a.put("http.status_code", (long) (error ? 500 : 200));
    a.put("sampling.ratio", random.nextInt(4) / 4.0);
    a.put("cache.hit", random.nextBoolean());
    a.put("user.id", "user-" + random.nextInt(50));
    if (random.nextInt(5) == 0) {
      a.put("payload.digest", Bytes.copyOf(new byte[] {1, 2, (byte) random.nextInt()}));
      a.put("tags", Attributes.array("a", 1L, 2.5, true));
      a.put("nested", Attributes.of("k", "v", "n", 3L));
      a.put("empty", null);
    }
    List<SpanEvent> events = new ArrayList<>();
    if (error) {
      events.add(
          new SpanEvent(
              start + duration / 2,
              "exception",
              Attributes.of(
                  "exception.type",
                  "java.io.IOException",
                  "exception.message",
                  "connection reset by " + service),
              0));
    }
    if (random.nextInt(4) == 0) {
      events.add(
          new SpanEvent(
              start + 10, "cache.miss", Attributes.of("key", "k" + random.nextInt(9)), 1));
    }
    List<SpanLink> links = new ArrayList<>();
    if (random.nextInt(6) == 0) {
      links.add(
          new SpanLink(
              nextTraceId(),
              random.nextLong() | 1,
              "rojo=00f067aa0ba902b7",
              Attributes.of("link.kind", "follows"),
              0,
              1));
    }
    Status status =
        error
            ? new Status(StatusCode.ERROR, "upstream failed")
            : (random.nextInt(3) == 0 ? new Status(StatusCode.OK, "") : Status.UNSET);
    Span s =
        new Span(
            trace,
            id,
            random.nextInt(8) == 0 ? "congo=t61rcWkgMzE" : "",
            parent,
            1,
            name,
            kind,
            start,
            start + duration,
            a.build(),
            random.nextInt(10) == 0 ? 2 : 0,
            events,
            0,
            links,
            0,
            status);
    out.add(new StoredSpan(resources.get(service), scope, s));
    return id;
  }

  /**
   * One trace of exactly {@code spanCount} spans: whole generated traces joined under the first
   * one's root (each further root becomes a child of it), cut at {@code spanCount}.
   */
  public List<StoredSpan> trace(int spanCount) {
    List<StoredSpan> out = new ArrayList<>(trace());
    TraceId id = out.get(0).span().traceId();
    long root = out.get(0).span().spanId();
    while (out.size() < spanCount) {
      for (StoredSpan s : trace()) {
        Span p = s.span();
        Span joined =
            new Span(
                id,
                p.spanId(),
                p.traceState(),
                p.isRoot() ? root : p.parentSpanId(),
                p.flags(),
                p.name(),
                p.kind(),
                p.startTimeUnixNano(),
                p.endTimeUnixNano(),
                p.attributes(),
                p.droppedAttributesCount(),
                p.events(),
                p.droppedEventsCount(),
                p.links(),
                p.droppedLinksCount(),
                p.status());
        out.add(new StoredSpan(s.resource(), s.scope(), joined));
      }
    }
    return new ArrayList<>(out.subList(0, spanCount));
  }

  /** Groups spans into a batch by resource, as an SDK exporter would. */
  public static Batch<Span> batch(Tenant tenant, List<StoredSpan> spans) {
    Map<Resource, Map<Scope, List<Span>>> groups = new LinkedHashMap<>();
    for (StoredSpan s : spans) {
      groups
          .computeIfAbsent(s.resource(), r -> new LinkedHashMap<>())
          .computeIfAbsent(s.scope(), x -> new ArrayList<>())
          .add(s.span());
    }
    List<ResourceGroup<Span>> rgs = new ArrayList<>();
    groups.forEach((r, scopes) -> {
      List<ScopeGroup<Span>> sgs = new ArrayList<>();
      scopes.forEach((sc, items) -> sgs.add(new ScopeGroup<>(sc, items)));
      rgs.add(new ResourceGroup<>(r, sgs));
    });
    return new Batch<>(tenant, rgs);
  }
}
