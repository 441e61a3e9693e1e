package dev.vigil.logindex;

import dev.vigil.logindex.logql.Expr;
import dev.vigil.logindex.logql.LogQLParseException;
import dev.vigil.logindex.logql.LogQLParser;
import dev.vigil.logindex.query.Direction;
import dev.vigil.logindex.query.LogEntry;
import dev.vigil.logindex.query.LogQueryEngine;
import dev.vigil.logindex.query.MetricResult;
import dev.vigil.logindex.query.QueryException;
import dev.vigil.logindex.store.PartitionConfig;
import dev.vigil.logindex.store.PartitionStore;
import dev.vigil.logindex.tail.LiveTails;
import dev.vigil.logindex.tail.Tail;
import dev.vigil.logindex.tail.TailListener;
import dev.vigil.logindex.translog.Translog;
import dev.vigil.model.Tenant;
import dev.vigil.model.TraceId;
import dev.vigil.model.log.LogRecord;
import dev.vigil.model.sink.TelemetrySink;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Vigil's log store: OTLP log records in time-partitioned Lucene indexes behind a translog, queried
 * with LogQL, Lucene query syntax, or by trace id.
 *
 * <p>Layout under the directory given to {@link #open}: {@code translog/} (segments of appended
 * batches) and {@code tenants/<tenant>/<partition>/} (one Lucene index per tenant per hour or day).
 * Records are durable when the sink's {@code append} returns, searchable within the refresh
 * interval (or at once after {@link #refresh}); a partition not searched for {@code
 * searchIdleAfter} is refreshed by its next search instead, which so sees every record appended
 * before it. Thread-safe.
 */
public final class LogIndex implements AutoCloseable {
  private final LogWriter writer;
  private final PartitionStore store;
  private final Maintenance maintenance;
  private final LogIndexOptions options;
  private final LogQueryEngine engine;
  private final LiveTails tails;

  private LogIndex(
      LogWriter writer, PartitionStore store, LogIndexOptions options, LiveTails tails) {
    this.tails = tails;
    this.writer = writer;
    this.store = store;
    this.options = options;
    this.engine =
        new LogQueryEngine(store, options.maxSamples, options.maxSeries, options.queryTimeout);
    this.maintenance = new Maintenance(writer, options);
  }

  /**
   * Opens (or creates) the index in {@code dir}: lists partitions, replays the translog tail into
   * them, applies retention, and commits the result.
   *
   * @throws dev.vigil.logindex.translog.TranslogCorruptionException when the translog is damaged
   *     before its tail
   */
  public static LogIndex open(Path dir, LogIndexOptions options) throws IOException {
    PartitionStore store =
        PartitionStore.open(
            dir.resolve("tenants"),
            new PartitionConfig(
                options.ramBufferMb, options.compression, options.searchIdleAfter.toNanos()));
    Translog translog = null;
    try {
      translog =
          Translog.open(
              dir.resolve("translog"),
              options.translogSegmentBytes,
              options.syncMode,
              options.syncInterval);
      LiveTails tails = new LiveTails(options.maxTails, options.tailKeepAlive);
      LogWriter writer = new LogWriter(translog, store, options, tails);
      writer.applyRetention();
      writer.recover();
      writer.refresh();
      return new LogIndex(writer, store, options, tails);
    } catch (IOException | RuntimeException e) {
      if (translog != null) {
        translog.close();
      }
      store.closeAll();
      throw e;
    }
  }

  /**
   * The sink the collector appends to. Its {@code close} does nothing: the index outlives it and is
   * closed with {@link #close}.
   */
  public TelemetrySink<LogRecord> sink() {
    return writer::append;
  }

  /** Makes every record appended so far searchable now. */
  public void refresh() throws IOException {
    writer.refresh();
  }

  /** Commits the partitions now (normally periodic), trimming the translog. */
  public void commit() throws IOException {
    writer.commit();
  }

  /**
   * Merges every open partition whose span is over and that received nothing for the idle time into
   * one segment now (normally done before an idle partition is closed); the next commit makes it
   * durable. Returns how many partitions it merged.
   */
  public int compactFinished() throws IOException {
    return writer.compactFinished();
  }

  /** Deletes partitions older than the retention now (normally every minute); returns how many. */
  public int applyRetention() throws IOException {
    return writer.applyRetention();
  }

  /**
   * The query side: LogQL log queries ({@code logs}), metric queries ({@code instant}, {@code
   * range}), Lucene-syntax {@code search}, {@code trace} lookups, and label listings. It sees what
   * {@link #refresh} (or the periodic refresh, or the first search of a search-idle partition) last
   * made visible.
   */
  public LogQueryEngine queries() {
    return engine;
  }

  /** Lines of a LogQL log query in [start, end] ns; see {@link LogQueryEngine#logs}. */
  public List<LogEntry> logs(
      Tenant tenant, String logql, long startNanos, long endNanos, int limit, Direction direction)
      throws LogQLParseException, QueryException, IOException {
    return engine.logs(tenant, logql, startNanos, endNanos, limit, direction);
  }

  /** A LogQL metric query at one instant: a vector. */
  public MetricResult instant(Tenant tenant, String logql, long timeNanos)
      throws LogQLParseException, QueryException, IOException {
    return engine.instant(tenant, logql, timeNanos);
  }

  /** A LogQL metric query over [start, end] at each step: a matrix. */
  public MetricResult range(
      Tenant tenant, String logql, long startNanos, long endNanos, long stepNanos)
      throws LogQLParseException, QueryException, IOException {
    return engine.range(tenant, logql, startNanos, endNanos, stepNanos);
  }

  /** Every line of a trace (oldest first, at most {@code limit}) by keyword lookup. */
  public List<LogEntry> trace(
      Tenant tenant, TraceId traceId, long startNanos, long endNanos, int limit)
      throws IOException, QueryException {
    return engine.trace(tenant, traceId, startNanos, endNanos, limit);
  }

  /** Lucene query syntax on any field, newest first. */
  public List<LogEntry> search(
      Tenant tenant, String luceneQuery, long startNanos, long endNanos, int limit)
      throws QueryException, IOException {
    return engine.search(tenant, luceneQuery, startNanos, endNanos, limit);
  }

  /**
   * Opens a live tail of a LogQL log query: with {@code backfillStartNanos} ≥ 0 the newest {@code
   * backfillLimit} stored lines since then are delivered first (oldest first), then every record
   * acknowledged after this call that passes the query, within {@code delayNanos} (0–5 s, Loki's
   * {@code delay_for}) plus a few milliseconds; no refresh is waited for. The caller closes the
   * tail.
   *
   * @throws LogQLParseException when the query does not parse
   * @throws QueryException when it is a metric query, the delay is out of range, or too many tails
   *     are open
   */
  public Tail tail(
      Tenant tenant,
      String logql,
      long backfillStartNanos,
      int backfillLimit,
      long delayNanos,
      TailListener listener)
      throws LogQLParseException, QueryException {
    if (!(LogQLParser.parse(logql) instanceof Expr.LogQuery q)) {
      throw new QueryException(
          "'"
              + logql
              + "' is a metric query; a tail follows a log query such as"
              + " {service_name=\"x\"} |= \"error\"");
    }
    if (backfillStartNanos >= 0 && backfillLimit <= 0) {
      throw new QueryException("limit must be positive, got " + backfillLimit);
    }
    Tail.Backfill backfill =
        backfillStartNanos < 0
            ? null
            : () -> {
              // Lines acknowledged before the tail opened but not yet refreshed would otherwise
              // be in neither the backfill nor the live feed.
              writer.refresh();
              long now = options.clock.millis() * 1_000_000L + options.maxFuture.toNanos();
              return engine.logs(
                  tenant,
                  q,
                  backfillStartNanos,
                  Math.max(now, backfillStartNanos),
                  backfillLimit,
                  Direction.BACKWARD);
            };
    return tails.open(tenant, q, delayNanos, backfill, listener);
  }

  /** Live tails open now. */
  public int openTails() {
    return tails.openCount();
  }

  public LogIndexStats stats() throws IOException {
    return writer.stats();
  }

  LogIndexOptions options() {
    return options;
  }

  PartitionStore store() {
    return store;
  }

  /** Stops background work, commits everything and closes every partition. */
  @Override
  public void close() throws IOException {
    tails.closeAll();
    try {
      maintenance.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      writer.close();
    } finally {
      store.closeAll();
    }
  }
}
