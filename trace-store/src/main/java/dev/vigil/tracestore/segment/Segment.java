package dev.vigil.tracestore.segment;

import dev.vigil.model.TraceId;
import dev.vigil.tracestore.CorruptStoreException;
import dev.vigil.tracestore.Trace;
import dev.vigil.tracestore.codec.BlockLayout;
import dev.vigil.tracestore.codec.ByteReader;
import dev.vigil.tracestore.codec.Compression;
import dev.vigil.tracestore.codec.MalformedDataException;
import dev.vigil.tracestore.codec.TraceBlockCodec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.zip.CRC32C;

/**
 * An open, verified segment file. The block index and Bloom filter stay in memory (about 60 bytes
 * per block and 1.25 bytes per trace); blocks are read, checked and decompressed on demand.
 *
 * <p>Thread-safe. Reference counted so that retention can delete a segment while a query still
 * reads it: {@link #retire} marks it, and the file goes when the last reader {@link #release}s.
 */
public final class Segment {
  private final Path file;
  private final FileChannel channel;
  private final BlockLayout layout;
  private final Compression compression;
  private final long[] firstHigh;
  private final long[] firstLow;
  private final long[] lastHigh;
  private final long[] lastLow;
  private final long[] offsets;
  private final int[] compressedLengths;
  private final int[] rawLengths;
  private final int[] crcs;
  private final BloomFilter bloom;
  private final SegmentMeta meta;
  private final AtomicInteger refs = new AtomicInteger(1);

  private Segment(Path file, FileChannel channel, ByteReader header, ByteReader tail, long size)
      throws CorruptStoreException {
    this.file = file;
    this.channel = channel;
    header.readInt();
    header.readByte();
    this.layout = BlockLayout.forCode(header.readByte());
    this.compression = Compression.forCode(header.readByte());
    header.readByte();
    long created = header.readLong();
    int blocks = tail.readInt();
    if (blocks < 0 || (long) blocks * SegmentFormat.BLOCK_ENTRY_SIZE > tail.remaining()) {
      throw new CorruptStoreException(file, "block count " + blocks + " does not fit the index");
    }
    firstHigh = new long[blocks];
    firstLow = new long[blocks];
    lastHigh = new long[blocks];
    lastLow = new long[blocks];
    offsets = new long[blocks];
    compressedLengths = new int[blocks];
    rawLengths = new int[blocks];
    crcs = new int[blocks];
    for (int i = 0; i < blocks; i++) {
      firstHigh[i] = tail.readLong();
      firstLow[i] = tail.readLong();
      lastHigh[i] = tail.readLong();
      lastLow[i] = tail.readLong();
      offsets[i] = tail.readLong();
      compressedLengths[i] = tail.readInt();
      rawLengths[i] = tail.readInt();
      tail.readInt(); // trace count: for tools; lookups decode the block
      crcs[i] = tail.readInt();
    }
    int hashes = tail.readByte();
    int words = tail.readInt();
    if (words < 1 || (long) words * 8 > tail.remaining()) {
      throw new CorruptStoreException(file, "Bloom filter of " + words + " words does not fit");
    }
    long[] bits = new long[words];
    for (int i = 0; i < words; i++) {
      bits[i] = tail.readLong();
    }
    bloom = new BloomFilter(bits, hashes);
    long spans = tail.readLong();
    long traces = tail.readLong();
    long minStart = tail.readLong();
    long maxEnd = tail.readLong();
    long walUpTo = tail.readLong();
    long seq = tail.readLong();
    int replacedCount = tail.readInt();
    if (replacedCount < 0 || (long) replacedCount * 8 > tail.remaining()) {
      throw new CorruptStoreException(file, "replaced-segment count " + replacedCount);
    }
    long[] replaces = new long[replacedCount];
    for (int i = 0; i < replacedCount; i++) {
      replaces[i] = tail.readLong();
    }
    meta =
        new SegmentMeta(
            file, seq, spans, traces, minStart, maxEnd, walUpTo, size, created, replaces);
  }

  /** Opens and verifies {@code file}: magic, version and the checksum over header and index. */
  public static Segment open(Path file) throws IOException {
    FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
    try {
      long size = ch.size();
      if (size < SegmentFormat.HEADER_SIZE + SegmentFormat.FOOTER_SIZE) {
        throw new CorruptStoreException(file, "only " + size + " bytes, shorter than any segment");
      }
      byte[] header = read(ch, 0, SegmentFormat.HEADER_SIZE);
      ByteReader h = new ByteReader(header);
      int magic = h.readInt();
      int version = h.readByte();
      if (magic != SegmentFormat.MAGIC) {
        throw new CorruptStoreException(file, "not a segment file (bad magic)");
      }
      if (version != SegmentFormat.VERSION) {
        throw new CorruptStoreException(
            file, "segment version " + version + "; this build reads " + SegmentFormat.VERSION);
      }
      byte[] footer = read(ch, size - SegmentFormat.FOOTER_SIZE, SegmentFormat.FOOTER_SIZE);
      ByteReader f = new ByteReader(footer);
      long indexOffset = f.readLong();
      f.readLong();
      f.readLong();
      int crc = f.readInt();
      if (f.readInt() != SegmentFormat.MAGIC) {
        throw new CorruptStoreException(file, "bad footer magic: truncated or not a segment");
      }
      if (indexOffset < SegmentFormat.HEADER_SIZE
          || indexOffset > size - SegmentFormat.FOOTER_SIZE) {
        throw new CorruptStoreException(file, "index offset " + indexOffset + " out of range");
      }
      int tailLength = (int) (size - 8 - indexOffset);
      byte[] tail = read(ch, indexOffset, tailLength);
      CRC32C c = new CRC32C();
      c.update(header);
      c.update(tail);
      if ((int) c.getValue() != crc) {
        throw new CorruptStoreException(file, "index checksum mismatch");
      }
      return new Segment(file, ch, new ByteReader(header), new ByteReader(tail), size);
    } catch (IOException | RuntimeException e) {
      ch.close();
      if (e instanceof MalformedDataException m) {
        throw new CorruptStoreException(file, m.getMessage(), m);
      }
      throw e;
    }
  }

  public SegmentMeta meta() {
    return meta;
  }

  public boolean mightContain(TraceId id) {
    return bloom.mightContain(id);
  }

  /** This segment's spans of {@code id}, or null when it holds none. */
  public Trace read(TraceId id) throws IOException {
    if (!bloom.mightContain(id)) {
      return null;
    }
    int block = findBlock(id);
    if (block < 0) {
      return null;
    }
    List<Trace> found = readBlock(block, id::equals);
    return found.isEmpty() ? null : found.get(0);
  }

  /**
   * This segment's spans of each of {@code ids} it holds, reading every block once however many of
   * the ids it holds: dependency graphs and search results load hundreds of traces.
   */
  public List<Trace> readAll(java.util.Collection<TraceId> ids) throws IOException {
    java.util.Map<Integer, java.util.Set<TraceId>> byBlock = new java.util.TreeMap<>();
    for (TraceId id : ids) {
      if (bloom.mightContain(id)) {
        int b = findBlock(id);
        if (b >= 0) {
          byBlock.computeIfAbsent(b, k -> new java.util.HashSet<>()).add(id);
        }
      }
    }
    List<Trace> out = new java.util.ArrayList<>();
    for (java.util.Map.Entry<Integer, java.util.Set<TraceId>> e : byBlock.entrySet()) {
      out.addAll(readBlock(e.getKey(), e.getValue()::contains));
    }
    return out;
  }

  /** Every trace, block by block: to rebuild the search index or compact. */
  public void forEachTrace(Consumer<Trace> consumer) throws IOException {
    for (int b = 0; b < offsets.length; b++) {
      readBlock(b, id -> true).forEach(consumer);
    }
  }

  /** Reads every trace in trace-id order, one block in memory at a time: for merging. */
  public TraceCursor cursor() {
    return new TraceCursor();
  }

  /** Traces of this segment in id order. Not thread-safe; the segment must stay acquired. */
  public final class TraceCursor {
    private int nextBlock;
    private java.util.Iterator<Trace> current = java.util.Collections.emptyIterator();

    private TraceCursor() {}

    /** The next trace, or null after the last. */
    public Trace next() throws IOException {
      while (!current.hasNext()) {
        if (nextBlock == offsets.length) {
          return null;
        }
        current = readBlock(nextBlock++, id -> true).iterator();
      }
      return current.next();
    }
  }

  private int findBlock(TraceId id) {
    int lo = 0;
    int hi = offsets.length - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      if (compare(id, firstHigh[mid], firstLow[mid]) < 0) {
        hi = mid - 1;
      } else if (compare(id, lastHigh[mid], lastLow[mid]) > 0) {
        lo = mid + 1;
      } else {
        return mid;
      }
    }
    return -1;
  }

  private static int compare(TraceId id, long high, long low) {
    return SegmentFormat.TRACE_ORDER.compare(id, new TraceId(high, low));
  }

  private List<Trace> readBlock(int b, java.util.function.Predicate<TraceId> wanted)
      throws IOException {
    byte[] compressed = read(channel, offsets[b], compressedLengths[b]);
    CRC32C crc = new CRC32C();
    crc.update(compressed);
    if ((int) crc.getValue() != crcs[b]) {
      throw new CorruptStoreException(
          file, "checksum mismatch in block " + b + " at offset " + offsets[b]);
    }
    try {
      byte[] raw = compression.decompress(compressed, rawLengths[b]);
      return TraceBlockCodec.decode(raw, layout, wanted);
    } catch (MalformedDataException e) {
      throw new CorruptStoreException(
          file, "block " + b + " at offset " + offsets[b] + ": " + e.getMessage(), e);
    }
  }

  private static byte[] read(FileChannel ch, long pos, int len) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(len);
    while (buf.hasRemaining()) {
      int n = ch.read(buf, pos + buf.position());
      if (n < 0) {
        throw new java.io.EOFException("unexpected end of file at " + (pos + buf.position()));
      }
    }
    return buf.array();
  }

  /** Takes a reference for a reader; false when the segment is already gone. */
  public boolean acquire() {
    while (true) {
      int n = refs.get();
      if (n == 0) {
        return false;
      }
      if (refs.compareAndSet(n, n + 1)) {
        return true;
      }
    }
  }

  public void release() throws IOException {
    if (refs.decrementAndGet() == 0) {
      channel.close();
      Files.deleteIfExists(file);
    }
  }

  /** Drops the store's own reference: the file is deleted once no reader holds it. */
  public void retire() throws IOException {
    release();
  }

  /** Closes without deleting, when the store closes. */
  public void close() throws IOException {
    channel.close();
  }
}
