package dev.vigil.logindex.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.store.ByteBuffersDataInput;
import org.apache.lucene.store.ByteBuffersIndexInput;
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

  /**
   * Blocks of the heap copy: a power of two, as ByteBuffersDataInput requires, and below G1's
   * humongous-object size for any heap region size.
   */
  static final int BLOCK_BYTES = 1 << 18;

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
    List<ByteBuffer> blocks = new ArrayList<>((int) (length / BLOCK_BYTES) + 1);
    try (IndexInput source = in.openInput(name, IOContext.READONCE)) {
      long left = length;
      while (left > 0) {
        int n = (int) Math.min(left, BLOCK_BYTES);
        byte[] block = new byte[n];
        source.readBytes(block, 0, n);
        blocks.add(ByteBuffer.wrap(block));
        left -= n;
      }
    }
    heapCopies.incrementAndGet();
    return new ByteBuffersIndexInput(
        new ByteBuffersDataInput(blocks), "heap copy of " + name + " in " + in);
  }
}
