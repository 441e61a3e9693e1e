package dev.vigil.tsdb.chunk;

/**
 * Writes {@link ChunkEncoding#ADAPTIVE} chunks. Timestamps and values go to two bit streams as
 * samples arrive; {@link #bytes()} puts a header in front and leaves out a stream the header makes
 * redundant (all timestamps on the interval, or all values bit-identical), so the commonest chunks
 * pay nothing per sample for those.
 *
 * <p>Per value the encoder picks whichever code is shorter right now, counting the cost of a mode
 * switch: the decimal residual or an XOR of the bits. That greedy choice is the encoder's freedom;
 * the decoder just follows the escapes and mode bits.
 */
final class AdaptiveAppender implements ChunkAppender {
  static final int FLAG_REGULAR_TIME = 1;
  static final int FLAG_CONSTANT_VALUE = 2;
  static final int FLAG_NO_STALE = 4;
  static final int SCALE_BITS = 4;

  // Every series holds an appender for its open chunk, so the streams start small and grow by
  // doubling: regular timestamps take a few bytes a chunk (runs of zeros), and a fresh series may
  // never fill a chunk. On the node workload a full chunk's values still end in 128 bytes.
  private final BitWriter times = new BitWriter(16);
  private final BitWriter values = new BitWriter(32);
  private final ResidualCoder timeCoder = new ResidualCoder();
  private final ValueModel model = new ValueModel();

  private int count;
  private long firstTime;
  private long lastTime;
  private long interval; // the time stream's Δ, chosen at the second sample
  private long firstDelta;
  private boolean regular = true; // every sample exactly firstDelta after the previous one
  private long firstBits;
  private boolean constant = true; // every value bit-identical to the first
  private long firstValueBits; // length of the first value's code in the value stream
  private boolean stale; // a staleness marker was appended

  @Override
  public void append(long t, double v) {
    if (count > 0 && t <= lastTime) {
      throw new OutOfOrderSampleException(t, lastTime);
    }
    appendTime(t);
    appendValue(v);
    count++;
  }

  private void appendTime(long t) {
    if (count == 0) {
      firstTime = t;
    } else {
      long delta = t - lastTime; // wraps only across the whole long range; decoding wraps back
      if (count == 1) {
        firstDelta = delta;
        interval = nominalInterval(delta);
        ResidualCoder.writeLiteral(times, interval);
      }
      regular &= delta == firstDelta; // then the header's Δ is this delta, whatever was rounded
      timeCoder.write(times, ResidualCoder.zigzag(delta - interval));
    }
    lastTime = t;
  }

  /**
   * The interval that later deltas are measured against. Scrape intervals are whole seconds in
   * practice and the first delta carries the jitter of two scrapes, so a delta of a second or more
   * is rounded to 10 ms: 15 002 ms becomes 15 000 and later deviations centre on zero.
   */
  static long nominalInterval(long delta) {
    if (delta >= 1000 && delta < (1L << 40)) {
      return (delta + 5) / 10 * 10;
    }
    return delta;
  }

  private void appendValue(double v) {
    long bits = Double.doubleToRawLongBits(v);
    stale |= dev.vigil.model.series.StaleMarker.isStale(v);
    if (count == 0) {
      firstBits = bits;
      writeFirstValue(v, bits);
      firstValueBits = values.bitLength();
      return;
    }
    constant &= bits == firstBits;
    if (model.floatMode) {
      appendInFloatMode(v, bits);
    } else {
      appendInIntMode(v, bits);
    }
  }

  private void writeFirstValue(double v, long bits) {
    if (intLiteralLength(v) < 64) {
      values.write(0, 1);
      writeIntLiteral(v);
      model.resetXor(bits);
    } else {
      values.write(1, 1);
      values.write(bits, 64);
      model.startFloat(bits);
    }
  }

  /** Length of {@link #writeIntLiteral}, or a large number if {@code v} has no decimal form. */
  private static int intLiteralLength(double v) {
    int e = Decimal.minScale(v, 0);
    if (e < 0) {
      return Integer.MAX_VALUE / 2;
    }
    long m = Decimal.scaled(v, e);
    int s = ValueModel.chooseShift(m);
    return SCALE_BITS
        + ValueModel.shiftBits(s)
        + ResidualCoder.literalBits(ResidualCoder.zigzag(m >> s));
  }

  /** Scale, shift and integer of a fresh start of decimal mode; history starts over. */
  private void writeIntLiteral(double v) {
    int e = Decimal.minScale(v, 0);
    long m = Decimal.scaled(v, e);
    int s = ValueModel.chooseShift(m);
    values.write(e, SCALE_BITS);
    ValueModel.writeShift(values, s);
    ResidualCoder.writeLiteral(values, ResidualCoder.zigzag(m >> s));
    model.startInt(e, s, m >> s);
  }

  private void appendInIntMode(double v, long bits) {
    ResidualCoder coder = model.coder;
    long n = model.toInt(v);
    int newScale = -1;
    int newShift = -1;
    long z = 0;
    int intCost = Integer.MAX_VALUE;
    if (n != Decimal.NONE) {
      z = ResidualCoder.zigzag(n - model.predict());
      intCost = coder.length(z);
    } else {
      newScale = Decimal.minScale(v, model.scale);
      if (newScale >= 0) {
        long m = Decimal.scaled(v, newScale);
        newShift = m == 0 ? model.shift : Math.min(model.shift, Long.numberOfTrailingZeros(m));
        if (model.canRescale(newScale, newShift)) {
          // Estimate only: after the change the residual is a literal, about this long.
          long guess =
              ResidualCoder.zigzag((m >> newShift) - rescaled(model.predict(), newScale, newShift));
          intCost =
              coder.escapeLength()
                  + SCALE_BITS
                  + ValueModel.shiftBits(newShift)
                  + ResidualCoder.literalBits(guess);
        }
      }
    }
    int floatCost = coder.escapeLength() + model.xorLength(bits);
    if (intCost > floatCost) {
      coder.writeEscape(values, ResidualCoder.TAG_FLOAT);
      model.floatMode = true;
      model.writeXor(values, bits);
      return;
    }
    if (n == Decimal.NONE) {
      coder.writeEscape(values, ResidualCoder.TAG_RESCALE);
      values.write(newScale, SCALE_BITS);
      ValueModel.writeShift(values, newShift);
      model.rescale(newScale, newShift);
      n = model.toInt(v);
      z = ResidualCoder.zigzag(n - model.predict());
    }
    coder.write(values, z);
    model.acceptInt(n);
    model.setXorPrevious(bits);
  }

  private long rescaled(long n, int e, int s) {
    return (n * Decimal.pow10(e - model.scale)) << (model.shift - s);
  }

  private void appendInFloatMode(double v, long bits) {
    int floatCost = 1 + model.xorLength(bits);
    long resumeN = model.hasHistory() ? model.toInt(v) : Decimal.NONE;
    long resumeZ = 0;
    int resumeCost = Integer.MAX_VALUE;
    if (resumeN != Decimal.NONE) {
      resumeZ = ResidualCoder.zigzag(resumeN - model.predict());
      resumeCost = 2 + model.coder.length(resumeZ);
    }
    int freshCost = 2 + intLiteralLength(v);
    if (floatCost <= resumeCost && floatCost <= freshCost) {
      values.write(0, 1);
      model.writeXor(values, bits);
      return;
    }
    if (resumeCost <= freshCost) {
      values.write(0b10, 2);
      model.coder.write(values, resumeZ);
      model.floatMode = false;
      model.acceptInt(resumeN);
    } else {
      values.write(0b11, 2);
      writeIntLiteral(v);
    }
    model.setXorPrevious(bits);
  }

  @Override
  public int sampleCount() {
    return count;
  }

  @Override
  public long minTime() {
    requireSamples();
    return firstTime;
  }

  @Override
  public long maxTime() {
    requireSamples();
    return lastTime;
  }

  private void requireSamples() {
    if (count == 0) {
      throw new IllegalStateException("empty chunk has no time range");
    }
  }

  private int flags() {
    return (regular ? FLAG_REGULAR_TIME : 0)
        | (constant ? FLAG_CONSTANT_VALUE : 0)
        | (stale ? 0 : FLAG_NO_STALE);
  }

  private long valueBits() {
    return constant ? firstValueBits : values.bitLength() + model.coder.pendingBits();
  }

  private int timeBytes() {
    return (int) ((times.bitLength() + timeCoder.pendingBits() + 7) >>> 3);
  }

  private int headerSize() {
    int size = 2 + Varint.size(count) + Varint.size(ResidualCoder.zigzag(firstTime));
    if (count >= 2) {
      size += regular ? Varint.size(firstDelta) : Varint.size(timeBytes());
    }
    return size;
  }

  @Override
  public int sizeBytes() {
    requireSamples();
    int size = headerSize() + (int) ((valueBits() + 7) >>> 3);
    if (count >= 2 && !regular) {
      size += timeBytes();
    }
    return size;
  }

  @Override
  public byte[] bytes() {
    byte[] out = new byte[sizeBytes()];
    out[0] = ChunkEncoding.ADAPTIVE.id();
    out[1] = (byte) flags();
    int off = Varint.put(out, 2, count);
    off = Varint.put(out, off, ResidualCoder.zigzag(firstTime));
    if (count >= 2) {
      if (regular) {
        off = Varint.put(out, off, firstDelta);
      } else {
        int timeBytes = timeBytes();
        off = Varint.put(out, off, timeBytes);
        times.copyTo(times.bitLength(), out, off);
        timeCoder.flushPending(out, (long) off * 8 + times.bitLength());
        off += timeBytes;
      }
    }
    if (constant) {
      values.copyTo(firstValueBits, out, off);
    } else {
      values.copyTo(values.bitLength(), out, off);
      model.coder.flushPending(out, (long) off * 8 + values.bitLength());
    }
    off += (int) ((valueBits() + 7) >>> 3);
    if (off != out.length) {
      throw new IllegalStateException("BUG: chunk is " + off + " bytes, expected " + out.length);
    }
    return out;
  }

  @Override
  public ChunkEncoding encoding() {
    return ChunkEncoding.ADAPTIVE;
  }

  @Override
  public void reset() {
    times.reset();
    values.reset();
    timeCoder.reset();
    count = 0;
    regular = true;
    constant = true;
    stale = false;
  }
}
