package dev.vigil.tsdb.head;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of what the head did, read by the server's /metrics. The per-sample ones are adders:
 * every committing thread bumps them, and one shared counter would bounce between the cores.
 */
public final class HeadStats {
  final AtomicLong seriesCreated = new AtomicLong();
  final LongAdder samplesAppended = new LongAdder();
  final LongAdder samplesOutOfOrder = new LongAdder();
  final LongAdder samplesDuplicate = new LongAdder();
  final AtomicLong samplesTooOld = new AtomicLong();
  final AtomicLong samplesSeriesLimit = new AtomicLong();
  final AtomicLong walCorruptions = new AtomicLong();
  final AtomicLong walUnknownSeries = new AtomicLong();
  final AtomicLong walUnknownRecords = new AtomicLong();
  final AtomicLong seriesDropped = new AtomicLong();
  final AtomicLong exemplarsAppended = new AtomicLong();
  final AtomicLong exemplarsOutOfOrder = new AtomicLong();
  final AtomicLong exemplarsOff = new AtomicLong();
  final AtomicLong exemplarsSeriesLimit = new AtomicLong();

  /** Set by the head before it serves anything. */
  volatile DecodedChunkCache decoded = new DecodedChunkCache(0);

  /** Heap held by chunks kept decoded for repeated reads, within the configured budget. */
  public long decodedChunkBytes() {
    return decoded.usedBytes();
  }

  /** Chunk reads served from decoded samples. */
  public long decodedChunkHits() {
    return decoded.hits();
  }

  /** Chunks decoded into the cache (a read that was not the chunk's first and found none). */
  public long decodedChunkDecodes() {
    return decoded.decodes();
  }

  /** Reads of an open chunk that decoded only the samples appended since its last read. */
  public long decodedChunkResumes() {
    return decoded.resumes();
  }

  public long seriesCreated() {
    return seriesCreated.get();
  }

  public long samplesAppended() {
    return samplesAppended.sum();
  }

  public long samplesOutOfOrder() {
    return samplesOutOfOrder.sum();
  }

  public long samplesDuplicate() {
    return samplesDuplicate.sum();
  }

  /** Refused: older than the out-of-order window. */
  public long samplesTooOld() {
    return samplesTooOld.get();
  }

  /** Refused: the tenant was at its active-series limit. */
  public long samplesSeriesLimit() {
    return samplesSeriesLimit.get();
  }

  /** Series dropped from memory because all their samples were persisted to blocks. */
  public long seriesDropped() {
    return seriesDropped.get();
  }

  /** Damaged WAL spots cut off at start. */
  public long walCorruptions() {
    return walCorruptions.get();
  }

  public long exemplarsAppended() {
    return exemplarsAppended.get();
  }

  /** Refused: older than their series' newest exemplar. */
  public long exemplarsOutOfOrder() {
    return exemplarsOutOfOrder.get();
  }

  /** Refused: exemplar storage is off ({@code maxExemplarsPerTenant} 0). */
  public long exemplarsOff() {
    return exemplarsOff.get();
  }

  /** Refused: their series could not be created, the tenant being at its series limit. */
  public long exemplarsSeriesLimit() {
    return exemplarsSeriesLimit.get();
  }
}
