package dev.vigil.tsdb;

import java.util.concurrent.atomic.AtomicLong;

/** What the block layer did, for the server's /metrics. Counters only grow; gauges are live. */
public final class TsdbStats {
  private final BlockSet blocks;
  final AtomicLong headCuts = new AtomicLong();
  final AtomicLong blocksWritten = new AtomicLong();
  final AtomicLong compactions = new AtomicLong();
  final AtomicLong maintenanceFailures = new AtomicLong();
  final AtomicLong retentionDeletions = new AtomicLong();
  final AtomicLong retentionBytesDeleted = new AtomicLong();
  final AtomicLong blocksQuarantined = new AtomicLong();
  final AtomicLong blocksRolledBack = new AtomicLong();

  TsdbStats(BlockSet blocks) {
    this.blocks = blocks;
  }

  /** Live blocks, all tenants. */
  public int blockCount() {
    return blocks.all().size();
  }

  /** Heap held by block chunks kept decoded because they are read repeatedly. */
  public long decodedBlockChunkBytes() {
    return blocks.decoded.usedBytes();
  }

  /** Block chunk reads served from decoded samples. */
  public long decodedBlockChunkHits() {
    return blocks.decoded.hits();
  }

  /** Block chunks decoded into the cache (a read that was not the chunk's first). */
  public long decodedBlockChunkDecodes() {
    return blocks.decoded.decodes();
  }

  /** Bytes of the live blocks' files (chunks and index). */
  public long blockBytes() {
    return blocks.all().stream().mapToLong(b -> b.meta().sizeBytes()).sum();
  }

  /** Head cuts that wrote blocks and truncated the head and the WAL. */
  public long headCuts() {
    return headCuts.get();
  }

  /** Blocks written by head cuts (one per tenant and range with data). */
  public long blocksWritten() {
    return blocksWritten.get();
  }

  /** Merges of blocks into a larger one. */
  public long compactions() {
    return compactions.get();
  }

  /** Background runs that failed (logged); the next run retries. */
  public long maintenanceFailures() {
    return maintenanceFailures.get();
  }

  /** Blocks deleted by retention (time or size). */
  public long retentionDeletions() {
    return retentionDeletions.get();
  }

  public long retentionBytesDeleted() {
    return retentionBytesDeleted.get();
  }

  /** Blocks found damaged and moved to {@code quarantine/}. */
  public long blocksQuarantined() {
    return blocksQuarantined.get();
  }

  /** Blocks of an uncommitted head cut deleted at start (the WAL still held their samples). */
  public long blocksRolledBack() {
    return blocksRolledBack.get();
  }
}
