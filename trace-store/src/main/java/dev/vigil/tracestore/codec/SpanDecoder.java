package dev.vigil.tracestore.codec;

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
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Reads what {@link SpanEncoder} wrote, from the same three streams (or one, for rows). */
public final class SpanDecoder {
  private final ByteReader ids;
  private final ByteReader nums;
  private final ByteReader text;

  public SpanDecoder(ByteReader ids, ByteReader nums, ByteReader text) {
    this.ids = ids;
    this.nums = nums;
    this.text = text;
  }

  public static SpanDecoder row(ByteReader r) {
    return new SpanDecoder(r, r, r);
  }

  public int count() {
    return nums.readVarInt();
  }

  public TraceId traceId() {
    return new TraceId(ids.readLong(), ids.readLong());
  }

  public Resource resource() {
    Attributes a = attributes();
    int dropped = nums.readUInt32();
    return new Resource(a, dropped, text.readString());
  }

  public Scope scope() {
    String name = text.readString();
    String version = text.readString();
    Attributes a = attributes();
    int dropped = nums.readUInt32();
    return new Scope(name, version, a, dropped, text.readString());
  }

  public Span span(TraceId traceId, long baseTime) {
    long spanId = ids.readLong();
    long parent = ids.readLong();
    String traceState = text.readString();
    int flags = nums.readUInt32();
    String name = text.readString();
    SpanKind kind = SpanKind.forNumber(nums.readByte());
    long start = baseTime + nums.readZigZag();
    long end = start + nums.readZigZag();
    Attributes attributes = attributes();
    int droppedAttributes = nums.readUInt32();
    int eventCount = nums.readVarInt();
    List<SpanEvent> events = eventCount == 0 ? List.of() : new ArrayList<>(eventCount);
    for (int i = 0; i < eventCount; i++) {
      long time = start + nums.readZigZag();
      String eventName = text.readString();
      Attributes ea = attributes();
      events.add(new SpanEvent(time, eventName, ea, nums.readUInt32()));
    }
    int droppedEvents = nums.readUInt32();
    int linkCount = nums.readVarInt();
    List<SpanLink> links = linkCount == 0 ? List.of() : new ArrayList<>(linkCount);
    for (int i = 0; i < linkCount; i++) {
      TraceId linked = traceId();
      long linkedSpan = ids.readLong();
      String state = text.readString();
      Attributes la = attributes();
      int dropped = nums.readUInt32();
      links.add(new SpanLink(linked, linkedSpan, state, la, dropped, nums.readUInt32()));
    }
    int droppedLinks = nums.readUInt32();
    StatusCode code = StatusCode.forNumber(nums.readByte());
    String message = text.readString();
    Status status =
        code == StatusCode.UNSET && message.isEmpty() ? Status.UNSET : new Status(code, message);
    return new Span(
        traceId,
        spanId,
        traceState,
        parent,
        flags,
        name,
        kind,
        start,
        end,
        attributes,
        droppedAttributes,
        events,
        droppedEvents,
        links,
        droppedLinks,
        status);
  }

  public Attributes attributes() {
    int n = nums.readVarInt();
    if (n == 0) {
      return Attributes.EMPTY;
    }
    Attributes.Builder b = Attributes.builder(n);
    for (int i = 0; i < n; i++) {
      String key = text.readString();
      b.put(key, value());
    }
    return b.build();
  }

  private Object value() {
    int tag = nums.readByte();
    return switch (tag) {
      case SpanEncoder.NULL -> null;
      case SpanEncoder.STRING -> text.readString();
      case SpanEncoder.TRUE -> Boolean.TRUE;
      case SpanEncoder.FALSE -> Boolean.FALSE;
      case SpanEncoder.LONG -> nums.readZigZag();
      case SpanEncoder.DOUBLE -> Double.longBitsToDouble(ids.readLong());
      case SpanEncoder.BYTES -> Bytes.copyOf(text.readBytes(nums.readVarInt()));
      case SpanEncoder.LIST -> {
        int n = nums.readVarInt();
        List<Object> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
          list.add(value());
        }
        yield Collections.unmodifiableList(list);
      }
      case SpanEncoder.KVLIST -> attributes();
      default -> throw new MalformedDataException("unknown attribute value tag " + tag);
    };
  }
}
