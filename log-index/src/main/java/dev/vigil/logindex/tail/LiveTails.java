package dev.vigil.logindex.tail;

import dev.vigil.logindex.logql.Expr.LogQuery;
import dev.vigil.logindex.query.QueryLimitException;
import dev.vigil.logindex.store.StoredRecord;
import dev.vigil.logindex.store.StreamLabels;
import dev.vigil.model.Tenant;
import dev.vigil.model.series.Labels;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The open tails, by tenant, fed by the write path after each acknowledged append. With no tail of
 * a tenant open, a publish costs one map lookup. A tail sees only its own tenant's records.
 * Thread-safe.
 */
public final class LiveTails {
  /** Loki refuses {@code delay_for} above 5 s; so does Vigil. */
  public static final long MAX_DELAY_NANOS = 5_000_000_000L;

  private final int maxTails;
  private final long keepAliveNanos;
  private final Map<Tenant, List<Tail>> byTenant = new ConcurrentHashMap<>();
  private final AtomicInteger open = new AtomicInteger();

  /**
   * @param keepAlive how long a tail may deliver nothing before its listener hears {@link
   *     TailListener#onIdle}
   */
  public LiveTails(int maxTails, java.time.Duration keepAlive) {
    if (keepAlive.isZero() || keepAlive.isNegative()) {
      throw new IllegalArgumentException(
          "the tail keep-alive must be above zero, got " + keepAlive);
    }
    this.maxTails = maxTails;
    this.keepAliveNanos = keepAlive.toNanos();
  }

  /**
   * Opens a tail: the backfill (may be null) runs first on the tail's thread, then every record
   * appended after this call that passes the query reaches the listener.
   *
   * @throws QueryLimitException when the limit of open tails is reached or the delay is over 5 s
   */
  public Tail open(
      Tenant tenant, LogQuery query, long delayNanos, Tail.Backfill backfill, TailListener listener)
      throws QueryLimitException {
    if (delayNanos < 0 || delayNanos > MAX_DELAY_NANOS) {
      throw new QueryLimitException(
          "delay_for must be between 0 and 5 seconds, got " + delayNanos / 1e9 + " s");
    }
    if (open.incrementAndGet() > maxTails) {
      open.decrementAndGet();
      throw new QueryLimitException(
          "too many live tails open (limit " + maxTails + "); close one or use query_range");
    }
    Tail t = new Tail(tenant, query, delayNanos, keepAliveNanos, listener, this);
    byTenant.computeIfAbsent(tenant, k -> new CopyOnWriteArrayList<>()).add(t);
    t.start(backfill);
    return t;
  }

  /** Hands freshly acknowledged records of one tenant to its tails. */
  public void publish(Tenant tenant, long[] timestamps, List<StoredRecord> records) {
    List<Tail> tails = byTenant.get(tenant);
    if (tails == null || tails.isEmpty()) {
      return;
    }
    for (Tail t : tails) {
      t.offer(timestamps, records);
    }
  }

  /** How many tails are open. */
  public int openCount() {
    return open.get();
  }

  void remove(Tail t) {
    List<Tail> tails = byTenant.get(t.tenant());
    if (tails != null && tails.remove(t)) {
      open.decrementAndGet();
    }
  }

  /** Closes every tail (the index is closing). */
  public void closeAll() {
    for (List<Tail> tails : byTenant.values()) {
      for (Tail t : tails) {
        t.close();
      }
    }
  }

  static Labels streamLabels(StoredRecord r) {
    return StreamLabels.of(r.resource(), r.record().severityText(), r.record().severityNumber());
  }
}
