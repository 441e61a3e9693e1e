package dev.vigil.tsdb.wal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * A checkpoint {@code checkpoint.NNNNNNNN} stands for every record in segments below {@code
 * NNNNNNNN} that the head still needs (see {@code tsdb/FORMAT.md}): a header (magic {@code VWCP},
 * version), records framed as in segments, and the CRC32C of the whole file. It is written to a
 * {@code .tmp} file, synced and renamed, so it exists whole or not at all.
 */
final class WalCheckpoint {
  static final int MAGIC = 0x56574350; // "VWCP"
  static final byte VERSION = 1;
  static final String PREFIX = "checkpoint.";

  private WalCheckpoint() {}

  static Path path(Path dir, int segment) {
    return dir.resolve(PREFIX + String.format("%08d", segment));
  }

  /** The number of the newest checkpoint in {@code dir}, or -1. */
  static int latest(Path dir) throws IOException {
    int best = -1;
    try (Stream<Path> files = Files.list(dir)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        String n = p.getFileName().toString();
        if (n.matches("checkpoint\\.\\d{8}")) {
          best = Math.max(best, Integer.parseInt(n.substring(PREFIX.length())));
        }
      }
    }
    return best;
  }

  /** Deletes checkpoints older than {@code keep} and unfinished temporary ones. */
  static void deleteOthers(Path dir, int keep) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      for (Path p : files.toList()) {
        String n = p.getFileName().toString();
        if (n.startsWith(PREFIX)
            && (n.endsWith(".tmp")
                || (n.matches("checkpoint\\.\\d{8}")
                    && Integer.parseInt(n.substring(PREFIX.length())) < keep))) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  /**
   * Writes {@code checkpoint.<upTo>} from the records of {@code inputs} (an older checkpoint first,
   * then segments), each passed through {@code filter} (null drops it). Returns records kept.
   */
  static long write(Path dir, int upTo, List<Path> inputs, UnaryOperator<byte[]> filter)
      throws IOException {
    Path tmp = dir.resolve(PREFIX + String.format("%08d", upTo) + ".tmp");
    Files.deleteIfExists(tmp);
    long[] kept = {0};
    CRC32C fileCrc = new CRC32C();
    try (FileChannel out =
        FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      byte[] header = new byte[WalRecordFormat.SEGMENT_HEADER_SIZE];
      WalRecordFormat.putInt(header, 0, MAGIC);
      header[4] = VERSION;
      write(out, fileCrc, header);
      IOException[] failure = {null};
      Consumer<byte[]> sink =
          record -> {
            byte[] r = filter.apply(record);
            if (r == null || failure[0] != null) {
              return;
            }
            byte[] framed = new byte[WalRecordFormat.RECORD_HEADER_SIZE + r.length];
            WalRecordFormat.putInt(framed, 0, r.length);
            WalRecordFormat.putInt(framed, 4, WalRecordFormat.crc(r, 0, r.length));
            System.arraycopy(r, 0, framed, WalRecordFormat.RECORD_HEADER_SIZE, r.length);
            try {
              write(out, fileCrc, framed);
              kept[0]++;
            } catch (IOException e) {
              failure[0] = e;
            }
          };
      for (Path in : inputs) {
        if (in.getFileName().toString().startsWith(PREFIX)) {
          read(in, sink);
        } else {
          WalSegmentReader.read(in, sink);
        }
      }
      if (failure[0] != null) {
        throw failure[0];
      }
      byte[] footer = new byte[4];
      WalRecordFormat.putInt(footer, 0, (int) fileCrc.getValue());
      ByteBuffer b = ByteBuffer.wrap(footer);
      while (b.hasRemaining()) {
        out.write(b);
      }
      out.force(true);
    }
    Files.move(tmp, path(dir, upTo), StandardCopyOption.ATOMIC_MOVE);
    return kept[0];
  }

  private static void write(FileChannel out, CRC32C crc, byte[] bytes) throws IOException {
    crc.update(bytes, 0, bytes.length);
    ByteBuffer b = ByteBuffer.wrap(bytes);
    while (b.hasRemaining()) {
      out.write(b);
    }
  }

  /**
   * Replays a checkpoint's records. A damaged checkpoint (which a crash cannot produce, only the
   * disk) still yields every record whose own checksum holds, up to the damage, and is reported.
   */
  static WalSegmentReader.Result read(Path file, Consumer<byte[]> consumer) throws IOException {
    byte[] data = Files.readAllBytes(file);
    int n = data.length;
    if (n < WalRecordFormat.SEGMENT_HEADER_SIZE + 4 || WalRecordFormat.getInt(data, 0) != MAGIC) {
      return new WalSegmentReader.Result(
          0,
          0,
          new WalCorruption(file, 0, "not a Vigil WAL checkpoint (bad magic or too short)", n));
    }
    if (data[4] != VERSION) {
      throw new IOException(
          file
              + ": checkpoint format version "
              + data[4]
              + " is not supported (this Vigil reads "
              + VERSION
              + ")");
    }
    CRC32C crc = new CRC32C();
    crc.update(data, 0, n - 4);
    String damage =
        (int) crc.getValue() == WalRecordFormat.getInt(data, n - 4) ? null : "checksum mismatch";
    int pos = WalRecordFormat.SEGMENT_HEADER_SIZE;
    long records = 0;
    int end = n - 4;
    while (pos < end) {
      if (end - pos < WalRecordFormat.RECORD_HEADER_SIZE) {
        damage = "torn record header";
        break;
      }
      int len = WalRecordFormat.getInt(data, pos);
      if (len <= 0
          || len > end - pos - WalRecordFormat.RECORD_HEADER_SIZE
          || WalRecordFormat.crc(data, pos + WalRecordFormat.RECORD_HEADER_SIZE, len)
              != WalRecordFormat.getInt(data, pos + 4)) {
        damage = "bad record at byte " + pos;
        break;
      }
      byte[] payload = new byte[len];
      System.arraycopy(data, pos + WalRecordFormat.RECORD_HEADER_SIZE, payload, 0, len);
      consumer.accept(payload);
      records++;
      pos += WalRecordFormat.RECORD_HEADER_SIZE + len;
    }
    return new WalSegmentReader.Result(
        records, pos, damage == null ? null : new WalCorruption(file, pos, damage, n - pos));
  }
}
