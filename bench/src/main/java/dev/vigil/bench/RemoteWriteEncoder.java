package dev.vigil.bench;

import com.google.protobuf.CodedOutputStream;
import io.airlift.compress.v3.snappy.SnappyCompressor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;

/** Builds snappy-compressed Prometheus remote-write 1.0 requests. */
final class RemoteWriteEncoder {
  private final ByteArrayOutputStream request = new ByteArrayOutputStream(1 << 20);
  private final CodedOutputStream out = CodedOutputStream.newInstance(request);
  private final ByteArrayOutputStream scratch = new ByteArrayOutputStream(256);

  void add(String[] labels, long timestamp, double value) throws IOException {
    add(labels, new long[] {timestamp}, new double[] {value}, 1);
  }

  /** One time series with its first {@code n} samples. */
  void add(String[] labels, long[] timestamps, double[] values, int n) throws IOException {
    scratch.reset();
    CodedOutputStream ts = CodedOutputStream.newInstance(scratch);
    for (int i = 0; i < labels.length; i += 2) {
      int size =
          CodedOutputStream.computeStringSize(1, labels[i])
              + CodedOutputStream.computeStringSize(2, labels[i + 1]);
      ts.writeTag(1, 2);
      ts.writeUInt32NoTag(size);
      ts.writeString(1, labels[i]);
      ts.writeString(2, labels[i + 1]);
    }
    for (int i = 0; i < n; i++) {
      int sample =
          CodedOutputStream.computeDoubleSize(1, values[i])
              + CodedOutputStream.computeInt64Size(2, timestamps[i]);
      ts.writeTag(2, 2);
      ts.writeUInt32NoTag(sample);
      ts.writeDouble(1, values[i]);
      ts.writeInt64(2, timestamps[i]);
    }
    ts.flush();
    out.writeByteArray(1, scratch.toByteArray());
  }

  byte[] finish() throws IOException {
    out.flush();
    byte[] raw = request.toByteArray();
    request.reset();
    SnappyCompressor c = SnappyCompressor.create();
    byte[] compressed = new byte[c.maxCompressedLength(raw.length)];
    int n = c.compress(raw, 0, raw.length, compressed, 0, compressed.length);
    return Arrays.copyOf(compressed, n);
  }
}
