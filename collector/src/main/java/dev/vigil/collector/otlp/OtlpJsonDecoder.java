package dev.vigil.collector.otlp;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import dev.vigil.model.Batch;
import dev.vigil.model.Tenant;
import dev.vigil.model.log.LogRecord;
import dev.vigil.model.metric.Metric;
import dev.vigil.model.trace.Span;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.io.IOException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;

/**
 * Decodes the OTLP/JSON encoding. It differs from protobuf's canonical JSON mapping in one way that
 * matters: trace and span ids are hex strings, not base64. So the body is read as a tree, the id
 * fields are re-encoded, and protobuf's own JSON parser does the rest (lowerCamelCase and original
 * field names, enum names or numbers, 64-bit integers as strings or numbers, unknown fields ignored
 * as the specification requires). This is the slow path next to protobuf and is fine at JSON's
 * rates. Thread-safe.
 */
public final class OtlpJsonDecoder {
  private static final int MAX_NESTING = 128;

  private final ObjectMapper mapper =
      new ObjectMapper(
          JsonFactory.builder()
              .streamReadConstraints(
                  StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING).build())
              .build());
  private final JsonFormat.Parser parser = JsonFormat.parser().ignoringUnknownFields();

  public Batch<Span> decodeTraces(
      Tenant tenant, byte[] body, int off, int len, Rejections rejections)
      throws MalformedOtlpException {
    ExportTraceServiceRequest.Builder b = ExportTraceServiceRequest.newBuilder();
    merge(body, off, len, b);
    return OtlpProtoMapper.traces(tenant, b.build(), rejections);
  }

  public Batch<LogRecord> decodeLogs(
      Tenant tenant, byte[] body, int off, int len, Rejections rejections)
      throws MalformedOtlpException {
    ExportLogsServiceRequest.Builder b = ExportLogsServiceRequest.newBuilder();
    merge(body, off, len, b);
    return OtlpProtoMapper.logs(tenant, b.build(), rejections);
  }

  public Batch<Metric> decodeMetrics(
      Tenant tenant, byte[] body, int off, int len, Rejections rejections)
      throws MalformedOtlpException {
    ExportMetricsServiceRequest.Builder b = ExportMetricsServiceRequest.newBuilder();
    merge(body, off, len, b);
    return OtlpProtoMapper.metrics(tenant, b.build(), rejections);
  }

  private void merge(byte[] body, int off, int len, Message.Builder builder)
      throws MalformedOtlpException {
    JsonNode tree;
    try {
      tree = mapper.readTree(body, off, len);
    } catch (JsonProcessingException e) {
      throw new MalformedOtlpException(
          "body is not valid JSON: " + e.getOriginalMessage() + locationOf(e), e);
    } catch (IOException e) {
      throw new MalformedOtlpException("body is not valid JSON: " + e.getMessage(), e);
    }
    if (tree == null || !tree.isObject()) {
      throw new MalformedOtlpException("body must be a JSON object");
    }
    hexIdsToBase64(tree);
    try {
      parser.merge(mapper.writeValueAsString(tree), builder);
    } catch (InvalidProtocolBufferException e) {
      throw new MalformedOtlpException(
          "body is not a valid OTLP/JSON message: " + e.getMessage(), e);
    } catch (JsonProcessingException e) {
      throw new MalformedOtlpException("body could not be re-read: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      // protobuf's JSON parser signals some malformed input (such as deep nesting) unchecked.
      throw new MalformedOtlpException("body is not a valid OTLP/JSON message: " + e, e);
    }
  }

  private static String locationOf(JsonProcessingException e) {
    return e.getLocation() == null
        ? ""
        : " (line "
            + e.getLocation().getLineNr()
            + ", column "
            + e.getLocation().getColumnNr()
            + ")";
  }

  /**
   * Re-encodes every {@code traceId}, {@code spanId} and {@code parentSpanId} from hex to base64.
   */
  private static void hexIdsToBase64(JsonNode node) throws MalformedOtlpException {
    if (node instanceof ObjectNode object) {
      Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        JsonNode value = field.getValue();
        if (isIdField(field.getKey()) && value.isTextual()) {
          field.setValue(new TextNode(hexToBase64(field.getKey(), value.asText())));
        } else {
          hexIdsToBase64(value);
        }
      }
    } else if (node instanceof ArrayNode array) {
      for (JsonNode element : array) {
        hexIdsToBase64(element);
      }
    }
  }

  private static boolean isIdField(String name) {
    return switch (name) {
      case "traceId", "trace_id", "spanId", "span_id", "parentSpanId", "parent_span_id" -> true;
      default -> false;
    };
  }

  private static String hexToBase64(String field, String hex) throws MalformedOtlpException {
    try {
      return Base64.getEncoder().encodeToString(HexFormat.of().parseHex(hex));
    } catch (IllegalArgumentException e) {
      throw new MalformedOtlpException(
          field + " must be hex-encoded in OTLP/JSON, got \"" + abbreviate(hex) + "\"");
    }
  }

  private static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "...";
  }
}
