package dev.vigil.tsdb.block;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * A block file mapped read-only, in windows of 1 GiB ({@code MappedByteBuffer} addresses at most 2
 * GiB). Reads are bounds-checked against the file and report overruns as corruption of this file,
 * so a damaged offset never turns into a crash or a wrong answer. The project compiles for Java 21,
 * where {@code MemorySegment} mapping is still a preview; so the mapping is released by the garbage
 * collector after {@link #close} drops it, and reads after close throw {@link
 * IllegalStateException}.
 */
final class MappedFile implements AutoCloseable {
  static final int HEADER_SIZE = 8;
  static final int FOOTER_SIZE = 4;
  private static final int WINDOW_BITS = 30;
  private static final long WINDOW_MASK = (1L << WINDOW_BITS) - 1;

  private final Path path;
  private final long size;
  private volatile ByteBuffer[] windows;

  private MappedFile(Path path, long size, ByteBuffer[] windows) {
    this.path = path;
    this.size = size;
    this.windows = windows;
  }

  /** Maps {@code path} and checks its magic, version and minimum length (not the checksum). */
  static MappedFile open(Path path, int magic, byte version) throws IOException {
    try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
      long size = ch.size();
      ByteBuffer[] windows = new ByteBuffer[(int) ((size + WINDOW_MASK) >>> WINDOW_BITS)];
      for (int i = 0; i < windows.length; i++) {
        long off = (long) i << WINDOW_BITS;
        windows[i] =
            ch.map(FileChannel.MapMode.READ_ONLY, off, Math.min(1L << WINDOW_BITS, size - off));
      }
      MappedFile f = new MappedFile(path, size, windows);
      if (size < HEADER_SIZE + FOOTER_SIZE) {
        throw f.corrupt("only " + size + " bytes, shorter than header and footer");
      }
      int m = f.rawU32(0);
      if (m != magic) {
        throw f.corrupt(String.format("bad magic 0x%08x (expected 0x%08x)", m, magic));
      }
      int v = f.rawByte(4);
      if (v != version) {
        throw f.corrupt(
            "format version " + v + " is not supported (this Vigil reads " + version + ")");
      }
      return f;
    }
  }

  private ByteBuffer[] windows() {
    ByteBuffer[] w = windows;
    if (w == null) {
      throw new IllegalStateException(path + " was read after its block was closed");
    }
    return w;
  }

  private int rawByte(long off) {
    return windows()[(int) (off >>> WINDOW_BITS)].get((int) (off & WINDOW_MASK)) & 0xFF;
  }

  private int rawU32(long off) {
    return (rawByte(off) << 24)
        | (rawByte(off + 1) << 16)
        | (rawByte(off + 2) << 8)
        | rawByte(off + 3);
  }

  Path path() {
    return path;
  }

  long size() {
    return size;
  }

  /** Verifies the footer: the CRC32C of every byte before the last four. */
  void verifyChecksum() {
    long end = size() - FOOTER_SIZE;
    CRC32C crc = new CRC32C();
    update(crc, 0, end);
    int stored = rawU32(end);
    if ((int) crc.getValue() != stored) {
      throw corrupt(
          String.format(
              "checksum mismatch (stored 0x%08x, computed 0x%08x)", stored, (int) crc.getValue()));
    }
  }

  int crc(long off, int len) {
    check(off, len);
    CRC32C crc = new CRC32C();
    update(crc, off, len);
    return (int) crc.getValue();
  }

  private void update(CRC32C crc, long off, long len) {
    ByteBuffer[] w = windows();
    while (len > 0) {
      int i = (int) (off >>> WINDOW_BITS);
      int at = (int) (off & WINDOW_MASK);
      int n = (int) Math.min(len, w[i].capacity() - at);
      crc.update(w[i].slice(at, n));
      off += n;
      len -= n;
    }
  }

  int u8(long off) {
    check(off, 1);
    return rawByte(off);
  }

  int u32(long off) {
    check(off, 4);
    return rawU32(off);
  }

  long u64(long off) {
    check(off, 8);
    return ((long) rawU32(off) << 32) | (rawU32(off + 4) & 0xFFFF_FFFFL);
  }

  void copy(long off, byte[] dst, int len) {
    check(off, len);
    ByteBuffer[] w = windows();
    int done = 0;
    while (done < len) {
      int i = (int) ((off + done) >>> WINDOW_BITS);
      int at = (int) ((off + done) & WINDOW_MASK);
      int n = Math.min(len - done, w[i].capacity() - at);
      w[i].get(at, dst, done, n);
      done += n;
    }
  }

  String string(long off, int len) {
    byte[] b = new byte[len];
    copy(off, b, len);
    return new String(b, StandardCharsets.UTF_8);
  }

  private void check(long off, long len) {
    if (off < 0 || len < 0 || off + len > size() - FOOTER_SIZE) {
      throw corrupt(
          "a read of " + len + " bytes at " + off + " runs past the data (" + size() + " bytes)");
    }
  }

  CorruptBlockException corrupt(String reason) {
    return new CorruptBlockException(path, reason);
  }

  @Override
  public void close() {
    windows = null;
  }

  /** A cursor decoding varints and strings sequentially from the file. */
  final class Cursor {
    long pos;

    Cursor(long pos) {
      this.pos = pos;
    }

    int u8() {
      return MappedFile.this.u8(pos++);
    }

    int u32() {
      int v = MappedFile.this.u32(pos);
      pos += 4;
      return v;
    }

    long uvarint() {
      long v = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        int b = u8();
        v |= (long) (b & 0x7F) << shift;
        if ((b & 0x80) == 0) {
          return v;
        }
      }
      throw corrupt("overlong varint before byte " + pos);
    }

    /** A uvarint that must fit a non-negative int (a count or a length). */
    int count(String what) {
      long v = uvarint();
      if (v < 0 || v > Integer.MAX_VALUE) {
        throw corrupt(what + " " + v + " out of range before byte " + pos);
      }
      return (int) v;
    }

    String string() {
      int len = count("string length");
      String s = MappedFile.this.string(pos, len);
      pos += len;
      return s;
    }
  }

  Cursor cursor(long pos) {
    return new Cursor(pos);
  }
}
