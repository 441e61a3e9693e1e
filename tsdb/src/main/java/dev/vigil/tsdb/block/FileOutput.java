package dev.vigil.tsdb.block;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * A buffered, append-only block file that knows its position and the CRC32C of everything written,
 * so the footer checksum costs no second pass. {@link #finish} writes the footer and syncs.
 */
final class FileOutput implements AutoCloseable {
  private final Path path;
  private final FileChannel channel;
  private final ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
  private final CRC32C crc = new CRC32C();
  private long position;

  FileOutput(Path path) throws IOException {
    this.path = path;
    this.channel = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
  }

  Path path() {
    return path;
  }

  long position() {
    return position;
  }

  void header(int magic, byte version) throws IOException {
    u32(magic);
    u8(version);
    u8(0);
    u8(0);
    u8(0);
  }

  void u8(int b) throws IOException {
    if (!buffer.hasRemaining()) {
      drain();
    }
    buffer.put((byte) b);
    position++;
  }

  void u32(int v) throws IOException {
    u8(v >>> 24);
    u8(v >>> 16);
    u8(v >>> 8);
    u8(v);
  }

  void u64(long v) throws IOException {
    u32((int) (v >>> 32));
    u32((int) v);
  }

  void uvarint(long v) throws IOException {
    while ((v & ~0x7FL) != 0) {
      u8((int) ((v & 0x7F) | 0x80));
      v >>>= 7;
    }
    u8((int) v);
  }

  void bytes(byte[] b, int off, int len) throws IOException {
    while (len > 0) {
      if (!buffer.hasRemaining()) {
        drain();
      }
      int n = Math.min(len, buffer.remaining());
      buffer.put(b, off, n);
      position += n;
      off += n;
      len -= n;
    }
  }

  void string(String s) throws IOException {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    uvarint(b.length);
    bytes(b, 0, b.length);
  }

  /** Writes the CRC32C of every byte so far as the last 4 bytes, then forces the file to disk. */
  long finish() throws IOException {
    drain();
    u32((int) crc.getValue());
    buffer.flip();
    while (buffer.hasRemaining()) {
      channel.write(buffer);
    }
    buffer.clear();
    channel.force(true);
    return position;
  }

  private void drain() throws IOException {
    buffer.flip();
    crc.update(buffer.duplicate());
    while (buffer.hasRemaining()) {
      channel.write(buffer);
    }
    buffer.clear();
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
