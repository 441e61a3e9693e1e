package dev.vigil.tracestore.codec;

import dev.vigil.model.Attributes;
import dev.vigil.model.Bytes;
import dev.vigil.model.Resource;
import dev.vigil.model.Scope;
import dev.vigil.model.TraceId;
import dev.vigil.model.trace.Span;
import dev.vigil.model.trace.SpanEvent;
import dev.vigil.model.trace.SpanLink;
import java.util.List;

/**
 * Writes spans, resources and scopes field by field into three streams by kind of value: fixed
 * 8-byte ids, varint numbers, and text. A row layout passes the same writer three times; the
 * columnar layout passes three, so that like values sit together and compress better. {@link
 * SpanDecoder} reads the fields back in the same order.
 */
public final class SpanEncoder {
  static final int NULL = 0;
  static final int STRING = 1;
  static final int TRUE = 2;
  static final int FALSE = 3;
  static final int LONG = 4;
  static final int DOUBLE = 5;
  static final int BYTES = 6;
  static final int LIST = 7;
  static final int KVLIST = 8;

  private final ByteWriter ids;
  private final ByteWriter nums;
  private final ByteWriter text;

  public SpanEncoder(ByteWriter ids, ByteWriter nums, ByteWriter text) {
    this.ids = ids;
    this.nums = nums;
    this.text = text;
  }

  public static SpanEncoder row(ByteWriter w) {
    return new SpanEncoder(w, w, w);
  }

  public void count(int n) {
    nums.writeVarInt(n);
  }

  public void traceId(TraceId id) {
    ids.writeLong(id.high());
    ids.writeLong(id.low());
  }

  public void resource(Resource r) {
    attributes(r.attributes());
    nums.writeVarInt(r.droppedAttributesCount());
    text.writeString(r.schemaUrl());
  }

  public void scope(Scope s) {
    text.writeString(s.name());
    text.writeString(s.version());
    attributes(s.attributes());
    nums.writeVarInt(s.droppedAttributesCount());
    text.writeString(s.schemaUrl());
  }

  /**
   * Writes every field but the trace id, which the caller writes once per trace. Times are deltas
   * from {@code baseTime} (the previous span's start), so sorted spans cost a byte or three.
   */
  public void span(Span s, long baseTime) {
    ids.writeLong(s.spanId());
    ids.writeLong(s.parentSpanId());
    text.writeString(s.traceState());
    nums.writeVarInt(s.flags());
    text.writeString(s.name());
    nums.writeByte(s.kind().ordinal());
    nums.writeZigZag(s.startTimeUnixNano() - baseTime);
    nums.writeZigZag(s.endTimeUnixNano() - s.startTimeUnixNano());
    attributes(s.attributes());
    nums.writeVarInt(s.droppedAttributesCount());
    nums.writeVarInt(s.events().size());
    for (SpanEvent e : s.events()) {
      nums.writeZigZag(e.timeUnixNano() - s.startTimeUnixNano());
      text.writeString(e.name());
      attributes(e.attributes());
      nums.writeVarInt(e.droppedAttributesCount());
    }
    nums.writeVarInt(s.droppedEventsCount());
    nums.writeVarInt(s.links().size());
    for (SpanLink l : s.links()) {
      traceId(l.traceId());
      ids.writeLong(l.spanId());
      text.writeString(l.traceState());
      attributes(l.attributes());
      nums.writeVarInt(l.droppedAttributesCount());
      nums.writeVarInt(l.flags());
    }
    nums.writeVarInt(s.droppedLinksCount());
    nums.writeByte(s.status().code().ordinal());
    text.writeString(s.status().message());
  }

  public void attributes(Attributes a) {
    nums.writeVarInt(a.size());
    for (int i = 0; i < a.size(); i++) {
      text.writeString(a.key(i));
      value(a.value(i));
    }
  }

  private void value(Object v) {
    switch (v) {
      case null -> nums.writeByte(NULL);
      case String s -> {
        nums.writeByte(STRING);
        text.writeString(s);
      }
      case Boolean b -> nums.writeByte(b ? TRUE : FALSE);
      case Long l -> {
        nums.writeByte(LONG);
        nums.writeZigZag(l);
      }
      case Double d -> {
        nums.writeByte(DOUBLE);
        ids.writeLong(Double.doubleToRawLongBits(d));
      }
      case Bytes b -> {
        nums.writeByte(BYTES);
        byte[] raw = b.toByteArray();
        nums.writeVarInt(raw.length);
        text.writeBytes(raw, 0, raw.length);
      }
      case List<?> list -> {
        nums.writeByte(LIST);
        nums.writeVarInt(list.size());
        for (Object o : list) {
          value(o);
        }
      }
      case Attributes kv -> {
        nums.writeByte(KVLIST);
        attributes(kv);
      }
      default ->
          throw new IllegalStateException(
              "BUG: attribute value type " + v.getClass().getName() + " passed the model's check");
    }
  }
}
