package dev.vigil.logindex.translog;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads one segment's records in order, stopping at the first one that does not check out. */
final class TranslogSegmentReader {
  /** What reading found: the bytes that hold whole, valid records, and why reading stopped. */
  record Result(long validBytes, String damage) {}

  private TranslogSegmentReader() {}

  static Result read(Path file, long base, TranslogVisitor visitor) throws IOException {
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
      byte[] header = new byte[TranslogFormat.HEADER_SIZE];
      int n = in.readNBytes(header, 0, header.length);
      if (n < header.length) {
        return new Result(0, "header cut short (" + n + " bytes)");
      }
      if (TranslogFormat.getInt(header, 0) != TranslogFormat.MAGIC) {
        throw new TranslogCorruptionException(file, 0, "not a translog segment (bad magic)");
      }
      if (header[4] != TranslogFormat.VERSION) {
        throw new TranslogCorruptionException(
            file,
            4,
            "unsupported version "
                + header[4]
                + " (this build reads "
                + TranslogFormat.VERSION
                + ")");
      }
      if (TranslogFormat.getLong(header, 8) != base) {
        throw new TranslogCorruptionException(
            file,
            8,
            "base position " + TranslogFormat.getLong(header, 8) + " differs from the name");
      }
      long offset = TranslogFormat.HEADER_SIZE;
      byte[] recordHeader = new byte[TranslogFormat.RECORD_HEADER_SIZE];
      while (true) {
        n = in.readNBytes(recordHeader, 0, recordHeader.length);
        if (n == 0) {
          return new Result(offset, null);
        }
        if (n < recordHeader.length) {
          return new Result(offset, "record header cut short");
        }
        int length = TranslogFormat.getInt(recordHeader, 0);
        if (length <= 0 || length > TranslogFormat.MAX_PAYLOAD) {
          return new Result(offset, "impossible record length " + length);
        }
        byte[] payload = in.readNBytes(length);
        if (payload.length < length) {
          return new Result(offset, "record cut short");
        }
        if (TranslogFormat.crc(payload, 0, length) != TranslogFormat.getInt(recordHeader, 4)) {
          return new Result(offset, "checksum mismatch");
        }
        visitor.record(base + offset, payload);
        offset += TranslogFormat.RECORD_HEADER_SIZE + length;
      }
    }
  }
}
