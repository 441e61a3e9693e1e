package dev.vigil.logindex.store;

import dev.vigil.model.Attributes;
import dev.vigil.model.Bytes;
import dev.vigil.model.TraceId;
import dev.vigil.model.log.LogRecord;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The binary form of a {@link StoredRecord}: the stored source of a Lucene document and the unit a
 * translog entry carries. Lossless for every OTLP value type (see {@code FORMAT.md}); compact
 * rather than clever, as Lucene's stored-field compression removes the repetition between records
 * of one resource.
 */
public final class RecordCodec {
  /**
   * Version 2 writes the observed time as its difference from the event time: the two are close,
   * and a difference that repeats across records compresses to almost nothing where the absolute
   * low bytes did not. Version 1 (the absolute observed time) is still read: old partitions and
   * translog entries hold it.
   */
  static final byte VERSION = 2;

  static final byte VERSION_ABSOLUTE_OBSERVED = 1;
  private static final byte NULL = 0;
  private static final byte STRING = 1;
  private static final byte BOOL = 2;
  private static final byte LONG = 3;
  private static final byte DOUBLE = 4;
  private static final byte BYTES = 5;
  private static final byte LIST = 6;
  private static final byte MAP = 7;

  private RecordCodec() {}

  public static byte[] encode(StoredRecord r) {
    return encode(r, VERSION);
  }

  /** In the given version: tests write what an older build did. */
  static byte[] encode(StoredRecord r, byte version) {
    return new Encoder(version).encode(r);
  }

  /** An encoder for the records of one batch, on one thread. */
  public static Encoder encoder() {
    return new Encoder(VERSION);
  }

  /**
   * Encodes record after record into one reused buffer, and a resource's and scope's bytes once
   * while they repeat: the records of a batch arrive grouped by both, and re-encoding the resource
   * per record (and growing a fresh buffer for each) took 7 % of the appending thread in the
   * 2026-12-07 profile (log-index/README.md).
   */
  public static final class Encoder {
    private final byte version;
    private final Out out = new Out(1024);
    private Attributes resource;
    private String scopeName;
    private String scopeVersion;
    private byte[] prefix;
    private int lineBytes = -1;

    private Encoder(byte version) {
      this.version = version;
    }

    /** The record's bytes, a new array the caller keeps. */
    public byte[] encode(StoredRecord r) {
      int n = encodeInPlace(r); // first: it may grow the buffer
      return java.util.Arrays.copyOf(out.bytes, n);
    }

    /**
     * Encodes the record into the encoder's own buffer ({@link #bytes}, from 0) and returns its
     * length: valid until the next record. For a caller that copies the bytes on anyway (a translog
     * entry), where an array per record only made garbage: the per-record copy was a tenth of the
     * server's allocation on logs-ingest (2026-12-07 14:40 UTC profile, log-index/README.md).
     */
    public int encodeInPlace(StoredRecord r) {
      if (prefix == null
          || r.resource() != resource
          || !r.scopeName().equals(scopeName)
          || !r.scopeVersion().equals(scopeVersion)) {
        out.length = 0;
        out.writeByte(version);
        writeAttributes(out, r.resource());
        out.writeString(r.scopeName());
        out.writeString(r.scopeVersion());
        prefix = out.toByteArray();
        resource = r.resource();
        scopeName = r.scopeName();
        scopeVersion = r.scopeVersion();
      }
      out.length = 0;
      out.write(prefix);
      LogRecord l = r.record();
      out.writeLong(l.timeUnixNano());
      // Wrapping subtraction: time + (observed - time) == observed for any two longs.
      out.writeLong(
          version == VERSION_ABSOLUTE_OBSERVED
              ? l.observedTimeUnixNano()
              : l.observedTimeUnixNano() - l.timeUnixNano());
      out.writeInt(l.severityNumber());
      out.writeString(l.severityText());
      if (l.body() instanceof String line) {
        out.writeByte(STRING);
        lineBytes = out.writeString(line);
      } else {
        writeValue(out, l.body());
        lineBytes = -1;
      }
      writeAttributes(out, l.attributes());
      out.writeInt(l.droppedAttributesCount());
      out.writeInt(l.flags());
      out.writeByte(l.traceId() != null ? 1 : 0);
      if (l.traceId() != null) {
        out.writeLong(l.traceId().high());
        out.writeLong(l.traceId().low());
      }
      out.writeLong(l.spanId());
      out.writeString(l.eventName());
      return out.length;
    }

    /** What {@link #encodeInPlace} wrote, from index 0. */
    public byte[] bytes() {
      return out.bytes;
    }

    /**
     * The UTF-8 length of the last record's line when its body is a string (the document's line
     * size, which the encoding has just measured), else -1.
     */
    public int lineBytes() {
      return lineBytes;
    }
  }

  /**
   * A stream key ({@link StreamKey}): the version byte, the tenant id, the severity number and
   * text, then the resource's attributes, each as in a record.
   */
  static byte[] encodeStream(String tenant, int severityNumber, String severityText, Attributes a) {
    Out out = new Out(256);
    out.writeByte(StreamKey.VERSION);
    out.writeString(tenant);
    out.writeInt(severityNumber);
    out.writeString(severityText);
    writeAttributes(out, a);
    return out.toByteArray();
  }

  /**
   * @throws CorruptSourceException when the bytes are not a stream key this version wrote
   */
  static StreamKey decodeStream(byte[] b, int off, int len) {
    try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(b, off, len))) {
      byte version = in.readByte();
      if (version != StreamKey.VERSION) {
        throw new CorruptSourceException(
            "version " + version + " unknown; this build reads " + StreamKey.VERSION);
      }
      String tenant = readString(in);
      int severityNumber = in.readInt();
      String severityText = readString(in);
      Attributes resource = readAttributes(in);
      if (in.available() != 0) {
        throw new CorruptSourceException("stream key has " + in.available() + " bytes too many");
      }
      return new StreamKey(tenant, severityNumber, severityText, resource);
    } catch (CorruptSourceException e) {
      throw new CorruptSourceException("stream key unreadable: " + e.getMessage());
    } catch (EOFException e) {
      throw new CorruptSourceException("stream key cut short");
    } catch (IOException | IllegalArgumentException e) {
      throw new CorruptSourceException("stream key unreadable: " + e.getMessage());
    }
  }

  /**
   * Big-endian, as {@code DataOutputStream} writes: every append encodes records, and the
   * synchronized {@code ByteArrayOutputStream} under a {@code DataOutputStream} took a lock and a
   * capacity check per byte of every int.
   */
  private static final class Out {
    private byte[] bytes;
    private int length;

    Out(int capacity) {
      bytes = new byte[capacity];
    }

    private void room(int n) {
      if (length + n > bytes.length) {
        bytes = java.util.Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + n));
      }
    }

    void writeByte(int b) {
      room(1);
      bytes[length++] = (byte) b;
    }

    void writeInt(int v) {
      room(4);
      bytes[length++] = (byte) (v >>> 24);
      bytes[length++] = (byte) (v >>> 16);
      bytes[length++] = (byte) (v >>> 8);
      bytes[length++] = (byte) v;
    }

    void writeLong(long v) {
      writeInt((int) (v >>> 32));
      writeInt((int) v);
    }

    void write(byte[] b) {
      room(b.length);
      System.arraycopy(b, 0, bytes, length, b.length);
      length += b.length;
    }

    /**
     * Writes {@code int32 length + UTF-8 bytes} (not {@code writeUTF}'s 16-bit length: bodies and
     * attribute values may be longer than 64 KiB) and returns the length. Through {@code getBytes}:
     * the JDK's encoder checks and copies a Latin-1 string with vector instructions, where a loop
     * over {@code charAt} took 3-4 ns a character (about 0.7 us of every record on logs-ingest, in
     * the 2026-12-08 profile); its array is short-lived garbage, which costs the young collection
     * next to nothing.
     */
    int writeString(String s) {
      byte[] utf8 = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
      writeInt(utf8.length);
      write(utf8);
      return utf8.length;
    }

    byte[] toByteArray() {
      return java.util.Arrays.copyOf(bytes, length);
    }
  }

  /**
   * @throws CorruptSourceException when the bytes are not a record this version wrote
   */
  public static StoredRecord decode(byte[] b, int off, int len) {
    try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(b, off, len))) {
      byte version = checkVersion(in.readByte());
      Attributes resource = readAttributes(in);
      String scopeName = readString(in);
      String scopeVersion = readString(in);
      long time = in.readLong();
      long observed = in.readLong() + (version == VERSION_ABSOLUTE_OBSERVED ? 0 : time);
      int severity = in.readInt();
      String severityText = readString(in);
      Object body = readValue(in);
      Attributes attributes = readAttributes(in);
      int dropped = in.readInt();
      int flags = in.readInt();
      TraceId traceId = in.readBoolean() ? new TraceId(in.readLong(), in.readLong()) : null;
      long spanId = in.readLong();
      String eventName = readString(in);
      LogRecord record =
          new LogRecord(
              time,
              observed,
              severity,
              severityText,
              body,
              attributes,
              dropped,
              flags,
              traceId,
              spanId,
              eventName);
      return new StoredRecord(resource, scopeName, scopeVersion, record);
    } catch (EOFException e) {
      throw new CorruptSourceException("stored source cut short");
    } catch (IOException | IllegalArgumentException e) {
      throw new CorruptSourceException("stored source unreadable: " + e.getMessage());
    }
  }

  /**
   * The body of an encoded record without decoding the rest: what a line filter over a metric query
   * needs from each candidate, many thousands of times per query.
   *
   * @throws CorruptSourceException when the bytes are not a record this version wrote
   */
  public static Object body(byte[] b, int off, int len) {
    try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(b, off, len))) {
      checkVersion(in.readByte());
      skipAttributes(in); // resource
      skipString(in); // scope name
      skipString(in); // scope version
      in.skipNBytes(8 + 8 + 4); // time, observed time, severity number
      skipString(in); // severity text
      return readValue(in);
    } catch (EOFException e) {
      throw new CorruptSourceException("stored source cut short");
    } catch (IOException | IllegalArgumentException e) {
      throw new CorruptSourceException("stored source unreadable: " + e.getMessage());
    }
  }

  private static byte checkVersion(byte version) {
    if (version != VERSION && version != VERSION_ABSOLUTE_OBSERVED) {
      throw new CorruptSourceException(
          "unknown stored-source version "
              + version
              + " (this build reads 1 and 2; a newer build wrote it)");
    }
    return version;
  }

  private static void skipAttributes(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < 0 || n > 1 << 20) {
      throw new CorruptSourceException("impossible attribute count " + n);
    }
    for (int i = 0; i < n; i++) {
      skipString(in);
      skipValue(in);
    }
  }

  private static void skipValue(DataInputStream in) throws IOException {
    byte tag = in.readByte();
    switch (tag) {
      case NULL -> {}
      case STRING, BYTES -> skipString(in); // both are int32 length + bytes
      case BOOL -> in.skipNBytes(1);
      case LONG, DOUBLE -> in.skipNBytes(8);
      case LIST -> {
        int n = in.readInt();
        if (n < 0 || n > in.available()) {
          throw new CorruptSourceException("impossible array length " + n);
        }
        for (int i = 0; i < n; i++) {
          skipValue(in);
        }
      }
      case MAP -> skipAttributes(in);
      default -> throw new CorruptSourceException("unknown value tag " + tag);
    }
  }

  private static void skipString(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < 0 || n > in.available()) {
      throw new CorruptSourceException("impossible string length " + n);
    }
    in.skipNBytes(n);
  }

  private static void writeAttributes(Out out, Attributes a) {
    out.writeInt(a.size());
    for (int i = 0; i < a.size(); i++) {
      out.writeString(a.key(i));
      writeValue(out, a.value(i));
    }
  }

  private static Attributes readAttributes(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < 0 || n > 1 << 20) {
      throw new CorruptSourceException("impossible attribute count " + n);
    }
    Attributes.Builder b = Attributes.builder(n);
    for (int i = 0; i < n; i++) {
      b.put(readString(in), readValue(in));
    }
    return b.build();
  }

  private static void writeValue(Out out, Object v) {
    switch (v) {
      case null -> out.writeByte(NULL);
      case String s -> {
        out.writeByte(STRING);
        out.writeString(s);
      }
      case Boolean x -> {
        out.writeByte(BOOL);
        out.writeByte(x ? 1 : 0);
      }
      case Long x -> {
        out.writeByte(LONG);
        out.writeLong(x);
      }
      case Double x -> {
        out.writeByte(DOUBLE);
        out.writeLong(Double.doubleToLongBits(x)); // as DataOutputStream did: one NaN
      }
      case Bytes x -> {
        out.writeByte(BYTES);
        out.writeInt(x.length());
        out.write(x.toByteArray());
      }
      case List<?> list -> {
        out.writeByte(LIST);
        out.writeInt(list.size());
        for (Object o : list) {
          writeValue(out, o);
        }
      }
      case Attributes a -> {
        out.writeByte(MAP);
        writeAttributes(out, a);
      }
      default ->
          throw new IllegalArgumentException(
              "BUG: the model does not allow values of type " + v.getClass().getName());
    }
  }

  private static Object readValue(DataInputStream in) throws IOException {
    byte tag = in.readByte();
    return switch (tag) {
      case NULL -> null;
      case STRING -> readString(in);
      case BOOL -> in.readBoolean();
      case LONG -> in.readLong();
      case DOUBLE -> in.readDouble();
      case BYTES -> {
        int n = in.readInt();
        if (n < 0 || n > in.available()) {
          throw new CorruptSourceException("impossible byte-string length " + n);
        }
        yield Bytes.copyOf(in.readNBytes(n));
      }
      case LIST -> {
        int n = in.readInt();
        if (n < 0 || n > in.available()) {
          throw new CorruptSourceException("impossible array length " + n);
        }
        List<Object> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
          list.add(readValue(in));
        }
        yield Collections.unmodifiableList(list);
      }
      case MAP -> readAttributes(in);
      default -> throw new CorruptSourceException("unknown value tag " + tag);
    };
  }

  private static String readString(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < 0 || n > in.available()) {
      throw new CorruptSourceException("impossible string length " + n);
    }
    return new String(in.readNBytes(n), java.nio.charset.StandardCharsets.UTF_8);
  }
}
