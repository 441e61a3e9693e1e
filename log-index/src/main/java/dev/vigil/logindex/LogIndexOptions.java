package dev.vigil.logindex;

import dev.vigil.logindex.store.PartitionSpan.Granularity;
import dev.vigil.logindex.store.StoredCompression;
import dev.vigil.logindex.translog.SyncMode;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of a {@link LogIndex}; immutable, built with {@link #builder()}. Every default is stated
 * on its builder method.
 */
public final class LogIndexOptions {
  final Granularity granularity;
  final Duration retention;
  final SyncMode syncMode;
  final Duration syncInterval;
  final long translogSegmentBytes;
  final Duration commitInterval;
  final Duration refreshInterval;
  final Duration searchIdleAfter;
  final Duration idleClose;
  final double ramBufferMb;
  final StoredCompression compression;
  final int maxRecordBytes;
  final int maxAttributesPerRecord;
  final double ingestBytesPerSecond;
  final double ingestBurstBytes;
  final Duration maxFuture;
  final long maxSamples;
  final int maxSeries;
  final Duration queryTimeout;
  final Clock clock;
  final java.util.Set<String> jsonBodyFields;
  final int maxTails;
  final Duration tailKeepAlive;

  private LogIndexOptions(Builder b) {
    granularity = b.granularity;
    retention = b.retention;
    syncMode = b.syncMode;
    syncInterval = b.syncInterval;
    translogSegmentBytes = b.translogSegmentBytes;
    commitInterval = b.commitInterval;
    refreshInterval = b.refreshInterval;
    searchIdleAfter = b.searchIdleAfter;
    idleClose = b.idleClose;
    ramBufferMb = b.ramBufferMb;
    compression = b.compression;
    maxRecordBytes = b.maxRecordBytes;
    maxAttributesPerRecord = b.maxAttributesPerRecord;
    ingestBytesPerSecond = b.ingestBytesPerSecond;
    ingestBurstBytes = b.ingestBurstBytes;
    maxFuture = b.maxFuture;
    maxSamples = b.maxSamples;
    maxSeries = b.maxSeries;
    queryTimeout = b.queryTimeout;
    clock = b.clock;
    jsonBodyFields = b.jsonBodyFields;
    maxTails = b.maxTails;
    tailKeepAlive = b.tailKeepAlive;
  }

  // Read-only views for the server's configuration and its tests.

  public Duration refreshInterval() {
    return refreshInterval;
  }

  public StoredCompression compression() {
    return compression;
  }

  public java.util.Set<String> jsonBodyFields() {
    return jsonBodyFields;
  }

  public int maxRecordBytes() {
    return maxRecordBytes;
  }

  public int maxAttributesPerRecord() {
    return maxAttributesPerRecord;
  }

  /** Per-tenant sustained ingest rate, bytes per second. */
  public double ingestBytesPerSecond() {
    return ingestBytesPerSecond;
  }

  /** Per-tenant ingest burst, bytes. */
  public double ingestBurstBytes() {
    return ingestBurstBytes;
  }

  public SyncMode syncMode() {
    return syncMode;
  }

  public Duration syncInterval() {
    return syncInterval;
  }

  public Duration commitInterval() {
    return commitInterval;
  }

  public Duration searchIdleAfter() {
    return searchIdleAfter;
  }

  public Duration idleClose() {
    return idleClose;
  }

  public double ramBufferMb() {
    return ramBufferMb;
  }

  public long maxQuerySamples() {
    return maxSamples;
  }

  public int maxQuerySeries() {
    return maxSeries;
  }

  /** How long a live tail may send nothing before it sends a keep-alive (default 30 s). */
  public Duration tailKeepAlive() {
    return tailKeepAlive;
  }

  /** How long one query may run (default 1 min). */
  public Duration queryTimeout() {
    return queryTimeout;
  }

  public static LogIndexOptions defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public Duration retention() {
    return retention;
  }

  public Granularity granularity() {
    return granularity;
  }

  /** Collects settings; not thread-safe. */
  public static final class Builder {
    private Granularity granularity = Granularity.DAY;
    private Duration retention = Duration.ofDays(7);
    private SyncMode syncMode = SyncMode.EVERY_APPEND;
    private Duration syncInterval = Duration.ofSeconds(1);
    private long translogSegmentBytes = 64L << 20;
    private Duration commitInterval = Duration.ofSeconds(30);
    private Duration refreshInterval = Duration.ofSeconds(1);
    private Duration searchIdleAfter = Duration.ofSeconds(30);
    private Duration idleClose = Duration.ofMinutes(10);
    // As the bare-Lucene reference of bench/run.sh logs-ingest: fewer, larger flushed segments,
    // so fewer merges (each recompresses the records it merges, the index being sorted).
    private double ramBufferMb = 64;
    // zstd by default: measured (log-index/README.md, 2026-12-06) as small as DEFLATE and, read a
    // chunk at a time, about as fast as LZ4 for line-filtered aggregations (DEFLATE: 9x slower).
    private StoredCompression compression = StoredCompression.ZSTD;
    private int maxRecordBytes = 256 << 10;
    private int maxAttributesPerRecord = 128;
    private double ingestBytesPerSecond = 8 << 20;
    private double ingestBurstBytes = 16 << 20;
    private Duration maxFuture = Duration.ofHours(1);
    private long maxSamples = 50_000_000;
    private int maxSeries = 10_000;
    // Loki's default query_timeout.
    private Duration queryTimeout = Duration.ofMinutes(1);
    private Clock clock = Clock.systemUTC();
    private java.util.Set<String> jsonBodyFields = java.util.Set.of();
    private int maxTails = 64;
    // Under the minute a reverse proxy commonly allows an idle connection (nginx's
    // proxy_read_timeout) and the server's own idle timeout (5 min).
    private Duration tailKeepAlive = Duration.ofSeconds(30);

    private Builder() {}

    /** Time one Lucene index covers (default DAY; README.md has the measurements). */
    public Builder granularity(Granularity g) {
      granularity = Objects.requireNonNull(g);
      return this;
    }

    /** Age after which whole partitions are deleted (default 7 days). */
    public Builder retention(Duration d) {
      retention = positive(d, "retention");
      return this;
    }

    /** Translog fsync policy (default EVERY_APPEND, group-committed). */
    public Builder syncMode(SyncMode m) {
      syncMode = Objects.requireNonNull(m);
      return this;
    }

    /** Fsync interval under SyncMode.INTERVAL (default 1 s). */
    public Builder syncInterval(Duration d) {
      syncInterval = positive(d, "syncInterval");
      return this;
    }

    /** Size at which a translog segment is rolled (default 64 MiB). */
    public Builder translogSegmentBytes(long bytes) {
      if (bytes < 1024) {
        throw new IllegalArgumentException("translogSegmentBytes must be at least 1024");
      }
      translogSegmentBytes = bytes;
      return this;
    }

    /** Lucene commit period; bounds replay work after a crash (default 30 s). */
    public Builder commitInterval(Duration d) {
      commitInterval = positive(d, "commitInterval");
      return this;
    }

    /** Longest time before an appended record is searchable (default 1 s). */
    public Builder refreshInterval(Duration d) {
      refreshInterval = positive(d, "refreshInterval");
      return this;
    }

    /**
     * A partition not searched this long is search-idle (default 30 s, as Elasticsearch's {@code
     * index.search.idle.after}): its periodic refreshes are skipped, and its next search refreshes
     * it first, so that search still sees every record appended before it.
     */
    public Builder searchIdleAfter(Duration d) {
      searchIdleAfter = positive(d, "searchIdleAfter");
      return this;
    }

    /** A partition neither written nor read this long is committed and closed (default 10 min). */
    public Builder idleClose(Duration d) {
      idleClose = positive(d, "idleClose");
      return this;
    }

    /** IndexWriter buffer per open partition (default 64 MB). */
    public Builder ramBufferMb(double mb) {
      ramBufferMb = mb;
      return this;
    }

    /** How stored records are compressed (default zstd; LZ4 and DEFLATE are Lucene's own). */
    public Builder compression(StoredCompression c) {
      compression = Objects.requireNonNull(c, "compression");
      return this;
    }

    /** Largest encoded record accepted (default 256 KiB). */
    public Builder maxRecordBytes(int n) {
      maxRecordBytes = n;
      return this;
    }

    /** Most resource plus record attributes per record (default 128). */
    public Builder maxAttributesPerRecord(int n) {
      maxAttributesPerRecord = n;
      return this;
    }

    /** Per-tenant sustained ingest rate in bytes/s and its burst (default 8 MiB/s, 16 MiB). */
    public Builder ingestRate(double bytesPerSecond, double burstBytes) {
      if (!(bytesPerSecond > 0) || !(burstBytes > 0)) {
        throw new IllegalArgumentException("ingest rate and burst must be positive");
      }
      ingestBytesPerSecond = bytesPerSecond;
      ingestBurstBytes = burstBytes;
      return this;
    }

    /** How far ahead of the clock a record may be stamped (default 1 h). */
    public Builder maxFuture(Duration d) {
      maxFuture = Objects.requireNonNull(d);
      return this;
    }

    /** Metric queries: most samples per query and most series per result (50 M, 10 000). */
    public Builder queryLimits(long maxSamples, int maxSeries) {
      this.maxSamples = maxSamples;
      this.maxSeries = maxSeries;
      return this;
    }

    /**
     * How long one query, search or label listing may run before it is stopped and fails (default 1
     * min, as Loki's {@code query_timeout}).
     */
    public Builder queryTimeout(Duration d) {
      if (d.isZero() || d.isNegative()) {
        throw new IllegalArgumentException("the query timeout must be above zero, got " + d);
      }
      queryTimeout = d;
      return this;
    }

    /** Time source for retention, limits and record checks (default the UTC system clock). */
    public Builder clock(Clock c) {
      clock = Objects.requireNonNull(c);
      return this;
    }

    /**
     * Top-level fields of JSON bodies to index as record attributes ({@code attributes.<key>},
     * numbers also as points), so {@code attributes.status:[500 TO 599]} finds them without {@code
     * | json}; {@code "*"} takes every top-level scalar. Default none: extraction parses every
     * line, and only the operator knows which fields are worth the index space. A record's own
     * attribute of the same name wins.
     */
    public Builder jsonBodyFields(java.util.Set<String> fields) {
      jsonBodyFields = java.util.Set.copyOf(fields);
      return this;
    }

    /** Most live tails open at once over all tenants (default 64); more are refused. */
    /**
     * How long a live tail may send nothing before its connection gets a keep-alive (default 30 s):
     * {@link dev.vigil.logindex.tail.TailListener#onIdle}.
     */
    public Builder tailKeepAlive(Duration d) {
      if (d.isZero() || d.isNegative()) {
        throw new IllegalArgumentException("the tail keep-alive must be above zero, got " + d);
      }
      tailKeepAlive = d;
      return this;
    }

    public Builder maxTails(int n) {
      if (n < 0) {
        throw new IllegalArgumentException("maxTails must not be negative");
      }
      maxTails = n;
      return this;
    }

    public LogIndexOptions build() {
      if (maxRecordBytes < 64) {
        throw new IllegalArgumentException("maxRecordBytes must be at least 64");
      }
      if (maxAttributesPerRecord < 0) {
        throw new IllegalArgumentException("maxAttributesPerRecord must not be negative");
      }
      return new LogIndexOptions(this);
    }

    private static Duration positive(Duration d, String what) {
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(what + " must be positive, got " + d);
      }
      return d;
    }
  }
}
