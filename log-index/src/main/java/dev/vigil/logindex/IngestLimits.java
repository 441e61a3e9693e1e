package dev.vigil.logindex;

import dev.vigil.model.Tenant;
import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Per-record limits and the per-tenant ingest rate (a token bucket over encoded bytes), with the
 * refusal counters. Thread-safe.
 */
final class IngestLimits {
  private final LogIndexOptions options;
  private final Clock clock;
  private final Map<Tenant, Bucket> buckets = new ConcurrentHashMap<>();
  private final EnumMap<RefusalReason, LongAdder> refused = new EnumMap<>(RefusalReason.class);

  IngestLimits(LogIndexOptions options) {
    this.options = options;
    this.clock = options.clock;
    for (RefusalReason r : RefusalReason.values()) {
      refused.put(r, new LongAdder());
    }
  }

  /** Why a record is refused, or null when it may be stored. */
  RefusalReason check(int encodedBytes, int attributeCount, long timestampNanos) {
    if (encodedBytes > options.maxRecordBytes) {
      return RefusalReason.RECORD_TOO_LARGE;
    }
    if (attributeCount > options.maxAttributesPerRecord) {
      return RefusalReason.TOO_MANY_ATTRIBUTES;
    }
    long now = nowNanos();
    if (timestampNanos < now - options.retention.toNanos()) {
      return RefusalReason.TOO_OLD;
    }
    if (timestampNanos > now + options.maxFuture.toNanos()) {
      return RefusalReason.TOO_FAR_IN_FUTURE;
    }
    return null;
  }

  /**
   * Takes {@code bytes} from the tenant's bucket; false (and nothing taken) when the rate is
   * exceeded. A batch larger than the burst is let through when the bucket is full, or it could
   * never be stored.
   */
  boolean tryAcquire(Tenant tenant, long bytes) {
    Bucket b =
        buckets.computeIfAbsent(tenant, t -> new Bucket(options.ingestBurstBytes, nowNanos()));
    synchronized (b) {
      long now = nowNanos();
      b.tokens =
          Math.min(
              options.ingestBurstBytes,
              b.tokens + (now - b.updatedNanos) / 1e9 * options.ingestBytesPerSecond);
      b.updatedNanos = now;
      if (b.tokens >= bytes || b.tokens >= options.ingestBurstBytes) {
        b.tokens -= bytes;
        return true;
      }
      return false;
    }
  }

  void count(RefusalReason reason, long records) {
    refused.get(reason).add(records);
  }

  Map<RefusalReason, Long> refusedCounts() {
    EnumMap<RefusalReason, Long> m = new EnumMap<>(RefusalReason.class);
    refused.forEach((r, n) -> m.put(r, n.sum()));
    return m;
  }

  long nowNanos() {
    java.time.Instant i = clock.instant();
    return i.getEpochSecond() * 1_000_000_000L + i.getNano();
  }

  private static final class Bucket {
    double tokens;
    long updatedNanos;

    Bucket(double tokens, long updatedNanos) {
      this.tokens = tokens;
      this.updatedNanos = updatedNanos;
    }
  }
}
