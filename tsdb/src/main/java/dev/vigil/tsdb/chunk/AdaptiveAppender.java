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
 *
 * <p>The appender is its own value stream: it extends {@link ValueModel}, which extends the value
 * stream's {@link ResidualCoder}, which extends the {@link BitWriter} holding the bits. Every
 * series keeps an appender for its open chunk and every sample touches all of that state; as one
 * object (plus its array) it is a few cache lines in a row instead of eight objects wherever the
 * heap put them.
 *
 * <p>The time stream is written only once a chunk's timestamps stop being regular, and the value
 * stream past the first value only once a value differs from it: until then {@link #bytes()} would
 * leave them out anyway, most chunks stay regular (scrapes on their interval) and many constant. At
 * the first irregular delta, or the first other value, the stream is written as it would have been
 * from the start (the same code words from the same state, so not a bit of any chunk changes), once
 * per chunk at most.
 */
final class AdaptiveAppender extends ValueModel implements ChunkAppender {
  static final int FLAG_REGULAR_TIME = 1;
  static final int FLAG_CONSTANT_VALUE = 2;
  static final int FLAG_NO_STALE = 4;
  static final int SCALE_BITS = 4;

  /** The time stream; null until a chunk of this appender had irregular timestamps. */
  private ResidualCoder times;

  private int count;
  private long firstTime;
  private long lastTime;
  private long interval; // the time stream's Δ, chosen at the second sample
  private long firstDelta;
  private boolean regular = true; // every sample exactly firstDelta after the previous one
  private long firstBits;
  private boolean constant = true; // every value bit-identical to the first
  private byte firstValueBits; // length of the first value's code in the value stream (<= 65)
  private boolean stale; // a staleness marker was appended

  /**
   * Values after the first of the chunk before the last {@link #reset}, all equal to it in decimal
   * mode, that were never written. {@link #reset} keeps the value coder's statistics (the next
   * decimal start resets them), and a chunk that starts with a float and stays in XOR codes ends
   * with the pending zero run those values left: a snapshot flushes it after its last code (bits a
   * reader never reaches, but bits of the chunk). So such a chunk replays them first.
   */
  private int unwrittenConstants;

  // Every series holds an appender for its open chunk, so the streams start small (values 32
  // bytes, times 16) and grow by doubling: a fresh series may never fill a chunk. On the node
  // workload a full chunk's values still end in 128 bytes.
  AdaptiveAppender() {
    super(32);
  }

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
        firstDelta = delta; // while regular, the header's Δ is this delta, whatever was rounded
        interval = nominalInterval(delta);
      } else if (regular && delta != firstDelta) {
        regular = false;
        writeRegularTimes();
      }
      if (!regular) {
        times.writeResidual(zigzag(delta - interval));
      }
    }
    lastTime = t;
  }

  /** The time stream of the samples so far, all {@link #firstDelta} apart, as appends write it. */
  private void writeRegularTimes() {
    if (times == null) {
      times = new ResidualCoder(16);
    }
    writeLiteral(times, interval);
    long z = zigzag(firstDelta - interval);
    for (int i = 1; i < count; i++) {
      times.writeResidual(z);
    }
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
      if (unwrittenConstants > 0) {
        writeUnwrittenConstants(v);
      }
      firstBits = bits;
      writeFirstValue(v, bits);
      firstValueBits = (byte) bitLength();
      return;
    }
    if (constant) {
      if (bits == firstBits) {
        return;
      }
      constant = false;
      writeConstantValues();
    }
    writeValue(v, bits);
  }

  private void writeValue(double v, long bits) {
    if (floatMode) {
      appendInFloatMode(v, bits);
    } else {
      appendInIntMode(v, bits);
    }
  }

  /**
   * The value stream of the samples so far, all bit-identical to the first, as appends write it.
   * Only the bits matter to the codes; the double is used for decimal forms, which a NaN (whose
   * payload {@code longBitsToDouble} might not keep) never has.
   */
  private void writeConstantValues() {
    double first = Double.longBitsToDouble(firstBits);
    for (int i = 1; i < count; i++) {
      writeValue(first, firstBits);
    }
  }

  /**
   * Before the first value {@code v}: the coder state the last chunk's constants would have left.
   */
  private void writeUnwrittenConstants(double v) {
    int n = unwrittenConstants;
    unwrittenConstants = 0;
    if (intLiteralLength(v) < 64) {
      return; // a decimal start resets the coder's statistics anyway
    }
    double first = Double.longBitsToDouble(firstBits);
    for (int i = 0; i < n; i++) {
      writeValue(first, firstBits);
    }
    clearBits();
  }

  private void writeFirstValue(double v, long bits) {
    if (intLiteralLength(v) < 64) {
      write(0, 1);
      writeIntLiteral(v);
      resetXor(bits);
    } else {
      write(1, 1);
      write(bits, 64);
      startFloat(bits);
    }
  }

  /** Length of {@link #writeIntLiteral}, or a large number if {@code v} has no decimal form. */
  private static int intLiteralLength(double v) {
    int e = Decimal.minScale(v, 0);
    if (e < 0) {
      return Integer.MAX_VALUE / 2;
    }
    long m = Decimal.scaled(v, e);
    int s = chooseShift(m);
    return SCALE_BITS + shiftBits(s) + literalBits(zigzag(m >> s));
  }

  /** Scale, shift and integer of a fresh start of decimal mode; history starts over. */
  private void writeIntLiteral(double v) {
    int e = Decimal.minScale(v, 0);
    long m = Decimal.scaled(v, e);
    int s = chooseShift(m);
    write(e, SCALE_BITS);
    writeShift(this, s);
    writeLiteral(this, zigzag(m >> s));
    startInt(e, s, m >> s);
  }

  private void appendInIntMode(double v, long bits) {
    long n = toInt(v);
    int newScale = -1;
    int newShift = -1;
    long z = 0;
    int intCost = Integer.MAX_VALUE;
    if (n != Decimal.NONE) {
      z = zigzag(n - predict());
      intCost = length(z);
    } else {
      newScale = Decimal.minScale(v, scale);
      if (newScale >= 0) {
        long m = Decimal.scaled(v, newScale);
        newShift = m == 0 ? shift : Math.min(shift, Long.numberOfTrailingZeros(m));
        if (canRescale(newScale, newShift)) {
          // Estimate only: after the change the residual is a literal, about this long.
          long guess = zigzag((m >> newShift) - rescaled(predict(), newScale, newShift));
          intCost = escapeLength() + SCALE_BITS + shiftBits(newShift) + literalBits(guess);
        }
      }
    }
    int floatCost = escapeLength() + xorLength(bits);
    if (intCost > floatCost) {
      writeEscape(TAG_FLOAT);
      floatMode = true;
      writeXor(bits);
      return;
    }
    if (n == Decimal.NONE) {
      writeEscape(TAG_RESCALE);
      write(newScale, SCALE_BITS);
      writeShift(this, newShift);
      rescale(newScale, newShift);
      n = toInt(v);
      z = zigzag(n - predict());
    }
    writeResidual(z);
    acceptInt(n);
    setXorPrevious(bits);
  }

  private long rescaled(long n, int e, int s) {
    return (n * Decimal.pow10(e - scale)) << (shift - s);
  }

  private void appendInFloatMode(double v, long bits) {
    int floatCost = 1 + xorLength(bits);
    long resumeN = hasHistory() ? toInt(v) : Decimal.NONE;
    long resumeZ = 0;
    int resumeCost = Integer.MAX_VALUE;
    if (resumeN != Decimal.NONE) {
      resumeZ = zigzag(resumeN - predict());
      resumeCost = 2 + length(resumeZ);
    }
    int freshCost = 2 + intLiteralLength(v);
    if (floatCost <= resumeCost && floatCost <= freshCost) {
      write(0, 1);
      writeXor(bits);
      return;
    }
    if (resumeCost <= freshCost) {
      write(0b10, 2);
      writeResidual(resumeZ);
      floatMode = false;
      acceptInt(resumeN);
    } else {
      write(0b11, 2);
      writeIntLiteral(v);
    }
    setXorPrevious(bits);
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
    return constant ? firstValueBits : bitLength() + pendingBits();
  }

  private int timeBytes() {
    return (int) ((times.bitLength() + times.pendingBits() + 7) >>> 3);
  }

  private int headerSize() {
    int size = 2 + Varint.size(count) + Varint.size(zigzag(firstTime));
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
    off = Varint.put(out, off, zigzag(firstTime));
    if (count >= 2) {
      if (regular) {
        off = Varint.put(out, off, firstDelta);
      } else {
        int timeBytes = timeBytes();
        off = Varint.put(out, off, timeBytes);
        times.copyTo(times.bitLength(), out, off);
        times.flushPending(out, (long) off * 8 + times.bitLength());
        off += timeBytes;
      }
    }
    if (constant) {
      copyTo(firstValueBits, out, off);
    } else {
      copyTo(bitLength(), out, off);
      flushPending(out, (long) off * 8 + bitLength());
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
    if (times != null) { // kept: a series whose timestamps jitter needs it for every chunk
      times.clearBits();
      times.resetStatistics();
    }
    clearBits(); // the value stream; the model restarts with the first value
    if (count > 0) {
      unwrittenConstants = constant && !floatMode ? count - 1 : 0;
    }
    count = 0;
    regular = true;
    constant = true;
    stale = false;
  }
}
