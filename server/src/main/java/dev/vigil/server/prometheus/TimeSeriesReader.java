package dev.vigil.server.prometheus;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.WireFormat;
import dev.vigil.model.series.ExemplarSample;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads one {@code TimeSeries{labels = 1, samples = 2, exemplars = 3, histograms = 4}} of a
 * remote-write request: where its label fields lie (without decoding them), its samples and its
 * exemplars. Reused from series to series; not thread-safe.
 *
 * <p>The common shape (labels, then samples, then perhaps exemplars) is read straight from the
 * bytes: through {@link CodedInputStream} each sample cost a stream limit pushed and popped and a
 * few calls per field, a tenth of the request threads' samples. Anything else, such as groups or a
 * known field with an unexpected wire type, is read again from the start through {@link
 * CodedInputStream}, as before, so an odd but valid message is read exactly as it was.
 */
final class TimeSeriesReader {
  /** Offset and length of each label field's payload, in pairs. */
  int[] ranges = new int[16];

  int labelFields;

  /** Whether the label fields follow one another with nothing between them. */
  boolean contiguous;

  /** Where the first label field's tag starts, and where the last one's payload ends. */
  int regionStart;

  int lastLabelEnd;
  int histograms;
  int refusedExemplars;
  final List<ExemplarSample> exemplars = new ArrayList<>();
  long[] times = new long[8];
  long[] bits = new long[8];
  int samples;

  private int pos;
  private int limit;

  /** Reads the series whose payload is {@code message[start, end)}. */
  void read(byte[] message, int start, int end) throws IOException {
    reset();
    if (!readDirectly(message, start, end)) {
      reset();
      readThroughStream(message, start, end);
    }
  }

  private void reset() {
    labelFields = 0;
    contiguous = true;
    regionStart = -1;
    lastLabelEnd = -1;
    histograms = 0;
    refusedExemplars = 0;
    exemplars.clear();
    samples = 0;
  }

  /** False when the series has a shape left to {@link #readThroughStream}. */
  private boolean readDirectly(byte[] b, int start, int end) throws IOException {
    pos = start;
    limit = end;
    while (pos < limit) {
      int fieldStart = pos;
      long tag = varint(b);
      int field = (int) (tag >>> 3);
      int wireType = (int) tag & 7;
      if (tag >>> 32 != 0 || field == 0) {
        throw new InvalidProtocolBufferException("invalid tag in a TimeSeries");
      }
      if (wireType == WireFormat.WIRETYPE_START_GROUP
          || wireType == WireFormat.WIRETYPE_END_GROUP
          || (field <= 4 && wireType != WireFormat.WIRETYPE_LENGTH_DELIMITED)) {
        return false;
      }
      if (wireType != WireFormat.WIRETYPE_LENGTH_DELIMITED) {
        skip(b, wireType);
        continue;
      }
      int lengthAt = pos;
      int length = length(b);
      int payload = pos;
      pos += length;
      switch (field) {
        case 1 -> addLabel(fieldStart, payload, length);
        case 2 -> {
          if (!sample(b, payload, pos)) {
            return false;
          }
        }
        case 3 -> exemplar(b, lengthAt, pos);
        case 4 -> histograms++;
        default -> {}
      }
    }
    return true;
  }

  /** Sample{value = 1 (double), timestamp = 2 (int64 ms)}; false for a shape left to the stream. */
  private boolean sample(byte[] b, int start, int end) throws IOException {
    int outer = limit;
    limit = end;
    pos = start;
    long valueBits = 0;
    long ts = 0;
    while (pos < limit) {
      long tag = varint(b);
      int field = (int) (tag >>> 3);
      int wireType = (int) tag & 7;
      if (tag >>> 32 != 0 || field == 0) {
        throw new InvalidProtocolBufferException("invalid tag in a TimeSeries");
      }
      if (field == 1 && wireType == WireFormat.WIRETYPE_FIXED64) {
        valueBits = fixed64(b);
      } else if (field == 2 && wireType == WireFormat.WIRETYPE_VARINT) {
        ts = varint(b);
      } else if (field <= 2
          || wireType == WireFormat.WIRETYPE_START_GROUP
          || wireType == WireFormat.WIRETYPE_END_GROUP) {
        return false;
      } else {
        skip(b, wireType);
      }
    }
    limit = outer;
    addSample(ts, valueBits);
    return true;
  }

  private void exemplar(byte[] b, int lengthAt, int end) throws IOException {
    ExemplarSample e =
        RemoteWriteDecoder.readExemplar(CodedInputStream.newInstance(b, lengthAt, end - lengthAt));
    if (e == null) {
      refusedExemplars++;
    } else {
      exemplars.add(e);
    }
  }

  private void skip(byte[] b, int wireType) throws IOException {
    switch (wireType) {
      case WireFormat.WIRETYPE_VARINT -> varint(b);
      case WireFormat.WIRETYPE_FIXED64 -> advance(8);
      case WireFormat.WIRETYPE_LENGTH_DELIMITED -> pos += length(b);
      case WireFormat.WIRETYPE_FIXED32 -> advance(4);
      default -> throw new InvalidProtocolBufferException("invalid wire type in a TimeSeries");
    }
  }

  private void advance(int n) throws InvalidProtocolBufferException {
    if (n > limit - pos) {
      throw new InvalidProtocolBufferException("truncated TimeSeries");
    }
    pos += n;
  }

  /** A length prefix, checked against what is left. */
  private int length(byte[] b) throws IOException {
    long n = varint(b);
    if (n < 0 || n > limit - pos) {
      throw n < 0
          ? new InvalidProtocolBufferException("negative length in a TimeSeries")
          : new InvalidProtocolBufferException("truncated TimeSeries");
    }
    return (int) n;
  }

  private long varint(byte[] b) throws InvalidProtocolBufferException {
    long result = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos >= limit) {
        throw new InvalidProtocolBufferException("truncated TimeSeries");
      }
      byte x = b[pos++];
      result |= (long) (x & 0x7f) << shift;
      if (x >= 0) {
        return result;
      }
    }
    throw new InvalidProtocolBufferException("malformed varint in a TimeSeries");
  }

  private long fixed64(byte[] b) throws InvalidProtocolBufferException {
    if (limit - pos < 8) {
      throw new InvalidProtocolBufferException("truncated TimeSeries");
    }
    long v = (long) LONGS.get(b, pos);
    pos += 8;
    return v;
  }

  private static final java.lang.invoke.VarHandle LONGS =
      java.lang.invoke.MethodHandles.byteArrayViewVarHandle(
          long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);

  /** The reading as before this class: one stream over the series, field by field. */
  private void readThroughStream(byte[] message, int start, int end) throws IOException {
    CodedInputStream in = CodedInputStream.newInstance(message, start, end - start);
    for (int fieldStart = start + in.getTotalBytesRead(), t = in.readTag();
        t != 0;
        fieldStart = start + in.getTotalBytesRead(), t = in.readTag()) {
      switch (WireFormat.getTagFieldNumber(t)) {
        case 1 -> {
          int length = in.readRawVarint32();
          int payload = start + in.getTotalBytesRead();
          in.skipRawBytes(length);
          addLabel(fieldStart, payload, length);
        }
        case 2 -> {
          int l = in.pushLimit(in.readRawVarint32());
          long valueBits = 0;
          long ts = 0;
          for (int st = in.readTag(); st != 0; st = in.readTag()) {
            switch (WireFormat.getTagFieldNumber(st)) {
              case 1 -> valueBits = in.readRawLittleEndian64();
              case 2 -> ts = in.readInt64();
              default -> in.skipField(st);
            }
          }
          in.popLimit(l);
          addSample(ts, valueBits);
        }
        case 3 -> {
          ExemplarSample e = RemoteWriteDecoder.readExemplar(in);
          if (e == null) {
            refusedExemplars++;
          } else {
            exemplars.add(e);
          }
        }
        case 4 -> {
          histograms++;
          in.skipField(t);
        }
        default -> in.skipField(t);
      }
    }
  }

  private void addLabel(int fieldStart, int payload, int length) {
    if (labelFields * 2 + 2 > ranges.length) {
      ranges = Arrays.copyOf(ranges, ranges.length * 2);
    }
    ranges[2 * labelFields] = payload;
    ranges[2 * labelFields + 1] = length;
    if (labelFields == 0) {
      regionStart = fieldStart;
    } else if (lastLabelEnd != fieldStart) {
      contiguous = false;
    }
    lastLabelEnd = payload + length;
    labelFields++;
  }

  private void addSample(long time, long valueBits) {
    if (samples == times.length) {
      times = Arrays.copyOf(times, samples * 2);
      bits = Arrays.copyOf(bits, samples * 2);
    }
    times[samples] = time;
    bits[samples] = valueBits;
    samples++;
  }
}
