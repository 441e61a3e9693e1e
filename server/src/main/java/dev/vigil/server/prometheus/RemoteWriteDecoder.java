package dev.vigil.server.prometheus;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import dev.vigil.model.Tenant;
import dev.vigil.model.series.ExemplarSample;
import dev.vigil.model.series.Labels;
import dev.vigil.model.series.SeriesAppender;
import dev.vigil.model.series.SeriesRef;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes a Prometheus remote-write 1.0 request (snappy-compressed {@code prometheus.WriteRequest})
 * straight into an appender, without generated classes: the message is three nested levels of two
 * fields each. Exemplars go to the tsdb's exemplar storage (one it refuses, as older than its
 * series' newest, is counted, and the request still succeeds, as in Prometheus); native histograms
 * are counted and skipped (the tsdb stores floats).
 */
final class RemoteWriteDecoder {
  /** Outcome of one request. */
  record Result(
      long samples,
      long refused,
      long skippedHistograms,
      String firstRefusal,
      long exemplars,
      long refusedExemplars) {}

  private RemoteWriteDecoder() {}

  static byte[] uncompress(byte[] body, int maxBytes) throws RemoteWriteException {
    try {
      return dev.vigil.server.http.SnappyBody.uncompress(body, maxBytes);
    } catch (dev.vigil.server.http.SnappyBody.RefusedException e) {
      throw new RemoteWriteException(e.status(), e.getMessage());
    }
  }

  /** Appends every sample; refusals of single samples (too old, series limit) are counted. */
  static Result decode(
      byte[] message,
      Tenant tenant,
      SeriesAppender appender,
      dev.vigil.tsdb.MetricMetadata metadata)
      throws RemoteWriteException {
    return decode(message, tenant, appender, metadata, null, null);
  }

  /**
   * As above; with a cache, a series whose label bytes were seen before skips decoding its labels.
   * Labels are the leading fields of a TimeSeries in every known sender; a series whose labels do
   * not lead is decoded in full. With {@code orders} as well, a series at the same position as in
   * an earlier request with the same first series is found by one byte compare.
   */
  static Result decode(
      byte[] message,
      Tenant tenant,
      SeriesAppender appender,
      dev.vigil.tsdb.MetricMetadata metadata,
      LabelsCache cache,
      SeriesOrderCache orders)
      throws RemoteWriteException {
    long samples = 0;
    long refused = 0;
    long histograms = 0;
    long exemplarsStored = 0;
    long exemplarsRefused = 0;
    String firstRefusal = null;
    try {
      CodedInputStream in = CodedInputStream.newInstance(message);
      List<String> labels = new ArrayList<>();
      Points points = new Points();
      List<ExemplarSample> exemplars = new ArrayList<>();
      int[] ranges = new int[16];
      SeriesOrderCache.Cursor order = null;
      for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
        if (WireFormat.getTagFieldNumber(tag) == 3
            && WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
          readMetadata(in, tenant, metadata);
          continue;
        }
        if (WireFormat.getTagFieldNumber(tag) != 1
            || WireFormat.getTagWireType(tag) != WireFormat.WIRETYPE_LENGTH_DELIMITED) {
          in.skipField(tag);
          continue;
        }
        int limit = in.pushLimit(in.readRawVarint32());
        points.size = 0;
        exemplars.clear();
        // First pass: note where the label fields are without decoding them, read the samples.
        int labelFields = 0;
        boolean contiguous = true;
        int lastLabelEnd = -1;
        int regionStart = -1;
        for (int fieldStart = in.getTotalBytesRead(), t = in.readTag();
            t != 0;
            fieldStart = in.getTotalBytesRead(), t = in.readTag()) {
          switch (WireFormat.getTagFieldNumber(t)) {
            case 1 -> {
              int length = in.readRawVarint32();
              int payload = in.getTotalBytesRead();
              in.skipRawBytes(length);
              if (labelFields * 2 + 2 > ranges.length) {
                ranges = java.util.Arrays.copyOf(ranges, ranges.length * 2);
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
            case 2 -> readSample(in, points);
            case 3 -> {
              ExemplarSample e = readExemplar(in);
              if (e == null) {
                exemplarsRefused++;
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
        in.popLimit(limit);
        boolean cacheable = cache != null && contiguous && labelFields > 0;
        int regionLength = lastLabelEnd - regionStart;
        if (orders != null && cacheable && order == null) {
          order = orders.start(tenant, message, regionStart, regionLength);
        }
        LabelsCache.Entry cached = null;
        if (cacheable && order != null) {
          cached = order.match(message, regionStart, regionLength);
        }
        LabelsCache.Key key = null;
        if (cached == null && cacheable) {
          key = new LabelsCache.Key(message, regionStart, regionLength);
          cached = cache.get(key);
        }
        Labels series = cached == null ? null : cached.labels;
        if (series == null) {
          labels.clear();
          for (int i = 0; i < labelFields; i++) {
            CodedInputStream label =
                CodedInputStream.newInstance(message, ranges[2 * i], ranges[2 * i + 1]);
            readLabelFields(label, labels);
          }
          if (cache != null) {
            cache.intern(labels);
          }
          try {
            series = Labels.of(labels.toArray(new String[0]));
          } catch (IllegalArgumentException e) {
            throw new RemoteWriteException(
                400, "a time series has invalid labels: " + e.getMessage());
          }
          if (key != null) {
            cached = cache.put(key, series);
          }
        }
        if (order != null) {
          if (cacheable) {
            order.record(message, regionStart, regionLength, cached);
          } else {
            order.abandon();
          }
        }
        if (series.metricName().isEmpty()) {
          throw new RemoteWriteException(400, "a time series has no __name__ label: " + series);
        }
        SeriesRef ref = null;
        if (cached != null && points.size > 0) {
          ref = cached.ref(tenant);
          if (ref == null) {
            try {
              ref = appender.ref(tenant, series);
              cached.ref(ref);
            } catch (IllegalArgumentException refusedSeries) {
              // Each sample is refused and counted below, by the appends by labels.
            }
          }
        }
        for (int i = 0; i < points.size; i++) {
          try {
            double value = Double.longBitsToDouble(points.bits[i]);
            if (ref != null) {
              appender.append(ref, points.times[i], value);
            } else {
              appender.append(tenant, series, points.times[i], value);
            }
            samples++;
          } catch (IllegalArgumentException e) {
            refused++;
            if (firstRefusal == null) {
              firstRefusal = e.getMessage();
            }
          }
        }
        for (ExemplarSample e : exemplars) {
          try {
            appender.appendExemplar(tenant, series, e);
            exemplarsStored++;
          } catch (IllegalArgumentException countedNotFatal) {
            exemplarsRefused++;
          }
        }
      }
      if (order != null) {
        order.finish();
      }
    } catch (IOException e) {
      throw new RemoteWriteException(
          400, "body is not a valid remote-write protobuf message: " + e.getMessage());
    }
    return new Result(
        samples, refused, histograms, firstRefusal, exemplarsStored, exemplarsRefused);
  }

  /** MetricMetadata{type enum = 1, metric_family_name = 2, help = 4, unit = 5}. */
  private static void readMetadata(
      CodedInputStream in, Tenant tenant, dev.vigil.tsdb.MetricMetadata metadata)
      throws IOException {
    int limit = in.pushLimit(in.readRawVarint32());
    int type = 0;
    String family = "";
    String help = "";
    String unit = "";
    for (int t = in.readTag(); t != 0; t = in.readTag()) {
      switch (WireFormat.getTagFieldNumber(t)) {
        case 1 -> type = in.readEnum();
        case 2 -> family = in.readStringRequireUtf8();
        case 4 -> help = in.readStringRequireUtf8();
        case 5 -> unit = in.readStringRequireUtf8();
        default -> in.skipField(t);
      }
    }
    in.popLimit(limit);
    if (!family.isEmpty() && metadata != null) {
      String[] types = {
        "unknown", "counter", "gauge", "histogram", "gaugehistogram", "summary", "info", "stateset"
      };
      metadata.put(
          tenant, family, type >= 0 && type < types.length ? types[type] : "unknown", help, unit);
    }
  }

  /** Reads one Label message's fields from a stream positioned on its payload. */
  private static void readLabelFields(CodedInputStream in, List<String> labels) throws IOException {
    String name = "";
    String value = "";
    for (int t = in.readTag(); t != 0; t = in.readTag()) {
      switch (WireFormat.getTagFieldNumber(t)) {
        case 1 -> name = in.readStringRequireUtf8();
        case 2 -> value = in.readStringRequireUtf8();
        default -> in.skipField(t);
      }
    }
    labels.add(name);
    labels.add(value);
  }

  /**
   * Exemplar{labels = 1, value = 2, timestamp = 3}; null when its labels are invalid or over
   * OpenMetrics' limit, which refuses the exemplar but not the request.
   */
  private static ExemplarSample readExemplar(CodedInputStream in) throws IOException {
    int limit = in.pushLimit(in.readRawVarint32());
    List<String> labels = new ArrayList<>();
    double value = 0;
    long ts = 0;
    for (int t = in.readTag(); t != 0; t = in.readTag()) {
      switch (WireFormat.getTagFieldNumber(t)) {
        case 1 -> {
          int l = in.pushLimit(in.readRawVarint32());
          readLabelFields(in, labels);
          in.popLimit(l);
        }
        case 2 -> value = in.readDouble();
        case 3 -> ts = in.readInt64();
        default -> in.skipField(t);
      }
    }
    in.popLimit(limit);
    try {
      return new ExemplarSample(Labels.of(labels.toArray(new String[0])), value, ts);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** The samples of one TimeSeries, reused from series to series. */
  private static final class Points {
    long[] times = new long[8];
    long[] bits = new long[8];
    int size;

    void add(long time, long valueBits) {
      if (size == times.length) {
        times = java.util.Arrays.copyOf(times, size * 2);
        bits = java.util.Arrays.copyOf(bits, size * 2);
      }
      times[size] = time;
      bits[size] = valueBits;
      size++;
    }
  }

  /** Sample{value = 1 (double), timestamp = 2 (int64 ms)}. */
  private static void readSample(CodedInputStream in, Points points) throws IOException {
    int limit = in.pushLimit(in.readRawVarint32());
    long bits = 0;
    long ts = 0;
    for (int t = in.readTag(); t != 0; t = in.readTag()) {
      switch (WireFormat.getTagFieldNumber(t)) {
        case 1 -> bits = in.readRawLittleEndian64();
        case 2 -> ts = in.readInt64();
        default -> in.skipField(t);
      }
    }
    in.popLimit(limit);
    points.add(ts, bits);
  }
}
