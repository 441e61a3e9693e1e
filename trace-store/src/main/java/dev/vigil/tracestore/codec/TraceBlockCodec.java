package dev.vigil.tracestore.codec;

import dev.vigil.model.Resource;
import dev.vigil.model.Scope;
import dev.vigil.model.TraceId;
import dev.vigil.model.trace.Span;
import dev.vigil.tracestore.StoredSpan;
import dev.vigil.tracestore.Trace;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The uncompressed content of one segment block: whole traces, with the block's distinct resources
 * and scopes written once and referred to by index (a service sends the same resource with every
 * span; repeating it per span would dominate the block).
 */
public final class TraceBlockCodec {
  private TraceBlockCodec() {}

  /** Encodes {@code traces} (each sorted by start time) in {@code layout}. */
  public static byte[] encode(List<Trace> traces, BlockLayout layout) {
    Map<Resource, Integer> resources = new HashMap<>();
    Map<Scope, Integer> scopes = new HashMap<>();
    List<Resource> resourceList = new ArrayList<>();
    List<Scope> scopeList = new ArrayList<>();
    for (Trace t : traces) {
      for (StoredSpan s : t.spans()) {
        if (resources.putIfAbsent(s.resource(), resources.size()) == null) {
          resourceList.add(s.resource());
        }
        if (scopes.putIfAbsent(s.scope(), scopes.size()) == null) {
          scopeList.add(s.scope());
        }
      }
    }
    ByteWriter ids = new ByteWriter(4096);
    ByteWriter nums = layout == BlockLayout.ROW ? ids : new ByteWriter(4096);
    ByteWriter text = layout == BlockLayout.ROW ? ids : new ByteWriter(4096);
    SpanEncoder enc = new SpanEncoder(ids, nums, text);
    enc.count(resourceList.size());
    resourceList.forEach(enc::resource);
    enc.count(scopeList.size());
    scopeList.forEach(enc::scope);
    enc.count(traces.size());
    long base = 0;
    for (Trace t : traces) {
      enc.traceId(t.traceId());
      enc.count(t.spans().size());
      for (StoredSpan s : t.spans()) {
        enc.count(resources.get(s.resource()));
        enc.count(scopes.get(s.scope()));
        enc.span(s.span(), base);
        base = s.span().startTimeUnixNano();
      }
    }
    if (layout == BlockLayout.ROW) {
      return ids.toByteArray();
    }
    ByteWriter out = new ByteWriter(ids.size() + nums.size() + text.size() + 16);
    out.writeVarInt(ids.size());
    out.writeVarInt(nums.size());
    out.writeBytes(ids.array(), 0, ids.size());
    out.writeBytes(nums.array(), 0, nums.size());
    out.writeBytes(text.array(), 0, text.size());
    return out.toByteArray();
  }

  /** Decodes the traces {@code wanted} accepts; the others are parsed and dropped. */
  public static List<Trace> decode(byte[] raw, BlockLayout layout, Predicate<TraceId> wanted) {
    SpanDecoder dec;
    if (layout == BlockLayout.ROW) {
      dec = SpanDecoder.row(new ByteReader(raw));
    } else {
      ByteReader head = new ByteReader(raw);
      int idsLen = head.readVarInt();
      int numsLen = head.readVarInt();
      int start = head.position();
      if ((long) start + idsLen + numsLen > raw.length) {
        throw new MalformedDataException("stream lengths exceed the block");
      }
      dec =
          new SpanDecoder(
              new ByteReader(raw, start, idsLen),
              new ByteReader(raw, start + idsLen, numsLen),
              new ByteReader(raw, start + idsLen + numsLen, raw.length - start - idsLen - numsLen));
    }
    int resourceCount = dec.count();
    Resource[] resources = new Resource[resourceCount];
    for (int i = 0; i < resourceCount; i++) {
      resources[i] = dec.resource();
    }
    int scopeCount = dec.count();
    Scope[] scopes = new Scope[scopeCount];
    for (int i = 0; i < scopeCount; i++) {
      scopes[i] = dec.scope();
    }
    int traceCount = dec.count();
    List<Trace> out = new ArrayList<>();
    long base = 0;
    for (int t = 0; t < traceCount; t++) {
      TraceId id = dec.traceId();
      boolean keep = wanted.test(id);
      int n = dec.count();
      List<StoredSpan> spans = keep ? new ArrayList<>(n) : null;
      for (int i = 0; i < n; i++) {
        int r = index(dec.count(), resourceCount, "resource");
        int s = index(dec.count(), scopeCount, "scope");
        Span span = dec.span(id, base);
        base = span.startTimeUnixNano();
        if (keep) {
          spans.add(new StoredSpan(resources[r], scopes[s], span));
        }
      }
      if (keep) {
        out.add(new Trace(id, spans));
      }
    }
    return out;
  }

  private static int index(int i, int size, String what) {
    if (i >= size) {
      throw new MalformedDataException(what + " index " + i + " out of range " + size);
    }
    return i;
  }
}
