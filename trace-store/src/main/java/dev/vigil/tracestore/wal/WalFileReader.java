package dev.vigil.tracestore.wal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * Replays one log file. A record that runs past the end or fails its checksum ends the file: a
 * crash tears at most the last record written, and that record was never acknowledged (its fsync
 * did not return). The file is truncated there so the damage is reported once.
 */
final class WalFileReader {
  private WalFileReader() {}

  static void replay(Path file, WalReplayer replayer) throws IOException {
    byte[] all = Files.readAllBytes(file);
    ByteBuffer buf = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
    if (all.length < SpanWal.FILE_HEADER
        || buf.getInt(0) != SpanWal.MAGIC
        || buf.get(4) != SpanWal.VERSION) {
      // A crash while creating the file leaves it empty or short; it can hold no records.
      cut(file, 0, all.length, "missing or bad file header", replayer);
      return;
    }
    int pos = SpanWal.FILE_HEADER;
    while (pos < all.length) {
      if (all.length - pos < SpanWal.RECORD_HEADER) {
        cut(file, pos, all.length, "torn record header", replayer);
        return;
      }
      int len = buf.getInt(pos);
      int crc = buf.getInt(pos + 4);
      if (len < 0 || len > all.length - pos - SpanWal.RECORD_HEADER) {
        cut(file, pos, all.length, "record of " + len + " bytes runs past the end", replayer);
        return;
      }
      CRC32C c = new CRC32C();
      c.update(all, pos + SpanWal.RECORD_HEADER, len);
      if ((int) c.getValue() != crc) {
        cut(file, pos, all.length, "record checksum mismatch", replayer);
        return;
      }
      replayer.record(all, pos + SpanWal.RECORD_HEADER, len);
      pos += SpanWal.RECORD_HEADER + len;
    }
  }

  private static void cut(Path file, int pos, int size, String reason, WalReplayer replayer)
      throws IOException {
    replayer.corruption(file, pos, reason, size - pos);
    if (pos == 0) {
      Files.delete(file);
      return;
    }
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      ch.truncate(pos);
      ch.force(true);
    }
  }
}
