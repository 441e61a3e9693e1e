package dev.vigil.tsdb.head;

import dev.vigil.model.Tenant;
import dev.vigil.model.series.ExemplarSample;
import dev.vigil.model.series.ExemplarStore;
import dev.vigil.model.series.LabelMatcher;
import dev.vigil.model.series.Labels;
import dev.vigil.model.series.Series;
import dev.vigil.model.series.SeriesAppender;
import dev.vigil.model.series.SeriesExemplars;
import dev.vigil.model.series.SeriesQuerier;
import dev.vigil.model.series.SeriesStore;
import dev.vigil.tsdb.wal.WalCorruption;
import dev.vigil.tsdb.wal.WriteAheadLog;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The in-memory part of the tsdb with its write-ahead log. {@link #open} replays the WAL, so every
 * sample whose commit returned is back after a crash. A commit writes the WAL first and only then
 * makes samples visible, so no query sees what a crash could lose. Thread-safe.
 */
public final class Head implements SeriesStore, ExemplarStore, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Head.class);

  private record Key(Tenant tenant, Labels labels) {}

  private final HeadOptions options;
  private final ConcurrentHashMap<Key, MemSeries> series = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<Tenant, PostingsIndex> indexes = new ConcurrentHashMap<>();

  /** Series by ref, guarded by itself: looked up in WAL replay and checkpoints, walked by cuts. */
  private final SeriesRefMap byRef = new SeriesRefMap();

  private final ConcurrentHashMap<Tenant, ExemplarBuffer> exemplars = new ConcurrentHashMap<>();
  private final AtomicLong nextRef = new AtomicLong(1);
  private final HeadStats stats = new HeadStats();
  private final DecodedChunkCache decoded;
  private final Object seriesCreation = new Object();
  private final WriteAheadLog wal;

  /**
   * Commits hold the read side from WAL write to memory apply; a head cut takes the write side to
   * cut the WAL, so every record before the cut is in memory before the cut's snapshot, and to drop
   * empty series, so no commit applies samples to a series being dropped.
   */
  final ReentrantReadWriteLock commitLock = new ReentrantReadWriteLock();

  /** The boundary of the head cut in progress, else {@code Long.MIN_VALUE}. */
  private volatile long cutBoundary = Long.MIN_VALUE;

  private final AtomicLong maxTime = new AtomicLong(Long.MIN_VALUE);

  /**
   * Series dropped from the head so far; written under the commit lock's write side. An appender
   * that saw the same count when it started and at its commit holds no dropped series.
   */
  private volatile long removals;

  private Head(HeadOptions options, Path walDir) throws IOException {
    this.options = options;
    this.decoded = new DecodedChunkCache(options.decodedChunkCacheBytes());
    stats.decoded = decoded;
    this.wal =
        WriteAheadLog.open(
            walDir,
            options.walSegmentBytes(),
            options.fsync(),
            options.fsyncIntervalMillis(),
            this::replay);
    for (WalCorruption c : wal.corruptions()) {
      log.warn("WAL damage repaired at start: {}", c);
      stats.walCorruptions.incrementAndGet();
    }
    if (wal.replayedRecords() > 0) {
      log.info(
          "replayed {} WAL records: {} series, {} samples",
          wal.replayedRecords(),
          series.size(),
          stats.samplesAppended.sum());
    }
  }

  public static Head open(Path walDir, HeadOptions options) throws IOException {
    return new Head(options, walDir);
  }

  public HeadStats stats() {
    return stats;
  }

  public HeadOptions options() {
    return options;
  }

  /** A new appender; one per writing thread. */
  public SeriesAppender appender() {
    return new HeadAppender(this);
  }

  @Override
  public SeriesQuerier querier(Tenant tenant, long minTime, long maxTime) {
    PostingsIndex index = indexes.get(tenant);
    return new SeriesQuerier() {
      @Override
      public List<Series> select(List<LabelMatcher> matchers) {
        if (matchers.stream().allMatch(LabelMatcher::matchesEmpty)) {
          throw new IllegalArgumentException(
              "a selector needs at least one matcher that does not match the empty string");
        }
        if (index == null) {
          return List.of();
        }
        List<Series> out = new ArrayList<>();
        for (MemSeries s : index.select(matchers)) {
          SeriesSnapshot snap = s.snapshot(minTime, maxTime);
          if (!snap.chunks().isEmpty() || snap.oooTimes().length > 0) {
            out.add(snap);
          }
        }
        return out;
      }

      @Override
      public List<String> labelNames(List<LabelMatcher> matchers) {
        return index == null ? List.of() : index.labelNames(matchers);
      }

      @Override
      public List<String> labelValues(String name, List<LabelMatcher> matchers) {
        return index == null ? List.of() : index.labelValues(name, matchers);
      }

      @Override
      public void close() {}
    };
  }

  /**
   * Exemplars are held in memory only, in a ring per tenant, and logged to the WAL: they survive a
   * restart for as long as the WAL holds them, and are never written to blocks (as in Prometheus).
   */
  @Override
  public List<SeriesExemplars> exemplars(
      Tenant tenant, long minTime, long maxTime, List<List<LabelMatcher>> selectors) {
    selectors.forEach(ExemplarStore::checkSelector);
    ExemplarBuffer buffer = exemplars.get(tenant);
    return buffer == null ? List.of() : buffer.select(minTime, maxTime, selectors);
  }

  /** Exemplars held over all tenants. */
  public long exemplarCount() {
    long n = 0;
    for (ExemplarBuffer b : exemplars.values()) {
      n += b.size();
    }
    return n;
  }

  /** The series' newest stored exemplar, or null. */
  ExemplarSample newestExemplar(MemSeries s) {
    ExemplarBuffer buffer = exemplars.get(s.tenant);
    return buffer == null ? null : buffer.newestOf(s.labels);
  }

  void applyExemplar(MemSeries s, ExemplarSample e) {
    ExemplarBuffer buffer =
        exemplars.computeIfAbsent(
            s.tenant, t -> new ExemplarBuffer(options.maxExemplarsPerTenant()));
    switch (buffer.add(s.labels, e)) {
      case APPENDED -> stats.exemplarsAppended.incrementAndGet();
      case OUT_OF_ORDER -> stats.exemplarsOutOfOrder.incrementAndGet();
      case DUPLICATE -> {}
    }
  }

  /** Active series of a tenant. */
  public int seriesCount(Tenant tenant) {
    PostingsIndex index = indexes.get(tenant);
    return index == null ? 0 : index.seriesCount();
  }

  public int seriesCount() {
    return series.size();
  }

  /** Bytes of chunk data held in memory over all series. */
  public long chunkBytes() {
    long n = 0;
    for (MemSeries s : allSeries()) {
      n += s.chunkBytes();
    }
    return n;
  }

  MemSeries get(Tenant tenant, Labels labels) {
    return series.get(new Key(tenant, labels));
  }

  /**
   * The series for these labels, created if new. A creation is written to the WAL at once, under
   * the creation lock, so it precedes in the log every sample any appender logs for the series.
   * Null when the tenant is at its series limit.
   */
  MemSeries getOrCreate(Tenant tenant, Labels labels) throws IOException {
    Key key = new Key(tenant, labels);
    MemSeries s = series.get(key);
    if (s != null) {
      return s;
    }
    commitLock.readLock().lock();
    try {
      synchronized (seriesCreation) {
        s = series.get(key);
        if (s != null) {
          return s;
        }
        if (seriesCount(tenant) >= options.maxSeriesPerTenant()) {
          return null;
        }
        s = new MemSeries(this, nextRef.getAndIncrement(), tenant, labels, decoded);
        wal.write(
            List.of(WalRecords.series(List.of(new WalRecords.SeriesEntry(s.ref, tenant, labels)))));
        register(s);
        return s;
      }
    } finally {
      commitLock.readLock().unlock();
    }
  }

  private void register(MemSeries s) {
    series.put(new Key(s.tenant, s.labels), s);
    synchronized (byRef) {
      byRef.put(s.ref, s);
    }
    indexes.computeIfAbsent(s.tenant, t -> new PostingsIndex()).add(s);
    stats.seriesCreated.incrementAndGet();
  }

  long removals() {
    return removals;
  }

  void logToWal(List<byte[]> records, boolean force) throws IOException {
    if (force) {
      wal.log(records);
    } else {
      wal.write(records);
    }
  }

  MemSeries byRef(long ref) {
    synchronized (byRef) {
      return byRef.get(ref);
    }
  }

  private boolean hasRef(long ref) {
    synchronized (byRef) {
      return byRef.containsKey(ref);
    }
  }

  /**
   * Applies a commit's samples, entry {@code i} to series {@code i}, counting them once per commit:
   * per-sample increments of the shared counters cost a few percent of remote-write ingest.
   */
  void applyAll(List<MemSeries> series, List<WalRecords.SampleEntry> samples) {
    long appended = 0;
    long outOfOrder = 0;
    long duplicate = 0;
    long tooOld = 0;
    long newest = Long.MIN_VALUE;
    for (int i = 0; i < samples.size(); i++) {
      WalRecords.SampleEntry e = samples.get(i);
      switch (series.get(i).append(e.t(), e.v(), options, cutBoundary)) {
        case APPENDED -> {
          appended++;
          newest = Math.max(newest, e.t());
        }
        case OUT_OF_ORDER -> outOfOrder++;
        case DUPLICATE -> duplicate++;
        case TOO_OLD -> tooOld++;
      }
    }
    stats.samplesAppended.add(appended + outOfOrder);
    if (outOfOrder > 0) {
      stats.samplesOutOfOrder.add(outOfOrder);
    }
    if (duplicate > 0) {
      stats.samplesDuplicate.add(duplicate);
    }
    if (tooOld > 0) {
      stats.samplesTooOld.addAndGet(tooOld);
    }
    if (newest > maxTime.get()) {
      maxTime.accumulateAndGet(newest, Math::max);
    }
  }

  void apply(MemSeries s, long t, double v) {
    switch (s.append(t, v, options, cutBoundary)) {
      case APPENDED -> {
        stats.samplesAppended.increment();
        if (t > maxTime.get()) {
          maxTime.accumulateAndGet(t, Math::max);
        }
      }
      case OUT_OF_ORDER -> {
        stats.samplesAppended.increment();
        stats.samplesOutOfOrder.increment();
      }
      case DUPLICATE -> stats.samplesDuplicate.increment();
      case TOO_OLD -> stats.samplesTooOld.incrementAndGet();
    }
  }

  private void replay(byte[] record) {
    try {
      switch (WalRecords.type(record)) {
        case WalRecords.SERIES -> {
          for (WalRecords.SeriesEntry e : WalRecords.readSeries(record)) {
            if (!hasRef(e.ref())) {
              register(new MemSeries(this, e.ref(), e.tenant(), e.labels(), decoded));
              nextRef.accumulateAndGet(e.ref() + 1, Math::max);
            }
          }
        }
        case WalRecords.SAMPLES -> {
          for (WalRecords.SampleEntry e : WalRecords.readSamples(record)) {
            MemSeries s = byRef(e.ref());
            if (s == null) {
              stats.walUnknownSeries.incrementAndGet();
            } else {
              apply(s, e.t(), e.v());
            }
          }
        }
        case WalRecords.EXEMPLARS -> {
          for (WalRecords.ExemplarEntry e : WalRecords.readExemplars(record)) {
            MemSeries s = byRef(e.ref());
            if (s == null) {
              stats.walUnknownSeries.incrementAndGet();
            } else if (options.maxExemplarsPerTenant() > 0) {
              applyExemplar(s, e.exemplar());
            }
          }
        }
        default -> stats.walUnknownRecords.incrementAndGet();
      }
    } catch (IllegalStateException | IllegalArgumentException e) {
      log.warn("skipping an unreadable WAL record: {}", e.getMessage());
      stats.walUnknownRecords.incrementAndGet();
    }
  }

  /** The newest sample's timestamp ever appended, {@code Long.MIN_VALUE} before the first. */
  public long maxTime() {
    return maxTime.get();
  }

  /**
   * The oldest sample's timestamp still in the head, {@code Long.MAX_VALUE} when empty. O(series).
   */
  public long minTime() {
    long min = Long.MAX_VALUE;
    for (MemSeries s : allSeries()) {
      min = Math.min(min, s.minTime());
    }
    return min;
  }

  /**
   * Starts persisting every sample below {@code boundary}: waits for commits in flight, cuts the
   * WAL and returns the cut, whose series the caller writes to blocks before it truncates the head
   * and checkpoints the WAL. One cut at a time.
   */
  public HeadCut beginCut(long boundary) throws IOException {
    int segment;
    commitLock.writeLock().lock();
    try {
      if (cutBoundary != Long.MIN_VALUE) {
        throw new IllegalStateException("BUG: a head cut is already in progress");
      }
      segment = wal.cut();
      cutBoundary = boundary;
    } finally {
      commitLock.writeLock().unlock();
    }
    return new HeadCut(this, boundary, segment);
  }

  void endCut() {
    cutBoundary = Long.MIN_VALUE;
  }

  /**
   * Hands every series of {@code tenant} with samples to {@code sink}, in label order, leaving the
   * head as it is (snapshots write the head as blocks elsewhere without cutting it).
   */
  public void forEachSeries(Tenant tenant, HeadCut.SeriesSink sink) throws IOException {
    for (MemSeries s : seriesOf(tenant)) {
      SeriesSnapshot snap = s.snapshot(Long.MIN_VALUE, Long.MAX_VALUE);
      if (!snap.chunks().isEmpty() || snap.oooTimes().length > 0) {
        sink.accept(s.labels, snap.samples());
      }
    }
  }

  /** The tenants with series in the head. */
  public List<Tenant> tenantsWithSeries() {
    return tenants();
  }

  /** The tenants with series in the head. */
  List<Tenant> tenants() {
    return List.copyOf(indexes.keySet());
  }

  /** The tenant's series in label order. */
  List<MemSeries> seriesOf(Tenant tenant) {
    PostingsIndex index = indexes.get(tenant);
    return index == null ? List.of() : index.all();
  }

  /** Every series, copied: a cut walks them while appenders create more. */
  Collection<MemSeries> allSeries() {
    synchronized (byRef) {
      return byRef.values();
    }
  }

  /** Drops series that are still empty once no commit is in flight. Returns how many went. */
  int dropIfEmpty(List<MemSeries> candidates) {
    int n = 0;
    commitLock.writeLock().lock();
    try {
      java.util.Map<Tenant, List<MemSeries>> gone = new java.util.HashMap<>();
      for (MemSeries s : candidates) {
        if (s.isEmpty() && !s.isRemoved()) {
          s.markRemoved();
          series.remove(new Key(s.tenant, s.labels));
          synchronized (byRef) {
            byRef.remove(s.ref);
          }
          gone.computeIfAbsent(s.tenant, t -> new ArrayList<>()).add(s);
          n++;
        }
      }
      gone.forEach((tenant, list) -> {
        PostingsIndex index = indexes.get(tenant);
        if (index != null) {
          index.remove(list);
        }
      });
      removals += n;
    } finally {
      commitLock.writeLock().unlock();
    }
    stats.seriesDropped.addAndGet(n);
    return n;
  }

  /** Replaces the WAL below {@code segment} by a checkpoint of the records the head still needs. */
  long checkpoint(int segment, long boundary) throws IOException {
    UnaryOperator<byte[]> keep = record -> WalRecords.keep(record, boundary, this::hasRef);
    return wal.checkpoint(segment, keep);
  }

  @Override
  public void close() throws IOException {
    wal.close();
  }
}
