package dev.vigil.logindex.store;

import dev.vigil.logindex.codec.RecordChunkCodec;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.zip.CRC32C;
import org.apache.lucene.index.CorruptIndexException;
import org.apache.lucene.store.ByteArrayDataInput;
import org.apache.lucene.store.ByteBuffersDataOutput;
import org.apache.lucene.util.ArrayUtil;
import org.apache.lucene.util.BytesRef;

/**
 * A partition's log records in the order they arrived, outside Lucene ({@code records.vlr}, layout
 * in FORMAT.md): each document of format 4 holds its record's ordinal as a doc value, and the
 * record itself is compressed once, here, in chunks of {@code VigilLog2}'s columns.
 *
 * <p>Why not Lucene's stored fields: the index is sorted by time, so Lucene writes every stored
 * record to a temporary file while indexing, reads it back at every flush to write it in sorted
 * order, and decompresses and recompresses it at every merge; together a fifth of the ingest CPU
 * (log-index/README.md). Records here are written once and never move; merges move 8-byte ordinals.
 *
 * <p>Durability rides on the partition's Lucene commits: {@link #sync} writes what is pending and
 * fsyncs, and the commit that follows records the length it returned. Opening truncates the file to
 * the length of the last commit, so records of documents that the commit does not hold (the
 * translog replays them) are gone, and ordinals go on from there. Appends and reads may run on any
 * threads; appends take the log's lock, reads of written chunks do not.
 */
final class RecordLog implements Closeable {
  static final String FILE = "records.vlr";

  /** "VLRC". */
  static final int MAGIC = 0x564C5243;

  static final int VERSION = 1;
  static final int HEADER_BYTES = 8;

  /** Frame bytes before the payload: length, first ordinal, records, serialized length. */
  static final int FRAME_HEAD = 4 + 8 + 4 + 4;

  /** Uncompressed bytes per chunk, as {@code LogCodec}: a read decompresses at most this much. */
  static final int CHUNK_BYTES = 128 * 1024;

  static final int CHUNK_RECORDS = 2048;

  /** The stored-field header before each record (field 0, binary): constant, so columns apply. */
  private static final long RECORD_HEADER = 0;

  /** Every integer of the file is little-endian, as Lucene's {@code DataOutput} writes them. */
  private static final java.nio.ByteOrder LE = java.nio.ByteOrder.LITTLE_ENDIAN;

  private final Path path;
  private final FileChannel channel;

  /** Compressors for chunks sealed by any thread; each used by one thread at a time. */
  private final ConcurrentLinkedQueue<Compressing> compressors = new ConcurrentLinkedQueue<>();

  /** Written chunks; replaced (never changed below its count) as chunks are added. */
  private volatile Chunks chunks;

  // Guarded by this. Records go into the open chunk; a full one is sealed, compressed by the
  // appender that sealed it outside the lock (another appender goes on meanwhile), and written in
  // seal order by whichever appender finds the oldest sealed chunks compressed.
  private Open open = new Open();
  private final ArrayDeque<Open> sealed = new ArrayDeque<>();
  private final ArrayDeque<Open> spare = new ArrayDeque<>();
  private long appended;
  private long end;
  private long syncedEnd;
  private IOException failure;
  private boolean closed;

  private RecordLog(Path path, FileChannel channel, Chunks chunks, long end) {
    this.path = path;
    this.channel = channel;
    this.chunks = chunks;
    this.end = end;
    this.syncedEnd = end;
    this.appended = chunks.end;
    this.open.first = chunks.end;
  }

  /**
   * Opens the record file in {@code dir}, creating it when there is none.
   *
   * @param committedLength the length the partition's last commit recorded; -1 when the partition
   *     has no commit yet (the file then starts over)
   */
  static RecordLog open(Path dir, long committedLength) throws IOException {
    Path path = dir.resolve(FILE);
    boolean exists = Files.exists(path);
    if (!exists && committedLength > HEADER_BYTES) {
      throw new CorruptIndexException(
          "the partition's last commit holds "
              + committedLength
              + " bytes of records, but there is no file",
          path.toString());
    }
    FileChannel channel =
        FileChannel.open(
            path, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    try {
      long size = channel.size();
      long keep = committedLength < 0 ? 0 : committedLength;
      if (size < keep) {
        throw new CorruptIndexException(
            "holds " + size + " bytes, the partition's last commit recorded " + keep,
            path.toString());
      }
      if (keep < HEADER_BYTES) {
        // No commit yet (or one from before the first record): start over.
        channel.truncate(0);
        ByteBuffer header =
            ByteBuffer.allocate(HEADER_BYTES).order(LE).putInt(MAGIC).putInt(VERSION).flip();
        while (header.hasRemaining()) {
          channel.write(header, HEADER_BYTES - header.remaining());
        }
        return new RecordLog(path, channel, Chunks.EMPTY, HEADER_BYTES);
      }
      if (size > keep) {
        channel.truncate(keep); // records of documents the commit does not hold
      }
      ByteBuffer header = read(channel, 0, HEADER_BYTES, path);
      int magic = header.getInt();
      int version = header.getInt();
      if (magic != MAGIC) {
        throw new CorruptIndexException(
            String.format("not a record file (magic 0x%08x)", magic), path.toString());
      }
      if (version != VERSION) {
        throw new CorruptIndexException(
            "record file version "
                + version
                + "; this build reads version "
                + VERSION
                + " (a newer build wrote it)",
            path.toString());
      }
      Chunks chunks = Chunks.EMPTY;
      long at = HEADER_BYTES;
      long ordinal = 0;
      while (at < keep) {
        if (keep - at < FRAME_HEAD + 4) {
          throw new CorruptIndexException("a chunk frame cut short at byte " + at, path.toString());
        }
        ByteBuffer head = read(channel, at, FRAME_HEAD, path);
        int length = head.getInt();
        long first = head.getLong();
        int records = head.getInt();
        long frameBytes = 4L + length + 4;
        if (length < FRAME_HEAD - 4 || at + frameBytes > keep || first != ordinal || records < 1) {
          throw new CorruptIndexException(
              "a chunk frame at byte "
                  + at
                  + " is malformed (length "
                  + length
                  + ", first record "
                  + first
                  + " where "
                  + ordinal
                  + " was next, "
                  + records
                  + " records)",
              path.toString());
        }
        chunks = chunks.plus(first, records, at, (int) frameBytes);
        ordinal += records;
        at += frameBytes;
      }
      return new RecordLog(path, channel, chunks, keep);
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  private static ByteBuffer read(FileChannel channel, long at, int n, Path path)
      throws IOException {
    ByteBuffer b = ByteBuffer.allocate(n).order(LE);
    while (b.hasRemaining()) {
      if (channel.read(b, at + b.position()) < 0) {
        throw new CorruptIndexException(
            "ends at byte " + (at + b.position()) + ", reading " + n + " bytes at " + at,
            path.toString());
      }
    }
    return b.flip();
  }

  /**
   * Appends the records and returns the ordinal of the first; the others follow it. They are
   * readable at once ({@link Reader}), durable after the next {@link #sync}.
   */
  long append(List<BytesRef> records) throws IOException {
    long first;
    List<Open> full = null;
    synchronized (this) {
      checkUsable();
      first = appended;
      for (int i = 0; i < records.size(); i++) {
        BytesRef r = records.get(i);
        int need = 10 + 5 + r.length;
        if (open.count > 0 && (open.count == CHUNK_RECORDS || open.length + need > CHUNK_BYTES)) {
          if (full == null) {
            full = new ArrayList<>(2);
          }
          full.add(seal());
        }
        open.add(r, need);
        appended++;
      }
    }
    if (full != null) {
      for (Open s : full) {
        compressAndWrite(s);
      }
    }
    return first;
  }

  private void checkUsable() throws IOException {
    if (closed) {
      throw new IOException("record file " + path + " is closed");
    }
    if (failure != null) {
      throw new IOException(
          "record file " + path + " failed earlier: " + failure.getMessage(), failure);
    }
  }

  /** Queues the open chunk for compression and opens the next one. Under the lock. */
  private Open seal() {
    Open s = open;
    sealed.addLast(s);
    open = spare.isEmpty() ? new Open() : spare.removeFirst();
    open.first = s.first + s.count;
    return s;
  }

  /**
   * Compresses a sealed chunk (outside the lock), then writes, in seal order, every sealed chunk
   * that is compressed by now. A failure leaves the file unusable until reopened: later chunks
   * cannot be written past a missing one.
   */
  private void compressAndWrite(Open s) throws IOException {
    byte[] frame;
    Compressing c = compressors.poll();
    try {
      frame = (c == null ? c = new Compressing() : c).frame(s);
    } catch (IOException | RuntimeException e) {
      synchronized (this) {
        fail(e);
      }
      throw e;
    } finally {
      if (c != null) {
        compressors.offer(c);
      }
    }
    synchronized (this) {
      s.frame = frame;
      try {
        while (!sealed.isEmpty() && sealed.peekFirst().frame != null) {
          Open head = sealed.peekFirst();
          ByteBuffer out = ByteBuffer.wrap(head.frame);
          while (out.hasRemaining()) {
            channel.write(out, end + out.position());
          }
          chunks = chunks.plus(head.first, head.count, end, head.frame.length);
          end += head.frame.length;
          sealed.removeFirst();
          if (spare.size() < 2) {
            head.clear();
            spare.addLast(head);
          }
        }
      } catch (IOException | RuntimeException e) {
        fail(e);
        throw e;
      } finally {
        notifyAll();
      }
    }
  }

  private void fail(Exception e) {
    if (failure == null) {
      failure =
          e instanceof IOException io
              ? io
              : new IOException("record file " + path + ": " + e.getMessage(), e);
    }
    notifyAll();
  }

  private static int putVarLong(byte[] b, int at, long v) {
    while ((v & ~0x7FL) != 0) {
      b[at++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    b[at++] = (byte) v;
    return at;
  }

  /**
   * Writes the records appended so far as chunks and makes the file durable; returns its length,
   * which the partition's next commit records. Records appended meanwhile may be in it too.
   */
  long sync() throws IOException {
    Open last = null;
    long target;
    synchronized (this) {
      checkUsable();
      target = appended;
      if (open.count > 0) {
        last = seal();
      }
    }
    if (last != null) {
      compressAndWrite(last);
    }
    long length;
    synchronized (this) {
      // Chunks other appenders sealed before this call are written by them, in order.
      while (failure == null && chunks.end < target) {
        try {
          wait();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new java.io.InterruptedIOException("interrupted waiting for " + path);
        }
      }
      checkUsable();
      length = end;
      if (syncedEnd >= length) {
        return length;
      }
    }
    channel.force(false);
    synchronized (this) {
      syncedEnd = Math.max(syncedEnd, length);
    }
    return length;
  }

  /** The number of records appended, written or not. */
  synchronized long records() {
    return appended;
  }

  /** Copies a record not yet written into {@code into}, or returns false once it is written. */
  private synchronized boolean copyUnwritten(long ordinal, BytesRef into) throws IOException {
    if (ordinal < chunks.end) {
      return false;
    }
    if (ordinal >= appended) {
      throw new CorruptIndexException(
          "record " + ordinal + " asked for, the file holds " + appended, path.toString());
    }
    Open holder = open;
    for (Open s : sealed) {
      if (ordinal < s.first + s.count) {
        holder = s;
        break;
      }
    }
    int i = (int) (ordinal - holder.first);
    into.bytes = ArrayUtil.growNoCopy(into.bytes, holder.lengths[i]);
    System.arraycopy(holder.bytes, holder.starts[i], into.bytes, 0, holder.lengths[i]);
    into.offset = 0;
    into.length = holder.lengths[i];
    return true;
  }

  /** A chunk being filled, or sealed and waiting to be written: records serialized as stored. */
  private static final class Open {
    long first;
    byte[] bytes = new byte[CHUNK_BYTES];
    int length;
    final int[] starts = new int[CHUNK_RECORDS];
    final int[] lengths = new int[CHUNK_RECORDS];
    int count;

    /** The chunk's frame, once compressed. */
    byte[] frame;

    void add(BytesRef r, int need) {
      if (length + need + RecordChunkCodec.slack() > bytes.length) {
        bytes = Arrays.copyOf(bytes, length + need + RecordChunkCodec.slack());
      }
      length = putVarLong(bytes, length, RECORD_HEADER);
      length = putVarLong(bytes, length, r.length);
      starts[count] = length;
      lengths[count] = r.length;
      System.arraycopy(r.bytes, r.offset, bytes, length, r.length);
      length += r.length;
      count++;
    }

    void clear() {
      if (bytes.length > CHUNK_BYTES) {
        bytes = new byte[CHUNK_BYTES]; // an over-large record's chunk: not kept
      }
      length = 0;
      count = 0;
      frame = null;
    }
  }

  /** One compression at a time: the codec's buffers, the frame being built, its checksum. */
  private static final class Compressing {
    private final RecordChunkCodec codec = new RecordChunkCodec();
    private final ByteBuffersDataOutput body = ByteBuffersDataOutput.newResettableInstance();
    private final CRC32C crc = new CRC32C();

    /** The chunk's whole frame: length, header, compressed records, checksum. */
    byte[] frame(Open s) throws IOException {
      body.reset();
      body.writeLong(s.first);
      body.writeInt(s.count);
      body.writeInt(s.length);
      codec.compress(s.bytes, s.length, body);
      int n = Math.toIntExact(body.size());
      byte[] frame = new byte[4 + n + 4];
      ByteBuffer out = ByteBuffer.wrap(frame).order(LE);
      out.putInt(n);
      body.copyTo(new org.apache.lucene.store.ByteArrayDataOutput(frame, 4, n));
      crc.reset();
      crc.update(frame, 4, n);
      out.position(4 + n);
      out.putInt((int) crc.getValue());
      return frame;
    }
  }

  /** Closes the file without writing what is pending (the translog has it). */
  @Override
  public synchronized void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    channel.close();
  }

  /** A reader for one thread; it keeps the last chunk it decompressed. */
  Reader reader() {
    return new Reader();
  }

  /** Reads records by ordinal; not thread-safe. */
  final class Reader {
    private final RecordChunkCodec codec = new RecordChunkCodec();
    private final CRC32C crc = new CRC32C();
    private ByteBuffer frameBuffer = ByteBuffer.allocate(0);
    private byte[] chunk = new byte[0];
    private int[] starts = new int[0];
    private int[] lengths = new int[0];
    private long chunkFirst = -1;
    private int chunkRecords;
    private final BytesRef copy = new BytesRef();
    private final BytesRef slice = new BytesRef();

    private Reader() {}

    /** The record's bytes, valid until the next call. */
    BytesRef read(long ordinal) throws IOException {
      if (ordinal >= chunkFirst && ordinal < chunkFirst + chunkRecords) {
        return slice(ordinal);
      }
      Chunks c = chunks;
      if (ordinal < 0) {
        throw new CorruptIndexException("record ordinal " + ordinal, path.toString());
      }
      if (ordinal >= c.end) {
        if (copyUnwritten(ordinal, copy)) {
          return copy;
        }
        c = chunks; // cut meanwhile
      }
      load(c, c.find(ordinal));
      return slice(ordinal);
    }

    private BytesRef slice(long ordinal) {
      int i = (int) (ordinal - chunkFirst);
      slice.bytes = chunk;
      slice.offset = starts[i];
      slice.length = lengths[i];
      return slice;
    }

    private void load(Chunks c, int index) throws IOException {
      chunkFirst = -1;
      long at = c.offsets[index];
      int frameBytes = c.lengths[index];
      if (frameBuffer.capacity() < frameBytes) {
        frameBuffer = ByteBuffer.allocate(frameBytes);
      }
      frameBuffer.clear().limit(frameBytes);
      while (frameBuffer.hasRemaining()) {
        if (channel.read(frameBuffer, at + frameBuffer.position()) < 0) {
          throw new CorruptIndexException(
              "a chunk at byte " + at + " runs past the file's end", path.toString());
        }
      }
      byte[] f = frameBuffer.array();
      int body = frameBytes - 8;
      crc.reset();
      crc.update(f, 4, body);
      int stored = ByteBuffer.wrap(f, 4 + body, 4).order(LE).getInt();
      if (stored != (int) crc.getValue()) {
        throw new CorruptIndexException(
            String.format(
                "checksum mismatch in the chunk at byte %d (stored 0x%08x, computed 0x%08x)",
                at, stored, (int) crc.getValue()),
            path.toString());
      }
      ByteBuffer head = ByteBuffer.wrap(f, 4, FRAME_HEAD - 4).order(LE);
      long first = head.getLong();
      int records = head.getInt();
      int raw = head.getInt();
      if (first != c.firsts[index] || records < 1 || raw < records || raw > (1 << 30)) {
        throw new CorruptIndexException(
            "the chunk at byte " + at + " has a malformed header", path.toString());
      }
      if (chunk.length < raw + RecordChunkCodec.slack()) {
        chunk = new byte[raw + RecordChunkCodec.slack()];
      }
      codec.decompress(new ByteArrayDataInput(f, FRAME_HEAD, body - (FRAME_HEAD - 4)), raw, chunk);
      if (starts.length < records) {
        starts = new int[records];
        lengths = new int[records];
      }
      ByteArrayDataInput in = new ByteArrayDataInput(chunk, 0, raw);
      for (int r = 0; r < records; r++) {
        if (in.eof()) {
          throw new CorruptIndexException(
              "the chunk at byte " + at + " holds fewer records than its header says",
              path.toString());
        }
        in.readVLong();
        int length = in.readVInt();
        int start = in.getPosition();
        if (length < 0 || start + length > raw) {
          throw new CorruptIndexException(
              "a record of the chunk at byte " + at + " runs past the chunk", path.toString());
        }
        starts[r] = start;
        lengths[r] = length;
        in.skipBytes(length);
      }
      if (!in.eof()) {
        throw new CorruptIndexException(
            "the chunk at byte " + at + " holds more bytes than its records", path.toString());
      }
      chunkFirst = first;
      chunkRecords = records;
    }
  }

  /** Where each written chunk is: immutable below {@code count}, shared by readers. */
  private static final class Chunks {
    static final Chunks EMPTY = new Chunks(new long[16], new long[16], new int[16], 0, 0);

    final long[] firsts;
    final long[] offsets;
    final int[] lengths;
    final int count;

    /** The ordinal after the last written record. */
    final long end;

    private Chunks(long[] firsts, long[] offsets, int[] lengths, int count, long end) {
      this.firsts = firsts;
      this.offsets = offsets;
      this.lengths = lengths;
      this.count = count;
      this.end = end;
    }

    Chunks plus(long first, int records, long offset, int frameBytes) {
      long[] f = firsts;
      long[] o = offsets;
      int[] l = lengths;
      if (count == f.length || this == EMPTY) {
        int size = Math.max(16, count * 2);
        f = Arrays.copyOf(f, size);
        o = Arrays.copyOf(o, size);
        l = Arrays.copyOf(l, size);
      }
      // Slots at and past count are nobody's yet: readers only look below their snapshot's count.
      f[count] = first;
      o[count] = offset;
      l[count] = frameBytes;
      return new Chunks(f, o, l, count + 1, first + records);
    }

    /** The index of the chunk holding the ordinal, which is below {@link #end}. */
    int find(long ordinal) {
      int i = Arrays.binarySearch(firsts, 0, count, ordinal);
      return i >= 0 ? i : -i - 2;
    }
  }
}
