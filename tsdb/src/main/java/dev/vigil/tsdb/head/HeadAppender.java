package dev.vigil.tsdb.head;

import dev.vigil.model.Tenant;
import dev.vigil.model.series.ExemplarSample;
import dev.vigil.model.series.Labels;
import dev.vigil.model.series.SeriesAppender;
import dev.vigil.model.series.SeriesRef;
import java.io.IOException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Collects samples and commits them: new series and samples go to the WAL in one write (synced per
 * the policy), then into memory. Refusals that depend only on the sample (too old, series limit)
 * happen at {@link #append} with a message; the rest of the batch is unaffected.
 */
final class HeadAppender implements SeriesAppender {
  private final Head head;
  private final List<MemSeries> pendingSeries = new ArrayList<>();
  private final List<WalRecords.SampleEntry> pending = new ArrayList<>();
  private final List<MemSeries> pendingExemplarSeries = new ArrayList<>();
  private final List<WalRecords.ExemplarEntry> pendingExemplars = new ArrayList<>();
  private final Map<MemSeries, ExemplarSample> pendingNewest = new IdentityHashMap<>();

  /** The head's count of dropped series when this batch started (see {@link #commit}). */
  private long removalsAtStart;

  HeadAppender(Head head) {
    this.head = head;
    this.removalsAtStart = head.removals();
  }

  @Override
  public void append(Tenant tenant, Labels labels, long timestamp, double value) {
    add(series(tenant, labels, head.stats().samplesSeriesLimit, ""), timestamp, value);
  }

  /**
   * The series itself: appends by it skip the lookup by labels while it stays in this head. A
   * refusal is not counted here: it is the samples that are refused, and counted, when appended.
   */
  @Override
  public SeriesRef ref(Tenant tenant, Labels labels) {
    return series(tenant, labels, null, "");
  }

  /**
   * A series dropped from the head since its handle was taken is found again by its labels, as for
   * {@link #append(Tenant, Labels, long, double)}: here if it was dropped already, else at {@link
   * #commit}.
   */
  @Override
  public void append(SeriesRef ref, long timestamp, double value) {
    MemSeries s =
        ref instanceof MemSeries m && m.heldBy(head) && !m.isRemoved()
            ? m
            : series(ref.tenant(), ref.labels(), head.stats().samplesSeriesLimit, "");
    add(s, timestamp, value);
  }

  private void add(MemSeries s, long timestamp, double value) {
    long newest = s.maxTime();
    if (newest != Long.MIN_VALUE && newest - timestamp > head.options().outOfOrderWindowMillis()) {
      head.stats().samplesTooOld.incrementAndGet();
      throw new IllegalArgumentException(
          "sample for "
              + s.labels
              + " at "
              + timestamp
              + " is older than the out-of-order window ("
              + head.options().outOfOrderWindowMillis()
              + " ms behind the series' newest sample at "
              + newest
              + ")");
    }
    pendingSeries.add(s);
    pending.add(new WalRecords.SampleEntry(s.ref, timestamp, value));
  }

  @Override
  public void appendExemplar(Tenant tenant, Labels labels, ExemplarSample exemplar) {
    if (head.options().maxExemplarsPerTenant() == 0) {
      head.stats().exemplarsOff.incrementAndGet();
      throw new IllegalArgumentException(
          "exemplar storage is off (tsdb.max-exemplars is 0); the exemplar of "
              + labels
              + " was not stored");
    }
    MemSeries s = series(tenant, labels, head.stats().exemplarsSeriesLimit, "the exemplar of ");
    ExemplarSample newest = pendingNewest.get(s);
    if (newest == null) {
      newest = head.newestExemplar(s);
    }
    if (newest != null && exemplar.sameAs(newest)) {
      return;
    }
    if (newest != null && exemplar.timestamp() < newest.timestamp()) {
      head.stats().exemplarsOutOfOrder.incrementAndGet();
      throw new IllegalArgumentException(
          "exemplar for "
              + labels
              + " at "
              + exemplar.timestamp()
              + " is older than the series' newest exemplar at "
              + newest.timestamp());
    }
    pendingExemplarSeries.add(s);
    pendingExemplars.add(new WalRecords.ExemplarEntry(s.ref, exemplar));
    pendingNewest.put(s, exemplar);
  }

  /**
   * The series for {@code labels}, created (and logged) if new; refused with a reason, counted in
   * {@code limitCounter}, when the tenant is at its series limit.
   */
  private MemSeries series(Tenant tenant, Labels labels, AtomicLong limitCounter, String what) {
    if (labels.isEmpty() || labels.metricName().isEmpty()) {
      throw new IllegalArgumentException("a series needs a metric name (" + labels + ")");
    }
    MemSeries s;
    try {
      s = head.getOrCreate(tenant, labels);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("writing a new series to the WAL failed", e);
    }
    if (s == null) {
      if (limitCounter != null) {
        limitCounter.incrementAndGet();
      }
      throw new IllegalArgumentException(
          "tenant "
              + tenant
              + " has reached its limit of "
              + head.options().maxSeriesPerTenant()
              + " active series; "
              + what
              + labels
              + (what.isEmpty() ? " was not created" : " was not stored"));
    }
    return s;
  }

  @Override
  public void commit() throws IOException {
    commit(true);
  }

  /** Writes the WAL records without waiting for the fsync that {@link #commit} waits for. */
  @Override
  public void commitUnforced() throws IOException {
    commit(false);
  }

  private void commit(boolean force) throws IOException {
    if (pending.isEmpty() && pendingExemplars.isEmpty()) {
      return;
    }
    head.commitLock.readLock().lock();
    try {
      // A series dropped before this appender started was refused at append (a dropped handle is
      // looked up again, and the series map no longer holds it); one dropped since bumped the
      // count.
      if (head.removals() != removalsAtStart) {
        resolveDropped();
      }
      List<byte[]> records = new ArrayList<>(2);
      if (!pending.isEmpty()) {
        records.add(WalRecords.samples(pending));
      }
      if (!pendingExemplars.isEmpty()) {
        records.add(WalRecords.exemplars(pendingExemplars));
      }
      if (!records.isEmpty()) {
        head.logToWal(records, force);
        head.applyAll(pendingSeries, pending);
        for (int i = 0; i < pendingExemplars.size(); i++) {
          head.applyExemplar(pendingExemplarSeries.get(i), pendingExemplars.get(i).exemplar());
        }
      }
    } finally {
      head.commitLock.readLock().unlock();
    }
    clear();
  }

  /**
   * A series appended to may have been dropped since (all its samples were persisted): its samples
   * go to the series now registered under the same labels, created again if need be.
   */
  private void resolveDropped() throws IOException {
    resolveDropped(
        pendingSeries,
        pending,
        head.stats().samplesSeriesLimit,
        (e, ref) -> new WalRecords.SampleEntry(ref, e.t(), e.v()));
    resolveDropped(
        pendingExemplarSeries,
        pendingExemplars,
        head.stats().exemplarsSeriesLimit,
        (e, ref) -> new WalRecords.ExemplarEntry(ref, e.exemplar()));
  }

  /** Entry {@code i} belongs to series {@code i}; a dropped one moves to its successor or goes. */
  private <E> void resolveDropped(
      List<MemSeries> series,
      List<E> entries,
      AtomicLong limitCounter,
      java.util.function.BiFunction<E, Long, E> withRef)
      throws IOException {
    for (int i = 0; i < series.size(); i++) {
      MemSeries s = series.get(i);
      if (!s.isRemoved()) {
        continue;
      }
      MemSeries now = head.getOrCreate(s.tenant, s.labels);
      if (now == null) {
        limitCounter.incrementAndGet();
        series.remove(i);
        entries.remove(i);
        i--;
        continue;
      }
      series.set(i, now);
      entries.set(i, withRef.apply(entries.get(i), now.ref));
    }
  }

  /** Drops the pending samples; series created meanwhile stay, empty, as in Prometheus' head. */
  @Override
  public void rollback() {
    clear();
  }

  private void clear() {
    removalsAtStart = head.removals();
    pending.clear();
    pendingSeries.clear();
    pendingExemplars.clear();
    pendingExemplarSeries.clear();
    pendingNewest.clear();
  }
}
