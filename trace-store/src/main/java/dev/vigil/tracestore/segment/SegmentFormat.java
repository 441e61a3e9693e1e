package dev.vigil.tracestore.segment;

import dev.vigil.model.TraceId;
import java.util.Comparator;

/** Constants of the segment file layout (FORMAT.md, "Segment files"). */
final class SegmentFormat {
  static final int MAGIC = 0x47535456; // "VTSG" read as little-endian bytes
  static final int VERSION = 1;
  static final int HEADER_SIZE = 16;
  static final int FOOTER_SIZE = 32;
  static final int BLOCK_ENTRY_SIZE = 60;
  static final String SUFFIX = ".seg";

  /** Unsigned order of the 16 bytes, as trace ids sort in hex. */
  static final Comparator<TraceId> TRACE_ORDER =
      (a, b) -> {
        int c = Long.compareUnsigned(a.high(), b.high());
        return c != 0 ? c : Long.compareUnsigned(a.low(), b.low());
      };

  private SegmentFormat() {}

  static String fileName(long sequence) {
    return String.format("%020d", sequence) + SUFFIX;
  }
}
