package dev.vigil.tsdb.head;

import dev.vigil.model.series.SampleIterator;
import java.util.List;

/**
 * Merges a series' in-order chunks with its out-of-order samples, within {@code [minT, maxT]}. On
 * equal timestamps the out-of-order sample wins: it is the later write.
 */
final class HeadSampleIterator implements SampleIterator {
  private final List<HeadChunk> chunks;
  private final long[] oooT;
  private final double[] oooV;
  private final long minT;
  private final long maxT;
  private int chunk = -1;
  private SampleIterator inChunk;

  /** No sample below this is returned: {@code minT}, or the target of the last seek. */
  private long floor;

  /** {@link #inChunk} must seek to {@link #floor} before its next sample. */
  private boolean pendingSeek;

  private boolean chunkHas;
  private long chunkT;
  private double chunkV;
  private int ooo;
  private boolean current;
  private long t;
  private double v;
  private boolean started;

  HeadSampleIterator(List<HeadChunk> chunks, long[] oooT, double[] oooV, long minT, long maxT) {
    this.chunks = chunks;
    this.oooT = oooT;
    this.oooV = oooV;
    this.minT = minT;
    this.maxT = maxT;
    this.floor = minT;
  }

  /** Moves the look-ahead sample to the next in-order sample at or above {@link #floor}. */
  private void advanceChunk() {
    while (true) {
      if (inChunk != null) {
        boolean has = pendingSeek ? inChunk.seek(floor) : inChunk.next();
        pendingSeek = false;
        if (has) {
          long ts = inChunk.timestamp();
          if (ts < floor) {
            continue;
          }
          if (ts > maxT) {
            chunkHas = false;
            chunk = chunks.size();
            inChunk = null;
            return;
          }
          chunkT = ts;
          chunkV = inChunk.value();
          chunkHas = true;
          return;
        }
      }
      chunk++;
      while (chunk < chunks.size() && chunks.get(chunk).maxTime() < floor) {
        chunk++;
      }
      if (chunk >= chunks.size()) {
        chunkHas = false;
        inChunk = null;
        return;
      }
      HeadChunk c = chunks.get(chunk);
      inChunk = c.samples();
      pendingSeek = c.minTime() < floor;
    }
  }

  /**
   * Skips whole chunks and, for a decoded chunk, searches within it; with out-of-order samples to
   * merge, it steps like {@link #next}.
   */
  @Override
  public boolean seek(long target) {
    if (current && t >= target) {
      return true;
    }
    if (oooT.length > 0 || target <= floor) {
      return SampleIterator.super.seek(target);
    }
    floor = target;
    if (!started) {
      started = true;
      advanceChunk();
    } else if (chunkHas && chunkT < target) {
      pendingSeek = inChunk != null;
      chunkHas = false;
      advanceChunk();
    }
    return next();
  }

  @Override
  public boolean next() {
    if (!started) {
      started = true;
      advanceChunk();
    }
    boolean haveOoo = ooo < oooT.length;
    if (!chunkHas && !haveOoo) {
      current = false;
      return false;
    }
    if (chunkHas && (!haveOoo || chunkT < oooT[ooo])) {
      t = chunkT;
      v = chunkV;
      advanceChunk();
    } else {
      t = oooT[ooo];
      v = oooV[ooo];
      if (chunkHas && chunkT == t) {
        advanceChunk();
      }
      ooo++;
    }
    current = true;
    return true;
  }

  @Override
  public boolean hasCurrent() {
    return current;
  }

  @Override
  public long timestamp() {
    return t;
  }

  @Override
  public double value() {
    return v;
  }
}
