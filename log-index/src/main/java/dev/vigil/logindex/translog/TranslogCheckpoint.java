package dev.vigil.logindex.translog;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * The {@code checkpoint} file: the translog position below which everything is committed in Lucene,
 * so a restart replays only after it and opens no partition for older records. 20 bytes: magic,
 * version and 3 reserved bytes, position, CRC32C of the first 16 bytes. Written to a temporary
 * file, synced, then renamed over the old one.
 */
final class TranslogCheckpoint {
  static final String NAME = "checkpoint";
  private static final int MAGIC = 0x564c4350; // "VLCP"
  private static final int SIZE = 20;

  private TranslogCheckpoint() {}

  static long read(Path dir) throws IOException {
    Path file = dir.resolve(NAME);
    if (!Files.exists(file)) {
      return 0;
    }
    byte[] b = Files.readAllBytes(file);
    if (b.length != SIZE || TranslogFormat.getInt(b, 0) != MAGIC) {
      throw new TranslogCorruptionException(file, 0, "not a translog checkpoint");
    }
    if (b[4] != TranslogFormat.VERSION) {
      throw new TranslogCorruptionException(file, 4, "unsupported checkpoint version " + b[4]);
    }
    if (TranslogFormat.crc(b, 0, 16) != TranslogFormat.getInt(b, 16)) {
      throw new TranslogCorruptionException(file, 16, "checkpoint checksum mismatch");
    }
    return TranslogFormat.getLong(b, 8);
  }

  static void write(Path dir, long position) throws IOException {
    byte[] b = new byte[SIZE];
    TranslogFormat.putInt(b, 0, MAGIC);
    b[4] = TranslogFormat.VERSION;
    TranslogFormat.putLong(b, 8, position);
    TranslogFormat.putInt(b, 16, TranslogFormat.crc(b, 0, 16));
    Path tmp = dir.resolve(NAME + ".tmp");
    try (FileChannel ch =
        FileChannel.open(
            tmp,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE)) {
      ByteBuffer buf = ByteBuffer.wrap(b);
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
      ch.force(true);
    }
    Files.move(
        tmp,
        dir.resolve(NAME),
        StandardCopyOption.ATOMIC_MOVE,
        StandardCopyOption.REPLACE_EXISTING);
  }
}
