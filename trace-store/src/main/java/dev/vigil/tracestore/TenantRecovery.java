package dev.vigil.tracestore;

import dev.vigil.model.Tenant;
import dev.vigil.tracestore.codec.BatchCodec;
import dev.vigil.tracestore.search.SpanIndex;
import dev.vigil.tracestore.segment.Segment;
import dev.vigil.tracestore.wal.SpanWal;
import dev.vigil.tracestore.wal.WalReplayer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * Opens a tenant's directory after a clean stop or a crash: verifies segments (moving corrupt ones
 * aside), indexes segments the last index commit does not hold, deletes log files the segments
 * cover and replays the rest into a fresh buffer.
 */
final class TenantRecovery {
  private static final Logger LOG = Logger.getLogger(TenantRecovery.class.getName());

  private TenantRecovery() {}

  /**
   * Whether a merged segment's spans are in the index under its inputs' numbers: its inputs were
   * indexed before it was written, unless the index has been rebuilt since (then it starts at 0 and
   * every segment is indexed under its own number). {@code committed}: what the index held when it
   * was opened.
   */
  private static boolean inputsIndexed(Segment s, long committed) {
    long[] replaces = s.meta().replaces();
    if (replaces.length == 0) {
      return false;
    }
    for (long r : replaces) {
      if (r > committed) {
        return false;
      }
    }
    return true;
  }

  /** Opens segments, brings the index up to date with them, and replays the log into the buffer. */
  static TenantStore open(Path dir, Tenant tenant, TraceStoreOptions options) throws IOException {
    Path segmentDir = Files.createDirectories(dir.resolve("segments"));
    List<Segment> segments = new ArrayList<>();
    long quarantined = 0;
    for (Path f : list(segmentDir)) {
      String name = f.getFileName().toString();
      if (name.endsWith(".tmp")) {
        Files.delete(f); // a flush interrupted before its rename: the log still holds its spans
      } else if (name.endsWith(".seg")) {
        try {
          segments.add(Segment.open(f));
        } catch (CorruptStoreException e) {
          LOG.log(Level.SEVERE, "moving aside corrupt segment: " + e.getMessage(), e);
          Files.move(f, f.resolveSibling(name + ".corrupt"));
          quarantined++;
        }
      }
    }
    segments.sort((a, b) -> Long.compare(a.meta().sequence(), b.meta().sequence()));
    // A compaction that crashed after writing its output but before deleting its inputs.
    java.util.Set<Long> obsolete = new java.util.HashSet<>();
    for (Segment s : segments) {
      for (long r : s.meta().replaces()) {
        obsolete.add(r);
      }
    }
    List<Segment> live = new ArrayList<>();
    for (Segment s : segments) {
      if (obsolete.contains(s.meta().sequence())) {
        s.retire(); // deletes the file
      } else {
        live.add(s);
      }
    }
    segments = live;
    // The index is derived data: unreadable, it is started over and refilled from the segments.
    // The documents of replaced segments stay: the merged segment's spans are indexed under their
    // numbers (SegmentCompactor).
    SpanIndex index = SpanIndex.openOrReset(dir.resolve("index"), LOG::severe);
    long committed = index.indexedThrough(); // before this loop moves it on
    for (Segment s : segments) {
      if (s.meta().sequence() > index.indexedThrough() && !inputsIndexed(s, committed)) {
        List<Trace> traces = new ArrayList<>();
        s.forEachTrace(traces::add);
        index.addSegment(s.meta().sequence(), traces);
      }
    }
    long covered = 0;
    for (Segment s : segments) {
      covered = Math.max(covered, s.meta().walUpTo());
    }
    TraceBuffer replayBuffer = new TraceBuffer();
    long[] corruptions = {0};
    long now = options.clock().millis();
    SpanWal wal =
        SpanWal.open(
            dir.resolve("wal"),
            options.fsync(),
            covered,
            new WalReplayer() {
              @Override
              public void record(byte[] payload, int offset, int length) {
                replayBuffer.add(BatchCodec.decode(payload, offset, length), length, now);
              }

              @Override
              public void corruption(Path file, long offset, String reason, long dropped) {
                LOG.warning(
                    file + " at byte " + offset + ": " + reason + "; cut " + dropped + " bytes");
                corruptions[0]++;
              }
            });
    return new TenantStore(
        tenant,
        options,
        segmentDir,
        segments,
        index,
        wal,
        replayBuffer,
        corruptions[0],
        quarantined);
  }

  private static List<Path> list(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.sorted().toList();
    }
  }
}
