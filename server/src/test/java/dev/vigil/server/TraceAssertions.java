package dev.vigil.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Field-by-field checks of a trace as Vigil's APIs return it against the {@link SpanData} the
 * OpenTelemetry SDK recorded: Jaeger JSON as Jaeger's own OTLP translation would write it, and
 * OTLP/JSON exactly.
 */
final class TraceAssertions {
  private static final ObjectMapper JSON = new ObjectMapper();

  private TraceAssertions() {}

  static void assertJaegerSpan(JsonNode js, SpanData e) {
    String what = e.getName() + " (" + e.getSpanId() + ")";
    assertThat(js.get("traceID").asText()).isEqualTo(e.getTraceId());
    assertThat(js.get("operationName").asText()).as(what).isEqualTo(e.getName());
    assertThat(js.get("startTime").asLong()).as(what).isEqualTo(e.getStartEpochNanos() / 1000);
    assertThat(js.get("duration").asLong())
        .as(what)
        .isEqualTo((e.getEndEpochNanos() - e.getStartEpochNanos()) / 1000);
    assertThat(js.get("flags").asInt()).isEqualTo(e.getSpanContext().getTraceFlags().asByte());
    List<String> refs = new ArrayList<>();
    for (JsonNode r : js.get("references")) {
      refs.add(
          r.get("refType").asText()
              + " "
              + r.get("traceID").asText()
              + " "
              + r.get("spanID").asText());
    }
    List<String> expectedRefs = new ArrayList<>();
    if (e.getParentSpanContext().isValid()) {
      expectedRefs.add("CHILD_OF " + e.getTraceId() + " " + e.getParentSpanId());
    }
    for (LinkData l : e.getLinks()) {
      expectedRefs.add(
          "FOLLOWS_FROM " + l.getSpanContext().getTraceId() + " " + l.getSpanContext().getSpanId());
    }
    assertThat(refs).as(what + " references").isEqualTo(expectedRefs);

    Map<String, JsonNode> tags = tagsByKey(js.get("tags"));
    e.getAttributes().forEach((k, v) -> assertJaegerTag(tags.get(k.getKey()), k, v, what));
    assertThat(tags.get("otel.scope.name").get("value").asText())
        .isEqualTo(e.getInstrumentationScopeInfo().getName());
    assertThat(tags.get("otel.scope.version").get("value").asText()).isEqualTo("2.0.1");
    if (e.getKind() != SpanKind.INTERNAL) {
      assertThat(tags.get("span.kind").get("value").asText())
          .isEqualTo(e.getKind().name().toLowerCase(java.util.Locale.ROOT));
    }
    StatusCode code = e.getStatus().getStatusCode();
    if (code == StatusCode.UNSET) {
      assertThat(tags).doesNotContainKeys("otel.status_code", "error");
    } else {
      assertThat(tags.get("otel.status_code").get("value").asText()).isEqualTo(code.name());
      if (!e.getStatus().getDescription().isEmpty()) {
        assertThat(tags.get("otel.status_description").get("value").asText())
            .isEqualTo(e.getStatus().getDescription());
      }
      if (code == StatusCode.ERROR) {
        assertThat(tags.get("error").get("type").asText()).isEqualTo("bool");
        assertThat(tags.get("error").get("value").asBoolean()).isTrue();
      } else {
        assertThat(tags).doesNotContainKey("error");
      }
    }

    assertThat(js.get("logs")).as(what + " logs").hasSize(e.getEvents().size());
    for (int i = 0; i < e.getEvents().size(); i++) {
      EventData ev = e.getEvents().get(i);
      JsonNode log = js.get("logs").get(i);
      assertThat(log.get("timestamp").asLong()).isEqualTo(ev.getEpochNanos() / 1000);
      Map<String, JsonNode> fields = tagsByKey(log.get("fields"));
      assertThat(fields.get("event").get("value").asText()).isEqualTo(ev.getName());
      ev.getAttributes().forEach((k, v) -> assertJaegerTag(fields.get(k.getKey()), k, v, what));
    }
  }

  static void assertJaegerTag(JsonNode tag, AttributeKey<?> key, Object value, String what) {
    assertThat(tag).as(what + " tag " + key.getKey()).isNotNull();
    String type = tag.get("type").asText();
    JsonNode v = tag.get("value");
    switch (key.getType()) {
      case STRING -> {
        assertThat(type).isEqualTo("string");
        assertThat(v.asText()).isEqualTo(value);
      }
      case BOOLEAN -> {
        assertThat(type).isEqualTo("bool");
        assertThat(v.asBoolean()).isEqualTo(value);
      }
      case LONG -> {
        assertThat(type).isEqualTo("int64");
        assertThat(v.asLong()).isEqualTo(value);
      }
      case DOUBLE -> {
        assertThat(type).isEqualTo("float64");
        assertThat(v.asDouble()).isEqualTo(value);
      }
      default -> {
        // Arrays: a string tag holding the JSON array, as Jaeger's OTLP translation writes it.
        assertThat(type).as(key.getKey()).isEqualTo("string");
        try {
          List<Object> parsed = new ArrayList<>();
          for (JsonNode item : JSON.readTree(v.asText())) {
            parsed.add(
                switch (key.getType()) {
                  case LONG_ARRAY -> item.asLong();
                  case DOUBLE_ARRAY -> item.asDouble();
                  case BOOLEAN_ARRAY -> item.asBoolean();
                  default -> item.asText();
                });
          }
          assertThat(parsed).as(what + " " + key.getKey()).isEqualTo(value);
        } catch (java.io.IOException ex) {
          throw new AssertionError(key.getKey() + " is not a JSON array: " + v, ex);
        }
      }
    }
  }

  static void assertOtlpSpan(JsonNode os, SpanData e) {
    String what = e.getName();
    assertThat(os.get("traceId").asText()).isEqualTo(e.getTraceId());
    assertThat(os.path("parentSpanId").asText("0000000000000000"))
        .as(what)
        .isEqualTo(e.getParentSpanId());
    assertThat(os.get("name").asText()).isEqualTo(e.getName());
    assertThat(os.get("kind").asInt()).isEqualTo(e.getKind().ordinal() + 1);
    assertThat(os.get("startTimeUnixNano").asText())
        .isEqualTo(Long.toString(e.getStartEpochNanos()));
    assertThat(os.get("endTimeUnixNano").asText()).isEqualTo(Long.toString(e.getEndEpochNanos()));
    assertOtlpAttributes(os.get("attributes"), e.getAttributes(), what);
    assertThat(os.get("status").path("code").asInt()).as(what + " status").isEqualTo(otlpStatus(e));
    assertThat(os.get("status").path("message").asText(""))
        .isEqualTo(e.getStatus().getDescription());
    assertThat(os.get("events")).hasSize(e.getEvents().size());
    for (int i = 0; i < e.getEvents().size(); i++) {
      EventData ev = e.getEvents().get(i);
      JsonNode oe = os.get("events").get(i);
      assertThat(oe.get("name").asText()).isEqualTo(ev.getName());
      assertThat(oe.get("timeUnixNano").asText()).isEqualTo(Long.toString(ev.getEpochNanos()));
      assertOtlpAttributes(oe.get("attributes"), ev.getAttributes(), what + " event");
    }
    assertThat(os.get("links")).hasSize(e.getLinks().size());
    for (int i = 0; i < e.getLinks().size(); i++) {
      LinkData l = e.getLinks().get(i);
      JsonNode ol = os.get("links").get(i);
      assertThat(ol.get("traceId").asText()).isEqualTo(l.getSpanContext().getTraceId());
      assertThat(ol.get("spanId").asText()).isEqualTo(l.getSpanContext().getSpanId());
      assertThat(ol.get("traceState").asText()).isEqualTo("vendor=value");
      assertOtlpAttributes(ol.get("attributes"), l.getAttributes(), what + " link");
    }
  }

  /** OTLP's status codes: UNSET 0, OK 1, ERROR 2 (the SDK enum is OK, ERROR, UNSET). */
  static int otlpStatus(SpanData e) {
    return switch (e.getStatus().getStatusCode()) {
      case UNSET -> 0;
      case OK -> 1;
      case ERROR -> 2;
    };
  }

  static void assertOtlpAttributes(JsonNode list, Attributes expected, String what) {
    Map<String, JsonNode> got = otlpAttributes(list);
    assertThat(got.keySet()).as(what + " attribute keys").isEqualTo(keys(expected));
    expected.forEach((k, v) -> {
      JsonNode value = got.get(k.getKey());
      Object actual =
          switch (k.getType()) {
            case STRING -> value.get("stringValue").asText();
            case BOOLEAN -> value.get("boolValue").asBoolean();
            case LONG -> Long.parseLong(value.get("intValue").asText());
            case DOUBLE -> value.get("doubleValue").asDouble();
            default -> {
              List<Object> items = new ArrayList<>();
              for (JsonNode item : value.get("arrayValue").get("values")) {
                items.add(
                    switch (k.getType()) {
                      case LONG_ARRAY -> Long.parseLong(item.get("intValue").asText());
                      case DOUBLE_ARRAY -> item.get("doubleValue").asDouble();
                      case BOOLEAN_ARRAY -> item.get("boolValue").asBoolean();
                      default -> item.get("stringValue").asText();
                    });
              }
              yield items;
            }
          };
      assertThat(actual).as(what + " " + k.getKey()).isEqualTo(v);
    });
  }

  static Set<String> keys(Attributes attributes) {
    Set<String> out = new HashSet<>();
    attributes.forEach((k, v) -> out.add(k.getKey()));
    return out;
  }

  static Map<String, JsonNode> otlpAttributes(JsonNode list) {
    Map<String, JsonNode> out = new HashMap<>();
    for (JsonNode kv : list) {
      out.put(kv.get("key").asText(), kv.get("value"));
    }
    return out;
  }

  static Map<String, JsonNode> tagsByKey(JsonNode tags) {
    Map<String, JsonNode> out = new HashMap<>();
    for (JsonNode t : tags) {
      assertThat(out.put(t.get("key").asText(), t)).as("duplicate tag " + t).isNull();
    }
    return out;
  }
}
