package dev.vigil.tsdb;

import dev.vigil.tsdb.block.Block;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes whole blocks: by time, those whose newest sample is older than the retention behind the
 * newest sample stored (data time, not the wall clock, so a store fed old data or restarted after a
 * pause does not empty itself); by size, the oldest blocks until the rest fit. The head is not
 * counted: it holds the newest hours, which retention never wants to drop.
 */
final class Retention {
  private static final Logger log = LoggerFactory.getLogger(Retention.class);

  private final BlockSet blocks;
  private final TsdbOptions options;
  private final TsdbStats stats;

  Retention(BlockSet blocks, TsdbOptions options, TsdbStats stats) {
    this.blocks = blocks;
    this.options = options;
    this.stats = stats;
  }

  /**
   * Applies both limits; {@code newest} is the newest sample time in the store. Returns blocks
   * deleted.
   */
  int apply(long newest) {
    List<Block> all = new ArrayList<>(blocks.all());
    all.sort(
        Comparator.comparingLong((Block b) -> b.meta().maxTime())
            .thenComparing(b -> b.meta().id()));
    List<Block> doomed = new ArrayList<>();
    if (options.retentionMillis() > 0 && newest != Long.MIN_VALUE) {
      long cutoff = newest - options.retentionMillis();
      for (Block b : all) {
        if (b.meta().maxTime() < cutoff) {
          doomed.add(b);
        }
      }
    }
    if (options.retentionBytes() > 0) {
      long total = all.stream().mapToLong(b -> b.meta().sizeBytes()).sum();
      total -= doomed.stream().mapToLong(b -> b.meta().sizeBytes()).sum();
      for (Block b : all) {
        if (total <= options.retentionBytes()) {
          break;
        }
        if (!doomed.contains(b)) {
          doomed.add(b);
          total -= b.meta().sizeBytes();
        }
      }
    }
    if (doomed.isEmpty()) {
      return 0;
    }
    blocks.replace(List.of(), doomed);
    for (Block b : doomed) {
      log.info("retention deletes {} ({} bytes)", b, b.meta().sizeBytes());
      stats.retentionBytesDeleted.addAndGet(b.meta().sizeBytes());
    }
    stats.retentionDeletions.addAndGet(doomed.size());
    return doomed.size();
  }
}
