package dev.vigil.logindex.codec;

import io.airlift.compress.v3.MalformedInputException;
import io.airlift.compress.v3.zstd.ZstdCompressor;
import io.airlift.compress.v3.zstd.ZstdDecompressor;
import java.io.IOException;
import org.apache.lucene.codecs.compressing.CompressionMode;
import org.apache.lucene.codecs.compressing.Compressor;
import org.apache.lucene.codecs.compressing.Decompressor;
import org.apache.lucene.index.CorruptIndexException;
import org.apache.lucene.store.ByteBuffersDataInput;
import org.apache.lucene.store.DataInput;
import org.apache.lucene.store.DataOutput;
import org.apache.lucene.util.ArrayUtil;

/**
 * A stored-fields chunk as one zstd frame, {@code vint compressed length, frame}: the stored fields
 * of {@code VigilLog1} ({@link LogCodecVersion1}), and the fallback of {@link ColumnChunks} for
 * chunks that are not all log records.
 */
final class ZstdChunks extends CompressionMode {
  @Override
  public Compressor newCompressor() {
    return new FrameCompressor();
  }

  /** One zstd frame of the chunk: {@code vint compressed length, frame}. */
  static final class FrameCompressor extends Compressor {
    private final ZstdCompressor zstd = ZstdCompressor.create();
    private byte[] in = new byte[0];
    private byte[] out = new byte[0];

    @Override
    public void compress(ByteBuffersDataInput buffers, DataOutput output) throws IOException {
      int length = Math.toIntExact(buffers.length());
      in = ArrayUtil.growNoCopy(in, length);
      buffers.readBytes(in, 0, length);
      frame(in, length, output);
    }

    void frame(byte[] bytes, int length, DataOutput output) throws IOException {
      out = ArrayUtil.growNoCopy(out, zstd.maxCompressedLength(length));
      int n = zstd.compress(bytes, 0, length, out, 0, out.length);
      output.writeVInt(n);
      output.writeBytes(out, 0, n);
    }

    @Override
    public void close() {}
  }

  @Override
  public Decompressor newDecompressor() {
    return new FrameDecompressor();
  }

  @Override
  public String toString() {
    return "zstd";
  }

  /** One zstd frame: {@code vint compressed length, frame}. */
  static final class FrameDecompressor extends CachingDecompressor {
    private final ZstdDecompressor zstd = ZstdDecompressor.create();
    private byte[] compressed = new byte[0];

    @Override
    void readChunk(DataInput in, int originalLength, byte[] into) throws IOException {
      readFrame(in, originalLength, into);
    }

    void readFrame(DataInput in, int originalLength, byte[] into) throws IOException {
      int n = in.readVInt();
      // zstd's bound: a frame is never much longer than what it holds.
      if (n < 0 || n > originalLength + (originalLength >>> 7) + 1024) {
        throw new CorruptIndexException(
            "a zstd frame of " + n + " bytes for a chunk of " + originalLength, in);
      }
      compressed = ArrayUtil.growNoCopy(compressed, n);
      in.readBytes(compressed, 0, n);
      int got;
      try {
        got = zstd.decompress(compressed, 0, n, into, 0, originalLength);
      } catch (MalformedInputException | IllegalArgumentException | IndexOutOfBoundsException e) {
        // aircompressor reports some damaged frames by running off an array.
        throw new CorruptIndexException("zstd chunk unreadable: " + e.getMessage(), in, e);
      }
      if (got != originalLength) {
        throw new CorruptIndexException(
            "zstd chunk holds " + got + " bytes, the index says " + originalLength, in);
      }
    }

    @Override
    public Decompressor clone() {
      return new FrameDecompressor();
    }
  }
}
