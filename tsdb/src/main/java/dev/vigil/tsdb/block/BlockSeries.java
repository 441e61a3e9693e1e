package dev.vigil.tsdb.block;

import dev.vigil.model.series.Labels;
import dev.vigil.model.series.SampleBuffer;
import dev.vigil.model.series.SampleIterator;
import dev.vigil.model.series.SampleRun;
import dev.vigil.model.series.SampleSummary;
import dev.vigil.model.series.Series;
import dev.vigil.tsdb.chunk.ChunkEncoding;
import dev.vigil.tsdb.chunk.CorruptChunkException;
import java.util.ArrayList;
import java.util.List;

/** A series of a block: its chunks in range, decoded from the mapping one chunk at a time. */
record BlockSeries(
    Labels labels,
    ChunksFile.Reader chunks,
    long[] minT,
    long[] maxT,
    long[] refs,
    long from,
    long to,
    ChunkSummaries summaries,
    DecodedBlockChunks decoded)
    implements Series {

  /** One run per chunk: the block's chunks never overlap. */
  @Override
  public List<SampleRun> runs() {
    List<SampleRun> runs = new ArrayList<>(refs.length);
    for (int i = 0; i < refs.length; i++) {
      runs.add(new Run(i));
    }
    return runs;
  }

  private final class Run implements SampleRun {
    private final int chunk;

    Run(int chunk) {
      this.chunk = chunk;
    }

    @Override
    public long minTime() {
      return minT[chunk];
    }

    @Override
    public long maxTime() {
      return maxT[chunk];
    }

    @Override
    public SampleSummary summary() {
      return summaries.get(refs[chunk], this::samples);
    }

    @Override
    public SampleIterator samples() {
      DecodedBlockChunks.Decoded d = decodedOrNull(chunk);
      if (d != null) {
        return new dev.vigil.model.series.ArraySampleIterator(d.times(), d.values());
      }
      return new BlockSeries(
              labels,
              chunks,
              new long[] {minT[chunk]},
              new long[] {maxT[chunk]},
              new long[] {refs[chunk]},
              Long.MIN_VALUE,
              Long.MAX_VALUE,
              summaries,
              DecodedBlockChunks.OFF)
          .samples();
    }
  }

  @Override
  public SampleIterator samples() {
    return new Iter();
  }

  /** Chunk {@code c} read whole, from the decoded cache as a scan reads it, or null. */
  private DecodedBlockChunks.Decoded scanned(int c) {
    try {
      return decoded.scan(chunks, refs[c]);
    } catch (CorruptChunkException e) {
      throw new CorruptBlockException(
          chunks.file().path(),
          "chunk at " + refs[c] + " of " + labels + " does not decode: " + e.getMessage(),
          e);
    }
  }

  /** Chunk {@code c} from the decoded cache (decoding it there on its second read), or null. */
  private DecodedBlockChunks.Decoded decodedOrNull(int c) {
    try {
      return decoded.get(chunks, refs[c]);
    } catch (CorruptChunkException e) {
      throw new CorruptBlockException(
          chunks.file().path(),
          "chunk at " + refs[c] + " of " + labels + " does not decode: " + e.getMessage(),
          e);
    }
  }

  /** Decodes each chunk in range whole into {@code out}, reusing one buffer and one decoder. */
  @Override
  public void appendSamples(long minTime, long maxTime, SampleBuffer out) {
    append(minTime, maxTime, out, false);
  }

  /** Chunks marked free of staleness markers give their timestamps without decoding values. */
  @Override
  public void appendPresence(long minTime, long maxTime, SampleBuffer out) {
    append(minTime, maxTime, out, true);
  }

  private void append(long minTime, long maxTime, SampleBuffer out, boolean presence) {
    long lo = Math.max(minTime, from);
    long hi = Math.min(maxTime, to);
    Scratch scratch = null;
    for (int c = 0; c < refs.length && lo <= hi; c++) {
      if (maxT[c] < lo || minT[c] > hi) {
        continue;
      }
      // A chunk read whole is a scan's: admitted only while the cache has room to spare
      // (DecodedBlockChunks.scan); a chunk the range cuts is a window edge, read again next time.
      DecodedBlockChunks.Decoded d = lo <= minT[c] && hi >= maxT[c] ? scanned(c) : decodedOrNull(c);
      if (d != null) {
        d.appendTo(lo, hi, out);
        continue;
      }
      try {
        if (scratch == null) {
          scratch = SCRATCH.get();
        }
        byte[] buf = chunks.read(refs[c], scratch.buf, scratch.len);
        scratch.buf = buf;
        dev.vigil.tsdb.chunk.SampleIterator in = scratch.in;
        if (in == null) {
          in = ChunkEncoding.of(buf, 0).iterator(buf, 0, scratch.len[0]);
          scratch.in = in;
        } else {
          in.reset(buf, 0, scratch.len[0]);
        }
        if (presence) {
          in.appendPresenceTo(lo, hi, out);
        } else {
          in.appendTo(lo, hi, out);
        }
      } catch (CorruptChunkException e) {
        throw new CorruptBlockException(
            chunks.file().path(),
            "chunk at " + refs[c] + " of " + labels + " does not decode: " + e.getMessage(),
            e);
      }
    }
  }

  /**
   * A thread's buffer and decoder for the chunks its bulk reads copy out of the mapping: a query
   * reads thousands of series chunk by chunk, and a buffer and a decoder of their own per series
   * were a sixth of what a day-long query allocated. Reads do not nest on a thread.
   */
  private static final class Scratch {
    byte[] buf = new byte[1024];
    final int[] len = new int[1];
    dev.vigil.tsdb.chunk.SampleIterator in;
  }

  private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

  /** Decodes chunk by chunk into one reused buffer; {@link #seek} skips whole chunks unread. */
  private final class Iter implements SampleIterator {
    private int chunk = -1;
    private byte[] buf = new byte[256];
    private final int[] len = new int[1];
    private dev.vigil.tsdb.chunk.SampleIterator in;
    private boolean current;
    private boolean done;

    @Override
    public boolean next() {
      if (done) {
        return false;
      }
      try {
        while (true) {
          if (in != null && in.next()) {
            long t = in.timestamp();
            if (t < from) {
              continue;
            }
            if (t > to) {
              return finish();
            }
            current = true;
            return true;
          }
          if (!openChunk(chunk + 1)) {
            return finish();
          }
        }
      } catch (CorruptChunkException e) {
        throw new CorruptBlockException(
            chunks.file().path(),
            "chunk at " + refs[chunk] + " of " + labels + " does not decode: " + e.getMessage(),
            e);
      }
    }

    private boolean openChunk(int c) {
      chunk = c;
      if (c >= refs.length) {
        return false;
      }
      buf = chunks.read(refs[c], buf, len);
      if (in == null) {
        in = ChunkEncoding.of(buf, 0).iterator(buf, 0, len[0]);
      } else {
        in.reset(buf, 0, len[0]);
      }
      return true;
    }

    private boolean finish() {
      current = false;
      done = true;
      return false;
    }

    @Override
    public boolean seek(long t) {
      if (current && in.timestamp() >= t) {
        return true;
      }
      if (done) {
        return false;
      }
      int c = Math.max(chunk, 0);
      while (c < refs.length && maxT[c] < t) {
        c++;
      }
      if (c != chunk) {
        if (c >= refs.length) {
          return finish();
        }
        try {
          openChunk(c);
        } catch (CorruptChunkException e) {
          throw new CorruptBlockException(
              chunks.file().path(), "chunk at " + refs[c] + " does not decode", e);
        }
        current = false;
      }
      while (next()) {
        if (in.timestamp() >= t) {
          return true;
        }
      }
      return false;
    }

    @Override
    public boolean hasCurrent() {
      return current;
    }

    @Override
    public long timestamp() {
      return in.timestamp();
    }

    @Override
    public double value() {
      return in.value();
    }
  }
}
