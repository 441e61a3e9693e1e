package dev.vigil.tracestore;

import dev.vigil.model.Batch;
import dev.vigil.model.Tenant;
import dev.vigil.model.TraceId;
import dev.vigil.model.trace.Span;
import dev.vigil.tracestore.codec.BatchCodec;
import dev.vigil.tracestore.codec.ByteWriter;
import dev.vigil.tracestore.search.SpanIndex;
import dev.vigil.tracestore.segment.Segment;
import dev.vigil.tracestore.segment.SegmentMeta;
import dev.vigil.tracestore.segment.SegmentWriter;
import dev.vigil.tracestore.wal.SpanWal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One tenant's data in its own directory: {@code wal/}, {@code segments/}, {@code index/}. Appends
 * go to the log and the buffer; {@link #flush} turns the buffer into a segment and indexes it;
 * retention and compaction replace whole segments. Reads merge segments, the buffer and a buffer
 * being flushed. Thread-safe.
 */
final class TenantStore implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(TenantStore.class.getName());

  final Tenant tenant;
  private final TraceStoreOptions options;
  private final Path segmentDir;
  private final SpanWal wal;
  private final SpanIndex index;
  private final SegmentWriter segmentWriter;

  /** Guards buffer, flushing and the WAL file boundary; reads of the buffer take it shared. */
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();

  /** One flush, retention or compaction at a time; it also hands out segment numbers in order. */
  private final ReentrantLock maintenance = new ReentrantLock();

  private TraceBuffer buffer = new TraceBuffer();
  private TraceBuffer flushing;
  private final SegmentSet segments;
  private long nextSequence;
  private final AtomicLong appended = new AtomicLong();
  private final java.util.concurrent.atomic.AtomicBoolean flushQueued =
      new java.util.concurrent.atomic.AtomicBoolean();
  private final long replayed;
  private final long walCorruptions;
  private final long quarantined;
  // Written under the maintenance lock only, read by stats() without it.
  private volatile long flushes;
  private volatile long deletedSegments;
  private volatile long compactions;

  TenantStore(
      Tenant tenant,
      TraceStoreOptions options,
      Path segmentDir,
      List<Segment> segments,
      SpanIndex index,
      SpanWal wal,
      TraceBuffer replayedBuffer,
      long walCorruptions,
      long quarantined) {
    this.tenant = tenant;
    this.options = options;
    this.segmentDir = segmentDir;
    this.segments = new SegmentSet(segments);
    this.index = index;
    this.wal = wal;
    this.buffer = replayedBuffer;
    this.replayed = replayedBuffer.spanCount();
    this.walCorruptions = walCorruptions;
    this.quarantined = quarantined;
    this.segmentWriter =
        new SegmentWriter(options.blockLayout(), options.compression(), options.targetBlockBytes());
    this.nextSequence = this.segments.nextSequence();
  }

  /**
   * Logs the batch (synced per the options) and buffers it. Returns true when the buffer has
   * reached its size and a flush is due, which the caller hands to a flusher ({@link
   * #flushIfFull}); with two buffers' worth held (one being written, one full), this waits for the
   * flush and flushes itself before returning.
   */
  boolean append(Batch<Span> batch) throws IOException {
    ByteWriter out = new ByteWriter(1024);
    BatchCodec.encode(batch, out);
    List<StoredSpan> spans = new ArrayList<>(batch.itemCount());
    batch
        .resources()
        .forEach(r ->
            r.scopes()
                .forEach(s ->
                    s.items().forEach(i -> spans.add(new StoredSpan(r.resource(), s.scope(), i)))));
    long position;
    long buffered;
    long held;
    lock.writeLock().lock();
    try {
      position = wal.write(out.array(), out.size());
      buffer.add(spans, out.size(), options.clock().millis());
      buffered = buffer.bytes();
      held = buffered + (flushing == null ? 0 : flushing.bytes());
    } finally {
      lock.writeLock().unlock();
    }
    wal.sync(position);
    appended.addAndGet(spans.size());
    if (held >= 2 * options.maxBufferBytes()) {
      // Ingest faster than flushing: wait for the flush under way (the buffer being written and
      // the one filling make two), then flush here if still needed, so memory stays bounded.
      flushIfFull();
      return false;
    }
    return buffered >= options.maxBufferBytes();
  }

  /** Whether the caller is the one to queue a flush (at most one is queued at a time). */
  boolean claimFlush() {
    return flushQueued.compareAndSet(false, true);
  }

  /**
   * Flushes the buffer if it is (still) full; the flusher's task. The buffer being written stays
   * readable, and appends go on into a fresh one meanwhile.
   */
  void flushIfFull() throws IOException {
    flushQueued.set(false);
    maintenance.lock();
    try {
      if (bufferedBytes() >= options.maxBufferBytes()) {
        flushLocked();
      }
    } finally {
      maintenance.unlock();
    }
  }

  private long bufferedBytes() {
    lock.readLock().lock();
    try {
      return buffer.bytes();
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * The background pass: flushes when the oldest buffered span is older than the flush age, then
   * applies retention, then merges at most one group of segments (bounded work per pass).
   */
  void maintain() throws IOException {
    maintenance.lock();
    try {
      long first;
      lock.readLock().lock();
      try {
        first = buffer.firstArrivalMillis();
      } finally {
        lock.readLock().unlock();
      }
      if (first >= 0 && options.clock().millis() - first >= options.flushAfter().toMillis()) {
        flushLocked();
      }
      retentionLocked();
      compactLocked();
    } finally {
      maintenance.unlock();
    }
  }

  /** Merges one group of segments if the plan finds one; see {@link CompactionPlan}. */
  private void compactLocked() throws IOException {
    List<Segment> inputs =
        CompactionPlan.pick(
            segments.list(),
            options.compactionWindow().toMillis(),
            options.compactionTargetBytes(),
            options.clock().millis());
    if (inputs.isEmpty()) {
      return;
    }
    Segment merged =
        SegmentCompactor.compact(inputs, nextSequence++, segmentWriter, segmentDir, index);
    segments.replace(inputs, merged);
    for (Segment s : inputs) {
      s.retire(); // the files go once the last reader lets go
    }
    compactions++;
  }

  void flush() throws IOException {
    maintenance.lock();
    try {
      flushLocked();
    } finally {
      maintenance.unlock();
    }
  }

  private void flushLocked() throws IOException {
    TraceBuffer snapshot;
    long walUpTo;
    long seq;
    lock.writeLock().lock();
    try {
      if (buffer.isEmpty()) {
        return;
      }
      snapshot = buffer;
      buffer = new TraceBuffer();
      flushing = snapshot;
      // Under the lock: every record in files up to walUpTo is in the snapshot, none after.
      walUpTo = wal.rotate();
      seq = nextSequence++;
    } catch (IOException | RuntimeException e) {
      if (flushing != null) {
        buffer = flushing;
        flushing = null;
      }
      throw e;
    } finally {
      lock.writeLock().unlock();
    }
    SegmentMeta meta = null;
    try {
      List<Trace> traces = snapshot.toTraces();
      meta = segmentWriter.write(segmentDir, seq, traces, walUpTo, options.clock().millis());
      Segment segment = Segment.open(meta.file());
      // Index before publishing: a search in between finds the spans twice, never not at all.
      index.addSegment(seq, traces);
      lock.writeLock().lock();
      try {
        segments.replace(List.of(), segment);
        flushing = null;
        flushes++;
      } finally {
        lock.writeLock().unlock();
      }
    } catch (IOException | RuntimeException e) {
      // The spans go back to the buffer, so no trace of this attempt may stay behind: a segment
      // file left here would hold them a second time after the next flush.
      if (meta != null) {
        Files.deleteIfExists(meta.file());
      }
      index.delete(seq);
      lock.writeLock().lock();
      try {
        buffer.addAll(snapshot, options.clock().millis());
        flushing = null;
      } finally {
        lock.writeLock().unlock();
      }
      throw e;
    }
    wal.deleteUpTo(walUpTo);
  }

  private void retentionLocked() throws IOException {
    List<Segment> doomed =
        RetentionPlan.doomed(
            segments.list(),
            options.retention().toMillis(),
            options.maxBytesPerTenant(),
            options.clock().millis(),
            options.maxBytesPerTenant() > 0 ? index.sizeBytes() : 0);
    if (doomed.isEmpty()) {
      return;
    }
    segments.replace(doomed, null);
    for (Segment s : doomed) {
      index.deleteSegment(s.meta().sequence(), s.meta().replaces());
      s.retire();
      deletedSegments++;
    }
  }

  /** Every stored span of {@code id}, merged from segments and buffers; exact duplicates once. */
  Trace traceById(TraceId id) throws IOException {
    return tracesById(List.of(id)).get(id);
  }

  /** {@link #traceById} for many ids, reading each segment block at most once. */
  Map<TraceId, Trace> tracesById(Collection<TraceId> ids) throws IOException {
    Map<TraceId, List<StoredSpan>> spans = new LinkedHashMap<>();
    lock.readLock().lock();
    try {
      for (TraceId id : ids) {
        List<StoredSpan> list = spans.computeIfAbsent(id, k -> new ArrayList<>());
        buffer.collect(id, list);
        if (flushing != null) {
          flushing.collect(id, list);
        }
      }
    } finally {
      lock.readLock().unlock();
    }
    List<Segment> acquired = segments.acquireAll();
    try {
      for (Segment s : acquired) {
        for (Trace t : s.readAll(ids)) {
          spans.get(t.traceId()).addAll(t.spans());
        }
      }
    } finally {
      for (Segment s : acquired) {
        s.release();
      }
    }
    Map<TraceId, Trace> out = new LinkedHashMap<>();
    for (Map.Entry<TraceId, List<StoredSpan>> e : spans.entrySet()) {
      // A client retrying after a failed acknowledgement sends the same span twice.
      List<StoredSpan> unique = new ArrayList<>(new LinkedHashSet<>(e.getValue()));
      unique.sort(TraceBuffer.SPAN_ORDER);
      out.put(e.getKey(), new Trace(e.getKey(), unique));
    }
    return out;
  }

  /** Visits every span not yet in a segment (buffer and a buffer being flushed). */
  void forEachUnflushed(Consumer<StoredSpan> consumer) {
    lock.readLock().lock();
    try {
      buffer.forEachSpan(consumer);
      if (flushing != null) {
        flushing.forEachSpan(consumer);
      }
    } finally {
      lock.readLock().unlock();
    }
  }

  SpanIndex index() {
    return index;
  }

  TraceStoreStats stats() throws IOException {
    long segSpans = 0;
    long segBytes = 0;
    List<Segment> segs = segments.list();
    for (Segment s : segs) {
      segSpans += s.meta().spanCount();
      segBytes += s.meta().sizeBytes();
    }
    lock.readLock().lock();
    try {
      long flushingSpans = flushing == null ? 0 : flushing.spanCount();
      return new TraceStoreStats(
          appended.get(),
          replayed,
          buffer.spanCount() + flushingSpans,
          buffer.bytes() + (flushing == null ? 0 : flushing.bytes()),
          segs.size(),
          segSpans,
          segBytes,
          index.sizeBytes(),
          wal.sizeBytes(),
          index.documentCount(),
          flushes,
          deletedSegments,
          compactions,
          walCorruptions,
          quarantined);
    } finally {
      lock.readLock().unlock();
    }
  }

  List<SegmentMeta> segmentMetas() {
    return segments.list().stream().map(Segment::meta).toList();
  }

  @Override
  public void close() throws IOException {
    maintenance.lock();
    try {
      // The log keeps unflushed spans; flushing here only saves replay time at the next start.
      try {
        flushLocked();
      } catch (IOException e) {
        LOG.log(Level.WARNING, "flush on close failed; the log keeps the spans", e);
      }
      wal.close();
      index.close();
      for (Segment s : segments.list()) {
        s.close();
      }
    } finally {
      maintenance.unlock();
    }
  }
}
