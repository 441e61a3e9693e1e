package dev.vigil.server.jaeger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.model.Attributes;
import dev.vigil.model.Bytes;
import dev.vigil.model.SpanId;
import dev.vigil.model.trace.Span;
import dev.vigil.model.trace.SpanEvent;
import dev.vigil.model.trace.SpanLink;
import dev.vigil.model.trace.StatusCode;
import dev.vigil.tracestore.StoredSpan;
import dev.vigil.tracestore.Trace;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Traces in Jaeger's JSON model: microsecond times, typed tags, span kind and status as the {@code
 * span.kind}, {@code otel.status_code} and {@code error} tags Jaeger's OTLP translation writes,
 * events as logs, parent and links as references, one process per resource.
 */
final class JaegerJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private JaegerJson() {}

  static Map<String, Object> trace(Trace trace) {
    Map<String, Object> processes = new LinkedHashMap<>();
    Map<Object, String> processIds = new LinkedHashMap<>();
    List<Map<String, Object>> spans = new ArrayList<>();
    for (StoredSpan s : trace.spans()) {
      String pid = processIds.computeIfAbsent(s.resource(), r -> "p" + (processIds.size() + 1));
      if (!processes.containsKey(pid)) {
        Map<String, Object> process = new LinkedHashMap<>();
        process.put("serviceName", s.serviceName());
        process.put("tags", tags(s.resource().attributes(), "service.name"));
        processes.put(pid, process);
      }
      spans.add(span(s.span(), pid, s.scope().name(), s.scope().version()));
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("traceID", trace.traceId().toHex());
    out.put("spans", spans);
    out.put("processes", processes);
    out.put("warnings", null);
    return out;
  }

  private static Map<String, Object> span(Span s, String pid, String scope, String scopeVersion) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("traceID", s.traceId().toHex());
    m.put("spanID", SpanId.toHex(s.spanId()));
    m.put("operationName", s.name());
    List<Map<String, Object>> refs = new ArrayList<>();
    if (!s.isRoot()) {
      refs.add(reference("CHILD_OF", s.traceId().toHex(), SpanId.toHex(s.parentSpanId())));
    }
    for (SpanLink l : s.links()) {
      refs.add(reference("FOLLOWS_FROM", l.traceId().toHex(), SpanId.toHex(l.spanId())));
    }
    m.put("references", refs);
    m.put("flags", s.flags() & 0xFF);
    m.put("startTime", s.startTimeUnixNano() / 1000);
    m.put("duration", Math.max(0, s.durationNanos() / 1000));
    List<Map<String, Object>> tags = tags(s.attributes(), null);
    if (!scope.isEmpty()) {
      tags.add(tag("otel.scope.name", scope));
      if (!scopeVersion.isEmpty()) {
        tags.add(tag("otel.scope.version", scopeVersion));
      }
    }
    String kind =
        switch (s.kind()) {
          case SERVER -> "server";
          case CLIENT -> "client";
          case PRODUCER -> "producer";
          case CONSUMER -> "consumer";
          case INTERNAL -> "internal";
          default -> null;
        };
    if (kind != null) {
      tags.add(tag("span.kind", kind));
    }
    if (s.status().code() != StatusCode.UNSET) {
      tags.add(tag("otel.status_code", s.status().code().name()));
      if (!s.status().message().isEmpty()) {
        tags.add(tag("otel.status_description", s.status().message()));
      }
    }
    if (s.status().code() == StatusCode.ERROR) {
      Map<String, Object> error = new LinkedHashMap<>();
      error.put("key", "error");
      error.put("type", "bool");
      error.put("value", true);
      tags.add(error);
    }
    m.put("tags", tags);
    List<Map<String, Object>> logs = new ArrayList<>();
    for (SpanEvent e : s.events()) {
      Map<String, Object> log = new LinkedHashMap<>();
      log.put("timestamp", e.timeUnixNano() / 1000);
      List<Map<String, Object>> fields = tags(e.attributes(), null);
      fields.add(0, tag("event", e.name()));
      log.put("fields", fields);
      logs.add(log);
    }
    m.put("logs", logs);
    m.put("processID", pid);
    m.put("warnings", null);
    return m;
  }

  private static Map<String, Object> reference(String type, String traceId, String spanId) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("refType", type);
    r.put("traceID", traceId);
    r.put("spanID", spanId);
    return r;
  }

  private static List<Map<String, Object>> tags(Attributes attributes, String skip) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (int i = 0; i < attributes.size(); i++) {
      if (attributes.key(i).equals(skip)) {
        continue;
      }
      Object v = attributes.value(i);
      Map<String, Object> t = new LinkedHashMap<>();
      t.put("key", attributes.key(i));
      switch (v) {
        case Boolean b -> {
          t.put("type", "bool");
          t.put("value", b);
        }
        case Long l -> {
          t.put("type", "int64");
          t.put("value", l);
        }
        case Double d -> {
          t.put("type", "float64");
          t.put("value", d);
        }
        case null -> {
          t.put("type", "string");
          t.put("value", "");
        }
        case Bytes b -> {
          // Jaeger's OTLP translation: bytes become a binary tag, base64 in JSON.
          t.put("type", "binary");
          t.put("value", Base64.getEncoder().encodeToString(b.toByteArray()));
        }
        case List<?> list -> {
          // Arrays and maps become a string tag holding their JSON, as Jaeger's OTLP translation
          // writes them (pcommon.Value.AsString).
          t.put("type", "string");
          t.put("value", json(list));
        }
        case Attributes map -> {
          t.put("type", "string");
          t.put("value", json(map));
        }
        default -> {
          t.put("type", "string");
          t.put("value", v.toString());
        }
      }
      out.add(t);
    }
    return out;
  }

  private static String json(Object value) {
    try {
      return JSON.writeValueAsString(plain(value));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("BUG: attribute value cannot be written as JSON", e);
    }
  }

  /** An attribute value as plain JSON: arrays as arrays, maps as objects, bytes as base64. */
  private static Object plain(Object value) {
    return switch (value) {
      case List<?> list -> list.stream().map(JaegerJson::plain).toList();
      case Attributes map -> {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < map.size(); i++) {
          m.put(map.key(i), plain(map.value(i)));
        }
        yield m;
      }
      case Bytes b -> Base64.getEncoder().encodeToString(b.toByteArray());
      case null -> null;
      default -> value;
    };
  }

  private static Map<String, Object> tag(String key, String value) {
    Map<String, Object> t = new LinkedHashMap<>();
    t.put("key", key);
    t.put("type", "string");
    t.put("value", value);
    return t;
  }
}
