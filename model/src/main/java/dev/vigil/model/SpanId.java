package dev.vigil.model;

import java.util.HexFormat;

/**
 * Span ids are carried as a plain {@code long} (8 big-endian bytes) everywhere in the model, with 0
 * meaning "none" (no parent, no span); this class converts them.
 */
public final class SpanId {
  public static final long NONE = 0L;

  private SpanId() {}

  public static long fromBytes(byte[] b, int offset) {
    return TraceId.readLong(b, offset);
  }

  public static byte[] toBytes(long spanId) {
    byte[] b = new byte[8];
    TraceId.writeLong(b, 0, spanId);
    return b;
  }

  public static String toHex(long spanId) {
    return HexFormat.of().toHexDigits(spanId);
  }

  public static long fromHex(CharSequence hex) {
    if (hex.length() != 16) {
      throw new IllegalArgumentException("span id must be 16 hex digits, got " + hex.length());
    }
    return HexFormat.fromHexDigitsToLong(hex);
  }
}
