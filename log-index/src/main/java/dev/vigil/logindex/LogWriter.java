package dev.vigil.logindex;

import dev.vigil.logindex.store.LogDocuments;
import dev.vigil.logindex.store.Partition;
import dev.vigil.logindex.store.PartitionSpan;
import dev.vigil.logindex.store.PartitionStore;
import dev.vigil.logindex.store.RecordCodec;
import dev.vigil.logindex.store.StoredRecord;
import dev.vigil.logindex.tail.LiveTails;
import dev.vigil.logindex.translog.Translog;
import dev.vigil.model.Batch;
import dev.vigil.model.ResourceGroup;
import dev.vigil.model.ScopeGroup;
import dev.vigil.model.Tenant;
import dev.vigil.model.log.LogRecord;
import dev.vigil.model.sink.SinkException;
import dev.vigil.model.sink.TelemetrySink;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.apache.lucene.index.IndexableField;
import org.apache.lucene.util.BytesRef;

/**
 * The write path: limits, translog (synced before {@link #append} returns), then the partitions'
 * IndexWriters; and the commits that let the translog be trimmed.
 *
 * <p>Appends hold the read lock from translog write to Lucene add; a commit round takes the write
 * lock only to read the translog end {@code X} and the dirty partitions, so every entry before
 * {@code X} is in the writers when they commit. Entries after {@code X} may slip into the same
 * commit; each document carries its entry's position and a reopened partition drops those at or
 * after its commit's position before the translog replays them, so nothing is stored twice.
 */
final class LogWriter implements TelemetrySink<LogRecord> {
  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(LogWriter.class);
  private final Translog translog;
  private final PartitionStore store;
  private final LogIndexOptions options;
  private final IngestLimits limits;
  private final java.util.Set<String> lookedAtOnDisk = ConcurrentHashMap.newKeySet();
  private final LiveTails tails;
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private final LongAdder accepted = new LongAdder();
  private final AtomicLong commits = new AtomicLong();
  private final AtomicLong partitionsDeleted = new AtomicLong();
  private long replayed;
  private boolean closed;

  LogWriter(Translog translog, PartitionStore store, LogIndexOptions options, LiveTails tails) {
    this.tails = tails;
    this.translog = translog;
    this.store = store;
    this.options = options;
    this.limits = new IngestLimits(options);
  }

  @Override
  public void append(Batch<LogRecord> batch) throws SinkException {
    Tenant tenant = batch.tenant();
    List<StoredRecord> records = new ArrayList<>();
    long[] ts = new long[16];
    int[] lineBytes = new int[16];
    long bytes = 0;
    long now = limits.nowNanos();
    RecordCodec.Encoder encoder = RecordCodec.encoder();
    // Each accepted record's bytes go once into the entry, and its document stores them from there.
    TranslogEntryWriter entry = TranslogEntryWriter.begin(tenant);
    for (ResourceGroup<LogRecord> rg : batch.resources()) {
      for (ScopeGroup<LogRecord> sg : rg.scopes()) {
        for (LogRecord r : sg.items()) {
          StoredRecord stored =
              new StoredRecord(
                  rg.resource().attributes(), sg.scope().name(), sg.scope().version(), r);
          int length = encoder.encodeInPlace(stored);
          long t = r.effectiveTimeUnixNano() != 0 ? r.effectiveTimeUnixNano() : now;
          int attributes = rg.resource().attributes().size() + r.attributes().size();
          RefusalReason refusal = limits.check(length, attributes, t);
          if (refusal != null) {
            limits.count(refusal, 1);
            continue;
          }
          entry.add(t, encoder.bytes(), length);
          if (records.size() == ts.length) {
            ts = java.util.Arrays.copyOf(ts, ts.length * 2);
            lineBytes = java.util.Arrays.copyOf(lineBytes, ts.length);
          }
          ts[records.size()] = t;
          lineBytes[records.size()] = encoder.lineBytes();
          records.add(stored);
          bytes += length;
        }
      }
    }
    if (records.isEmpty()) {
      return;
    }
    if (!limits.tryAcquire(tenant, bytes)) {
      limits.count(RefusalReason.RATE_LIMITED, records.size());
      throw new SinkException(
          "tenant "
              + tenant
              + " is over its log ingest rate of "
              + (long) options.ingestBytesPerSecond
              + " bytes/s (burst "
              + (long) options.ingestBurstBytes
              + " bytes); retry later or raise the tenant's limit",
          true);
    }
    ts = java.util.Arrays.copyOf(ts, records.size());
    List<BytesRef> sources = new ArrayList<>(records.size());
    for (int i = 0; i < records.size(); i++) {
      sources.add(entry.source(i));
    }
    lock.readLock().lock();
    try {
      if (closed) {
        throw new SinkException("the log index is closed", true);
      }
      Translog.Position position = translog.append(entry.bytes(), entry.length());
      translog.sync(position.end());
      apply(tenant, position.start(), ts, lineBytes, records, sources);
    } catch (IOException e) {
      throw new SinkException(
          "the log index could not store the batch: " + e.getMessage(), true, e);
    } finally {
      lock.readLock().unlock();
    }
    accepted.add(records.size());
    // After the acknowledgement is certain, so a tail never shows a line the sender must retry;
    // and a failing tail must not turn a stored batch into an error the sender would retry.
    try {
      tails.publish(tenant, ts, records);
    } catch (RuntimeException e) {
      log.error("BUG: a live tail failed on a stored batch of tenant {}", tenant, e);
    }
  }

  /** Replays the translog into the partitions; called once, before any append. */
  void recover() throws IOException {
    long cutoff = limits.nowNanos() - options.retention.toNanos();
    long[] count = {0};
    translog.replay(
        translog.committedPosition(),
        (position, payload) -> {
          TranslogEntry e = TranslogEntry.decode(payload);
          List<StoredRecord> records = new ArrayList<>(e.sources().size());
          List<BytesRef> sources = new ArrayList<>(e.sources().size());
          List<Long> kept = new ArrayList<>();
          for (int i = 0; i < e.sources().size(); i++) {
            if (e.timestamps()[i] < cutoff) {
              continue; // its partition is (or is about to be) deleted by retention
            }
            byte[] s = e.sources().get(i);
            records.add(RecordCodec.decode(s, 0, s.length));
            sources.add(new BytesRef(s));
            kept.add(e.timestamps()[i]);
          }
          long[] ts = kept.stream().mapToLong(Long::longValue).toArray();
          count[0] += apply(e.tenant(), position, ts, null, records, sources);
        });
    replayed = count[0];
    commit();
  }

  /**
   * Adds records to their partitions, skipping those a partition has already committed. {@code
   * lineBytes}: each record's line size in UTF-8 as the encoder measured it (-1 for other bodies),
   * or null to measure them here.
   */
  private int apply(
      Tenant tenant,
      long position,
      long[] ts,
      int[] lineBytes,
      List<StoredRecord> records,
      List<BytesRef> sources)
      throws IOException {
    Map<PartitionSpan, List<Integer>> byPartition = new LinkedHashMap<>();
    PartitionSpan span = null;
    for (int i = 0; i < records.size(); i++) {
      // A batch's records nearly always share a span, and naming one formats a date.
      if (span == null || ts[i] < span.startNanos() || ts[i] >= span.endNanos()) {
        span = PartitionSpan.of(options.granularity, ts[i]);
      }
      byPartition.computeIfAbsent(span, s -> new ArrayList<>()).add(i);
    }
    int added = 0;
    for (Map.Entry<PartitionSpan, List<Integer>> e : byPartition.entrySet()) {
      Partition p = store.partition(tenant, e.getKey());
      if (position >= p.committedPosition()) {
        // In the partition's own format: a partition created by an older build keeps its schema.
        LogDocuments batch =
            LogDocuments.forBatch(tenant, position, options.jsonBodyFields, p.format());
        List<Integer> indices = e.getValue();
        List<BytesRef> partitionSources = new ArrayList<>(indices.size());
        for (int i : indices) {
          partitionSources.add(sources.get(i));
        }
        // Format 4: the records go to the partition's record file first, the documents point there.
        long first = p.appendRecords(partitionSources);
        List<List<IndexableField>> docs = new ArrayList<>(indices.size());
        for (int k = 0; k < indices.size(); k++) {
          int i = indices.get(k);
          docs.add(
              batch.fields(
                  records.get(i),
                  sources.get(i),
                  ts[i],
                  first < 0 ? -1 : first + k,
                  lineBytes == null ? -1 : lineBytes[i]));
        }
        p.add(docs);
        added += docs.size();
      }
    }
    return added;
  }

  /** One commit round: every partition written to since the last round, then translog trim. */
  void commit() throws IOException {
    long position;
    List<Partition> dirty = new ArrayList<>();
    List<Long> recordsBefore = new ArrayList<>();
    lock.writeLock().lock();
    try {
      position = translog.end();
      for (Partition p : store.openPartitions()) {
        if (p.takeDirty()) {
          dirty.add(p);
          recordsBefore.add(p.recordCount()); // no append runs: all of them are before position
        }
      }
    } finally {
      lock.writeLock().unlock();
    }
    for (int i = 0; i < dirty.size(); i++) {
      try {
        dirty.get(i).commit(position, recordsBefore.get(i));
      } catch (IOException | RuntimeException e) {
        // Not committed: mark them for the next round, and keep the translog that covers them.
        for (int j = i; j < dirty.size(); j++) {
          dirty.get(j).markDirty();
        }
        throw e;
      }
    }
    translog.markCommitted(position);
    commits.incrementAndGet();
  }

  /**
   * Merges each partition whose span is over and that was not written for the idle time into one
   * segment ({@link Partition#compact}); returns how many it merged. A closed partition is opened
   * for it when its last commit is spread over segments (looked at once per partition per process:
   * reading each commit every minute for nothing is not worth it). Runs without the write lock:
   * merging a day takes minutes, and appends (late lines) may go on meanwhile. Maintenance runs it
   * on a thread of its own, so refreshes and commits go on as well.
   */
  int compactFinished() throws IOException {
    long quietBefore = System.nanoTime() - options.idleClose.toNanos();
    long now = limits.nowNanos();
    // Spans near the retention cutoff are left alone: retention may be deleting them meanwhile.
    long expiring = now - options.retention.toNanos() + Duration.ofDays(1).toNanos();
    int merged = 0;
    for (Tenant tenant : store.tenants()) {
      for (PartitionSpan span : store.spansOf(tenant)) {
        if (span.endNanos() > now || span.endNanos() <= expiring) {
          continue;
        }
        Partition p = store.ifOpen(tenant, span);
        if (p == null) {
          if (!lookedAtOnDisk.add(tenant.id() + "/" + span.name())
              || !store.fragmentedOnDisk(tenant, span)) {
            continue;
          }
          p = store.partition(tenant, span);
        }
        if (p.lastWriteNanos() < quietBefore && p.compact()) {
          merged++;
        }
      }
    }
    return merged;
  }

  /**
   * Commits and closes partitions neither written nor read for the idle time, except one being
   * merged ({@link #compactFinished}, on another thread): closing would abort the merge.
   */
  void closeIdle() throws IOException {
    long idleBefore = System.nanoTime() - options.idleClose.toNanos();
    lock.writeLock().lock();
    try {
      long position = translog.end();
      for (Partition p : store.openPartitions()) {
        if (p.lastUsedNanos() < idleBefore && !p.compacting()) {
          store.commitAndClose(p, position);
        }
      }
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** Deletes partitions wholly older than the retention; returns how many. */
  int applyRetention() throws IOException {
    long cutoff = limits.nowNanos() - options.retention.toNanos();
    lock.writeLock().lock();
    try {
      int n = store.deleteEndingBefore(cutoff);
      partitionsDeleted.addAndGet(n);
      return n;
    } finally {
      lock.writeLock().unlock();
    }
  }

  void refresh() throws IOException {
    for (Partition p : store.openPartitions()) {
      p.refresh();
    }
  }

  /** The periodic refresh: partitions nobody searched lately are left to their next search. */
  void refreshSearched() throws IOException {
    for (Partition p : store.openPartitions()) {
      p.refreshIfSearched();
    }
  }

  LogIndexStats stats() throws IOException {
    return new LogIndexStats(
        accepted.sum(),
        replayed,
        limits.refusedCounts(),
        store.knownPartitionCount(),
        store.openPartitions().size(),
        partitionsDeleted.get(),
        store.sizeBytes(),
        translog.sizeBytes(),
        commits.get(),
        translog.repairedTail());
  }

  /** Stops appends, commits everything, closes the translog. */
  @Override
  public void close() throws IOException {
    lock.writeLock().lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
    } finally {
      lock.writeLock().unlock();
    }
    try {
      commit();
    } finally {
      translog.close();
    }
  }
}
