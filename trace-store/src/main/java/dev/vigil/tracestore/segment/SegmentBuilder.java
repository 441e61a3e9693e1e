package dev.vigil.tracestore.segment;

import dev.vigil.model.TraceId;
import dev.vigil.tracestore.Trace;
import dev.vigil.tracestore.codec.BlockLayout;
import dev.vigil.tracestore.codec.ByteWriter;
import dev.vigil.tracestore.codec.Compression;
import dev.vigil.tracestore.codec.TraceBlockCodec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * One segment being written: traces are added in trace-id order, blocks are cut at the target size
 * and written as they fill, and {@link #finish} writes the index, Bloom filter, meta and footer,
 * then publishes the file. Closing without finishing deletes the temporary file. Not thread-safe.
 */
public final class SegmentBuilder implements AutoCloseable {
  private final Path dir;
  private final long seq;
  private final BlockLayout layout;
  private final Compression compression;
  private final int targetBlockBytes;
  private final long walUpTo;
  private final long createdUnixMillis;
  private final long[] replaces;
  private final Path tmp;
  private final FileChannel channel;
  private final CRC32C tailCrc = new CRC32C();
  private final ByteWriter index = new ByteWriter(4096);
  private final BloomFilter bloom;
  private final List<Trace> pending = new ArrayList<>();
  private long pendingEstimate;
  private TraceId last;
  private long position;
  private int blocks;
  private long spans;
  private long traces;
  private long minStart = Long.MAX_VALUE;
  private long maxEnd = Long.MIN_VALUE;
  private boolean finished;

  SegmentBuilder(
      Path dir,
      long seq,
      BlockLayout layout,
      Compression compression,
      int targetBlockBytes,
      long maxTraces,
      long walUpTo,
      long createdUnixMillis,
      long[] replaces)
      throws IOException {
    this.dir = dir;
    this.seq = seq;
    this.layout = layout;
    this.compression = compression;
    this.targetBlockBytes = targetBlockBytes;
    this.walUpTo = walUpTo;
    this.createdUnixMillis = createdUnixMillis;
    this.replaces = replaces.clone();
    this.bloom = BloomFilter.forKeys((int) Math.min(Integer.MAX_VALUE / 16, maxTraces));
    this.tmp = dir.resolve(SegmentFormat.fileName(seq) + ".tmp");
    this.channel =
        FileChannel.open(
            tmp,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE);
    byte[] header = SegmentWriter.header(layout, compression, createdUnixMillis);
    tailCrc.update(header);
    position = write(header, header.length, 0);
    index.writeInt(0); // block count, set in finish()
  }

  /** Adds a whole trace; ids must strictly increase. */
  public void add(Trace t) throws IOException {
    if (last != null && SegmentFormat.TRACE_ORDER.compare(last, t.traceId()) >= 0) {
      throw new IllegalStateException("BUG: trace " + t.traceId() + " added after " + last);
    }
    last = t.traceId();
    bloom.add(t.traceId());
    spans += t.spans().size();
    traces++;
    minStart = Math.min(minStart, t.startTimeUnixNano());
    maxEnd = Math.max(maxEnd, t.endTimeUnixNano());
    pending.add(t);
    // A rough size (encoded spans run 150 to 600 bytes); whole traces per block.
    pendingEstimate += 200L * t.spans().size();
    if (pendingEstimate >= targetBlockBytes) {
      flushBlock();
    }
  }

  private void flushBlock() throws IOException {
    if (pending.isEmpty()) {
      return;
    }
    byte[] raw = TraceBlockCodec.encode(pending, layout);
    byte[] compressed = compression.compress(raw);
    CRC32C crc = new CRC32C();
    crc.update(compressed);
    TraceId first = pending.get(0).traceId();
    TraceId lastInBlock = pending.get(pending.size() - 1).traceId();
    index.writeLong(first.high());
    index.writeLong(first.low());
    index.writeLong(lastInBlock.high());
    index.writeLong(lastInBlock.low());
    index.writeLong(position);
    index.writeInt(compressed.length);
    index.writeInt(raw.length);
    index.writeInt(pending.size());
    index.writeInt((int) crc.getValue());
    position = write(compressed, compressed.length, position);
    blocks++;
    pending.clear();
    pendingEstimate = 0;
  }

  /** Writes the tail, forces the file, publishes it under its final name. */
  public SegmentMeta finish() throws IOException {
    flushBlock();
    index.setInt(0, blocks);
    long indexOffset = position;
    long bloomOffset = indexOffset + index.size();
    index.writeByte(bloom.hashes());
    index.writeInt(bloom.words().length);
    for (long w : bloom.words()) {
      index.writeLong(w);
    }
    long metaOffset = indexOffset + index.size();
    long min = traces == 0 ? 0 : minStart;
    long max = traces == 0 ? 0 : maxEnd;
    index.writeLong(spans);
    index.writeLong(traces);
    index.writeLong(min);
    index.writeLong(max);
    index.writeLong(walUpTo);
    index.writeLong(seq);
    index.writeInt(replaces.length);
    for (long r : replaces) {
      index.writeLong(r);
    }
    index.writeLong(indexOffset);
    index.writeLong(bloomOffset);
    index.writeLong(metaOffset);
    tailCrc.update(index.array(), 0, index.size());
    index.writeInt((int) tailCrc.getValue());
    index.writeInt(SegmentFormat.MAGIC);
    position = write(index.array(), index.size(), position);
    channel.force(true);
    channel.close();
    Path file = dir.resolve(SegmentFormat.fileName(seq));
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
    SegmentWriter.forceDirectory(dir);
    finished = true;
    return new SegmentMeta(
        file, seq, spans, traces, min, max, walUpTo, position, createdUnixMillis, replaces);
  }

  private long write(byte[] b, int len, long pos) throws IOException {
    ByteBuffer buf = ByteBuffer.wrap(b, 0, len);
    long p = pos;
    while (buf.hasRemaining()) {
      p += channel.write(buf, p);
    }
    return p;
  }

  @Override
  public void close() throws IOException {
    if (!finished) {
      channel.close();
      Files.deleteIfExists(tmp);
    }
  }
}
