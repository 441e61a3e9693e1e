package dev.vigil.logindex.store;

import java.io.EOFException;
import java.io.IOException;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FilterDirectory;
import org.apache.lucene.store.IOContext;
import org.apache.lucene.store.IndexInput;

/**
 * A partition's directory that reads Lucene's temporary files ({@code *.tmp}) back from a heap copy
 * instead of a memory map; every other file goes to the wrapped directory unchanged.
 *
 * <p>Why: under the index sort, every flush writes the segment's stored records to a temporary
 * stored-fields file, one record to a chunk, and reads them back one by one in sorted order (newest
 * first, so the reverse of arrival). Each record is a dozen small reads (a chunk header of
 * variable-length ints, then the bytes), and through a memory-mapped input each small read checks
 * that its mapping is still open: that read-back was 5.9 % of the server's CPU on {@code
 * bench/run.sh logs-ingest} (2026-12-07 12:12 UTC, log-index/README.md), over half of it in those
 * checks. The file is read once sequentially into blocks, at the cost of its size in heap for the
 * duration of the flush (about the size of the writer's RAM buffer); larger files stay mapped.
 * Nothing durable changes: temporary files are never part of a commit.
 */
final class TempFilesOnHeap extends FilterDirectory {
  /** Temporary files larger than this are read as the wrapped directory reads them. */
  static final long MAX_HEAP_BYTES = 256L << 20;

  /** Blocks of the heap copy: below G1's humongous-object size for any heap region size. */
  static final int BLOCK_SHIFT = 18;

  static final int BLOCK_BYTES = 1 << BLOCK_SHIFT;
  private static final long BLOCK_MASK = BLOCK_BYTES - 1;

  private final long maxHeapBytes;
  private final java.util.concurrent.atomic.AtomicLong heapCopies =
      new java.util.concurrent.atomic.AtomicLong();

  TempFilesOnHeap(Directory in) {
    this(in, MAX_HEAP_BYTES);
  }

  /** With another size limit: tests check both paths. */
  TempFilesOnHeap(Directory in, long maxHeapBytes) {
    super(in);
    this.maxHeapBytes = maxHeapBytes;
  }

  /** How many temporary files were read from a heap copy: tests check which path ran. */
  long heapCopies() {
    return heapCopies.get();
  }

  @Override
  public IndexInput openInput(String name, IOContext context) throws IOException {
    if (!name.endsWith(".tmp")) {
      return in.openInput(name, context);
    }
    long length = in.fileLength(name);
    if (length == 0 || length > maxHeapBytes) {
      return in.openInput(name, context);
    }
    byte[][] blocks = new byte[(int) ((length + BLOCK_BYTES - 1) >>> BLOCK_SHIFT)][];
    try (IndexInput source = in.openInput(name, IOContext.READONCE)) {
      for (int i = 0; i < blocks.length; i++) {
        int n = (int) Math.min(length - ((long) i << BLOCK_SHIFT), BLOCK_BYTES);
        blocks[i] = new byte[n];
        source.readBytes(blocks[i], 0, n);
      }
    }
    heapCopies.incrementAndGet();
    return new HeapInput("heap copy of " + name + " in " + in, blocks, 0, length);
  }

  /**
   * An input over the blocks: a read is an array access or {@code System.arraycopy}. (Lucene's
   * {@code ByteBuffersIndexInput} would serve too, but duplicates a buffer for every {@code
   * readBytes}, one per record here.)
   */
  private static final class HeapInput extends IndexInput {
    private final byte[][] blocks;
    private final long offset;
    private final long length;
    private long pos;

    HeapInput(String description, byte[][] blocks, long offset, long length) {
      super(description);
      this.blocks = blocks;
      this.offset = offset;
      this.length = length;
    }

    @Override
    public byte readByte() throws IOException {
      if (pos >= length) {
        throw new EOFException("read past the end of " + this);
      }
      long at = offset + pos++;
      return blocks[(int) (at >>> BLOCK_SHIFT)][(int) (at & BLOCK_MASK)];
    }

    @Override
    public void readBytes(byte[] b, int off, int len) throws IOException {
      if (len > length - pos) {
        throw new EOFException("read past the end of " + this);
      }
      while (len > 0) {
        long at = offset + pos;
        byte[] block = blocks[(int) (at >>> BLOCK_SHIFT)];
        int from = (int) (at & BLOCK_MASK);
        int n = Math.min(len, block.length - from);
        System.arraycopy(block, from, b, off, n);
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
      return new HeapInput(
          toString() + " [" + description + "]", blocks, offset + from, sliceLength);
    }

    @Override
    public HeapInput clone() {
      return (HeapInput) super.clone(); // shares the blocks; its position moves on its own
    }

    @Override
    public void close() {
      // the blocks are garbage once every clone and slice is unreachable
    }
  }
}
