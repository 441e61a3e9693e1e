package dev.vigil.tsdb;

import dev.vigil.model.Tenant;
import dev.vigil.model.series.Labels;
import dev.vigil.model.series.SampleIterator;
import dev.vigil.tsdb.block.Block;
import dev.vigil.tsdb.block.BlockWriter;
import dev.vigil.tsdb.block.CorruptBlockException;
import dev.vigil.tsdb.query.MergeSampleIterator;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.TreeMap;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Merges a tenant's blocks into larger ones, Prometheus-style: for each compaction range (6 h, then
 * 24 h) the blocks lying inside one aligned window of that range are merged into one once the
 * window is complete (the head has been cut past it) or as soon as two of them overlap. Windows
 * nest, so every block always fits one window per level, and a late block inside a day already
 * compacted is merged with it at the day level. Samples are merged by time; on equal timestamps the
 * block with the higher sequence (the later write) wins.
 */
final class BlockCompactor {
  private static final Logger log = LoggerFactory.getLogger(BlockCompactor.class);

  private final Path root;
  private final BlockSet blocks;
  private final TsdbOptions options;
  private final TsdbStats stats;

  BlockCompactor(Path root, BlockSet blocks, TsdbOptions options, TsdbStats stats) {
    this.root = root;
    this.blocks = blocks;
    this.options = options;
    this.stats = stats;
  }

  /** Runs every merge due; {@code completeBefore}: windows ending at or before it are complete. */
  int compactAll(long completeBefore) throws IOException {
    int merged = 0;
    for (Tenant tenant : List.copyOf(blocks.tenants())) {
      List<Block> plan;
      while (!(plan = plan(blocks.of(tenant), completeBefore)).isEmpty()) {
        merge(tenant, plan);
        merged++;
      }
    }
    return merged;
  }

  /** The next group of blocks to merge, or empty. */
  List<Block> plan(List<Block> tenantBlocks, long completeBefore) {
    for (long range : options.compactionRangesMillis()) {
      TreeMap<Long, List<Block>> windows = new TreeMap<>();
      for (Block b : tenantBlocks) {
        long w = Math.floorDiv(b.meta().minTime(), range);
        if (w == Math.floorDiv(b.meta().maxTime(), range)) {
          windows.computeIfAbsent(w, k -> new ArrayList<>()).add(b);
        }
      }
      for (var e : windows.entrySet()) {
        List<Block> group = e.getValue();
        if (group.size() < 2) {
          continue;
        }
        long end = (e.getKey() + 1) * range;
        if (end <= completeBefore || overlapping(group)) {
          return group;
        }
      }
    }
    return List.of();
  }

  private static boolean overlapping(List<Block> group) {
    List<Block> sorted = new ArrayList<>(group);
    sorted.sort((a, b) -> Long.compare(a.meta().minTime(), b.meta().minTime()));
    for (int i = 1; i < sorted.size(); i++) {
      if (sorted.get(i).meta().minTime() <= sorted.get(i - 1).meta().maxTime()) {
        return true;
      }
    }
    return false;
  }

  private record Cursor(Block block, int priority, int[] id) {}

  /** Writes the merge of {@code group} (sorted by sequence) and swaps it in for its parents. */
  void merge(Tenant tenant, List<Block> group) throws IOException {
    for (Block b : group) {
      try {
        b.verify();
      } catch (CorruptBlockException e) {
        log.error(
            "{} is damaged; it is taken out of service and moved to quarantine/: {}",
            b,
            e.getMessage());
        blocks.quarantine(
            b, root.resolve("quarantine").resolve(tenant.id()).resolve(b.meta().id()));
        stats.blocksQuarantined.incrementAndGet();
        return;
      }
    }
    int level = 0;
    long sequence = 0;
    TreeSet<String> sources = new TreeSet<>();
    List<String> parents = new ArrayList<>();
    for (Block b : group) {
      level = Math.max(level, b.meta().level());
      sequence = Math.max(sequence, b.meta().sequence());
      sources.addAll(b.meta().sources());
      parents.add(b.meta().id());
    }
    Block merged;
    try (BlockWriter w =
        BlockWriter.create(
            root.resolve("blocks").resolve(tenant.id()),
            tenant.id(),
            options.mergedChunkSamples())) {
      PriorityQueue<Cursor> queue =
          new PriorityQueue<>((a, b) -> {
            int c = labelsOf(a).compareTo(labelsOf(b));
            return c != 0 ? c : Integer.compare(a.priority, b.priority);
          });
      for (int i = 0; i < group.size(); i++) {
        if (group.get(i).seriesCount() > 0) {
          queue.add(new Cursor(group.get(i), i, new int[] {0}));
        }
      }
      List<SampleIterator> its = new ArrayList<>();
      while (!queue.isEmpty()) {
        Labels labels = labelsOf(queue.peek());
        its.clear();
        while (!queue.isEmpty() && labelsOf(queue.peek()).equals(labels)) {
          Cursor c = queue.poll();
          its.add(c.block.seriesAt(c.id[0]).samples());
          if (++c.id[0] < c.block.seriesCount()) {
            queue.add(c);
          }
        }
        SampleIterator it =
            its.size() == 1
                ? its.get(0)
                : new MergeSampleIterator(its.toArray(new SampleIterator[0]));
        w.startSeries(labels);
        while (it.next()) {
          w.add(it.timestamp(), it.value());
        }
        w.endSeries();
      }
      w.commit(level + 1, sequence, List.copyOf(sources), parents, -1);
      merged = Block.open(w.dir(), blocks.decoded);
    }
    blocks.replace(List.of(merged), group);
    stats.compactions.incrementAndGet();
    log.info("merged {} blocks of {} into {}", group.size(), tenant, merged);
  }

  private static Labels labelsOf(Cursor c) {
    return c.block.seriesAt(c.id[0]).labels();
  }
}
