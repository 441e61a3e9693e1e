package dev.vigil.logindex;

import java.util.Map;

/**
 * A snapshot of the index's counters and sizes.
 *
 * @param accepted records stored since open
 * @param replayed records replayed from the translog at open
 * @param refused records refused since open, by reason
 * @param partitionsOnDisk partitions of all tenants on disk
 * @param partitionsOpen partitions with an open Lucene writer
 * @param partitionsDeleted partitions deleted by retention since open
 * @param indexBytes bytes of all Lucene indexes
 * @param translogBytes bytes of translog segments not yet trimmed
 * @param commits Lucene commit rounds since open
 * @param translogRepair what was cut off the translog's torn tail at open, or null
 */
public record LogIndexStats(
    long accepted,
    long replayed,
    Map<RefusalReason, Long> refused,
    int partitionsOnDisk,
    int partitionsOpen,
    long partitionsDeleted,
    long indexBytes,
    long translogBytes,
    long commits,
    String translogRepair) {
  public LogIndexStats {
    refused = Map.copyOf(refused);
  }

  public long refused(RefusalReason reason) {
    return refused.getOrDefault(reason, 0L);
  }
}
