package dev.vigil.tracestore.codec;

import io.airlift.compress.v3.zstd.ZstdCompressor;
import io.airlift.compress.v3.zstd.ZstdDecompressor;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/** Block compression. The code is the byte written in a segment header; never reorder. */
public enum Compression {
  NONE {
    @Override
    public byte[] compress(byte[] raw) {
      return raw;
    }

    @Override
    public byte[] decompress(byte[] compressed, int rawLength) {
      check(compressed.length, rawLength);
      return compressed;
    }
  },
  DEFLATE {
    @Override
    public byte[] compress(byte[] raw) {
      Deflater d = new Deflater(6, true);
      try {
        d.setInput(raw);
        d.finish();
        byte[] out = new byte[raw.length + raw.length / 100 + 64];
        int n = 0;
        while (!d.finished()) {
          if (n == out.length) {
            out = Arrays.copyOf(out, out.length * 2);
          }
          n += d.deflate(out, n, out.length - n);
        }
        return Arrays.copyOf(out, n);
      } finally {
        d.end();
      }
    }

    @Override
    public byte[] decompress(byte[] compressed, int rawLength) {
      Inflater inf = new Inflater(true);
      try {
        inf.setInput(compressed);
        byte[] out = new byte[rawLength];
        int n = 0;
        while (n < rawLength && !inf.finished()) {
          int got = inf.inflate(out, n, rawLength - n);
          if (got == 0 && (inf.needsInput() || inf.needsDictionary())) {
            break;
          }
          n += got;
        }
        check(n, rawLength);
        return out;
      } catch (DataFormatException e) {
        throw new MalformedDataException("deflate: " + e.getMessage());
      } finally {
        inf.end();
      }
    }
  },
  ZSTD {
    @Override
    public byte[] compress(byte[] raw) {
      ZstdCompressor c = ZstdCompressor.create();
      byte[] out = new byte[c.maxCompressedLength(raw.length)];
      int n = c.compress(raw, 0, raw.length, out, 0, out.length);
      return Arrays.copyOf(out, n);
    }

    @Override
    public byte[] decompress(byte[] compressed, int rawLength) {
      byte[] out = new byte[rawLength];
      int n;
      try {
        n =
            ZstdDecompressor.create()
                .decompress(compressed, 0, compressed.length, out, 0, rawLength);
      } catch (RuntimeException e) {
        // aircompressor signals bad input with unchecked exceptions of its own.
        throw new MalformedDataException("zstd: " + e.getMessage());
      }
      check(n, rawLength);
      return out;
    }
  };

  public abstract byte[] compress(byte[] raw);

  public abstract byte[] decompress(byte[] compressed, int rawLength);

  private static void check(int got, int expected) {
    if (got != expected) {
      throw new MalformedDataException(
          "decompressed " + got + " bytes, block index says " + expected);
    }
  }

  public static Compression forCode(int code) {
    if (code < 0 || code >= values().length) {
      throw new MalformedDataException("unknown compression " + code);
    }
    return values()[code];
  }
}
