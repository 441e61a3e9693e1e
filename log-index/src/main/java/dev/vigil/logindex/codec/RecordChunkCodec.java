package dev.vigil.logindex.codec;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.lucene.codecs.compressing.Compressor;
import org.apache.lucene.store.ByteBuffersDataInput;
import org.apache.lucene.store.DataInput;
import org.apache.lucene.store.DataOutput;

/**
 * The chunk compression of {@code VigilLog2}'s stored fields ({@link ColumnChunks}: records split
 * into columns, each a zstd frame) for chunks that are not Lucene's: the record file of a partition
 * of document format 4 ({@code store.RecordLog}) frames its chunks itself and hands over the same
 * serialized bytes Lucene would, per record {@code vlong header, vint length, bytes}. One instance
 * per thread: it keeps its buffers from chunk to chunk.
 */
public final class RecordChunkCodec {
  private final Compressor compressor = new ColumnChunks().newCompressor();
  private final CachingDecompressor decompressor =
      (CachingDecompressor) new ColumnChunks().newDecompressor();

  /** Bytes {@link #decompress} may write past the chunk's end: arrays must have this much more. */
  public static int slack() {
    return RecordColumns.JOIN_SLACK;
  }

  /** Writes the first {@code length} bytes of {@code chunk}, compressed, to {@code out}. */
  public void compress(byte[] chunk, int length, DataOutput out) throws IOException {
    compressor.compress(new ByteBuffersDataInput(List.of(ByteBuffer.wrap(chunk, 0, length))), out);
  }

  /**
   * Reads one compressed chunk from {@code in} into {@code into}, which holds at least {@code
   * originalLength + slack()} bytes; a damaged chunk is an {@code CorruptIndexException}.
   */
  public void decompress(DataInput in, int originalLength, byte[] into) throws IOException {
    decompressor.readChunk(in, originalLength, into);
  }
}
