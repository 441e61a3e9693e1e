package dev.vigil.logindex.store;

import java.io.EOFException;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FilterDirectory;
import org.apache.lucene.store.IOContext;
import org.apache.lucene.store.IndexInput;

/**
 * A partition's directory that reads Lucene's temporary files ({@code *.tmp}) through a few heap
 * blocks, each filled by one bulk read of the wrapped (memory-mapped) input; every other file goes
 * to the wrapped directory unchanged.
 *
 * <p>Why: under the index sort, every flush writes the segment's stored records to a temporary
 * stored-fields file, one record to a chunk, and reads them back one by one in sorted order (newest
 * first: about the reverse of arrival, jumbled within a batch). Each record is a dozen small reads
 * (a chunk header of variable-length ints, then the bytes), and through a memory-mapped input each
 * small read checks that its mapping is still open: that read-back was 5.9 % of the server's CPU on
 * {@code bench/run.sh logs-ingest} (2026-12-07 12:12 UTC, log-index/README.md), over half of it in
 * those checks. A copy of the whole file on the heap removed the checks but cost as much again in
 * the collector (tens of MB live through every flush, copied by each young collection: 12:39 UTC);
 * {@value #BLOCKS} blocks of {@value #BLOCK_BYTES} bytes per open file, reused, cover the jumbled
 * reverse walk with one bulk read per block. Nothing durable changes: temporary files are never
 * part of a commit. An input and its clones are for one thread, as Lucene reads temporary files
 * (the flushing thread).
 */
final class TempFileBlocks extends FilterDirectory {
  static final int BLOCK_SHIFT = 16;
  static final int BLOCK_BYTES = 1 << BLOCK_SHIFT;
  static final int BLOCKS = 8;

  private final AtomicLong cachedOpens = new AtomicLong();

  TempFileBlocks(Directory in) {
    super(in);
  }

  /** How many temporary files were opened through blocks: tests check the path ran. */
  long cachedOpens() {
    return cachedOpens.get();
  }

  @Override
  public IndexInput openInput(String name, IOContext context) throws IOException {
    IndexInput source = in.openInput(name, context);
    if (!name.endsWith(".tmp")) {
      return source;
    }
    cachedOpens.incrementAndGet();
    return new BlockInput("blocks of " + source, source, 0, source.length(), null, true);
  }

  /** The blocks of one open file, shared by its clones and slices. */
  private static final class Blocks {
    final IndexInput source;
    final byte[][] bytes = new byte[BLOCKS][];
    final long[] ids = new long[BLOCKS];
    int next; // the slot the next miss fills: round robin, enough for a walk that moves one way

    Blocks(IndexInput source) {
      this.source = source;
      java.util.Arrays.fill(ids, -1);
    }

    /** The block holding file position {@code at}, read when it is not held. */
    byte[] block(long at) throws IOException {
      long id = at >>> BLOCK_SHIFT;
      for (int i = 0; i < BLOCKS; i++) {
        if (ids[i] == id) {
          return bytes[i];
        }
      }
      int slot = next;
      next = (next + 1) % BLOCKS;
      if (bytes[slot] == null) {
        bytes[slot] = new byte[BLOCK_BYTES];
      }
      long start = id << BLOCK_SHIFT;
      int n = (int) Math.min(BLOCK_BYTES, source.length() - start);
      ids[slot] = -1; // a failed read must not leave a half-filled block behind this id
      source.seek(start);
      source.readBytes(bytes[slot], 0, n);
      ids[slot] = id;
      return bytes[slot];
    }
  }

  private static final class BlockInput extends IndexInput {
    private final IndexInput source;
    private final long offset;
    private final long length;
    private Blocks blocks; // shared with clones and slices; made on the first read
    private boolean owner; // the input openInput returned: closing it closes the file
    private long pos;

    BlockInput(
        String description,
        IndexInput source,
        long offset,
        long length,
        Blocks blocks,
        boolean owner) {
      super(description);
      this.source = source;
      this.offset = offset;
      this.length = length;
      this.blocks = blocks;
      this.owner = owner;
    }

    private Blocks blocks() {
      if (blocks == null) {
        blocks = new Blocks(source);
      }
      return blocks;
    }

    @Override
    public byte readByte() throws IOException {
      if (pos >= length) {
        throw new EOFException("read past the end of " + this);
      }
      long at = offset + pos++;
      return blocks().block(at)[(int) (at & (BLOCK_BYTES - 1))];
    }

    @Override
    public void readBytes(byte[] b, int off, int len) throws IOException {
      if (len > length - pos) {
        throw new EOFException("read past the end of " + this);
      }
      while (len > 0) {
        long at = offset + pos;
        int from = (int) (at & (BLOCK_BYTES - 1));
        int n = Math.min(len, BLOCK_BYTES - from);
        System.arraycopy(blocks().block(at), from, b, off, n);
        pos += n;
        off += n;
        len -= n;
      }
    }

    @Override
    public long getFilePointer() {
      return pos;
    }

    @Override
    public void seek(long to) throws IOException {
      if (to < 0 || to > length) {
        throw new EOFException("seek to " + to + " outside " + this + " of " + length + " bytes");
      }
      pos = to;
    }

    @Override
    public long length() {
      return length;
    }

    @Override
    public IndexInput slice(String description, long from, long sliceLength) {
      if (from < 0 || sliceLength < 0 || from + sliceLength > length) {
        throw new IllegalArgumentException(
            "slice " + from + "+" + sliceLength + " outside " + this + " of " + length + " bytes");
      }
      return new BlockInput(
          toString() + " [" + description + "]",
          source,
          offset + from,
          sliceLength,
          blocks(),
          false);
    }

    @Override
    public BlockInput clone() {
      BlockInput c = (BlockInput) super.clone(); // its own position
      c.blocks = blocks();
      c.owner = false;
      return c;
    }

    @Override
    public void close() throws IOException {
      // Lucene closes only what openInput returned; clones and slices read until it does.
      if (owner) {
        source.close();
      }
    }
  }
}
