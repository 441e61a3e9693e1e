package dev.vigil.tsdb.head;

import dev.vigil.model.Tenant;
import dev.vigil.model.series.Labels;
import dev.vigil.model.series.SampleIterator;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Moving the head's samples below a boundary into blocks, in the only order that neither loses nor
 * duplicates a sample across a crash:
 *
 * <ol>
 *   <li>{@link Head#beginCut}: the WAL is cut at segment {@code S} with no commit in flight, so
 *       every record in segments below {@code S} is already in memory;
 *   <li>{@link #forEachSeries}: the caller writes the samples below the boundary to blocks, durable
 *       before it goes on, each marked with {@code S};
 *   <li>{@link #truncate}: memory drops what the blocks hold (after readers that could not see the
 *       new blocks are done);
 *   <li>{@link #checkpoint}: the WAL below {@code S} is replaced by a checkpoint without the
 *       persisted samples. This is the commit point: a block marked {@code S} with no checkpoint at
 *       or after {@code S} is deleted at start, and the WAL replays its samples instead.
 * </ol>
 */
public final class HeadCut implements AutoCloseable {
  private final Head head;
  private final long boundary;
  private final int walSegment;

  /** Receives a series' samples below the boundary, oldest first, merged and deduplicated. */
  public interface SeriesSink {
    void accept(Labels labels, SampleIterator samples) throws IOException;
  }

  /** Finds what the cut's blocks hold for a series (samples below the boundary), or null. */
  public interface PersistedLookup {
    SampleIterator find(Tenant tenant, Labels labels);
  }

  HeadCut(Head head, long boundary, int walSegment) {
    this.head = head;
    this.boundary = boundary;
    this.walSegment = walSegment;
  }

  public long boundary() {
    return boundary;
  }

  /** The first WAL segment after the cut: blocks of this cut record it. */
  public int walSegment() {
    return walSegment;
  }

  public List<Tenant> tenants() {
    return head.tenants();
  }

  /**
   * Hands every series of {@code tenant} with samples below the boundary to {@code sink}, in label
   * order.
   */
  public void forEachSeries(Tenant tenant, SeriesSink sink) throws IOException {
    for (MemSeries s : head.seriesOf(tenant)) {
      SeriesSnapshot snap = s.snapshot(Long.MIN_VALUE, boundary - 1);
      if (!snap.chunks().isEmpty() || snap.oooTimes().length > 0) {
        sink.accept(s.labels, snap.samples());
      }
    }
  }

  /**
   * Drops from memory the samples below the boundary that the blocks hold, then the series left
   * empty. Returns the number of series dropped.
   */
  public int truncate(PersistedLookup lookup) {
    List<MemSeries> empty = new ArrayList<>();
    for (MemSeries s : head.allSeries()) {
      if (s.truncateBelow(boundary, () -> lookup.find(s.tenant, s.labels))) {
        empty.add(s);
      }
    }
    return head.dropIfEmpty(empty);
  }

  /** Replaces the WAL before the cut by a checkpoint; the cut is then committed. */
  public long checkpoint() throws IOException {
    return head.checkpoint(walSegment, boundary);
  }

  /** Ends the cut (whether or not it completed); another may begin. */
  @Override
  public void close() {
    head.endCut();
  }
}
