package dev.vigil.tsdb.block;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The {@code chunks} file of a block (see {@code tsdb/FORMAT.md}): a header, then chunk records
 * {@code uvarint length, chunk bytes, crc32c(chunk bytes)}, then the file's CRC32C. A chunk's
 * reference is the offset of its record. Each record carries its own checksum so a query verifies
 * exactly what it reads without scanning the whole file.
 */
final class ChunksFile {
  static final String NAME = "chunks";
  static final int MAGIC = 0x5643484B; // "VCHK"
  static final byte VERSION = 1;

  /** Larger chunks are refused as corrupt: a writer never makes them. */
  static final int MAX_CHUNK_BYTES = 1 << 24;

  private ChunksFile() {}

  /** Appends chunk records to a new file. */
  static final class Writer implements AutoCloseable {
    private final FileOutput out;

    Writer(Path dir) throws IOException {
      out = new FileOutput(dir.resolve(NAME));
      out.header(MAGIC, VERSION);
    }

    /** Writes one chunk; returns its reference. */
    long write(byte[] chunk) throws IOException {
      long ref = out.position();
      out.uvarint(chunk.length);
      out.bytes(chunk, 0, chunk.length);
      java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
      crc.update(chunk, 0, chunk.length);
      out.u32((int) crc.getValue());
      return ref;
    }

    long finish() throws IOException {
      return out.finish();
    }

    @Override
    public void close() throws IOException {
      out.close();
    }
  }

  /** Reads chunk records from the mapped file, verifying each one's checksum. */
  static final class Reader implements AutoCloseable {
    private final MappedFile file;

    Reader(Path dir) throws IOException {
      file = MappedFile.open(dir.resolve(NAME), MAGIC, VERSION);
    }

    MappedFile file() {
      return file;
    }

    /**
     * Copies the chunk at {@code ref} into {@code buf} (grown when too small) and returns the
     * buffer; the chunk is {@code [0, length)} where length is stored in {@code len[0]}.
     */
    byte[] read(long ref, byte[] buf, int[] len) {
      MappedFile.Cursor c = file.cursor(ref);
      int n = c.count("chunk length");
      if (n == 0 || n > MAX_CHUNK_BYTES) {
        throw file.corrupt("chunk at " + ref + " has invalid length " + n);
      }
      if (buf.length < n) {
        buf = new byte[Math.max(n, buf.length * 2)];
      }
      file.copy(c.pos, buf, n);
      int crc = file.crc(c.pos, n);
      if (crc != file.u32(c.pos + n)) {
        throw file.corrupt("checksum mismatch in the chunk at " + ref);
      }
      len[0] = n;
      return buf;
    }

    @Override
    public void close() {
      file.close();
    }
  }
}
