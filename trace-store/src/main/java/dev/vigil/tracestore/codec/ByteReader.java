package dev.vigil.tracestore.codec;

import java.nio.charset.StandardCharsets;

/**
 * Reads what {@link ByteWriter} wrote. Running past the end throws {@link MalformedDataException},
 * which callers turn into a corruption error naming the file.
 */
public final class ByteReader {
  private final byte[] buf;
  private final int end;
  private int pos;

  public ByteReader(byte[] buf, int offset, int length) {
    this.buf = buf;
    this.pos = offset;
    this.end = offset + length;
  }

  public ByteReader(byte[] buf) {
    this(buf, 0, buf.length);
  }

  public int position() {
    return pos;
  }

  public boolean hasRemaining() {
    return pos < end;
  }

  public int remaining() {
    return end - pos;
  }

  private void need(int n) {
    if (n < 0 || pos + n > end) {
      throw new MalformedDataException(
          "truncated: need " + n + " bytes at offset " + pos + ", have " + (end - pos));
    }
  }

  public int readByte() {
    need(1);
    return buf[pos++] & 0xFF;
  }

  public byte[] readBytes(int n) {
    need(n);
    byte[] out = new byte[n];
    System.arraycopy(buf, pos, out, 0, n);
    pos += n;
    return out;
  }

  public int readInt() {
    need(4);
    int v =
        (buf[pos] & 0xFF)
            | (buf[pos + 1] & 0xFF) << 8
            | (buf[pos + 2] & 0xFF) << 16
            | (buf[pos + 3] & 0xFF) << 24;
    pos += 4;
    return v;
  }

  public long readLong() {
    return (readInt() & 0xFFFFFFFFL) | ((long) readInt() << 32);
  }

  public long readVarLong() {
    long v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      int b = readByte();
      v |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return v;
      }
    }
    throw new MalformedDataException("varint longer than 10 bytes at offset " + pos);
  }

  public int readVarInt() {
    long v = readVarLong();
    if (v > Integer.MAX_VALUE) {
      throw new MalformedDataException("count " + v + " out of range at offset " + pos);
    }
    return (int) v;
  }

  /** An unsigned 32-bit value (OTLP flags, dropped counts), as the int with the same bits. */
  public int readUInt32() {
    long v = readVarLong();
    if (v > 0xFFFFFFFFL) {
      throw new MalformedDataException("uint32 " + v + " out of range at offset " + pos);
    }
    return (int) v;
  }

  public long readZigZag() {
    long v = readVarLong();
    return (v >>> 1) ^ -(v & 1);
  }

  public String readString() {
    int n = readVarInt();
    if (n == 0) {
      return "";
    }
    need(n);
    String s = new String(buf, pos, n, StandardCharsets.UTF_8);
    pos += n;
    return s;
  }
}
