package dev.vigil.tsdb.head;

import dev.vigil.model.series.SampleIterator;
import dev.vigil.tsdb.chunk.ChunkEncoding;
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
  private dev.vigil.tsdb.chunk.SampleIterator inChunk;
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
  }

  private void advanceChunk() {
    while (true) {
      if (inChunk != null && inChunk.next()) {
        long ts = inChunk.timestamp();
        if (ts < minT) {
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
      chunk++;
      if (chunk >= chunks.size()) {
        chunkHas = false;
        inChunk = null;
        return;
      }
      HeadChunk c = chunks.get(chunk);
      inChunk = ChunkEncoding.of(c.bytes(), 0).iterator(c.bytes(), 0, c.bytes().length);
    }
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
