package dev.vigil.collector.otlp;

import dev.vigil.model.Attributes;
import dev.vigil.model.TraceId;
import dev.vigil.model.trace.Span;
import dev.vigil.model.trace.SpanEvent;
import dev.vigil.model.trace.SpanKind;
import dev.vigil.model.trace.SpanLink;
import dev.vigil.model.trace.Status;
import dev.vigil.model.trace.StatusCode;
import java.util.List;

/**
 * Decodes one OTLP {@code Span} (with its events, links and status) straight from the wire, and
 * refuses it, as {@link SpanProtoMapper} does, when an id is malformed. Ids are checked once the
 * whole span is read, since a later occurrence of an id field replaces an earlier one. Consecutive
 * spans of one trace share one {@link TraceId} instance. Not thread-safe.
 */
final class SpanDecoder implements GroupsDecoder.ItemDecoder<Span> {
  private final ProtoReader r;
  private final ObjectStack stack;
  private final AttributesDecoder attributes;
  private final ObjectStack events = new ObjectStack();
  private final ObjectStack links = new ObjectStack();
  private Rejections rejections;
  private TraceId lastTraceId = new TraceId(0, 0);

  // The link being read: links do not nest, so one set of fields serves them all.
  private int linkCount;
  private String linkProblem;

  SpanDecoder(ProtoReader r, ObjectStack stack, AttributesDecoder attributes) {
    this.r = r;
    this.stack = stack;
    this.attributes = attributes;
  }

  void start(Rejections rejections) {
    this.rejections = rejections;
  }

  @Override
  public Span read() throws MalformedOtlpException {
    int outer = r.enterMessage();
    int attributesFrom = stack.size();
    byte[] b = r.buf;
    int traceOff = 0;
    int traceLen = 0;
    int spanOff = 0;
    int spanLen = 0;
    int parentOff = 0;
    int parentLen = 0;
    String traceState = "";
    int flags = 0;
    String name = "";
    int kind = 0;
    long start = 0;
    long end = 0;
    int droppedAttributes = 0;
    int droppedEvents = 0;
    int droppedLinks = 0;
    boolean hasStatus = false;
    int statusCode = 0;
    String statusMessage = "";
    linkCount = 0;
    linkProblem = null;
    events.truncate(0);
    links.truncate(0);
    while (r.hasMore()) {
      int tag = r.readTag();
      switch (tag) {
        case 10 -> {
          traceLen = r.readLength();
          traceOff = r.pos;
          r.pos += traceLen;
        }
        case 18 -> {
          spanLen = r.readLength();
          spanOff = r.pos;
          r.pos += spanLen;
        }
        case 26 -> traceState = r.readString("Span.trace_state");
        case 34 -> {
          parentLen = r.readLength();
          parentOff = r.pos;
          r.pos += parentLen;
        }
        case 133 -> flags = r.readFixed32();
        case 42 -> name = r.readString("Span.name");
        case 48 -> kind = r.readVarint32();
        case 57 -> start = r.readFixed64();
        case 65 -> end = r.readFixed64();
        case 74 -> attributes.readKeyValue();
        case 80 -> droppedAttributes = r.readVarint32();
        case 90 -> events.push(readEvent());
        case 96 -> droppedEvents = r.readVarint32();
        case 106 -> readLink();
        case 112 -> droppedLinks = r.readVarint32();
        case 122 -> {
          hasStatus = true;
          int statusOuter = r.enterMessage();
          while (r.hasMore()) {
            int t = r.readTag();
            switch (t) {
              case 18 -> statusMessage = r.readString("Status.message");
              case 24 -> statusCode = r.readVarint32();
              default -> r.skipField(t);
            }
          }
          r.leaveMessage(statusOuter);
        }
        default -> r.skipField(tag);
      }
    }
    r.leaveMessage(outer);
    Attributes attrs = attributes.popAttributes(attributesFrom);
    List<SpanEvent> eventList = events.popList(0);
    List<SpanLink> linkList = links.popList(0);

    String problem = IdRules.requiredTraceIdProblem(b, traceOff, traceLen);
    if (problem == null) {
      problem = IdRules.requiredSpanIdProblem(b, spanOff, spanLen);
    }
    if (problem == null) {
      problem = IdRules.optionalSpanIdProblem("parent_span_id", parentLen);
    }
    if (problem == null) {
      problem = linkProblem;
    }
    if (problem != null) {
      rejections.reject(1, RejectionReasons.span(name, problem));
      return null;
    }
    return new Span(
        traceId(b, traceOff),
        IdRules.bigEndianLong(b, spanOff),
        traceState,
        IdRules.spanId(b, parentOff, parentLen),
        flags,
        name,
        SpanKind.forNumber(kind),
        start,
        end,
        attrs,
        droppedAttributes,
        eventList,
        droppedEvents,
        linkList,
        droppedLinks,
        hasStatus ? status(statusCode, statusMessage) : Status.UNSET);
  }

  private static Status status(int code, String message) {
    return code == 0 && message.isEmpty()
        ? Status.UNSET
        : new Status(StatusCode.forNumber(code), message);
  }

  private TraceId traceId(byte[] b, int off) {
    long high = IdRules.bigEndianLong(b, off);
    long low = IdRules.bigEndianLong(b, off + 8);
    TraceId last = lastTraceId;
    if (last.high() == high && last.low() == low) {
      return last;
    }
    return lastTraceId = new TraceId(high, low);
  }

  private SpanEvent readEvent() throws MalformedOtlpException {
    int outer = r.enterMessage();
    int from = stack.size();
    long time = 0;
    String name = "";
    int dropped = 0;
    while (r.hasMore()) {
      int tag = r.readTag();
      switch (tag) {
        case 9 -> time = r.readFixed64();
        case 18 -> name = r.readString("Span.Event.name");
        case 26 -> attributes.readKeyValue();
        case 32 -> dropped = r.readVarint32();
        default -> r.skipField(tag);
      }
    }
    r.leaveMessage(outer);
    return new SpanEvent(time, name, attributes.popAttributes(from), dropped);
  }

  /** Reads a link; keeps it if its ids are valid, else remembers the first problem. */
  private void readLink() throws MalformedOtlpException {
    int outer = r.enterMessage();
    int from = stack.size();
    byte[] b = r.buf;
    int traceOff = 0;
    int traceLen = 0;
    int spanOff = 0;
    int spanLen = 0;
    String traceState = "";
    int dropped = 0;
    int flags = 0;
    while (r.hasMore()) {
      int tag = r.readTag();
      switch (tag) {
        case 10 -> {
          traceLen = r.readLength();
          traceOff = r.pos;
          r.pos += traceLen;
        }
        case 18 -> {
          spanLen = r.readLength();
          spanOff = r.pos;
          r.pos += spanLen;
        }
        case 26 -> traceState = r.readString("Span.Link.trace_state");
        case 34 -> attributes.readKeyValue();
        case 40 -> dropped = r.readVarint32();
        case 53 -> flags = r.readFixed32();
        default -> r.skipField(tag);
      }
    }
    r.leaveMessage(outer);
    Attributes attrs = attributes.popAttributes(from);
    int index = linkCount++;
    if (linkProblem != null) {
      return;
    }
    String problem = IdRules.requiredTraceIdProblem(b, traceOff, traceLen);
    if (problem == null) {
      problem = IdRules.requiredSpanIdProblem(b, spanOff, spanLen);
    }
    if (problem != null) {
      linkProblem = RejectionReasons.link(index, problem);
      return;
    }
    links.push(
        new SpanLink(
            new TraceId(IdRules.bigEndianLong(b, traceOff), IdRules.bigEndianLong(b, traceOff + 8)),
            IdRules.bigEndianLong(b, spanOff),
            traceState,
            attrs,
            dropped,
            flags));
  }
}
