package dev.vigil.tsdb.chunk;

/**
 * Decodes {@link ChunkEncoding#ADAPTIVE} chunks by replaying the encoder's state machine: the same
 * {@link ResidualCoder} and {@link ValueModel} updates, driven by the bits read.
 */
final class AdaptiveIterator implements SampleIterator {
  private final BitReader times = new BitReader();
  private final BitReader values = new BitReader();
  private final ResidualCoder timeCoder = new ResidualCoder();
  private final ValueModel model = new ValueModel();

  private int count;
  private int flags;
  private long interval;
  private int index; // samples decoded so far
  private long t;
  private double v;

  // header cursor, used only while parsing
  private byte[] buf;
  private int pos;
  private int end;

  @Override
  public void reset(byte[] chunk, int offset, int length) {
    buf = chunk;
    pos = offset;
    end = offset + length;
    if (length < 2 || chunk[offset] != ChunkEncoding.ADAPTIVE.id()) {
      throw new CorruptChunkException(
          length < 2
              ? "chunk of " + length + " bytes is shorter than its header"
              : "chunk encoding id " + (chunk[offset] & 0xff) + " is not ADAPTIVE");
    }
    flags = chunk[offset + 1] & 0xff;
    if ((flags
            & ~(AdaptiveAppender.FLAG_REGULAR_TIME
                | AdaptiveAppender.FLAG_CONSTANT_VALUE
                | AdaptiveAppender.FLAG_NO_STALE))
        != 0) {
      throw new CorruptChunkException("unknown chunk flags 0x" + Integer.toHexString(flags));
    }
    pos += 2;
    long n = readVarint();
    if (n < 1 || n > Integer.MAX_VALUE) {
      throw new CorruptChunkException("sample count " + n + " out of range");
    }
    count = (int) n;
    t = ResidualCoder.unzigzag(readVarint());
    if (count >= 2 && regular()) {
      interval = readVarint();
    } else if (count >= 2) {
      long timeBytes = readVarint();
      if (timeBytes > end - pos) {
        throw new CorruptChunkException("timestamp stream of " + timeBytes + " bytes overruns");
      }
      times.reset(buf, pos, (int) timeBytes);
      pos += (int) timeBytes;
    }
    values.reset(buf, pos, end - pos);
    timeCoder.resetStatistics();
    index = 0;
  }

  private boolean regular() {
    return (flags & AdaptiveAppender.FLAG_REGULAR_TIME) != 0;
  }

  private long readVarint() {
    long v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos >= end) {
        throw new CorruptChunkException("chunk header truncated");
      }
      byte b = buf[pos++];
      v |= (long) (b & 0x7F) << shift;
      if (b >= 0) {
        return v;
      }
    }
    throw new CorruptChunkException("chunk header varint longer than 10 bytes");
  }

  @Override
  public boolean next() {
    if (index >= count) {
      return false;
    }
    if (index == 0) {
      readFirstValue();
    } else {
      nextTime();
      if ((flags & AdaptiveAppender.FLAG_CONSTANT_VALUE) == 0) {
        nextValue();
      }
    }
    index++;
    return true;
  }

  /**
   * The loop of {@link #next} without a call per sample, writing straight into the buffer's arrays
   * (room for the whole rest of the chunk is made once).
   */
  @Override
  public void appendTo(long minT, long maxT, dev.vigil.model.series.SampleBuffer out) {
    if (index >= count) {
      return;
    }
    out.reserve(count - index);
    long[] ts = out.timestamps();
    double[] vs = out.values();
    int n = out.size();
    if (index == 0) {
      readFirstValue();
      index = 1;
      if (t > maxT) {
        return;
      }
      if (t >= minT) {
        ts[n] = t;
        vs[n++] = v;
      }
    }
    boolean constant = (flags & AdaptiveAppender.FLAG_CONSTANT_VALUE) != 0;
    // One loop per chunk kind, so the commonest (regular timestamps) tests nothing per sample but
    // the range, and a regular constant chunk reads no bits at all.
    if (regular() && constant) {
      while (index < count) {
        t += interval;
        index++;
        if (t > maxT) {
          break;
        }
        if (t >= minT) {
          ts[n] = t;
          vs[n++] = v;
        }
      }
    } else if (regular()) {
      while (index < count) {
        t += interval;
        nextValue();
        index++;
        if (t > maxT) {
          break;
        }
        if (t >= minT) {
          ts[n] = t;
          vs[n++] = v;
        }
      }
    } else {
      while (index < count) {
        nextTime();
        if (!constant) {
          nextValue();
        }
        index++;
        if (t > maxT) {
          break;
        }
        if (t >= minT) {
          ts[n] = t;
          vs[n++] = v;
        }
      }
    }
    out.setSize(n);
  }

  /**
   * A chunk whose header says it holds no staleness marker gives its timestamps alone, values 0:
   * regular timestamps are computed, others read from the time stream, and the value stream is not
   * touched. Any other chunk is decoded whole.
   */
  @Override
  public void appendPresenceTo(long minT, long maxT, dev.vigil.model.series.SampleBuffer out) {
    if ((flags & AdaptiveAppender.FLAG_NO_STALE) == 0 || index != 0) {
      appendTo(minT, maxT, out);
      return;
    }
    out.reserve(count);
    long[] ts = out.timestamps();
    double[] vs = out.values();
    int n = out.size();
    // t is the first timestamp until the first sample is read.
    for (index = 1; t <= maxT; index++) {
      if (t >= minT) {
        ts[n] = t;
        vs[n++] = 0;
      }
      if (index == count) {
        break;
      }
      nextTime();
    }
    index = count;
    out.setSize(n);
  }

  private void nextTime() {
    if (regular()) {
      t += interval;
      return;
    }
    if (index == 1) {
      interval = ResidualCoder.readPlainLiteral(times);
    }
    long z = timeCoder.read(times);
    if (timeCoder.lastTag() >= 0) {
      throw new CorruptChunkException("escape code in the timestamp stream");
    }
    t += interval + ResidualCoder.unzigzag(z);
  }

  private void readFirstValue() {
    if (values.readBit()) {
      long bits = values.read(64);
      model.startFloat(bits);
      v = Double.longBitsToDouble(bits);
    } else {
      readIntLiteral();
      model.resetXor(Double.doubleToRawLongBits(v));
    }
  }

  private void nextValue() {
    if (model.floatMode) {
      if (!values.readBit()) {
        v = Double.longBitsToDouble(model.readXor(values));
        return;
      }
      if (!values.readBit()) {
        if (!model.hasHistory()) {
          throw new CorruptChunkException("resume of decimal mode without a history");
        }
        model.floatMode = false;
        acceptResidual(readResidual());
      } else {
        readIntLiteral();
        model.setXorPrevious(Double.doubleToRawLongBits(v));
      }
      return;
    }
    long z = model.read(values);
    int tag = model.lastTag();
    if (tag == ResidualCoder.TAG_FLOAT) {
      model.floatMode = true;
      v = Double.longBitsToDouble(model.readXor(values));
      return;
    }
    if (tag == ResidualCoder.TAG_RESCALE) {
      int e = (int) values.read(AdaptiveAppender.SCALE_BITS);
      int s = ValueModel.readShift(values);
      if (!model.canRescale(e, s)) {
        throw new CorruptChunkException(
            "bad domain change from scale "
                + model.scale
                + " shift "
                + model.shift
                + " to "
                + e
                + " "
                + s);
      }
      model.rescale(e, s);
      z = readResidual();
    }
    acceptResidual(z);
  }

  private void readIntLiteral() {
    int e = (int) values.read(AdaptiveAppender.SCALE_BITS);
    int s = ValueModel.readShift(values);
    long n = ResidualCoder.unzigzag(ResidualCoder.readPlainLiteral(values));
    model.startInt(e, s, n);
    v = model.toDouble(n);
  }

  private long readResidual() {
    long z = model.read(values);
    if (model.lastTag() >= 0) {
      throw new CorruptChunkException("escape code where a residual must follow");
    }
    return z;
  }

  private void acceptResidual(long z) {
    long m = model.predict() + ResidualCoder.unzigzag(z);
    model.acceptInt(m);
    setIntValue(m);
  }

  private void setIntValue(long n) {
    v = model.toDouble(n);
    model.setXorPrevious(Double.doubleToRawLongBits(v));
  }

  /** Samples the chunk's header announces. */
  int count() {
    return count;
  }

  /** Samples decoded so far. */
  int index() {
    return index;
  }

  /**
   * Whether every bit read so far is final: a later snapshot of the same chunk, after more appends,
   * holds the same bits there, so decoding can resume from this state in that snapshot. Only a
   * short run read last is not final (see {@link ResidualCoder#inShortRun}).
   */
  boolean atFinalBits() {
    return (regular() || !timeCoder.inShortRun())
        && ((flags & AdaptiveAppender.FLAG_CONSTANT_VALUE) != 0 || !model.inShortRun());
  }

  /** Longs a checkpoint of {@link #saveTo} takes. */
  static final int STATE_LONGS = 6 + ResidualCoder.STATE_LONGS + ValueModel.STATE_LONGS;

  /**
   * Writes this iterator's decoding state to {@code checkpoint} ({@link #STATE_LONGS} longs). One
   * array rather than a copy of the decoder's objects: a reader of the open chunk keeps a
   * checkpoint for every series it reads.
   */
  void saveTo(long[] checkpoint) {
    checkpoint[0] = ((long) index << 8) | flags;
    checkpoint[1] = interval;
    checkpoint[2] = t;
    checkpoint[3] = Double.doubleToRawLongBits(v);
    checkpoint[4] = !regular() && count >= 2 ? times.position() : 0;
    checkpoint[5] = values.position();
    timeCoder.saveStatistics(checkpoint, 6);
    model.saveModel(checkpoint, 6 + ResidualCoder.STATE_LONGS);
  }

  /**
   * Continues from {@code checkpoint}, a state {@link #saveTo saved} at {@link #atFinalBits final
   * bits} of an earlier snapshot of the chunk this iterator was just {@link #reset} to. Returns
   * false, changing nothing, when the snapshots' layouts differ (a flag was cleared since: the
   * timestamps or values now have a stream of their own), so the chunk must be decoded from its
   * start.
   */
  boolean resumeFrom(long[] checkpoint) {
    int savedFlags = (int) (checkpoint[0] & 0xff);
    int savedIndex = (int) (checkpoint[0] >>> 8);
    if (savedFlags != flags || savedIndex > count) {
      return false;
    }
    if (!regular() && count >= 2) {
      times.seekTo(checkpoint[4]);
      interval = checkpoint[1];
    }
    values.seekTo(checkpoint[5]);
    index = savedIndex;
    t = checkpoint[2];
    v = Double.longBitsToDouble(checkpoint[3]);
    timeCoder.restoreStatistics(checkpoint, 6);
    model.restoreModel(checkpoint, 6 + ResidualCoder.STATE_LONGS);
    return true;
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
