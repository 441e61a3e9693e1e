package dev.vigil.model;

import java.util.HexFormat;

/**
 * A 16-byte W3C trace id as two big-endian longs. All zeros is the invalid id; the model never
 * holds it (the collector rejects it and uses {@code null} for "no trace").
 */
public record TraceId(long high, long low) {

  public boolean isValid() {
    return high != 0 || low != 0;
  }

  /** Reads 16 big-endian bytes. */
  public static TraceId fromBytes(byte[] b, int offset) {
    return new TraceId(readLong(b, offset), readLong(b, offset + 8));
  }

  /** Parses 32 hex digits (either case). */
  public static TraceId fromHex(CharSequence hex) {
    if (hex.length() != 32) {
      throw new IllegalArgumentException("trace id must be 32 hex digits, got " + hex.length());
    }
    return new TraceId(
        HexFormat.fromHexDigitsToLong(hex, 0, 16), HexFormat.fromHexDigitsToLong(hex, 16, 32));
  }

  public byte[] toBytes() {
    byte[] b = new byte[16];
    writeLong(b, 0, high);
    writeLong(b, 8, low);
    return b;
  }

  /** 32 lower-case hex digits, as W3C trace context and OTLP/JSON write it. */
  public String toHex() {
    HexFormat hex = HexFormat.of();
    return hex.toHexDigits(high) + hex.toHexDigits(low);
  }

  @Override
  public String toString() {
    return toHex();
  }

  static long readLong(byte[] b, int o) {
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (b[o + i] & 0xFF);
    }
    return v;
  }

  static void writeLong(byte[] b, int o, long v) {
    for (int i = 7; i >= 0; i--) {
      b[o + i] = (byte) v;
      v >>>= 8;
    }
  }
}
