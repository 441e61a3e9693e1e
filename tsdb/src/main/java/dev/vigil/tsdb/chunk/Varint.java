package dev.vigil.tsdb.chunk;

/** LEB128 unsigned varints for the byte-aligned chunk header (7 bits a byte, low group first). */
final class Varint {
  private Varint() {}

  static int size(long v) {
    int bits = 64 - Long.numberOfLeadingZeros(v | 1);
    return (bits + 6) / 7;
  }

  static int put(byte[] dst, int off, long v) {
    while ((v & ~0x7FL) != 0) {
      dst[off++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    dst[off++] = (byte) v;
    return off;
  }
}
