package dev.vigil.tsdb.head;

import dev.vigil.model.Tenant;
import dev.vigil.model.series.ExemplarSample;
import dev.vigil.model.series.Labels;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The head's WAL record payloads (see {@code tsdb/FORMAT.md}). Type 1, series: {@code count}, then
 * per series {@code ref, tenant, pairs, name/value…}. Type 2, samples: {@code count, baseTime},
 * then per sample {@code ref, time − baseTime (zigzag), value (8 bytes, IEEE bits)}. Type 3,
 * exemplars: {@code count, baseTime}, then per exemplar {@code ref, time − baseTime (zigzag), value
 * (8 bytes), pairs, name/value…}. Integers are unsigned LEB128 varints, strings a varint length and
 * UTF-8 bytes.
 */
final class WalRecords {
  static final byte SERIES = 1;
  static final byte SAMPLES = 2;
  static final byte EXEMPLARS = 3;

  record SeriesEntry(long ref, Tenant tenant, Labels labels) {}

  record SampleEntry(long ref, long t, double v) {}

  record ExemplarEntry(long ref, ExemplarSample exemplar) {}

  private WalRecords() {}

  static byte[] series(List<SeriesEntry> entries) {
    Out out = new Out(64 * entries.size());
    out.write(SERIES);
    out.varint(entries.size());
    for (SeriesEntry e : entries) {
      out.varint(e.ref());
      out.string(e.tenant().id());
      out.varint(e.labels().size());
      for (int i = 0; i < e.labels().size(); i++) {
        out.string(e.labels().name(i));
        out.string(e.labels().value(i));
      }
    }
    return out.toByteArray();
  }

  static byte[] samples(List<SampleEntry> entries) {
    // ref, a time delta of a few bytes and 8 value bytes: 13 for small refs and deltas.
    Out out = new Out(16 + 14 * entries.size());
    out.write(SAMPLES);
    out.varint(entries.size());
    long base = entries.isEmpty() ? 0 : entries.get(0).t();
    out.varint(zigzag(base));
    for (SampleEntry e : entries) {
      out.varint(e.ref());
      out.varint(zigzag(e.t() - base));
      out.float64(e.v());
    }
    return out.toByteArray();
  }

  static byte[] exemplars(List<ExemplarEntry> entries) {
    Out out = new Out(128 * entries.size());
    out.write(EXEMPLARS);
    out.varint(entries.size());
    long base = entries.isEmpty() ? 0 : entries.get(0).exemplar().timestamp();
    out.varint(zigzag(base));
    for (ExemplarEntry e : entries) {
      ExemplarSample x = e.exemplar();
      out.varint(e.ref());
      out.varint(zigzag(x.timestamp() - base));
      out.float64(x.value());
      out.varint(x.labels().size());
      for (int i = 0; i < x.labels().size(); i++) {
        out.string(x.labels().name(i));
        out.string(x.labels().value(i));
      }
    }
    return out.toByteArray();
  }

  /**
   * What a WAL checkpoint keeps of a record: series entries of live series, samples and exemplars
   * of live series at or after {@code boundary}; null when nothing is left. Unknown record types
   * are kept.
   */
  static byte[] keep(byte[] record, long boundary, java.util.function.LongPredicate live) {
    switch (type(record)) {
      case SERIES -> {
        List<SeriesEntry> in = readSeries(record);
        List<SeriesEntry> out = in.stream().filter(e -> live.test(e.ref())).toList();
        return out.isEmpty() ? null : out.size() == in.size() ? record : series(out);
      }
      case SAMPLES -> {
        List<SampleEntry> in = readSamples(record);
        List<SampleEntry> out =
            in.stream().filter(e -> e.t() >= boundary && live.test(e.ref())).toList();
        return out.isEmpty() ? null : out.size() == in.size() ? record : samples(out);
      }
      case EXEMPLARS -> {
        List<ExemplarEntry> in = readExemplars(record);
        List<ExemplarEntry> out =
            in.stream()
                .filter(e -> e.exemplar().timestamp() >= boundary && live.test(e.ref()))
                .toList();
        return out.isEmpty() ? null : out.size() == in.size() ? record : exemplars(out);
      }
      default -> {
        return record;
      }
    }
  }

  static byte type(byte[] record) {
    return record[0];
  }

  static List<SeriesEntry> readSeries(byte[] record) {
    In in = new In(record);
    int n = (int) in.varint();
    List<SeriesEntry> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      long ref = in.varint();
      Tenant tenant = new Tenant(in.string());
      int pairs = (int) in.varint();
      String[] nv = new String[pairs * 2];
      for (int p = 0; p < nv.length; p++) {
        nv[p] = in.string();
      }
      out.add(new SeriesEntry(ref, tenant, Labels.of(nv)));
    }
    return out;
  }

  static List<SampleEntry> readSamples(byte[] record) {
    In in = new In(record);
    int n = (int) in.varint();
    long base = unzigzag(in.varint());
    List<SampleEntry> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      long ref = in.varint();
      long t = base + unzigzag(in.varint());
      out.add(new SampleEntry(ref, t, in.float64()));
    }
    return out;
  }

  static List<ExemplarEntry> readExemplars(byte[] record) {
    In in = new In(record);
    int n = (int) in.varint();
    long base = unzigzag(in.varint());
    List<ExemplarEntry> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      long ref = in.varint();
      long t = base + unzigzag(in.varint());
      double value = in.float64();
      int pairs = (int) in.varint();
      if (pairs < 0 || pairs > ExemplarSample.MAX_LABEL_CHARS) {
        throw new IllegalStateException("WAL exemplar has " + pairs + " labels");
      }
      String[] nv = new String[pairs * 2];
      for (int p = 0; p < nv.length; p++) {
        nv[p] = in.string();
      }
      out.add(new ExemplarEntry(ref, new ExemplarSample(Labels.of(nv), value, t)));
    }
    return out;
  }

  static long zigzag(long v) {
    return (v << 1) ^ (v >> 63);
  }

  static long unzigzag(long v) {
    return (v >>> 1) ^ -(v & 1);
  }

  /**
   * A growing byte buffer; not {@link java.io.ByteArrayOutputStream}, whose writes synchronize once
   * per byte, and a samples record of a remote-write request is some 13,000 of them.
   */
  private static final class Out {
    private byte[] buf;
    private int size;

    Out(int expected) {
      buf = new byte[Math.max(16, expected)];
    }

    void write(int b) {
      if (size == buf.length) {
        buf = Arrays.copyOf(buf, size * 2);
      }
      buf[size++] = (byte) b;
    }

    void write(byte[] b, int off, int len) {
      if (size + len > buf.length) {
        buf = Arrays.copyOf(buf, Math.max(size * 2, size + len));
      }
      System.arraycopy(b, off, buf, size, len);
      size += len;
    }

    void varint(long v) {
      while ((v & ~0x7FL) != 0) {
        write((int) ((v & 0x7F) | 0x80));
        v >>>= 7;
      }
      write((int) v);
    }

    /** The IEEE 754 bits, most significant byte first. */
    void float64(double v) {
      long bits = Double.doubleToRawLongBits(v);
      for (int s = 56; s >= 0; s -= 8) {
        write((int) (bits >>> s));
      }
    }

    void string(String s) {
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      varint(b.length);
      write(b, 0, b.length);
    }

    byte[] toByteArray() {
      return Arrays.copyOf(buf, size);
    }
  }

  /**
   * Reads a payload; a malformed one (which the CRC should have caught) throws
   * IllegalStateException.
   */
  private static final class In {
    private final byte[] b;
    private int pos = 1;

    In(byte[] b) {
      this.b = b;
    }

    int readByte() {
      if (pos >= b.length) {
        throw new IllegalStateException("WAL record ends early at byte " + pos);
      }
      return b[pos++] & 0xFF;
    }

    long varint() {
      long v = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        int x = readByte();
        v |= (long) (x & 0x7F) << shift;
        if ((x & 0x80) == 0) {
          return v;
        }
      }
      throw new IllegalStateException("WAL record has an overlong varint at byte " + pos);
    }

    double float64() {
      long bits = 0;
      for (int b = 0; b < 8; b++) {
        bits = (bits << 8) | readByte();
      }
      return Double.longBitsToDouble(bits);
    }

    String string() {
      int n = (int) varint();
      if (n < 0 || pos + n > b.length) {
        throw new IllegalStateException(
            "WAL record has a string running past its end at byte " + pos);
      }
      String s = new String(b, pos, n, StandardCharsets.UTF_8);
      pos += n;
      return s;
    }
  }
}
