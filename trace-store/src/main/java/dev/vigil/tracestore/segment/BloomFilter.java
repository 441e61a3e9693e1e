package dev.vigil.tracestore.segment;

import dev.vigil.model.TraceId;

/**
 * A Bloom filter over trace ids with double hashing. Trace ids are random already, but some SDKs
 * fill only the low half, so both halves go through a 64-bit finalizer before use.
 */
final class BloomFilter {
  static final int BITS_PER_KEY = 10;
  static final int HASHES = 7; // ~0.8% false positives at 10 bits per key

  private final long[] words;
  private final int hashes;
  private final long bitCount;

  BloomFilter(long[] words, int hashes) {
    if (words.length == 0 || hashes < 1) {
      throw new IllegalArgumentException("empty Bloom filter");
    }
    this.words = words;
    this.hashes = hashes;
    this.bitCount = (long) words.length * 64;
  }

  static BloomFilter forKeys(int keys) {
    long bits = Math.max(64, (long) keys * BITS_PER_KEY);
    return new BloomFilter(new long[(int) ((bits + 63) / 64)], HASHES);
  }

  long[] words() {
    return words;
  }

  int hashes() {
    return hashes;
  }

  void add(TraceId id) {
    long h1 = mix(id.high() ^ mix(id.low()));
    long h2 = mix(id.low() + 0x9E3779B97F4A7C15L) | 1;
    for (int i = 0; i < hashes; i++) {
      long bit = Long.remainderUnsigned(h1 + i * h2, bitCount);
      words[(int) (bit >>> 6)] |= 1L << bit;
    }
  }

  boolean mightContain(TraceId id) {
    long h1 = mix(id.high() ^ mix(id.low()));
    long h2 = mix(id.low() + 0x9E3779B97F4A7C15L) | 1;
    for (int i = 0; i < hashes; i++) {
      long bit = Long.remainderUnsigned(h1 + i * h2, bitCount);
      if ((words[(int) (bit >>> 6)] & (1L << bit)) == 0) {
        return false;
      }
    }
    return true;
  }

  /** The murmur3 64-bit finalizer. */
  private static long mix(long z) {
    z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
    z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
    return z ^ (z >>> 33);
  }
}
