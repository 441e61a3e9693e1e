package dev.vigil.tsdb.wal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Reads one segment's records in order, stopping at the first damaged spot: a bad header, a length
 * running past the end (a torn write), a zero or absurd length, or a checksum mismatch.
 */
final class WalSegmentReader {
  record Result(long records, long validBytes, WalCorruption corruption) {}

  private WalSegmentReader() {}

  static Result read(Path file, Consumer<byte[]> consumer) throws IOException {
    byte[] data = Files.readAllBytes(file);
    if (data.length == 0) {
      return new Result(0, 0, null);
    }
    if (data.length < WalRecordFormat.SEGMENT_HEADER_SIZE
        || WalRecordFormat.getInt(data, 0) != WalRecordFormat.MAGIC) {
      return new Result(
          0, 0, new WalCorruption(file, 0, "not a Vigil WAL segment (bad magic)", data.length));
    }
    if (data[4] != WalRecordFormat.VERSION) {
      throw new IOException(
          file
              + ": WAL format version "
              + data[4]
              + " is not supported by this Vigil (it reads "
              + WalRecordFormat.VERSION
              + ")");
    }
    int pos = WalRecordFormat.SEGMENT_HEADER_SIZE;
    long records = 0;
    while (pos < data.length) {
      if (data.length - pos < WalRecordFormat.RECORD_HEADER_SIZE) {
        return damaged(file, pos, data.length, records, "torn record header");
      }
      int length = WalRecordFormat.getInt(data, pos);
      int crc = WalRecordFormat.getInt(data, pos + 4);
      if (length <= 0 || length > WalRecordFormat.MAX_RECORD_SIZE) {
        return damaged(file, pos, data.length, records, "invalid record length " + length);
      }
      int start = pos + WalRecordFormat.RECORD_HEADER_SIZE;
      if ((long) start + length > data.length) {
        return damaged(
            file,
            pos,
            data.length,
            records,
            "torn record (" + length + " bytes announced, " + (data.length - start) + " present)");
      }
      if (WalRecordFormat.crc(data, start, length) != crc) {
        return damaged(file, pos, data.length, records, "checksum mismatch");
      }
      byte[] payload = new byte[length];
      System.arraycopy(data, start, payload, 0, length);
      consumer.accept(payload);
      records++;
      pos = start + length;
    }
    return new Result(records, pos, null);
  }

  private static Result damaged(Path file, int pos, int size, long records, String reason) {
    return new Result(records, pos, new WalCorruption(file, pos, reason, size - pos));
  }
}
