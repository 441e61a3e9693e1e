package dev.vigil.logindex.translog;

import java.nio.file.Path;
import java.util.zip.CRC32C;

/**
 * Constants and small codecs of the translog's byte layout (see {@code FORMAT.md}). A segment is a
 * 16-byte header (magic, version, reserved, base position) followed by records of {@code
 * length:int32 crc32c:int32 payload}. There is no file footer: a segment is appended to until it is
 * rolled, and the per-record CRC is what detects a torn or damaged write.
 */
final class TranslogFormat {
  static final int MAGIC = 0x564c544c; // "VLTL"
  static final byte VERSION = 1;
  static final int HEADER_SIZE = 16;
  static final int RECORD_HEADER_SIZE = 8;

  /** Bounds a length field read from a damaged file before it is trusted. */
  static final int MAX_PAYLOAD = 64 << 20;

  static final String SUFFIX = ".tlog";

  private TranslogFormat() {}

  static String fileName(long base) {
    return String.format("%020d%s", base, SUFFIX);
  }

  /** The base position encoded in a segment's name, or -1 when the name is not a segment's. */
  static long baseOf(Path file) {
    String name = file.getFileName().toString();
    if (name.length() != 20 + SUFFIX.length() || !name.endsWith(SUFFIX)) {
      return -1;
    }
    try {
      return Long.parseLong(name.substring(0, 20));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  static int crc(byte[] b, int off, int len) {
    CRC32C c = new CRC32C();
    c.update(b, off, len);
    return (int) c.getValue();
  }

  static void putInt(byte[] b, int o, int v) {
    b[o] = (byte) (v >>> 24);
    b[o + 1] = (byte) (v >>> 16);
    b[o + 2] = (byte) (v >>> 8);
    b[o + 3] = (byte) v;
  }

  static int getInt(byte[] b, int o) {
    return ((b[o] & 0xFF) << 24)
        | ((b[o + 1] & 0xFF) << 16)
        | ((b[o + 2] & 0xFF) << 8)
        | (b[o + 3] & 0xFF);
  }

  static void putLong(byte[] b, int o, long v) {
    putInt(b, o, (int) (v >>> 32));
    putInt(b, o + 4, (int) v);
  }

  static long getLong(byte[] b, int o) {
    return ((long) getInt(b, o) << 32) | (getInt(b, o + 4) & 0xFFFFFFFFL);
  }

  static byte[] header(long base) {
    byte[] h = new byte[HEADER_SIZE];
    putInt(h, 0, MAGIC);
    h[4] = VERSION;
    putLong(h, 8, base);
    return h;
  }
}
