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
 * A stored-fields chunk of log records as {@link RecordColumns}, each column a zstd frame of its
 * own; any other chunk as one zstd frame of its bytes, as {@link ZstdChunks} writes it. FORMAT.md
 * has the layout.
 */
final class ColumnChunks extends CompressionMode {
  static final byte ROWS = 0;
  static final byte COLUMNS = 1;

  @Override
  public Compressor newCompressor() {
    return new ColumnCompressor();
  }

  @Override
  public Decompressor newDecompressor() {
    return new ColumnDecompressor();
  }

  @Override
  public String toString() {
    return "zstd columns";
  }

  private static final class ColumnCompressor extends Compressor {
    private final ZstdCompressor zstd = ZstdCompressor.create();
    private final ZstdChunks.FrameCompressor rows = new ZstdChunks.FrameCompressor();
    private final RecordColumns.Columns columns = new RecordColumns.Columns();
    private byte[] in = new byte[0];
    private byte[] out = new byte[0];

    @Override
    public void compress(ByteBuffersDataInput buffers, DataOutput output) throws IOException {
      int length = Math.toIntExact(buffers.length());
      in = ArrayUtil.growNoCopy(in, length);
      buffers.readBytes(in, 0, length);
      if (!RecordColumns.split(in, length, columns)) {
        output.writeByte(ROWS);
        rows.frame(in, length, output);
        return;
      }
      assert joinsBack(length) : "columns do not restore the chunk";
      output.writeByte(COLUMNS);
      output.writeVLong(columns.header);
      output.writeVInt(columns.records);
      for (int c = 0; c < RecordColumns.COUNT; c++) {
        RecordColumns.Buffer column = columns.columns[c];
        output.writeVInt(column.length);
        if (column.length == 0) {
          continue;
        }
        if (c == RecordColumns.IDS) {
          // Random bytes: zstd would only spend time finding that out.
          output.writeVInt(column.length << 1);
          output.writeBytes(column.bytes, 0, column.length);
          continue;
        }
        out = ArrayUtil.growNoCopy(out, zstd.maxCompressedLength(column.length));
        int n = zstd.compress(column.bytes, 0, column.length, out, 0, out.length);
        if (n < column.length) {
          output.writeVInt(n << 1 | 1);
          output.writeBytes(out, 0, n);
        } else {
          output.writeVInt(column.length << 1);
          output.writeBytes(column.bytes, 0, column.length);
        }
      }
    }

    private boolean joinsBack(int length) {
      byte[] back = new byte[length + RecordColumns.JOIN_SLACK];
      RecordColumns.join(columns, back, length);
      return java.util.Arrays.equals(back, 0, length, in, 0, length);
    }

    @Override
    public void close() {}
  }

  private static final class ColumnDecompressor extends CachingDecompressor {
    private final ZstdChunks.FrameDecompressor rows = new ZstdChunks.FrameDecompressor();
    private final ZstdDecompressor zstd = ZstdDecompressor.create();
    private final RecordColumns.Columns columns = new RecordColumns.Columns();
    private byte[] compressed = new byte[0];

    @Override
    int slack() {
      return RecordColumns.JOIN_SLACK;
    }

    @Override
    void readChunk(DataInput in, int originalLength, byte[] into) throws IOException {
      byte kind = in.readByte();
      if (kind == ROWS) {
        rows.readFrame(in, originalLength, into);
        return;
      }
      if (kind != COLUMNS) {
        throw new CorruptIndexException("unknown stored-fields chunk kind " + kind, in);
      }
      columns.clear();
      columns.header = in.readVLong();
      columns.records = in.readVInt();
      if (columns.records < 1 || columns.records > originalLength) {
        throw new CorruptIndexException(
            columns.records + " records in a chunk of " + originalLength + " bytes", in);
      }
      for (RecordColumns.Buffer column : columns.columns) {
        int raw = in.readVInt();
        // Hex ids make the text column longer than the records it came from, never 3× longer.
        if (raw < 0 || raw > 3L * originalLength) {
          throw new CorruptIndexException(
              "a column of " + raw + " bytes in a chunk of " + originalLength, in);
        }
        column.length = 0;
        if (raw == 0) {
          continue;
        }
        column.ensure(raw);
        int stored = in.readVInt();
        int n = stored >>> 1;
        if ((stored & 1) == 0) {
          if (n != raw) {
            throw new CorruptIndexException("an uncompressed column of the wrong length", in);
          }
          in.readBytes(column.bytes, 0, raw);
        } else {
          if (n >= raw) {
            throw new CorruptIndexException("a compressed column longer than its content", in);
          }
          compressed = ArrayUtil.growNoCopy(compressed, n);
          in.readBytes(compressed, 0, n);
          int got;
          try {
            got = zstd.decompress(compressed, 0, n, column.bytes, 0, raw);
          } catch (MalformedInputException
              | IllegalArgumentException
              | IndexOutOfBoundsException e) {
            // aircompressor reports some damaged frames by running off an array.
            throw new CorruptIndexException("zstd column unreadable: " + e.getMessage(), in, e);
          }
          if (got != raw) {
            throw new CorruptIndexException(
                "zstd column holds " + got + " bytes, the chunk says " + raw, in);
          }
        }
        column.length = raw;
      }
      try {
        RecordColumns.join(columns, into, originalLength);
      } catch (RecordColumns.Malformed e) {
        throw new CorruptIndexException("stored-fields columns unreadable: " + e.getMessage(), in);
      }
    }

    @Override
    public Decompressor clone() {
      return new ColumnDecompressor();
    }
  }
}
