package dev.vigil.model;

import java.util.Arrays;
import java.util.HexFormat;

/** An immutable byte string: the value of an OTLP {@code bytes_value}. */
public final class Bytes {
  private final byte[] bytes;

  private Bytes(byte[] bytes) {
    this.bytes = bytes;
  }

  /** Copies {@code length} bytes of {@code source} starting at {@code offset}. */
  public static Bytes copyOf(byte[] source, int offset, int length) {
    return new Bytes(Arrays.copyOfRange(source, offset, offset + length));
  }

  public static Bytes copyOf(byte[] source) {
    return copyOf(source, 0, source.length);
  }

  public int length() {
    return bytes.length;
  }

  public byte byteAt(int index) {
    return bytes[index];
  }

  public byte[] toByteArray() {
    return bytes.clone();
  }

  public String toHex() {
    return HexFormat.of().formatHex(bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Bytes other && Arrays.equals(bytes, other.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return "0x" + toHex();
  }
}
