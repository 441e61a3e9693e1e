package dev.vigil.logindex.codec;

import java.io.IOException;
import org.apache.lucene.codecs.compressing.Decompressor;
import org.apache.lucene.index.CorruptIndexException;
import org.apache.lucene.store.DataInput;
import org.apache.lucene.store.IndexInput;
import org.apache.lucene.util.ArrayUtil;
import org.apache.lucene.util.BytesRef;

/**
 * A decompressor that keeps the last chunk it decompressed.
 *
 * <p>Lucene's reader asks for one document at a time and decompresses its chunk again for each,
 * even when the next document is in the same chunk. A query that verifies many lines (a line filter
 * over a metric query) reads documents in order, often several per chunk; so the last chunk stays,
 * keyed by its position in the file, and serves the next document of that chunk from memory. The
 * file is left where decompressing would have left it, so the reader cannot tell the difference (it
 * reads on from there for over-large documents). Not thread-safe: Lucene clones a decompressor per
 * stored-fields reader.
 */
abstract class CachingDecompressor extends Decompressor {
  private byte[] chunk = new byte[0];
  private DataInput cachedInput;
  private long cachedStart = -1;
  private long cachedEnd;
  private int cachedLength = -1;

  /**
   * Reads one compressed chunk from {@code in} and decompresses all {@code originalLength} bytes of
   * it into {@code into}, which is at least {@code originalLength + slack()} long.
   */
  abstract void readChunk(DataInput in, int originalLength, byte[] into) throws IOException;

  /** Bytes {@link #readChunk} may write past the chunk's end. */
  int slack() {
    return 0;
  }

  @Override
  public final void decompress(
      DataInput in, int originalLength, int offset, int length, BytesRef bytes) throws IOException {
    IndexInput file = in instanceof IndexInput i ? i : null;
    long start = file == null ? -1 : file.getFilePointer();
    if (file != null
        && file == cachedInput
        && start == cachedStart
        && originalLength == cachedLength) {
      file.seek(cachedEnd);
    } else {
      cachedInput = null;
      // Reused: Lucene's reader copies a document's fields out before it asks for the next one.
      chunk = ArrayUtil.growNoCopy(chunk, originalLength + slack());
      readChunk(in, originalLength, chunk);
      cachedInput = file;
      cachedStart = start;
      cachedEnd = file == null ? -1 : file.getFilePointer();
      cachedLength = originalLength;
    }
    if (offset < 0 || length < 0 || offset + length > originalLength) {
      throw new CorruptIndexException(
          "document at " + offset + "+" + length + " outside a chunk of " + originalLength, in);
    }
    bytes.bytes = chunk;
    bytes.offset = offset;
    bytes.length = length;
  }
}
