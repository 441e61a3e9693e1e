package dev.vigil.tracestore.codec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.model.Attributes;
import dev.vigil.model.Bytes;
import dev.vigil.model.Resource;
import dev.vigil.model.Scope;
import dev.vigil.model.TraceId;
import dev.vigil.model.trace.Span;
import dev.vigil.model.trace.SpanEvent;
import dev.vigil.model.trace.SpanKind;
import dev.vigil.model.trace.SpanLink;
import dev.vigil.model.trace.Status;
import dev.vigil.model.trace.StatusCode;
import dev.vigil.tracestore.StoredSpan;
import dev.vigil.tracestore.Trace;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/** Any span the model can hold survives both block layouts and the log record bit for bit. */
class SpanCodecPropertyTest {

  @Property(tries = 300)
  void blocksRoundTrip(@ForAll("traces") @Size(min = 1, max = 6) List<Trace> traces) {
    for (BlockLayout layout : BlockLayout.values()) {
      byte[] raw = TraceBlockCodec.encode(traces, layout);
      assertThat(TraceBlockCodec.decode(raw, layout, id -> true)).isEqualTo(traces);
    }
  }

  @Property(tries = 300)
  void attributesRoundTrip(@ForAll("attributes") Attributes a) {
    ByteWriter w = new ByteWriter(8);
    SpanEncoder.row(w).attributes(a);
    ByteReader r = new ByteReader(w.toByteArray());
    assertThat(SpanDecoder.row(r).attributes()).isEqualTo(a);
    assertThat(r.hasRemaining()).isFalse();
  }

  @Provide
  Arbitrary<List<Trace>> traces() {
    return trace().list().ofMinSize(1).ofMaxSize(6);
  }

  private Arbitrary<Trace> trace() {
    Arbitrary<TraceId> ids =
        Combinators.combine(Arbitraries.longs(), Arbitraries.longs().filter(l -> l != 0))
            .as(TraceId::new);
    return Combinators.combine(ids, storedSpan().list().ofMinSize(1).ofMaxSize(5))
        .as((id, spans) -> {
          List<StoredSpan> fixed = new ArrayList<>();
          for (StoredSpan s : spans) {
            Span x = s.span();
            fixed.add(
                new StoredSpan(
                    s.resource(),
                    s.scope(),
                    new Span(
                        id,
                        x.spanId(),
                        x.traceState(),
                        x.parentSpanId(),
                        x.flags(),
                        x.name(),
                        x.kind(),
                        x.startTimeUnixNano(),
                        x.endTimeUnixNano(),
                        x.attributes(),
                        x.droppedAttributesCount(),
                        x.events(),
                        x.droppedEventsCount(),
                        x.links(),
                        x.droppedLinksCount(),
                        x.status())));
          }
          fixed.sort(Comparator.comparingLong(s -> s.span().startTimeUnixNano()));
          return new Trace(id, fixed);
        });
  }

  private Arbitrary<StoredSpan> storedSpan() {
    Arbitrary<Resource> resources =
        Combinators.combine(attributes(), Arbitraries.integers().between(0, 5), text())
            .as(Resource::new);
    Arbitrary<Scope> scopes =
        Combinators.combine(
                text(), text(), attributes(), Arbitraries.integers().between(0, 3), text())
            .as(Scope::new);
    Arbitrary<SpanEvent> events =
        Combinators.combine(
                Arbitraries.longs(), text(), attributes(), Arbitraries.integers().greaterOrEqual(0))
            .as(SpanEvent::new);
    Arbitrary<SpanLink> links =
        Combinators.combine(
                Arbitraries.longs(),
                Arbitraries.longs(),
                text(),
                attributes(),
                Arbitraries.integers().greaterOrEqual(0),
                Arbitraries.integers())
            .as((h, s, st, a, d, f) ->
                new SpanLink(new TraceId(h, h == 0 ? 1 : s), s, st, a, d, f));
    Arbitrary<Status> statuses =
        Combinators.combine(Arbitraries.of(StatusCode.class), text()).as(Status::new);
    Arbitrary<Span> spans =
        Combinators.combine(
                Arbitraries.longs(),
                Arbitraries.longs(),
                text(),
                Arbitraries.of(SpanKind.class),
                Arbitraries.longs(),
                Arbitraries.longs(),
                attributes(),
                events.list().ofMaxSize(3))
            .as((id, parent, name, kind, start, end, attrs, ev) ->
                new Span(
                    new TraceId(1, 1),
                    id,
                    "",
                    parent,
                    1,
                    name,
                    kind,
                    start,
                    end,
                    attrs,
                    0,
                    ev,
                    2,
                    List.of(),
                    0,
                    Status.UNSET));
    return Combinators.combine(
            resources,
            scopes,
            spans,
            links.list().ofMaxSize(2),
            statuses,
            Arbitraries.integers(),
            text())
        .as((r, sc, s, l, st, flags, state) ->
            new StoredSpan(
                r,
                sc,
                new Span(
                    s.traceId(),
                    s.spanId(),
                    state,
                    s.parentSpanId(),
                    flags,
                    s.name(),
                    s.kind(),
                    s.startTimeUnixNano(),
                    s.endTimeUnixNano(),
                    s.attributes(),
                    s.droppedAttributesCount(),
                    s.events(),
                    s.droppedEventsCount(),
                    l,
                    7,
                    st)));
  }

  private static Arbitrary<String> text() {
    return Arbitraries.strings().ofMaxLength(12);
  }

  @Provide
  Arbitrary<Attributes> attributes() {
    return value(2)
        .list()
        .ofMaxSize(4)
        .flatMap(values ->
            text()
                .list()
                .ofSize(values.size())
                .map(keys -> {
                  Attributes.Builder b = Attributes.builder();
                  for (int i = 0; i < keys.size(); i++) {
                    b.put(keys.get(i), values.get(i));
                  }
                  return b.build();
                }));
  }

  private Arbitrary<Object> value(int depth) {
    List<Arbitrary<?>> choices =
        new ArrayList<>(
            List.of(
                text(),
                Arbitraries.longs(),
                Arbitraries.doubles()
                    .withSpecialValue(Double.NaN)
                    .withSpecialValue(-0.0)
                    .withSpecialValue(Double.POSITIVE_INFINITY),
                Arbitraries.of(true, false),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(5).map(Bytes::copyOf),
                Arbitraries.just(null)));
    if (depth > 0) {
      choices.add(
          value(depth - 1)
              .list()
              .ofMaxSize(3)
              .map(l -> (Object) java.util.Collections.unmodifiableList(l)));
      choices.add(
          value(depth - 1)
              .list()
              .ofMaxSize(2)
              .map(l -> {
                Attributes.Builder b = Attributes.builder();
                for (int i = 0; i < l.size(); i++) {
                  b.put("k" + i, l.get(i));
                }
                return (Object) b.build();
              }));
    }
    @SuppressWarnings({"unchecked", "rawtypes"})
    Arbitrary<Object> one = (Arbitrary<Object>) (Arbitrary) Arbitraries.oneOf((List) choices);
    return one;
  }
}
