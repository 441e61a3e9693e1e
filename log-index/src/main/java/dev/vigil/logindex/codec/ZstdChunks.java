package dev.vigil.logindex.codec;

import io.airlift.compress.MalformedInputException;
import io.airlift.compress.zstd.ZstdCompressor;
import io.airlift.compress.zstd.ZstdDecompressor;
import java.io.IOException;
import org.apache.lucene.codecs.compressing.CompressionMode;
import org.apache.lucene.codecs.compressing.Compressor;
import org.apache.lucene.codecs.compressing.Decompressor;
import org.apache.lucene.index.CorruptIndexException;
import org.apache.lucene.store.ByteBuffersDataInput;
import org.apache.lucene.store.DataInput;
import org.apache.lucene.store.DataOutput;
import org.apache.lucene.store.IndexInput;
import org.apache.lucene.util.ArrayUtil;
import org.apache.lucene.util.BytesRef;

/**
 * A stored-fields chunk as one zstd frame: {@code vint compressed length, frame}.
 *
 * <p>Lucene's reader asks for one document at a time and decompresses its chunk again for each,
 * even when the next document is in the same chunk. A query that verifies many lines (a line filter
 * over a metric query) reads documents in order, often several per chunk; so the decompressor keeps
 * the last chunk it decompressed, keyed by its position in the file, and serves the next document
 * of that chunk from memory. It leaves the file where decompressing would have, so the reader
 * cannot tell the difference (it reads on from there for over-large documents).
 */
final class ZstdChunks extends CompressionMode {
  @Override
  public Compressor newCompressor() {
    return new Compressor() {
      private final ZstdCompressor zstd = new ZstdCompressor();
      private byte[] in = new byte[0];
      private byte[] out = new byte[0];

      @Override
      public void compress(ByteBuffersDataInput buffers, DataOutput output) throws IOException {
        int length = Math.toIntExact(buffers.length());
        in = ArrayUtil.growNoCopy(in, length);
        buffers.readBytes(in, 0, length);
        out = ArrayUtil.growNoCopy(out, zstd.maxCompressedLength(length));
        int n = zstd.compress(in, 0, length, out, 0, out.length);
        output.writeVInt(n);
        output.writeBytes(out, 0, n);
      }

      @Override
      public void close() {}
    };
  }

  @Override
  public Decompressor newDecompressor() {
    return new CachingDecompressor();
  }

  @Override
  public String toString() {
    return "zstd";
  }

  /** Not thread-safe: Lucene clones a decompressor per stored-fields reader. */
  private static final class CachingDecompressor extends Decompressor {
    private final ZstdDecompressor zstd = new ZstdDecompressor();
    private byte[] compressed = new byte[0];
    private byte[] chunk = new byte[0];
    private DataInput cachedInput;
    private long cachedStart = -1;
    private long cachedEnd;
    private int cachedLength = -1;

    @Override
    public void decompress(DataInput in, int originalLength, int offset, int length, BytesRef bytes)
        throws IOException {
      IndexInput file = in instanceof IndexInput i ? i : null;
      long start = file == null ? -1 : file.getFilePointer();
      if (file != null
          && file == cachedInput
          && start == cachedStart
          && originalLength == cachedLength) {
        file.seek(cachedEnd);
      } else {
        int n = in.readVInt();
        if (n < 0) {
          throw new CorruptIndexException("negative zstd frame length " + n, in);
        }
        compressed = ArrayUtil.growNoCopy(compressed, n);
        in.readBytes(compressed, 0, n);
        // Reused: Lucene's reader copies a document's fields out before it asks for the next one.
        chunk = ArrayUtil.growNoCopy(chunk, originalLength);
        int got;
        try {
          got = zstd.decompress(compressed, 0, n, chunk, 0, originalLength);
        } catch (MalformedInputException | IllegalArgumentException e) {
          cachedInput = null;
          throw new CorruptIndexException("zstd chunk unreadable: " + e.getMessage(), in, e);
        }
        if (got != originalLength) {
          cachedInput = null;
          throw new CorruptIndexException(
              "zstd chunk holds " + got + " bytes, the index says " + originalLength, in);
        }
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

    @Override
    public Decompressor clone() {
      return new CachingDecompressor();
    }
  }
}
