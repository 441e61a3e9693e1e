package dev.vigil.tsdb.wal;

import java.util.zip.CRC32C;

/**
 * The framing of the log (see {@code tsdb/FORMAT.md}): each segment starts with an 8-byte header,
 * magic {@code VWAL}, format version, three zero bytes; each record is {@code length:u32be,
 * crc32c:u32be, payload[length]} where the CRC covers the payload. A zero length never occurs in a
 * valid log, so zero-filled space after a crash reads as a torn tail.
 */
final class WalRecordFormat {
  static final int MAGIC = 0x5657414C; // "VWAL"
  static final byte VERSION = 1;
  static final int SEGMENT_HEADER_SIZE = 8;
  static final int RECORD_HEADER_SIZE = 8;

  /** A record larger than this is refused on write and treated as corruption on read. */
  static final int MAX_RECORD_SIZE = 64 * 1024 * 1024;

  private WalRecordFormat() {}

  static int crc(byte[] b, int off, int len) {
    CRC32C crc = new CRC32C();
    crc.update(b, off, len);
    return (int) crc.getValue();
  }

  static void putInt(byte[] b, int off, int v) {
    b[off] = (byte) (v >>> 24);
    b[off + 1] = (byte) (v >>> 16);
    b[off + 2] = (byte) (v >>> 8);
    b[off + 3] = (byte) v;
  }

  static int getInt(byte[] b, int off) {
    return ((b[off] & 0xFF) << 24)
        | ((b[off + 1] & 0xFF) << 16)
        | ((b[off + 2] & 0xFF) << 8)
        | (b[off + 3] & 0xFF);
  }

  static byte[] segmentHeader() {
    byte[] h = new byte[SEGMENT_HEADER_SIZE];
    putInt(h, 0, MAGIC);
    h[4] = VERSION;
    return h;
  }
}
