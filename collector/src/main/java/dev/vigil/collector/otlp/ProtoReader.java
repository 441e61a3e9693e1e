package dev.vigil.collector.otlp;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * A cursor over protobuf wire format in a byte array, accepting exactly what protobuf-java's {@code
 * CodedInputStream} accepts: varints of up to ten bytes (32-bit ones truncated), lengths checked
 * against the enclosing message, unknown fields of every wire type skipped (groups included, their
 * end tags matched), and at most {@value #MAX_DEPTH} levels of nested messages and groups,
 * protobuf-java's default recursion limit. Every error is a {@link MalformedOtlpException} naming
 * the byte offset from the start of the input.
 *
 * <p>The signal decoders drive it message by message: {@link #enterMessage()} reads a length and
 * narrows {@link #limit} to it, the caller reads tags until {@link #pos} reaches the limit, and
 * {@link #leaveMessage(int)} restores the outer limit. Reads never go past {@link #limit}, so a
 * message can never overrun its parent. Not thread-safe.
 */
final class ProtoReader {
  /** protobuf-java's default recursion limit; nested messages and groups both count. */
  static final int MAX_DEPTH = 100;

  static final int WIRE_VARINT = 0;
  static final int WIRE_FIXED64 = 1;
  static final int WIRE_LEN = 2;
  static final int WIRE_START_GROUP = 3;
  static final int WIRE_END_GROUP = 4;
  static final int WIRE_FIXED32 = 5;

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle INTS =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

  byte[] buf;

  /** The next byte to read. */
  int pos;

  /** The end of the message being read: no read goes at or past it. */
  int limit;

  private int start;
  private int depth;
  private final StringTable strings = new StringTable();

  /** Starts reading {@code len} bytes of {@code buf} from {@code off}. */
  void reset(byte[] buf, int off, int len) {
    java.util.Objects.checkFromIndexSize(off, len, buf.length);
    this.buf = buf;
    this.pos = off;
    this.start = off;
    this.limit = off + len;
    this.depth = 0;
  }

  /** Drops the reference to the last input so a pooled decoder does not pin it. */
  void release() {
    buf = null;
  }

  boolean hasMore() {
    return pos < limit;
  }

  /** The next tag; its field number is never 0. Only call while {@link #hasMore()}. */
  int readTag() throws MalformedOtlpException {
    int p = pos;
    byte b = buf[p];
    int tag;
    if (b > 0) {
      pos = p + 1;
      tag = b;
    } else {
      tag = (int) readVarintStrict();
    }
    if ((tag >>> 3) == 0) {
      throw error("invalid tag " + tag + " (field number 0)", p);
    }
    return tag;
  }

  /**
   * A 64-bit varint (int64, uint64, bool). Mirrors protobuf-java's fast path, which, with ten or
   * more bytes left, takes only bit 0 of a tenth byte and accepts it when that bit is set even if
   * its continuation bit is set too; everything else is as strict as {@link #readVarintStrict()}.
   */
  long readVarint64() throws MalformedOtlpException {
    int p = pos;
    byte[] b = buf;
    if (limit - p < 10) {
      return readVarintStrict();
    }
    long x = b[p++];
    if (x >= 0) {
      pos = p;
      return x;
    }
    x &= 0x7F;
    for (int shift = 7; shift < 63; shift += 7) {
      long y = b[p++];
      x |= (y & 0x7F) << shift;
      if (y >= 0) {
        pos = p;
        return x;
      }
    }
    long tenth = b[p++];
    if ((tenth & 1) == 0 && tenth < 0) {
      throw error("malformed varint (more than 10 bytes)", pos);
    }
    pos = p;
    return x | tenth << 63;
  }

  /** A varint of at most ten bytes, the tenth without a continuation bit. */
  private long readVarintStrict() throws MalformedOtlpException {
    int p = pos;
    long x = 0;
    for (int shift = 0; shift < 70; shift += 7) {
      if (p >= limit) {
        throw truncated(pos);
      }
      byte y = buf[p++];
      x |= (long) (y & 0x7F) << shift;
      if (y >= 0) {
        pos = p;
        return x;
      }
    }
    throw error("malformed varint (more than 10 bytes)", pos);
  }

  /** A 32-bit varint (int32, uint32, enum, lengths): the low 32 bits of up to ten bytes. */
  int readVarint32() throws MalformedOtlpException {
    int p = pos;
    if (p < limit) {
      byte b = buf[p];
      if (b >= 0) {
        pos = p + 1;
        return b;
      }
    }
    return (int) readVarintStrict();
  }

  int readSInt32() throws MalformedOtlpException {
    int n = readVarint32();
    return (n >>> 1) ^ -(n & 1);
  }

  boolean readBool() throws MalformedOtlpException {
    return readVarint64() != 0;
  }

  long readFixed64() throws MalformedOtlpException {
    int p = pos;
    if (limit - p < 8) {
      throw truncated(p);
    }
    pos = p + 8;
    return (long) LONGS.get(buf, p);
  }

  int readFixed32() throws MalformedOtlpException {
    int p = pos;
    if (limit - p < 4) {
      throw truncated(p);
    }
    pos = p + 4;
    return (int) INTS.get(buf, p);
  }

  double readDouble() throws MalformedOtlpException {
    return Double.longBitsToDouble(readFixed64());
  }

  /**
   * Reads the length of a length-delimited field and checks it fits the current message; the
   * field's bytes then start at {@link #pos}. The caller must advance {@link #pos} past them.
   */
  int readLength() throws MalformedOtlpException {
    int at = pos;
    int len = readVarint32();
    if (len < 0) {
      throw error("negative length " + len, at);
    }
    if (len > limit - pos) {
      throw error("length " + len + " runs past the end of its message", at);
    }
    return len;
  }

  /** Reads a UTF-8 string field; {@code field} names it in the error if it is not valid UTF-8. */
  String readString(String field) throws MalformedOtlpException {
    int len = readLength();
    int p = pos;
    String s = strings.get(buf, p, len);
    if (s == null) {
      throw error("invalid UTF-8 in " + field, p);
    }
    pos = p + len;
    return s;
  }

  /**
   * Checks a string field is valid UTF-8 without keeping it (fields the model has no place for).
   */
  void skipString(String field) throws MalformedOtlpException {
    int len = readLength();
    int p = pos;
    if (!Utf8Validator.isValid(buf, p, len)) {
      throw error("invalid UTF-8 in " + field, p);
    }
    pos = p + len;
  }

  /**
   * Enters a nested message: reads its length, narrows {@link #limit} to it and returns the outer
   * limit, to be handed back to {@link #leaveMessage(int)} once {@link #pos} reached the new limit.
   */
  int enterMessage() throws MalformedOtlpException {
    int len = readLength();
    if (++depth > MAX_DEPTH) {
      throw error("messages nested deeper than " + MAX_DEPTH, pos);
    }
    int outer = limit;
    limit = pos + len;
    return outer;
  }

  void leaveMessage(int outerLimit) {
    depth--;
    limit = outerLimit;
  }

  /** Narrows the limit to a packed field's bytes; undo with {@link #leavePacked(int)}. */
  int enterPacked(int len) {
    int outer = limit;
    limit = pos + len;
    return outer;
  }

  void leavePacked(int outerLimit) {
    limit = outerLimit;
  }

  /** Skips the value of a field this decoder does not keep, validating its structure. */
  void skipField(int tag) throws MalformedOtlpException {
    int at = pos;
    switch (tag & 7) {
      case WIRE_VARINT -> readVarint64();
      case WIRE_FIXED64 -> skipBytes(8);
      case WIRE_LEN -> {
        int len =
            readLength(); // read before adding: `pos += readLength()` would add to the old pos
        pos += len;
      }
      case WIRE_START_GROUP -> skipGroup(tag >>> 3);
      case WIRE_FIXED32 -> skipBytes(4);
      case WIRE_END_GROUP ->
          throw error("end-group tag of field " + (tag >>> 3) + " outside its group", at);
      default -> throw error("invalid wire type " + (tag & 7) + " of field " + (tag >>> 3), at);
    }
  }

  private void skipBytes(int n) throws MalformedOtlpException {
    if (limit - pos < n) {
      throw truncated(pos);
    }
    pos += n;
  }

  private void skipGroup(int field) throws MalformedOtlpException {
    if (++depth > MAX_DEPTH) {
      throw error("groups nested deeper than " + MAX_DEPTH, pos);
    }
    while (true) {
      if (pos >= limit) {
        throw error("group of field " + field + " not ended", pos);
      }
      int at = pos;
      int tag = readTag();
      if ((tag & 7) == WIRE_END_GROUP) {
        if ((tag >>> 3) != field) {
          throw error(
              "end-group tag of field " + (tag >>> 3) + " ends the group of field " + field, at);
        }
        depth--;
        return;
      }
      skipField(tag);
    }
  }

  MalformedOtlpException truncated(int at) {
    return error("truncated input", at);
  }

  MalformedOtlpException error(String problem, int at) {
    return new MalformedOtlpException(problem + " at byte " + (at - start));
  }
}
