package dev.vigil.tsdb.chunk;

/**
 * Adaptive Golomb-Rice code for unsigned (zig-zagged) residuals, with a run mode for zeros and
 * escapes. Encoder and decoder keep the same statistics, so no parameter is ever stored.
 *
 * <p>Why Rice and not Gorilla's fixed buckets: a residual of a few units costs {@code k+1..k+3}
 * bits with {@code k} tracking the recent mean magnitude, so 0-3 ms jitter costs about 3 bits
 * instead of the 16 of a 14-bit bucket, and value residuals of any size cost within a bit or so of
 * their magnitude.
 *
 * <p>Why a run mode (after JPEG-LS): when a quarter or more of recent residuals were 0 (a gauge
 * that moves now and then, an idle counter), plain Rice would fit k to the mix and spend k+1 bits
 * on every zero. In run mode a {@code 1} stands for a whole block of {@code 2^j} zeros, with j
 * growing while runs continue, and a {@code 0} plus j bits ends a shorter run, followed by the code
 * of the non-zero residual minus one with k fitted to the non-zero residuals alone. A run is
 * written when it ends or fills a block; {@link #pendingBits()} and {@link #flushPending} end it
 * early in a snapshot. The exact code words are in FORMAT.md.
 *
 * <p>A writer's coder is also the stream it writes to (it extends {@link BitWriter}; a decoder's
 * never allocates one), and {@link ValueModel} extends it in turn: the value stream, its coder and
 * its model are one object with the appender. Not final for that reason alone.
 */
class ResidualCoder extends BitWriter {
  static final int UNARY_LIMIT = 12;
  static final int TAG_BITS = 7;
  static final int MAX_LITERAL_TAG = 64;
  static final int TAG_RESCALE = 100;
  static final int TAG_FLOAT = 101;

  private static final int WINDOW = 16; // halve the statistics this often: adapt within ~16 samples
  private static final long CLAMP = 1L << 56; // keeps sum * WINDOW far from overflow
  private static final int MAX_RUN_INDEX = 12;

  // Every series keeps one coder per stream while its chunk is open, so the fields are as narrow as
  // their ranges allow: counts stay below WINDOW, j at most MAX_RUN_INDEX, a run below 2^j zeros.
  private long sum;
  private long nonZeroSum; // the non-zero residuals on their own, in their own window, so that
  private byte nonZeroCount; // k stays fitted to them however long the runs of zeros between are
  private byte count;
  private byte zeros; // how many of the count residuals were 0
  private byte j; // run index: a full run block is 2^j zeros
  private byte lastTag = -1; // -1 or an escape tag, both within a byte
  private boolean interrupted; // decoder: a non-zero residual follows those zeros

  /**
   * Encoder: zeros of the current run not yet written. Decoder: zeros still to return from the run
   * code last read. A coder only ever does one of the two.
   */
  private int run;

  /** Longs {@link #saveStatistics} writes. */
  static final int STATE_LONGS = 4;

  /** A decoder's coder: no stream of its own. */
  ResidualCoder() {
    this(0);
  }

  /** A writer's coder, writing to its own stream that starts at {@code initialCapacity} bytes. */
  ResidualCoder(int initialCapacity) {
    super(initialCapacity);
  }

  /** Forgets the statistics (not the bits written). */
  final void resetStatistics() {
    sum = 0;
    count = 0;
    zeros = 0;
    nonZeroSum = 0;
    nonZeroCount = 0;
    j = 0;
    run = 0;
    interrupted = false;
  }

  /** Writes every field to {@code state} at {@code at}, for {@link #restoreStatistics}. */
  final void saveStatistics(long[] state, int at) {
    state[at] = sum;
    state[at + 1] = nonZeroSum;
    state[at + 2] =
        (count & 0xffL)
            | (zeros & 0xffL) << 8
            | (nonZeroCount & 0xffL) << 16
            | (j & 0xffL) << 24
            | (lastTag & 0xffL) << 32
            | (interrupted ? 1L : 0L) << 40;
    state[at + 3] = run;
  }

  /** Continues from the state {@link #saveStatistics} wrote at {@code at}. */
  final void restoreStatistics(long[] state, int at) {
    sum = state[at];
    nonZeroSum = state[at + 1];
    long p = state[at + 2];
    count = (byte) p;
    zeros = (byte) (p >>> 8);
    nonZeroCount = (byte) (p >>> 16);
    j = (byte) (p >>> 24);
    lastTag = (byte) (p >>> 32);
    interrupted = ((p >>> 40) & 1) != 0;
    run = (int) state[at + 3];
  }

  /**
   * Decoder: whether the last run code read was a short run ({@code 0} and its length) whose
   * non-zero residual has not been read yet. In a snapshot of a chunk still being appended to, that
   * code may be {@link #flushPending}'s stand-in for a run the encoder has not ended, which a later
   * snapshot writes differently; every other code read is final.
   */
  final boolean inShortRun() {
    return interrupted;
  }

  private boolean runMode() {
    return count > 0 && zeros * 4 >= count;
  }

  /**
   * The Rice parameter: the bit length of half the mean residual (non-zero residuals only in run
   * mode). On the node and mixed workloads this is 2-3 % smaller than JPEG-LS's {@code
   * ceil(log2(mean))}: zig-zagged metric residuals are closer to two-sided Laplace than geometric.
   */
  private int k() {
    if (runMode() && nonZeroCount > 0) {
      return quotientBitLength(nonZeroSum, 2L * nonZeroCount);
    }
    return count == 0 ? 0 : quotientBitLength(sum, 2L * count);
  }

  /**
   * The bit length of {@code a / b}, for {@code b > 0}, without a 64-bit division: every residual
   * read and written asks for k, and the division was the costliest instruction of decoding. The
   * quotient of an {@code la}-bit by an {@code lb}-bit number has {@code la - lb} or {@code la - lb
   * + 1} bits, the latter exactly when {@code a >= b << (la - lb)}.
   */
  static int quotientBitLength(long a, long b) {
    if (a < b) {
      return a < 0 ? 64 - Long.numberOfLeadingZeros(a / b) : 0;
    }
    int d = Long.numberOfLeadingZeros(b) - Long.numberOfLeadingZeros(a);
    return a >= (b << d) ? d + 1 : d;
  }

  private void observe(long z) {
    long clamped = (z < 0 || z > CLAMP) ? CLAMP : z;
    sum += clamped;
    if (z == 0) {
      zeros++;
    } else {
      nonZeroSum += clamped;
      if (++nonZeroCount == WINDOW) {
        nonZeroSum >>>= 1;
        nonZeroCount >>>= 1;
      }
    }
    if (++count == WINDOW) {
      sum >>>= 1;
      count >>>= 1;
      zeros >>>= 1;
    }
  }

  static int literalBits(long z) {
    return TAG_BITS + (64 - Long.numberOfLeadingZeros(z));
  }

  private int riceLength(long y) {
    int k = k();
    long q = y >>> k;
    return q >= 0 && q < UNARY_LIMIT ? (int) q + 1 + k : UNARY_LIMIT + literalBits(y);
  }

  /** About the bits {@link #writeResidual} will spend on {@code z}, for the encoder's choices. */
  final int length(long z) {
    if (count == 0) {
      return literalBits(z);
    }
    if (run > 0 || runMode()) {
      return z == 0 ? (j == 0 ? 1 : 0) : 1 + j + riceLength(z - 1);
    }
    return riceLength(z);
  }

  /** Bits {@link #writeEscape} uses in the current state. */
  final int escapeLength() {
    if (count == 0) {
      return TAG_BITS;
    }
    return (run > 0 || runMode() ? 1 + j : 0) + UNARY_LIMIT + TAG_BITS;
  }

  /** Writes the code of residual {@code z} to this coder's stream. */
  final void writeResidual(long z) {
    if (count == 0) {
      writeLiteral(this, z);
    } else if (run > 0 || runMode()) {
      if (z == 0) {
        if (++run == 1L << j) {
          write(1, 1);
          run = 0;
          j = (byte) Math.min(j + 1, MAX_RUN_INDEX);
        }
      } else {
        endRun();
        writeRice(z - 1);
      }
    } else {
      writeRice(z);
    }
    observe(z);
  }

  private void endRun() {
    write(0, 1);
    write(run, j);
    run = 0;
    j = (byte) Math.max(j - 1, 0);
  }

  private void writeRice(long y) {
    int k = k();
    long q = y >>> k;
    if (q >= 0 && q < UNARY_LIMIT) { // q < 0: y >= 2^63 with k = 0
      write(((1L << q) - 1) << 1, (int) q + 1);
      write(y, k);
    } else {
      write((1L << UNARY_LIMIT) - 1, UNARY_LIMIT);
      writeLiteral(this, y);
    }
  }

  /** A 7-bit length then that many bits; also used outside the adaptive code (first values). */
  static void writeLiteral(BitWriter w, long z) {
    int len = 64 - Long.numberOfLeadingZeros(z);
    w.write(len, TAG_BITS);
    w.write(z, len);
  }

  /** Writes escape {@code tag} to this coder's stream. */
  final void writeEscape(int tag) {
    if (count != 0) {
      if (run > 0 || runMode()) {
        endRun();
      }
      write((1L << UNARY_LIMIT) - 1, UNARY_LIMIT);
    }
    write(tag, TAG_BITS);
  }

  /** Bits that would end the pending run in a snapshot: {@code 0} and j bits of its length. */
  final int pendingBits() {
    return run > 0 ? 1 + j : 0;
  }

  /** Writes the end of the pending run into a snapshot copy, leaving this coder unchanged. */
  final void flushPending(byte[] dst, long bitOffset) {
    if (run > 0) {
      putBits(dst, bitOffset, run, 1 + j); // the leading 0 is the top bit of the run's length
    }
  }

  private static void putBits(byte[] dst, long bitOffset, long value, int n) {
    for (int i = n - 1; i >= 0; i--, bitOffset++) {
      if (((value >>> i) & 1) != 0) {
        dst[(int) (bitOffset >>> 3)] |= (byte) (0x80 >>> (bitOffset & 7));
      }
    }
  }

  /**
   * Reads a residual. If an escape was read instead, returns 0 and {@link #lastTag()} names it;
   * otherwise {@link #lastTag()} is -1.
   */
  final long read(BitReader r) {
    lastTag = -1;
    long z;
    if (run > 0) {
      run--;
      z = 0;
    } else if (interrupted) {
      interrupted = false;
      z = readRice(r) + 1;
    } else if (count == 0) {
      z = readLiteral(r);
    } else if (runMode()) {
      if (r.readBit()) {
        run = (1 << j) - 1;
        j = (byte) Math.min(j + 1, MAX_RUN_INDEX);
        z = 0;
      } else {
        long c = r.read(j);
        j = (byte) Math.max(j - 1, 0);
        if (c > 0) {
          run = (int) c - 1;
          interrupted = true;
          z = 0;
        } else {
          z = readRice(r) + 1;
        }
      }
    } else {
      z = readRice(r);
    }
    if (lastTag >= 0) {
      return 0;
    }
    observe(z);
    return z;
  }

  private long readRice(BitReader r) {
    int k = k();
    int q = r.readUnary(UNARY_LIMIT);
    return q < UNARY_LIMIT ? ((long) q << k) | r.read(k) : readLiteral(r);
  }

  /** Reads a literal that must not be an escape. */
  static long readPlainLiteral(BitReader r) {
    int tag = (int) r.read(TAG_BITS);
    if (tag > MAX_LITERAL_TAG) {
      throw new CorruptChunkException("literal length " + tag + " exceeds 64 bits");
    }
    return r.read(tag);
  }

  private long readLiteral(BitReader r) {
    int tag = (int) r.read(TAG_BITS);
    if (tag <= MAX_LITERAL_TAG) {
      return r.read(tag);
    }
    if (tag != TAG_RESCALE && tag != TAG_FLOAT) {
      throw new CorruptChunkException("unknown escape tag " + tag);
    }
    lastTag = (byte) tag;
    return 0;
  }

  final int lastTag() {
    return lastTag;
  }

  static long zigzag(long v) {
    return (v << 1) ^ (v >> 63);
  }

  static long unzigzag(long z) {
    return (z >>> 1) ^ -(z & 1);
  }
}
