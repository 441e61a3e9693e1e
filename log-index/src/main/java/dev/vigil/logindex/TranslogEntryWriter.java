package dev.vigil.logindex;

import dev.vigil.model.Tenant;
import org.apache.lucene.util.ArrayUtil;
import org.apache.lucene.util.BytesRef;

/**
 * A batch's translog entry written record by record, in the bytes {@link TranslogEntry#encode}
 * writes (FORMAT.md), so each accepted record's source is copied once, into the entry, and its
 * document stores it from there ({@link #source}). An array per record, then a second copy of each
 * into the entry, was a sixth of the server's allocation on logs-ingest (2026-12-07 14:40 UTC
 * profile, log-index/README.md), and the collections it causes copy the index buffers being built.
 *
 * <p>One thread's, for one batch. The buffer is reused by the thread's next batch, so the entry and
 * the sources are valid only until then: the translog writes the entry and Lucene copies the stored
 * sources before {@link LogWriter#append} returns.
 */
final class TranslogEntryWriter {
  /** A buffer kept for the thread's next batch up to this size; larger batches are rare. */
  private static final int KEEP_BYTES = 4 << 20;

  private static final ThreadLocal<TranslogEntryWriter> REUSED =
      ThreadLocal.withInitial(TranslogEntryWriter::new);

  private byte[] bytes = new byte[64 * 1024];
  private int length;
  private int countAt;
  private int count;
  private int[] sourceStarts = new int[1024];

  private TranslogEntryWriter() {}

  /** The calling thread's writer, emptied and begun for a batch of the tenant. */
  static TranslogEntryWriter begin(Tenant tenant) {
    TranslogEntryWriter w = REUSED.get();
    if (w.bytes.length > KEEP_BYTES) {
      w = new TranslogEntryWriter();
      REUSED.set(w);
    }
    w.length = 0;
    w.count = 0;
    w.put(TranslogEntry.VERSION);
    byte[] tenantId = TranslogEntry.modifiedUtf8(tenant.id());
    w.room(tenantId.length + 4);
    System.arraycopy(tenantId, 0, w.bytes, w.length, tenantId.length);
    w.length += tenantId.length;
    w.countAt = w.length;
    w.putInt(0); // the count, set by each add
    return w;
  }

  /** Appends a record: its index timestamp and its stored source, {@code source[0..n)}. */
  void add(long timestamp, byte[] source, int n) {
    room(12 + n);
    putInt((int) (timestamp >>> 32));
    putInt((int) timestamp);
    putInt(n);
    if (count == sourceStarts.length) {
      sourceStarts = ArrayUtil.grow(sourceStarts, count + 1);
    }
    sourceStarts[count++] = length;
    System.arraycopy(source, 0, bytes, length, n);
    length += n;
    int at = length;
    length = countAt;
    putInt(count);
    length = at;
  }

  int count() {
    return count;
  }

  /** The entry's bytes, {@code [0, length())}. */
  byte[] bytes() {
    return bytes;
  }

  int length() {
    return length;
  }

  /**
   * The i-th record's source inside the entry; take it after the last {@link #add} (adding may move
   * the bytes).
   */
  BytesRef source(int i) {
    int start = sourceStarts[i];
    int n =
        (bytes[start - 4] & 0xFF) << 24
            | (bytes[start - 3] & 0xFF) << 16
            | (bytes[start - 2] & 0xFF) << 8
            | (bytes[start - 1] & 0xFF);
    return new BytesRef(bytes, start, n);
  }

  private void room(int n) {
    if (length + n > bytes.length) {
      bytes = java.util.Arrays.copyOf(bytes, Math.max(length + n, bytes.length * 2));
    }
  }

  private void put(byte b) {
    room(1);
    bytes[length++] = b;
  }

  private void putInt(int v) {
    room(4);
    bytes[length++] = (byte) (v >>> 24);
    bytes[length++] = (byte) (v >>> 16);
    bytes[length++] = (byte) (v >>> 8);
    bytes[length++] = (byte) v;
  }
}
