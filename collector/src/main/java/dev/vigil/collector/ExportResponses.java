package dev.vigil.collector;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import dev.vigil.model.sink.Signal;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsPartialSuccess;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsPartialSuccess;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Encodes OTLP export responses and {@code google.rpc.Status} error bodies. */
final class ExportResponses {
  private static final JsonFormat.Printer JSON =
      JsonFormat.printer().omittingInsignificantWhitespace();

  private ExportResponses() {}

  /**
   * The {@code Export*ServiceResponse}, with {@code partial_success} set only when something was
   * refused.
   */
  static Message success(Signal signal, ExportResult result) {
    boolean partial = result.rejected() > 0;
    return switch (signal) {
      case TRACES -> {
        ExportTraceServiceResponse.Builder b = ExportTraceServiceResponse.newBuilder();
        if (partial) {
          b.setPartialSuccess(
              ExportTracePartialSuccess.newBuilder()
                  .setRejectedSpans(result.rejected())
                  .setErrorMessage(result.rejectionMessage()));
        }
        yield b.build();
      }
      case LOGS -> {
        ExportLogsServiceResponse.Builder b = ExportLogsServiceResponse.newBuilder();
        if (partial) {
          b.setPartialSuccess(
              ExportLogsPartialSuccess.newBuilder()
                  .setRejectedLogRecords(result.rejected())
                  .setErrorMessage(result.rejectionMessage()));
        }
        yield b.build();
      }
      case METRICS -> {
        ExportMetricsServiceResponse.Builder b = ExportMetricsServiceResponse.newBuilder();
        if (partial) {
          b.setPartialSuccess(
              ExportMetricsPartialSuccess.newBuilder()
                  .setRejectedDataPoints(result.rejected())
                  .setErrorMessage(result.rejectionMessage()));
        }
        yield b.build();
      }
    };
  }

  static byte[] encode(Message message, BodyFormat format) {
    if (format == BodyFormat.PROTOBUF) {
      return message.toByteArray();
    }
    try {
      return JSON.print(message).getBytes(StandardCharsets.UTF_8);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("BUG: an export response cannot be printed as JSON", e);
    }
  }

  /**
   * A {@code google.rpc.Status} with {@code code} (a gRPC status number) and {@code message}, as
   * the OTLP/HTTP specification asks of error responses. Written by hand: it is two fields, and the
   * googleapis message classes are not worth a dependency.
   */
  static byte[] status(int grpcCode, String message, BodyFormat format) {
    if (format == BodyFormat.JSON) {
      return ("{\"code\":" + grpcCode + ",\"message\":" + jsonString(message) + "}")
          .getBytes(StandardCharsets.UTF_8);
    }
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream(message.length() + 8);
      CodedOutputStream out = CodedOutputStream.newInstance(bytes);
      out.writeInt32(1, grpcCode);
      out.writeString(2, message);
      out.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new IllegalStateException("BUG: writing to memory failed", e);
    }
  }

  static String jsonString(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append('"').toString();
  }
}
