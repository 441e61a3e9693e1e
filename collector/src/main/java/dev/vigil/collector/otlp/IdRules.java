package dev.vigil.collector.otlp;

import dev.vigil.model.SpanId;
import dev.vigil.model.TraceId;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The rules for OTLP trace and span ids, and the words used when an id breaks them. The mapper and
 * the streaming decoder both call these, so the two refuse exactly the same ids with the same
 * reasons. Ids are given as a range of a byte array (the decoder never copies them).
 */
final class IdRules {
  static final int TRACE_ID_BYTES = 16;
  static final int SPAN_ID_BYTES = 8;

  private static final VarHandle BIG_ENDIAN_LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

  private IdRules() {}

  /** What is wrong with the trace id a span or a link must have, or null when it is valid. */
  static String requiredTraceIdProblem(byte[] b, int off, int len) {
    if (len != TRACE_ID_BYTES) {
      return "trace_id has " + len + " bytes, want 16";
    }
    return isAllZero(b, off, len) ? "trace_id is all zero" : null;
  }

  /** What is wrong with the span id a span or a link must have, or null when it is valid. */
  static String requiredSpanIdProblem(byte[] b, int off, int len) {
    if (len != SPAN_ID_BYTES) {
      return "span_id has " + len + " bytes, want 8";
    }
    return isAllZero(b, off, len) ? "span_id is all zero" : null;
  }

  /** What is wrong with an optional trace id (empty or all zero mean "none"), or null. */
  static String optionalTraceIdProblem(int len) {
    return len == 0 || len == TRACE_ID_BYTES
        ? null
        : "trace_id has " + len + " bytes, want 16 or none";
  }

  /** What is wrong with an optional span id (empty or all zero mean "none"), or null. */
  static String optionalSpanIdProblem(String field, int len) {
    return len == 0 || len == SPAN_ID_BYTES
        ? null
        : field + " has " + len + " bytes, want 8 or none";
  }

  /** An optional trace id that passed {@link #optionalTraceIdProblem}: null for "none". */
  static TraceId optionalTraceId(byte[] b, int off, int len) {
    if (len == 0) {
      return null;
    }
    TraceId id = new TraceId(bigEndianLong(b, off), bigEndianLong(b, off + 8));
    return id.isValid() ? id : null;
  }

  /** A span id of 0 or 8 bytes: 0 for "none". */
  static long spanId(byte[] b, int off, int len) {
    return len == 0 ? SpanId.NONE : bigEndianLong(b, off);
  }

  /** Eight big-endian bytes, as ids are laid out on the wire. */
  static long bigEndianLong(byte[] b, int off) {
    return (long) BIG_ENDIAN_LONGS.get(b, off);
  }

  static boolean isAllZero(byte[] b, int off, int len) {
    int i = off;
    int end = off + len;
    for (; i <= end - 8; i += 8) {
      if (bigEndianLong(b, i) != 0) {
        return false;
      }
    }
    for (; i < end; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return true;
  }
}
