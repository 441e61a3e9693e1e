package dev.vigil.tsdb;

import dev.vigil.model.Tenant;
import dev.vigil.model.series.Labels;
import dev.vigil.model.series.SampleIterator;
import dev.vigil.model.series.Series;
import dev.vigil.tsdb.block.Block;
import dev.vigil.tsdb.block.BlockWriter;
import dev.vigil.tsdb.head.Head;
import dev.vigil.tsdb.head.HeadCut;
import dev.vigil.tsdb.query.MergeSampleIterator;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves the head's samples below a boundary into level-1 blocks, one per tenant and aligned block
 * range holding data (late samples for an already persisted range make a small block overlapping
 * the earlier one, which queries merge and compaction folds in). The steps and why their order is
 * crash-safe are on {@link HeadCut}.
 */
final class HeadCompactor {
  private static final Logger log = LoggerFactory.getLogger(HeadCompactor.class);

  /** Test hook: thrown between steps to simulate a crash there. */
  interface CrashPoint {
    void reached(String step) throws IOException;
  }

  private final Head head;
  private final BlockSet blocks;
  private final Path blocksDir;
  private final TsdbOptions options;
  private final TsdbStats stats;
  volatile CrashPoint crashPoint = step -> {};

  HeadCompactor(Head head, BlockSet blocks, Path blocksDir, TsdbOptions options, TsdbStats stats) {
    this.head = head;
    this.blocks = blocks;
    this.blocksDir = blocksDir;
    this.options = options;
    this.stats = stats;
  }

  /** The boundary below which the head holds complete ranges plus the margin, or MIN_VALUE. */
  long dueBoundary() {
    long max = head.maxTime();
    if (max == Long.MIN_VALUE || max - options.headMarginMillis() > max) {
      return Long.MIN_VALUE;
    }
    return Math.floorDiv(max - options.headMarginMillis(), options.blockRangeMillis())
        * options.blockRangeMillis();
  }

  /** Cuts if the head holds a complete range beyond the margin; returns blocks written. */
  int compactIfDue() throws IOException, InterruptedException {
    long boundary = dueBoundary();
    return boundary == Long.MIN_VALUE ? 0 : cut(boundary);
  }

  /** Persists every head sample below {@code boundary}; returns blocks written. */
  int cut(long boundary) throws IOException, InterruptedException {
    if (head.minTime() >= boundary) {
      return 0;
    }
    try (HeadCut cut = head.beginCut(boundary)) {
      Map<Tenant, List<Block>> written = new HashMap<>();
      List<Block> all = new ArrayList<>();
      try {
        for (Tenant tenant : cut.tenants()) {
          List<Block> bs =
              writeTenant(
                  cut::forEachSeries, tenant, blocksDir.resolve(tenant.id()), cut.walSegment());
          written.put(tenant, bs);
          all.addAll(bs);
        }
      } catch (IOException | RuntimeException e) {
        for (Block b : all) {
          b.retire();
        }
        throw e;
      }
      crashPoint.reached("blocks written");
      long generation = blocks.replace(all, List.of());
      stats.blocksWritten.addAndGet(all.size());
      if (!blocks.awaitReadersBefore(generation, options.readerWaitMillis())) {
        log.warn(
            "queriers opened before the new blocks are still open after {} ms; truncating the head anyway",
            options.readerWaitMillis());
      }
      cut.truncate((tenant, labels) -> persisted(written.getOrDefault(tenant, List.of()), labels));
      crashPoint.reached("head truncated");
      cut.checkpoint();
      stats.headCuts.incrementAndGet();
      log.info("head cut below {}: {} blocks written", boundary, all.size());
      return all.size();
    }
  }

  private static SampleIterator persisted(List<Block> bs, Labels labels) {
    List<SampleIterator> its = new ArrayList<>();
    for (Block b : bs) {
      Series s = b.find(labels);
      if (s != null) {
        its.add(s.samples());
      }
    }
    return its.isEmpty() ? null : new MergeSampleIterator(its.toArray(new SampleIterator[0]));
  }

  /** Where {@link #writeTenant} reads series from: a head cut, or the whole head. */
  interface SeriesSource {
    void forEachSeries(Tenant tenant, HeadCut.SeriesSink sink) throws IOException;
  }

  /**
   * Writes the tenant's samples from {@code source} into one block per aligned range under {@code
   * tenantDir}.
   */
  List<Block> writeTenant(SeriesSource source, Tenant tenant, Path tenantDir, long walCut)
      throws IOException {
    long range = options.blockRangeMillis();
    TreeMap<Long, BlockWriter> writers = new TreeMap<>();
    List<Block> out = new ArrayList<>();
    try {
      source.forEachSeries(
          tenant,
          (labels, samples) -> {
            BlockWriter current = null;
            while (samples.next()) {
              long window = Math.floorDiv(samples.timestamp(), range);
              BlockWriter w = writers.get(window);
              if (w == null) {
                w = BlockWriter.create(tenantDir, tenant.id(), options.blockChunkSamples());
                writers.put(window, w);
              }
              if (w != current) {
                if (current != null) {
                  current.endSeries();
                }
                w.startSeries(labels);
                current = w;
              }
              w.add(samples.timestamp(), samples.value());
            }
            if (current != null) {
              current.endSeries();
            }
          });
      for (BlockWriter w : writers.values()) {
        if (!w.isEmpty()) {
          w.commit(1, blocks.nextSequence(), List.of(), List.of(), walCut);
          out.add(Block.open(w.dir(), blocks.decoded));
        }
      }
      return out;
    } catch (IOException | RuntimeException e) {
      for (Block b : out) {
        b.retire();
      }
      throw e;
    } finally {
      for (BlockWriter w : writers.values()) {
        w.close();
      }
    }
  }
}
