package dev.vigil.collector.otlp;

import dev.vigil.model.Attributes;
import dev.vigil.model.log.LogRecord;

/**
 * Decodes one OTLP {@code LogRecord} straight from the wire, and refuses it, as the mapper does,
 * when its trace or span id has a length other than none or the right one. Not thread-safe.
 */
final class LogRecordDecoder implements GroupsDecoder.ItemDecoder<LogRecord> {
  private final ProtoReader r;
  private final ObjectStack stack;
  private final AttributesDecoder attributes;
  private Rejections rejections;

  LogRecordDecoder(ProtoReader r, ObjectStack stack, AttributesDecoder attributes) {
    this.r = r;
    this.stack = stack;
    this.attributes = attributes;
  }

  void start(Rejections rejections) {
    this.rejections = rejections;
  }

  @Override
  public LogRecord read() throws MalformedOtlpException {
    int outer = r.enterMessage();
    int from = stack.size();
    byte[] b = r.buf;
    long time = 0;
    long observed = 0;
    int severity = 0;
    String severityText = "";
    int dropped = 0;
    int flags = 0;
    int traceOff = 0;
    int traceLen = 0;
    int spanOff = 0;
    int spanLen = 0;
    String eventName = "";
    attributes.resetBody();
    while (r.hasMore()) {
      int tag = r.readTag();
      switch (tag) {
        case 9 -> time = r.readFixed64();
        case 89 -> observed = r.readFixed64();
        case 16 -> severity = r.readVarint32();
        case 26 -> severityText = r.readString("LogRecord.severity_text");
        case 42 -> attributes.readBody();
        case 50 -> attributes.readKeyValue();
        case 56 -> dropped = r.readVarint32();
        case 69 -> flags = r.readFixed32();
        case 74 -> {
          traceLen = r.readLength();
          traceOff = r.pos;
          r.pos += traceLen;
        }
        case 82 -> {
          spanLen = r.readLength();
          spanOff = r.pos;
          r.pos += spanLen;
        }
        case 98 -> eventName = r.readString("LogRecord.event_name");
        default -> r.skipField(tag);
      }
    }
    r.leaveMessage(outer);
    Attributes attrs = attributes.popAttributes(from);
    Object body = attributes.body();
    String problem = IdRules.optionalTraceIdProblem(traceLen);
    if (problem == null) {
      problem = IdRules.optionalSpanIdProblem("span_id", spanLen);
    }
    if (problem != null) {
      rejections.reject(1, RejectionReasons.logRecord(problem));
      return null;
    }
    return new LogRecord(
        time,
        observed,
        severity,
        severityText,
        body,
        attrs,
        dropped,
        flags,
        IdRules.optionalTraceId(b, traceOff, traceLen),
        IdRules.spanId(b, spanOff, spanLen),
        eventName);
  }
}
