package dev.vigil.tracestore.segment;

import dev.vigil.tracestore.Trace;
import dev.vigil.tracestore.codec.BlockLayout;
import dev.vigil.tracestore.codec.ByteWriter;
import dev.vigil.tracestore.codec.Compression;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes segment files in one layout and compression. A segment is written into a temporary file,
 * forced to disk, then renamed into place and the directory forced, so it either exists whole or
 * not at all.
 */
public final class SegmentWriter {
  private final BlockLayout layout;
  private final Compression compression;
  private final int targetBlockBytes;

  public SegmentWriter(BlockLayout layout, Compression compression, int targetBlockBytes) {
    this.layout = layout;
    this.compression = compression;
    this.targetBlockBytes = targetBlockBytes;
  }

  /**
   * Writes {@code traces} (any order; each trace's spans sorted by start) as segment {@code seq},
   * stamped as created at {@code createdUnixMillis}.
   */
  public SegmentMeta write(
      Path dir, long seq, List<Trace> traces, long walUpTo, long createdUnixMillis)
      throws IOException {
    List<Trace> sorted = new ArrayList<>(traces);
    sorted.sort((a, b) -> SegmentFormat.TRACE_ORDER.compare(a.traceId(), b.traceId()));
    try (SegmentBuilder b =
        begin(dir, seq, sorted.size(), walUpTo, createdUnixMillis, new long[0])) {
      for (Trace t : sorted) {
        b.add(t);
      }
      return b.finish();
    }
  }

  /**
   * Starts segment {@code seq} to be filled in trace-id order, for merging segments without holding
   * them in memory. {@code maxTraces} sizes the Bloom filter; {@code replaces} lists the segments
   * this one makes obsolete (compaction).
   */
  public SegmentBuilder begin(
      Path dir, long seq, long maxTraces, long walUpTo, long createdUnixMillis, long[] replaces)
      throws IOException {
    return new SegmentBuilder(
        dir,
        seq,
        layout,
        compression,
        targetBlockBytes,
        maxTraces,
        walUpTo,
        createdUnixMillis,
        replaces);
  }

  /** The 16-byte file header. */
  static byte[] header(BlockLayout layout, Compression compression, long createdUnixMillis) {
    ByteWriter header = new ByteWriter(SegmentFormat.HEADER_SIZE);
    header.writeInt(SegmentFormat.MAGIC);
    header.writeByte(SegmentFormat.VERSION);
    header.writeByte(layout.ordinal());
    header.writeByte(compression.ordinal());
    header.writeByte(0);
    header.writeLong(createdUnixMillis);
    return header.toByteArray();
  }

  /** Makes a rename durable; not possible on every platform, where it is skipped. */
  static void forceDirectory(Path dir) throws IOException {
    try (java.nio.channels.FileChannel d =
        java.nio.channels.FileChannel.open(dir, java.nio.file.StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException e) {
      if (!System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("win")) {
        throw e;
      }
    }
  }
}
