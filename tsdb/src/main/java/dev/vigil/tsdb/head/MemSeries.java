package dev.vigil.tsdb.head;

import dev.vigil.model.Tenant;
import dev.vigil.model.series.Labels;
import dev.vigil.model.series.SeriesRef;
import dev.vigil.tsdb.chunk.ChunkAppender;
import dev.vigil.tsdb.chunk.ChunkEncoding;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;

/**
 * One series in the head: its closed chunks, the chunk being appended to, and a small sorted buffer
 * of out-of-order samples within the window. Every method synchronizes on the series, so appends to
 * different series never contend. It is also the appenders' {@link SeriesRef}: a writer holding it
 * appends without a lookup by labels while the series stays in the head.
 */
final class MemSeries implements SeriesRef {
  final long ref;
  final Tenant tenant;
  final Labels labels;

  /** The head holding the series; a handle from another head is looked up by its labels. */
  private final Head owner;

  private final DecodedChunkCache decoded;
  private final List<HeadChunk> closed = new ArrayList<>();
  private ChunkAppender head;

  /**
   * The open chunk as readers last saw it, until the next append changes it: rule groups query one
   * series many times between two scrapes, and share one copy (and its summary).
   */
  private HeadChunk openCopy;

  /** The open chunk's samples as readers decoded them, across {@link #openCopy}s; lazily made. */
  private OpenChunkSamples openSamples;

  private long maxTime = Long.MIN_VALUE;
  private double lastValue;

  /** Samples older than {@link #maxTime} but within the out-of-order window, merged on read. */
  private TreeMap<Long, Double> outOfOrder;

  /**
   * {@link #outOfOrder} as arrays, as readers last saw it, until it changes: queries between two
   * out-of-order writes cut their range out of these instead of walking the map.
   */
  private long[] outOfOrderTimes;

  private double[] outOfOrderValues;

  /**
   * Set once the series is dropped from the head; appenders holding it look it up again. Volatile
   * so an appender can check a handle without taking the series' lock.
   */
  private volatile boolean removed;

  /** A sample below the boundary of a head cut in progress arrived after the cut's snapshot. */
  private boolean writtenBelowCut;

  /** The outcome of one append. */
  enum AppendResult {
    APPENDED,
    OUT_OF_ORDER,
    DUPLICATE,
    TOO_OLD
  }

  MemSeries(long ref, Tenant tenant, Labels labels, DecodedChunkCache decoded) {
    this(null, ref, tenant, labels, decoded);
  }

  MemSeries(Head owner, long ref, Tenant tenant, Labels labels, DecodedChunkCache decoded) {
    this.owner = owner;
    this.decoded = decoded;
    this.ref = ref;
    this.tenant = tenant;
    this.labels = labels;
  }

  /**
   * Appends a sample. {@code cutBoundary} is the boundary of a head cut in progress (else {@code
   * Long.MIN_VALUE}): a sample below it may be missing from the cut's blocks, so the cut's
   * truncation must compare instead of dropping everything below.
   */
  synchronized AppendResult append(long t, double v, HeadOptions options, long cutBoundary) {
    if (t < cutBoundary) {
      writtenBelowCut = true;
    }
    if (t > maxTime) {
      if (head == null) {
        head = ChunkEncoding.ADAPTIVE.newAppender();
      } else if (head.sampleCount() > 0
          && (head.sampleCount() >= options.chunkMaxSamples()
              || t - head.minTime() >= options.chunkMaxSpanMillis())) {
        closed.add(
            new HeadChunk(
                head.bytes(), head.minTime(), head.maxTime(), head.sampleCount(), decoded));
        head.reset();
        retireOpenSamples();
      }
      head.append(t, v);
      openCopy = null;
      maxTime = t;
      lastValue = v;
      return AppendResult.APPENDED;
    }
    if (t == maxTime
        && Double.doubleToRawLongBits(v) == Double.doubleToRawLongBits(lastValue)
        && (outOfOrder == null || !outOfOrder.containsKey(t))) {
      return AppendResult.DUPLICATE;
    }
    if (maxTime - t > options.outOfOrderWindowMillis()) {
      return AppendResult.TOO_OLD;
    }
    if (outOfOrder == null) {
      outOfOrder = new TreeMap<>();
    }
    outOfOrder.put(t, v);
    outOfOrderTimes = null;
    return AppendResult.OUT_OF_ORDER;
  }

  @Override
  public Tenant tenant() {
    return tenant;
  }

  @Override
  public Labels labels() {
    return labels;
  }

  boolean heldBy(Head head) {
    return owner == head;
  }

  synchronized long maxTime() {
    return maxTime;
  }

  /**
   * What a reader needs for {@code [minT, maxT]}: the overlapping chunks (the open one copied) and
   * the out-of-order samples in range. Taken under the series lock, so it is consistent.
   */
  synchronized SeriesSnapshot snapshot(long minT, long maxT) {
    // Closed chunks are in time order and do not overlap: those in range are one stretch, found
    // from its two ends. The chunks inside it are not touched (rules read every series' chunks
    // every tick; each is a cache miss of its own).
    int first = 0;
    int end = closed.size();
    while (first < end && closed.get(first).maxTime() < minT) {
      first++;
    }
    while (end > first && closed.get(end - 1).minTime() > maxT) {
      end--;
    }
    List<HeadChunk> chunks = new ArrayList<>(end - first + 1);
    chunks.addAll(closed.subList(first, end));
    if (openCopy != null) {
      // Still the open chunk as it is (any append drops the copy): its bounds, without a look at
      // the appender, whose fields are another cache miss per series and read.
      if (openCopy.maxTime() >= minT && openCopy.minTime() <= maxT) {
        chunks.add(openCopy);
      }
    } else if (head != null
        && head.sampleCount() > 0
        && head.maxTime() >= minT
        && head.minTime() <= maxT) {
      if (openSamples == null) {
        openSamples = new OpenChunkSamples(decoded);
      }
      openCopy =
          new HeadChunk(
              head.bytes(),
              head.minTime(),
              head.maxTime(),
              head.sampleCount(),
              decoded,
              openSamples);
      chunks.add(openCopy);
    }
    long[] oooT = NO_TIMES;
    double[] oooV = NO_VALUES;
    if (outOfOrder != null && !outOfOrder.isEmpty()) {
      if (outOfOrderTimes == null) {
        outOfOrderTimes = new long[outOfOrder.size()];
        outOfOrderValues = new double[outOfOrder.size()];
        int i = 0;
        for (var e : outOfOrder.entrySet()) {
          outOfOrderTimes[i] = e.getKey();
          outOfOrderValues[i++] = e.getValue();
        }
      }
      int from = firstAtOrAfter(outOfOrderTimes, minT);
      int to =
          maxT == Long.MAX_VALUE
              ? outOfOrderTimes.length
              : firstAtOrAfter(outOfOrderTimes, maxT + 1);
      if (from == 0 && to == outOfOrderTimes.length) {
        oooT = outOfOrderTimes; // never written to: a change makes new arrays
        oooV = outOfOrderValues;
      } else if (from < to) {
        oooT = Arrays.copyOfRange(outOfOrderTimes, from, to);
        oooV = Arrays.copyOfRange(outOfOrderValues, from, to);
      }
    }
    return new SeriesSnapshot(labels, chunks, oooT, oooV, minT, maxT);
  }

  private static final long[] NO_TIMES = new long[0];
  private static final double[] NO_VALUES = new double[0];

  private static int firstAtOrAfter(long[] times, long t) {
    int i = Arrays.binarySearch(times, t);
    return i >= 0 ? i : -i - 1;
  }

  /** The oldest sample's timestamp, {@code Long.MAX_VALUE} when the series holds none. */
  synchronized long minTime() {
    long min = Long.MAX_VALUE;
    if (!closed.isEmpty()) {
      min = closed.get(0).minTime();
    } else if (head != null && head.sampleCount() > 0) {
      min = head.minTime();
    }
    if (outOfOrder != null && !outOfOrder.isEmpty()) {
      min = Math.min(min, outOfOrder.firstKey());
    }
    return min;
  }

  synchronized boolean isEmpty() {
    return closed.isEmpty()
        && (head == null || head.sampleCount() == 0)
        && (outOfOrder == null || outOfOrder.isEmpty());
  }

  boolean isRemoved() {
    return removed;
  }

  synchronized void markRemoved() {
    removed = true;
    retireOpenSamples();
  }

  /** Source of the samples a cut persisted for this series, oldest first; null when none. */
  interface Persisted {
    dev.vigil.model.series.SampleIterator samples();
  }

  /**
   * Drops the samples below {@code boundary} that a head cut has persisted. When nothing was
   * written below the boundary since the cut's snapshot, that is every sample below it; otherwise
   * each sample below it is compared with {@code persisted} and kept (as an out-of-order sample)
   * unless the block holds the same timestamp and value bits. Returns whether the series is empty.
   */
  synchronized boolean truncateBelow(long boundary, Persisted persisted) {
    TreeMap<Long, Double> keep = null;
    if (writtenBelowCut) {
      keep = new TreeMap<>();
      dev.vigil.model.series.SampleIterator mine = snapshot(Long.MIN_VALUE, boundary - 1).samples();
      dev.vigil.model.series.SampleIterator disk = persisted == null ? null : persisted.samples();
      boolean diskHas = disk != null && disk.next();
      while (mine.next()) {
        long t = mine.timestamp();
        while (diskHas && disk.timestamp() < t) {
          diskHas = disk.next();
        }
        boolean same =
            diskHas
                && disk.timestamp() == t
                && Double.doubleToRawLongBits(disk.value())
                    == Double.doubleToRawLongBits(mine.value());
        if (!same) {
          keep.put(t, mine.value());
        }
      }
      writtenBelowCut = false;
    }
    List<HeadChunk> kept = new ArrayList<>();
    for (HeadChunk c : closed) {
      if (c.minTime() >= boundary) {
        kept.add(c);
      } else if (c.maxTime() >= boundary) {
        ChunkAppender a = ChunkEncoding.ADAPTIVE.newAppender();
        copyFrom(c.bytes(), a, boundary);
        kept.add(new HeadChunk(a.bytes(), a.minTime(), a.maxTime(), a.sampleCount(), decoded));
      }
    }
    closed.clear();
    closed.addAll(kept);
    if (head != null && head.sampleCount() > 0 && head.minTime() < boundary) {
      byte[] bytes = head.bytes();
      head.reset();
      openCopy = null;
      retireOpenSamples();
      copyFrom(bytes, head, boundary);
    }
    outOfOrderTimes = null;
    if (outOfOrder != null) {
      outOfOrder.headMap(boundary).clear();
    }
    if (keep != null && !keep.isEmpty()) {
      if (outOfOrder == null) {
        outOfOrder = new TreeMap<>();
      }
      outOfOrder.putAll(keep);
    }
    return isEmpty();
  }

  /** The open chunk was cut or rewritten: copies taken before keep streaming their own bytes. */
  private void retireOpenSamples() {
    if (openSamples != null) {
      openSamples.retire();
      openSamples = null;
    }
  }

  private static void copyFrom(byte[] chunk, ChunkAppender to, long from) {
    dev.vigil.tsdb.chunk.SampleIterator it =
        ChunkEncoding.of(chunk, 0).iterator(chunk, 0, chunk.length);
    while (it.next()) {
      if (it.timestamp() >= from) {
        to.append(it.timestamp(), it.value());
      }
    }
  }

  /** Bytes held by this series' chunks (for the memory figures in /metrics). */
  synchronized long chunkBytes() {
    long n = 0;
    for (HeadChunk c : closed) {
      n += c.bytes().length;
    }
    return n + (head == null ? 0 : head.sizeBytes());
  }

  synchronized long sampleCount() {
    long n = 0;
    for (HeadChunk c : closed) {
      n += c.sampleCount();
    }
    return n
        + (head == null ? 0 : head.sampleCount())
        + (outOfOrder == null ? 0 : outOfOrder.size());
  }
}
