package dev.vigil.server.jaeger;

import dev.vigil.model.Attributes;
import dev.vigil.model.Bytes;
import dev.vigil.model.Resource;
import dev.vigil.model.Scope;
import dev.vigil.model.SpanId;
import dev.vigil.model.trace.Span;
import dev.vigil.model.trace.SpanEvent;
import dev.vigil.model.trace.SpanLink;
import dev.vigil.tracestore.StoredSpan;
import dev.vigil.tracestore.Trace;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A whole trace in the OTLP/JSON encoding (hex ids, lowerCamelCase, 64-bit integers as strings),
 * grouped by resource and scope as the spans arrived: what the dashboard reads, and what any OTLP
 * tool can re-import.
 */
final class OtlpTraceJson {
  private OtlpTraceJson() {}

  static Map<String, Object> of(Trace trace) {
    Map<Resource, Map<Scope, List<Span>>> groups = new LinkedHashMap<>();
    for (StoredSpan s : trace.spans()) {
      groups
          .computeIfAbsent(s.resource(), r -> new LinkedHashMap<>())
          .computeIfAbsent(s.scope(), x -> new ArrayList<>())
          .add(s.span());
    }
    List<Map<String, Object>> resourceSpans = new ArrayList<>();
    groups.forEach((resource, scopes) -> {
      List<Map<String, Object>> scopeSpans = new ArrayList<>();
      scopes.forEach((scope, spans) -> {
        Map<String, Object> sc = new LinkedHashMap<>();
        sc.put("name", scope.name());
        sc.put("version", scope.version());
        sc.put("attributes", attributes(scope.attributes()));
        Map<String, Object> group = new LinkedHashMap<>();
        group.put("scope", sc);
        group.put("spans", spans.stream().map(OtlpTraceJson::span).toList());
        group.put("schemaUrl", scope.schemaUrl());
        scopeSpans.add(group);
      });
      Map<String, Object> r = new LinkedHashMap<>();
      r.put(
          "resource",
          Map.of(
              "attributes",
              attributes(resource.attributes()),
              "droppedAttributesCount",
              resource.droppedAttributesCount()));
      r.put("scopeSpans", scopeSpans);
      r.put("schemaUrl", resource.schemaUrl());
      resourceSpans.add(r);
    });
    return Map.of("resourceSpans", resourceSpans);
  }

  private static Map<String, Object> span(Span s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("traceId", s.traceId().toHex());
    m.put("spanId", SpanId.toHex(s.spanId()));
    if (!s.traceState().isEmpty()) {
      m.put("traceState", s.traceState());
    }
    if (!s.isRoot()) {
      m.put("parentSpanId", SpanId.toHex(s.parentSpanId()));
    }
    m.put("flags", s.flags());
    m.put("name", s.name());
    m.put("kind", s.kind().ordinal());
    m.put("startTimeUnixNano", Long.toString(s.startTimeUnixNano()));
    m.put("endTimeUnixNano", Long.toString(s.endTimeUnixNano()));
    m.put("attributes", attributes(s.attributes()));
    m.put("droppedAttributesCount", s.droppedAttributesCount());
    List<Map<String, Object>> events = new ArrayList<>();
    for (SpanEvent e : s.events()) {
      Map<String, Object> ev = new LinkedHashMap<>();
      ev.put("timeUnixNano", Long.toString(e.timeUnixNano()));
      ev.put("name", e.name());
      ev.put("attributes", attributes(e.attributes()));
      events.add(ev);
    }
    m.put("events", events);
    List<Map<String, Object>> links = new ArrayList<>();
    for (SpanLink l : s.links()) {
      Map<String, Object> lk = new LinkedHashMap<>();
      lk.put("traceId", l.traceId().toHex());
      lk.put("spanId", SpanId.toHex(l.spanId()));
      lk.put("traceState", l.traceState());
      lk.put("attributes", attributes(l.attributes()));
      links.add(lk);
    }
    m.put("links", links);
    Map<String, Object> status = new LinkedHashMap<>();
    status.put("code", s.status().code().ordinal());
    if (!s.status().message().isEmpty()) {
      status.put("message", s.status().message());
    }
    m.put("status", status);
    return m;
  }

  private static List<Map<String, Object>> attributes(Attributes attributes) {
    List<Map<String, Object>> out = new ArrayList<>(attributes.size());
    for (int i = 0; i < attributes.size(); i++) {
      out.add(Map.of("key", attributes.key(i), "value", value(attributes.value(i))));
    }
    return out;
  }

  private static Map<String, Object> value(Object v) {
    return switch (v) {
      case null -> Map.of();
      case String s -> Map.of("stringValue", s);
      case Boolean b -> Map.of("boolValue", b);
      case Long l -> Map.of("intValue", Long.toString(l));
      case Double d -> Map.of("doubleValue", d);
      case Bytes b -> Map.of("bytesValue", Base64.getEncoder().encodeToString(b.toByteArray()));
      case Attributes kv -> Map.of("kvlistValue", Map.of("values", attributes(kv)));
      case List<?> list ->
          Map.of("arrayValue", Map.of("values", list.stream().map(OtlpTraceJson::value).toList()));
      default -> Map.of("stringValue", v.toString());
    };
  }
}
