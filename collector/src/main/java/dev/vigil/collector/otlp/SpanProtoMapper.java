package dev.vigil.collector.otlp;

import static dev.vigil.collector.otlp.AttributeProtoMapper.attributes;

import dev.vigil.model.SpanId;
import dev.vigil.model.TraceId;
import dev.vigil.model.trace.Span;
import dev.vigil.model.trace.SpanEvent;
import dev.vigil.model.trace.SpanKind;
import dev.vigil.model.trace.SpanLink;
import dev.vigil.model.trace.Status;
import dev.vigil.model.trace.StatusCode;
import java.util.ArrayList;
import java.util.List;

/** Maps one generated OTLP span to the model, or refuses it for a malformed id. */
final class SpanProtoMapper {
  private SpanProtoMapper() {}

  /** The span, or null after recording in {@code rejections} why it is refused. */
  static Span span(io.opentelemetry.proto.trace.v1.Span s, Rejections rejections) {
    byte[] traceId = s.getTraceId().toByteArray();
    byte[] spanId = s.getSpanId().toByteArray();
    byte[] parent = s.getParentSpanId().toByteArray();
    String problem = IdRules.requiredTraceIdProblem(traceId, 0, traceId.length);
    if (problem == null) {
      problem = IdRules.requiredSpanIdProblem(spanId, 0, spanId.length);
    }
    if (problem == null) {
      problem = IdRules.optionalSpanIdProblem("parent_span_id", parent.length);
    }
    List<SpanLink> links = new ArrayList<>(s.getLinksCount());
    for (int i = 0; problem == null && i < s.getLinksCount(); i++) {
      var l = s.getLinks(i);
      byte[] lt = l.getTraceId().toByteArray();
      byte[] ls = l.getSpanId().toByteArray();
      String linkProblem = IdRules.requiredTraceIdProblem(lt, 0, lt.length);
      if (linkProblem == null) {
        linkProblem = IdRules.requiredSpanIdProblem(ls, 0, ls.length);
      }
      if (linkProblem != null) {
        problem = RejectionReasons.link(i, linkProblem);
      } else {
        links.add(
            new SpanLink(
                TraceId.fromBytes(lt, 0),
                SpanId.fromBytes(ls, 0),
                l.getTraceState(),
                attributes(l.getAttributesList()),
                l.getDroppedAttributesCount(),
                l.getFlags()));
      }
    }
    if (problem != null) {
      rejections.reject(1, RejectionReasons.span(s.getName(), problem));
      return null;
    }
    List<SpanEvent> events = new ArrayList<>(s.getEventsCount());
    for (var e : s.getEventsList()) {
      events.add(
          new SpanEvent(
              e.getTimeUnixNano(),
              e.getName(),
              attributes(e.getAttributesList()),
              e.getDroppedAttributesCount()));
    }
    Status status =
        s.hasStatus()
            ? new Status(
                StatusCode.forNumber(s.getStatus().getCodeValue()), s.getStatus().getMessage())
            : Status.UNSET;
    return new Span(
        TraceId.fromBytes(traceId, 0),
        SpanId.fromBytes(spanId, 0),
        s.getTraceState(),
        IdRules.spanId(parent, 0, parent.length),
        s.getFlags(),
        s.getName(),
        SpanKind.forNumber(s.getKindValue()),
        s.getStartTimeUnixNano(),
        s.getEndTimeUnixNano(),
        attributes(s.getAttributesList()),
        s.getDroppedAttributesCount(),
        events,
        s.getDroppedEventsCount(),
        links,
        s.getDroppedLinksCount(),
        status);
  }
}
