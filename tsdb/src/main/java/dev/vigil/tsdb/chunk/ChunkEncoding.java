package dev.vigil.tsdb.chunk;

/**
 * The chunk encodings Vigil can write and read, each with the id stored in a chunk's first byte. An
 * encoding's layout never changes once released; a better layout is a new constant, and readers
 * keep decoding the old ones.
 */
public enum ChunkEncoding {
  /**
   * Version 1 (see {@code tsdb/FORMAT.md}): timestamps as deviations from a per-chunk interval (no
   * bits at all when every sample is on that interval), values as exact decimal integers with
   * adaptive prediction and adaptive Rice codes, falling back per sample to XOR of the float bits.
   */
  ADAPTIVE((byte) 1);

  private final byte id;

  ChunkEncoding(byte id) {
    this.id = id;
  }

  public byte id() {
    return id;
  }

  public ChunkAppender newAppender() {
    return new AdaptiveAppender();
  }

  /** An iterator over the chunk in {@code chunk[offset, offset + length)}. */
  public SampleIterator iterator(byte[] chunk, int offset, int length) {
    AdaptiveIterator it = new AdaptiveIterator();
    it.reset(chunk, offset, length);
    return it;
  }

  /**
   * The encoding of the chunk starting at {@code chunk[offset]}.
   *
   * @throws CorruptChunkException if the id is unknown
   */
  public static ChunkEncoding of(byte[] chunk, int offset) {
    if (offset >= chunk.length) {
      throw new CorruptChunkException("empty chunk: no encoding byte");
    }
    byte b = chunk[offset];
    for (ChunkEncoding e : values()) {
      if (e.id == b) {
        return e;
      }
    }
    throw new CorruptChunkException("unknown chunk encoding id " + (b & 0xff));
  }
}
