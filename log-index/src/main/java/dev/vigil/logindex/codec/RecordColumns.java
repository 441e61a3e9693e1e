package dev.vigil.logindex.codec;

import java.util.Arrays;

/**
 * Rearranges a stored-fields chunk of log records into columns and back, byte for byte.
 *
 * <p>A chunk as Lucene serializes it is, per stored field, {@code vlong header, vint length,
 * bytes}; a log partition stores one binary field per document, the record in {@code RecordCodec}'s
 * layout (FORMAT.md). Compressed as they come, the records interleave text with random ids and
 * 8-byte times, and zstd pays for that mix: literals of random bytes widen the entropy tables of
 * the text, and a time's low bytes look random although consecutive records are milliseconds apart.
 * Split into columns, each compressed on its own, the times become small differences, a resource
 * repeated by the next record costs one byte, and the text is text. The trace and span ids go into
 * the text column as lower-case hex in front of the body: structured logs repeat their own trace id
 * in the body (a {@code "trace_id"} field) and zstd then stores the repeat as a short
 * back-reference, where a binary id elsewhere could not be matched; an id that the body does not
 * repeat costs about what its 16 bytes cost raw.
 *
 * <p>Split succeeds only for a chunk whose fields all have one header and parse, each exactly, as a
 * record of version 1 or 2; anything else (another field, a record sliced by Lucene, bytes of a
 * newer build) is left to the caller to store as it is. So a join of a split always restores the
 * input, whatever the input was.
 */
final class RecordColumns {
  /** The prefix (version, resource, scope) as a length + 1, or 0 when it repeats the previous. */
  static final int PREFIX = 0;

  /** Zigzag varints: time − previous time, observed field − previous observed field. */
  static final int TIMES = 1;

  /** Small fixed parts: where the ids are, severity, severity text, body tag, counts, event. */
  static final int META = 2;

  /** Varint lengths of string bodies: apart, so that the fixed parts repeat exactly. */
  static final int LENGTHS = 3;

  /** Record attributes, and bodies that are not strings, as they are. */
  static final int ATTRIBUTES = 4;

  /** The trace and span ids that the body does not repeat, as their 16 and 8 bytes. */
  static final int IDS = 5;

  /** Per record: the ids the body repeats as 32 and 16 hex digits, then a string body. */
  static final int TEXT = 6;

  static final int COUNT = 7;

  /** Bits of the id byte that starts a record's meta. */
  private static final int HAS_TRACE = 1;

  private static final int TRACE_AS_TEXT = 2;
  private static final int SPAN_AS_TEXT = 4;

  /** What {@link #join} writes past the chunk's end: room for a record's length before it. */
  static final int JOIN_SLACK = 5;

  private static final byte STRING = 1;
  private static final byte BOOL = 2;
  private static final byte LONG = 3;
  private static final byte DOUBLE = 4;
  private static final byte BYTES = 5;
  private static final byte LIST = 6;
  private static final byte MAP = 7;
  private static final byte NULL = 0;
  private static final byte[] HEX =
      "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  /** The columns of one chunk, reused from chunk to chunk. */
  static final class Columns {
    final Buffer[] columns = new Buffer[COUNT];
    long header;
    int records;

    /** Scratch for an id as hex while looking for it in a body. */
    final byte[] hex = new byte[32];

    Columns() {
      for (int i = 0; i < COUNT; i++) {
        columns[i] = new Buffer();
      }
    }

    void clear() {
      for (Buffer b : columns) {
        b.length = 0;
      }
      header = 0;
      records = 0;
    }
  }

  /** A growable byte array with a write end and, for reading back, a read position. */
  static final class Buffer {
    byte[] bytes = new byte[256];
    int length;
    int position;

    void ensure(int more) {
      if (length + more > bytes.length) {
        bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
      }
    }

    void put(byte b) {
      ensure(1);
      bytes[length++] = b;
    }

    void put(byte[] src, int off, int len) {
      ensure(len);
      System.arraycopy(src, off, bytes, length, len);
      length += len;
    }

    void putVarLong(long v) {
      ensure(10);
      while ((v & ~0x7FL) != 0) {
        bytes[length++] = (byte) ((v & 0x7F) | 0x80);
        v >>>= 7;
      }
      bytes[length++] = (byte) v;
    }

    long getVarLong() {
      long v = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        byte b = get();
        v |= (long) (b & 0x7F) << shift;
        if (b >= 0) {
          return v;
        }
      }
      throw new Malformed("varint longer than 10 bytes");
    }

    byte get() {
      if (position >= length) {
        throw new Malformed("column ends early");
      }
      return bytes[position++];
    }

    int take(int n) {
      if (n < 0 || n > length - position) {
        throw new Malformed("column ends early");
      }
      int at = position;
      position += n;
      return at;
    }
  }

  /** The input is not what this layout describes; for split, the caller stores it as it is. */
  static final class Malformed extends RuntimeException {
    Malformed(String message) {
      super(message, null, false, false);
    }
  }

  private RecordColumns() {}

  /**
   * Splits {@code chunk[0, length)} into {@code out}.
   *
   * @return false when the chunk is not all records of one field; {@code out} is then garbage
   */
  static boolean split(byte[] chunk, int length, Columns out) {
    out.clear();
    try {
      Reader in = new Reader(chunk, length);
      int prevPrefixAt = -1;
      int prevPrefixLength = 0;
      long prevTime = 0;
      long prevObserved = 0;
      boolean first = true;
      while (in.position < length) {
        int headerAt = in.position;
        long header = in.varLong();
        if (in.position - headerAt != varLongSize(header)) {
          return false; // not as Lucene writes it: a join would not restore these bytes
        }
        if (first) {
          out.header = header;
          first = false;
        } else if (header != out.header) {
          return false;
        }
        int lengthAt = in.position;
        int recordLength = in.varInt();
        int end = in.position + recordLength;
        if (in.position - lengthAt != varLongSize(recordLength)
            || recordLength < 1
            || end > length) {
          return false;
        }
        in.limit = end;
        int prefixAt = in.position;
        Buffer prefix = out.columns[PREFIX];
        int prefixLength;
        if (prevPrefixAt >= 0
            && prefixAt + prevPrefixLength <= end
            && Arrays.equals(
                chunk,
                prefixAt,
                prefixAt + prevPrefixLength,
                chunk,
                prevPrefixAt,
                prevPrefixAt + prevPrefixLength)) {
          // The previous record's prefix again (the usual case: a batch shares its resource).
          // Parsing is a function of the bytes, so these parse as that prefix did, to its end: no
          // need to walk a dozen resource attributes per record (3.7 % of an ingest profile).
          prefixLength = prevPrefixLength;
          in.position = prefixAt + prefixLength;
          prefix.putVarLong(0);
        } else {
          byte version = in.byte1();
          if (version != 1 && version != 2) {
            return false;
          }
          in.skipAttributes();
          in.skipString();
          in.skipString();
          prefixLength = in.position - prefixAt;
          prefix.putVarLong(prefixLength + 1L);
          prefix.put(chunk, prefixAt, prefixLength);
        }
        prevPrefixAt = prefixAt;
        prevPrefixLength = prefixLength;

        long time = in.int64();
        long observed = in.int64();
        Buffer times = out.columns[TIMES];
        times.putVarLong(zigzag(time - prevTime));
        times.putVarLong(zigzag(observed - prevObserved));
        prevTime = time;
        prevObserved = observed;

        Buffer meta = out.columns[META];
        int fixedAt = in.position;
        in.skip(4); // severity number
        in.skipString(); // severity text
        int severityEnd = in.position;
        int otherBodyAt = in.position;
        byte bodyTag = in.byte1();
        int bodyAt = -1;
        int bodyLength = 0;
        if (bodyTag == STRING) {
          bodyLength = checkLength(in.int32());
          bodyAt = in.position;
          in.skip(bodyLength);
        } else {
          in.skipValueOfTag(bodyTag);
        }
        int otherBodyEnd = in.position;
        int attributesAt = in.position;
        in.skipAttributes();
        int attributesEnd = in.position;
        int countsAt = in.position;
        in.skip(8); // dropped count, flags
        byte hasTrace = in.byte1();
        if (hasTrace != 0 && hasTrace != 1) {
          return false;
        }
        int traceAt = in.position;
        if (hasTrace == 1) {
          in.skip(16);
        }
        int spanAt = in.position;
        in.skip(8);
        int eventAt = in.position;
        in.skipString();
        if (in.position != end) {
          return false;
        }

        int ids = hasTrace;
        if (bodyTag == STRING) {
          if (hasTrace == 1 && repeats(chunk, traceAt, 16, bodyAt, bodyLength, out.hex)) {
            ids |= TRACE_AS_TEXT;
          }
          if (repeats(chunk, spanAt, 8, bodyAt, bodyLength, out.hex)) {
            ids |= SPAN_AS_TEXT;
          }
          out.columns[LENGTHS].putVarLong(bodyLength);
        }
        meta.put((byte) ids);
        meta.put(chunk, fixedAt, severityEnd - fixedAt);
        meta.put(bodyTag);
        meta.put(chunk, countsAt, 8);
        meta.put(chunk, eventAt, end - eventAt);

        Buffer attributes = out.columns[ATTRIBUTES];
        if (bodyTag != STRING) {
          attributes.put(chunk, otherBodyAt + 1, otherBodyEnd - otherBodyAt - 1);
        }
        attributes.put(chunk, attributesAt, attributesEnd - attributesAt);

        Buffer text = out.columns[TEXT];
        Buffer raw = out.columns[IDS];
        if ((ids & TRACE_AS_TEXT) != 0) {
          hex(chunk, traceAt, 16, text);
        } else if (hasTrace == 1) {
          raw.put(chunk, traceAt, 16);
        }
        if ((ids & SPAN_AS_TEXT) != 0) {
          hex(chunk, spanAt, 8, text);
        } else {
          raw.put(chunk, spanAt, 8);
        }
        if (bodyTag == STRING) {
          text.put(chunk, bodyAt, bodyLength);
        }
        in.limit = length;
        out.records++;
      }
      return out.records > 0;
    } catch (Malformed e) {
      return false;
    }
  }

  /**
   * Writes the chunk that {@code columns} were split from into {@code out}, reading each column
   * from its start.
   *
   * @param out at least {@link #JOIN_SLACK} bytes longer than the chunk
   * @param length the chunk's length, as its index entry records it
   * @throws Malformed when the columns do not hold what a split writes
   */
  static void join(Columns columns, byte[] out, int length) {
    for (Buffer b : columns.columns) {
      b.position = 0;
    }
    Buffer prefix = columns.columns[PREFIX];
    Buffer times = columns.columns[TIMES];
    Buffer meta = columns.columns[META];
    Buffer attributes = columns.columns[ATTRIBUTES];
    Buffer text = columns.columns[TEXT];
    if (out.length < length + JOIN_SLACK) {
      throw new IllegalArgumentException("BUG: join needs " + JOIN_SLACK + " bytes of slack");
    }
    Writer w = new Writer(out, length + JOIN_SLACK);
    // Finds where a non-string body and the attributes end within the attributes column.
    Reader attrs = new Reader(attributes.bytes, attributes.length);
    int prevPrefixAt = -1;
    int prevPrefixLength = 0;
    long prevTime = 0;
    long prevObserved = 0;
    for (int r = 0; r < columns.records; r++) {
      w.varLong(columns.header);
      // The record's length comes first but is known only once it is written: leave room for the
      // longest vint and move the record back when its length takes fewer bytes.
      int lengthAt = w.position;
      w.room(5);
      w.position += 5;
      int recordAt = w.position;

      long p = prefix.getVarLong();
      if (p == 0) {
        if (prevPrefixAt < 0) {
          throw new Malformed("first record repeats a prefix");
        }
        prevPrefixAt = w.copyFromSelf(prevPrefixAt, prevPrefixLength);
      } else {
        if (p - 1 > Integer.MAX_VALUE) {
          throw new Malformed("prefix length " + (p - 1));
        }
        prevPrefixLength = (int) (p - 1);
        prevPrefixAt = w.position;
        w.bytes(prefix.bytes, prefix.take(prevPrefixLength), prevPrefixLength);
      }
      prevTime += unzigzag(times.getVarLong());
      prevObserved += unzigzag(times.getVarLong());
      w.int64(prevTime);
      w.int64(prevObserved);

      int ids = meta.get();
      if ((ids & ~(HAS_TRACE | TRACE_AS_TEXT | SPAN_AS_TEXT)) != 0
          || (ids & (HAS_TRACE | TRACE_AS_TEXT)) == TRACE_AS_TEXT) {
        throw new Malformed("id byte " + ids);
      }
      w.bytes(meta.bytes, meta.take(4), 4); // severity number
      int severityTextLength = int32(meta.bytes, meta.take(4));
      w.int32(severityTextLength);
      w.bytes(meta.bytes, meta.take(checkLength(severityTextLength)), severityTextLength);
      byte bodyTag = meta.get();
      int bodyLength = 0;
      if (bodyTag == STRING) {
        long n = columns.columns[LENGTHS].getVarLong();
        bodyLength = checkLength(n > Integer.MAX_VALUE ? -1 : (int) n);
      } else if ((ids & (TRACE_AS_TEXT | SPAN_AS_TEXT)) != 0) {
        throw new Malformed("ids as text without a text body");
      }
      Buffer raw = columns.columns[IDS];
      byte[] traceFrom = (ids & TRACE_AS_TEXT) != 0 ? text.bytes : raw.bytes;
      int traceAt =
          (ids & TRACE_AS_TEXT) != 0 ? text.take(32) : (ids & HAS_TRACE) != 0 ? raw.take(16) : -1;
      byte[] spanFrom = (ids & SPAN_AS_TEXT) != 0 ? text.bytes : raw.bytes;
      int spanAt = (ids & SPAN_AS_TEXT) != 0 ? text.take(16) : raw.take(8);
      w.byte1(bodyTag);
      if (bodyTag == STRING) {
        w.int32(bodyLength);
        w.bytes(text.bytes, text.take(bodyLength), bodyLength);
      } else {
        attrs.position = attributes.position;
        attrs.skipValueOfTag(bodyTag);
        int n = attrs.position - attributes.position;
        w.bytes(attributes.bytes, attributes.take(n), n);
      }
      attrs.position = attributes.position;
      attrs.skipAttributes();
      int attributesLength = attrs.position - attributes.position;
      w.bytes(attributes.bytes, attributes.take(attributesLength), attributesLength);
      w.bytes(meta.bytes, meta.take(8), 8); // dropped count, flags
      w.byte1((byte) (ids & HAS_TRACE));
      if ((ids & TRACE_AS_TEXT) != 0) {
        w.unhex(traceFrom, traceAt, 16);
      } else if ((ids & HAS_TRACE) != 0) {
        w.bytes(traceFrom, traceAt, 16);
      }
      if ((ids & SPAN_AS_TEXT) != 0) {
        w.unhex(spanFrom, spanAt, 8);
      } else {
        w.bytes(spanFrom, spanAt, 8);
      }
      int eventLength = int32(meta.bytes, meta.take(4));
      w.int32(eventLength);
      w.bytes(meta.bytes, meta.take(checkLength(eventLength)), eventLength);

      int recordLength = w.position - recordAt;
      int lengthBytes = varLongSize(recordLength);
      int shift = 5 - lengthBytes;
      w.putVInt(lengthAt, recordLength);
      System.arraycopy(out, recordAt, out, lengthAt + lengthBytes, recordLength);
      if (prevPrefixAt >= recordAt) {
        prevPrefixAt -= shift;
      }
      w.position -= shift;
    }
    if (w.position != length) {
      throw new Malformed("records fill " + w.position + " of " + length + " bytes");
    }
    for (Buffer b : columns.columns) {
      if (b.position != b.length) {
        throw new Malformed("a column holds more than its records");
      }
    }
  }

  private static int checkLength(int n) {
    if (n < 0) {
      throw new Malformed("negative length " + n);
    }
    return n;
  }

  /** Whether the body holds the id as lower-case hex: then it goes into the text beside it. */
  private static boolean repeats(
      byte[] chunk, int idAt, int idLength, int bodyAt, int bodyLength, byte[] scratch) {
    int digits = 2 * idLength;
    if (bodyLength < digits) {
      return false;
    }
    for (int i = 0; i < idLength; i++) {
      int b = chunk[idAt + i] & 0xFF;
      scratch[2 * i] = HEX[b >>> 4];
      scratch[2 * i + 1] = HEX[b & 0xF];
    }
    byte first = scratch[0];
    for (int at = bodyAt, last = bodyAt + bodyLength - digits; at <= last; at++) {
      if (chunk[at] == first && Arrays.equals(chunk, at, at + digits, scratch, 0, digits)) {
        return true;
      }
    }
    return false;
  }

  private static void hex(byte[] src, int at, int n, Buffer out) {
    out.ensure(2 * n);
    for (int i = 0; i < n; i++) {
      int b = src[at + i] & 0xFF;
      out.bytes[out.length++] = HEX[b >>> 4];
      out.bytes[out.length++] = HEX[b & 0xF];
    }
  }

  private static long zigzag(long v) {
    return (v << 1) ^ (v >> 63);
  }

  private static long unzigzag(long v) {
    return (v >>> 1) ^ -(v & 1);
  }

  private static int int32(byte[] b, int at) {
    return (b[at] & 0xFF) << 24
        | (b[at + 1] & 0xFF) << 16
        | (b[at + 2] & 0xFF) << 8
        | b[at + 3] & 0xFF;
  }

  private static int varLongSize(long v) {
    int n = 1;
    while ((v & ~0x7FL) != 0) {
      v >>>= 7;
      n++;
    }
    return n;
  }

  /** Walks {@code RecordCodec}'s grammar: big-endian int32 lengths and counts, tagged values. */
  private static final class Reader {
    final byte[] bytes;
    int position;
    int limit;

    Reader(byte[] bytes, int limit) {
      this.bytes = bytes;
      this.limit = limit;
    }

    void skip(int n) {
      if (n < 0 || n > limit - position) {
        throw new Malformed("past the end");
      }
      position += n;
    }

    int int32() {
      skip(4);
      return RecordColumns.int32(bytes, position - 4);
    }

    long int64() {
      long high = int32() & 0xFFFFFFFFL;
      return high << 32 | (int32() & 0xFFFFFFFFL);
    }

    long varLong() {
      long v = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        skip(1);
        byte b = bytes[position - 1];
        v |= (long) (b & 0x7F) << shift;
        if (b >= 0) {
          return v;
        }
      }
      throw new Malformed("varint longer than 10 bytes");
    }

    int varInt() {
      long v = varLong();
      if (v > Integer.MAX_VALUE) {
        throw new Malformed("length " + v);
      }
      return (int) v;
    }

    byte byte1() {
      skip(1);
      return bytes[position - 1];
    }

    void skipString() {
      skip(checkLength(int32()));
    }

    void skipAttributes() {
      int n = checkLength(int32());
      for (int i = 0; i < n; i++) {
        skipString();
        skipValue();
      }
    }

    void skipValue() {
      skip(1);
      skipValueOfTag(bytes[position - 1]);
    }

    void skipValueOfTag(byte tag) {
      switch (tag) {
        case NULL -> {}
        case STRING, BYTES -> skipString();
        case BOOL -> skip(1);
        case LONG, DOUBLE -> skip(8);
        case LIST -> {
          int n = checkLength(int32());
          for (int i = 0; i < n; i++) {
            skipValue();
          }
        }
        case MAP -> skipAttributes();
        default -> throw new Malformed("value tag " + tag);
      }
    }
  }

  /** Writes into the output chunk, never past its known length. */
  private static final class Writer {
    final byte[] out;
    final int capacity;
    int position;

    Writer(byte[] out, int capacity) {
      this.out = out;
      this.capacity = capacity;
    }

    void room(int n) {
      if (n > capacity - position) {
        throw new Malformed("records longer than the chunk");
      }
    }

    void byte1(byte b) {
      room(1);
      out[position++] = b;
    }

    void bytes(byte[] src, int at, int n) {
      room(n);
      System.arraycopy(src, at, out, position, n);
      position += n;
    }

    /** Copies bytes this writer wrote earlier; returns where the copy starts. */
    int copyFromSelf(int at, int n) {
      room(n);
      System.arraycopy(out, at, out, position, n);
      position += n;
      return position - n;
    }

    void int32(int v) {
      room(4);
      out[position++] = (byte) (v >>> 24);
      out[position++] = (byte) (v >>> 16);
      out[position++] = (byte) (v >>> 8);
      out[position++] = (byte) v;
    }

    void int64(long v) {
      int32((int) (v >>> 32));
      int32((int) v);
    }

    void varLong(long v) {
      while ((v & ~0x7FL) != 0) {
        byte1((byte) ((v & 0x7F) | 0x80));
        v >>>= 7;
      }
      byte1((byte) v);
    }

    void putVInt(int at, int v) {
      while ((v & ~0x7F) != 0) {
        out[at++] = (byte) ((v & 0x7F) | 0x80);
        v >>>= 7;
      }
      out[at] = (byte) v;
    }

    void unhex(byte[] src, int at, int n) {
      room(n);
      for (int i = 0; i < n; i++) {
        out[position++] = (byte) (digit(src[at + 2 * i]) << 4 | digit(src[at + 2 * i + 1]));
      }
    }

    private static int digit(byte c) {
      if (c >= '0' && c <= '9') {
        return c - '0';
      }
      if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
      }
      throw new Malformed("not a hex digit: " + c);
    }
  }
}
