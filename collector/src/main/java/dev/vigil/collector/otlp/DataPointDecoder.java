package dev.vigil.collector.otlp;

import dev.vigil.model.Attributes;
import dev.vigil.model.metric.Exemplar;
import dev.vigil.model.metric.ExponentialBuckets;
import dev.vigil.model.metric.ExponentialHistogramPoint;
import dev.vigil.model.metric.HistogramPoint;
import dev.vigil.model.metric.NumberPoint;
import dev.vigil.model.metric.NumberValue;
import dev.vigil.model.metric.SummaryPoint;
import java.util.List;

/**
 * Decodes the data points of the five OTLP metric kinds and their exemplars. Each {@code read}
 * method returns the point, or a String giving the reason it is refused (the caller adds the
 * metric's name, which may come after the points on the wire). Repeated numeric fields are accepted
 * packed and unpacked, as protobuf accepts them. Not thread-safe.
 */
final class DataPointDecoder {
  private final ProtoReader r;
  private final ObjectStack stack;
  private final AttributesDecoder attributes;
  private final ObjectStack exemplars = new ObjectStack();
  private final ObjectStack quantiles = new ObjectStack();
  private final LongArrayBuffer longs = new LongArrayBuffer();
  private final DoubleArrayBuffer doubles = new DoubleArrayBuffer();
  private final LongArrayBuffer negativeCounts = new LongArrayBuffer();

  private int exemplarCount;
  private String exemplarProblem;

  DataPointDecoder(ProtoReader r, ObjectStack stack, AttributesDecoder attributes) {
    this.r = r;
    this.stack = stack;
    this.attributes = attributes;
  }

  Object readNumberPoint(int index) throws MalformedOtlpException {
    int outer = r.enterMessage();
    int from = stack.size();
    startExemplars();
    long start = 0;
    long time = 0;
    NumberValue value = null;
    int flags = 0;
    while (r.hasMore()) {
      int tag = r.readTag();
      switch (tag) {
        case 58 -> attributes.readKeyValue();
        case 17 -> start = r.readFixed64();
        case 25 -> time = r.readFixed64();
        case 33 -> value = NumberValue.ofDouble(r.readDouble());
        case 49 -> value = NumberValue.ofLong(r.readFixed64());
        case 42 -> readExemplar();
        case 64 -> flags = r.readVarint32();
        default -> r.skipField(tag);
      }
    }
    r.leaveMessage(outer);
    Attributes attrs = attributes.popAttributes(from);
    if (value == null && (flags & NumberPoint.FLAG_NO_RECORDED_VALUE) == 0) {
      return RejectionReasons.dataPoint(index, RejectionReasons.VALUE_NOT_SET);
    }
    if (exemplarProblem != null) {
      return RejectionReasons.dataPoint(index, exemplarProblem);
    }
    return new NumberPoint(attrs, start, time, value, exemplars.popList(0), flags);
  }

  Object readHistogramPoint(int index) throws MalformedOtlpException {
    int outer = r.enterMessage();
    int from = stack.size();
    startExemplars();
    longs.clear();
    doubles.clear();
    long start = 0;
    long time = 0;
    long count = 0;
    Double sum = null;
    int flags = 0;
    Double min = null;
    Double max = null;
    while (r.hasMore()) {
      int tag = r.readTag();
      switch (tag) {
        case 74 -> attributes.readKeyValue();
        case 17 -> start = r.readFixed64();
        case 25 -> time = r.readFixed64();
        case 33 -> count = r.readFixed64();
        case 41 -> sum = r.readDouble();
        case 49 -> longs.add(r.readFixed64());
        case 50 -> readPackedFixed64(longs);
        case 57 -> doubles.add(r.readDouble());
        case 58 -> readPackedDoubles();
        case 66 -> readExemplar();
        case 80 -> flags = r.readVarint32();
        case 89 -> min = r.readDouble();
        case 97 -> max = r.readDouble();
        default -> r.skipField(tag);
      }
    }
    r.leaveMessage(outer);
    Attributes attrs = attributes.popAttributes(from);
    if (exemplarProblem != null) {
      return RejectionReasons.dataPoint(index, exemplarProblem);
    }
    return new HistogramPoint(
        attrs,
        start,
        time,
        count,
        sum,
        longs.toArray(),
        doubles.toArray(),
        exemplars.popList(0),
        flags,
        min,
        max);
  }

  Object readExponentialPoint(int index) throws MalformedOtlpException {
    int outer = r.enterMessage();
    int from = stack.size();
    startExemplars();
    longs.clear();
    negativeCounts.clear();
    long start = 0;
    long time = 0;
    long count = 0;
    Double sum = null;
    int scale = 0;
    long zeroCount = 0;
    boolean hasPositive = false;
    int positiveOffset = 0;
    boolean hasNegative = false;
    int negativeOffset = 0;
    int flags = 0;
    Double min = null;
    Double max = null;
    double zeroThreshold = 0;
    while (r.hasMore()) {
      int tag = r.readTag();
      switch (tag) {
        case 10 -> attributes.readKeyValue();
        case 17 -> start = r.readFixed64();
        case 25 -> time = r.readFixed64();
        case 33 -> count = r.readFixed64();
        case 41 -> sum = r.readDouble();
        case 48 -> scale = r.readSInt32();
        case 57 -> zeroCount = r.readFixed64();
        case 66 -> {
          hasPositive = true;
          positiveOffset = readBuckets(longs, positiveOffset);
        }
        case 74 -> {
          hasNegative = true;
          negativeOffset = readBuckets(negativeCounts, negativeOffset);
        }
        case 80 -> flags = r.readVarint32();
        case 90 -> readExemplar();
        case 97 -> min = r.readDouble();
        case 105 -> max = r.readDouble();
        case 113 -> zeroThreshold = r.readDouble();
        default -> r.skipField(tag);
      }
    }
    r.leaveMessage(outer);
    Attributes attrs = attributes.popAttributes(from);
    if (exemplarProblem != null) {
      return RejectionReasons.dataPoint(index, exemplarProblem);
    }
    return new ExponentialHistogramPoint(
        attrs,
        start,
        time,
        count,
        sum,
        scale,
        zeroCount,
        hasPositive
            ? new ExponentialBuckets(positiveOffset, longs.toArray())
            : ExponentialBuckets.EMPTY,
        hasNegative
            ? new ExponentialBuckets(negativeOffset, negativeCounts.toArray())
            : ExponentialBuckets.EMPTY,
        flags,
        exemplars.popList(0),
        min,
        max,
        zeroThreshold);
  }

  SummaryPoint readSummaryPoint() throws MalformedOtlpException {
    int outer = r.enterMessage();
    int from = stack.size();
    quantiles.truncate(0);
    long start = 0;
    long time = 0;
    long count = 0;
    double sum = 0;
    int flags = 0;
    while (r.hasMore()) {
      int tag = r.readTag();
      switch (tag) {
        case 58 -> attributes.readKeyValue();
        case 17 -> start = r.readFixed64();
        case 25 -> time = r.readFixed64();
        case 33 -> count = r.readFixed64();
        case 41 -> sum = r.readDouble();
        case 50 -> quantiles.push(readQuantile());
        case 64 -> flags = r.readVarint32();
        default -> r.skipField(tag);
      }
    }
    r.leaveMessage(outer);
    Attributes attrs = attributes.popAttributes(from);
    List<SummaryPoint.Quantile> list = quantiles.popList(0);
    return new SummaryPoint(attrs, start, time, count, sum, list, flags);
  }

  private SummaryPoint.Quantile readQuantile() throws MalformedOtlpException {
    int outer = r.enterMessage();
    double quantile = 0;
    double value = 0;
    while (r.hasMore()) {
      int tag = r.readTag();
      switch (tag) {
        case 9 -> quantile = r.readDouble();
        case 17 -> value = r.readDouble();
        default -> r.skipField(tag);
      }
    }
    r.leaveMessage(outer);
    return new SummaryPoint.Quantile(quantile, value);
  }

  /** Reads one piece of a Buckets message into {@code counts}; returns the offset now in force. */
  private int readBuckets(LongArrayBuffer counts, int offset) throws MalformedOtlpException {
    int outer = r.enterMessage();
    while (r.hasMore()) {
      int tag = r.readTag();
      switch (tag) {
        case 8 -> offset = r.readSInt32();
        case 16 -> counts.add(r.readVarint64());
        case 18 -> {
          int len = r.readLength();
          int packedOuter = r.enterPacked(len);
          while (r.hasMore()) {
            counts.add(r.readVarint64());
          }
          r.leavePacked(packedOuter);
        }
        default -> r.skipField(tag);
      }
    }
    r.leaveMessage(outer);
    return offset;
  }

  private void readPackedFixed64(LongArrayBuffer into) throws MalformedOtlpException {
    int len = r.readLength();
    if ((len & 7) != 0) {
      throw r.error("packed fixed64 field of " + len + " bytes, not a multiple of 8", r.pos);
    }
    for (int end = r.pos + len; r.pos < end; ) {
      into.add(r.readFixed64());
    }
  }

  private void readPackedDoubles() throws MalformedOtlpException {
    int len = r.readLength();
    if ((len & 7) != 0) {
      throw r.error("packed double field of " + len + " bytes, not a multiple of 8", r.pos);
    }
    for (int end = r.pos + len; r.pos < end; ) {
      doubles.add(r.readDouble());
    }
  }

  private void startExemplars() {
    exemplars.truncate(0);
    exemplarCount = 0;
    exemplarProblem = null;
  }

  /** Reads an exemplar; keeps it when valid, else remembers the point's first exemplar problem. */
  private void readExemplar() throws MalformedOtlpException {
    int outer = r.enterMessage();
    int from = stack.size();
    byte[] b = r.buf;
    long time = 0;
    NumberValue value = null;
    int traceOff = 0;
    int traceLen = 0;
    int spanOff = 0;
    int spanLen = 0;
    while (r.hasMore()) {
      int tag = r.readTag();
      switch (tag) {
        case 58 -> attributes.readKeyValue();
        case 17 -> time = r.readFixed64();
        case 25 -> value = NumberValue.ofDouble(r.readDouble());
        case 49 -> value = NumberValue.ofLong(r.readFixed64());
        case 34 -> {
          spanLen = r.readLength();
          spanOff = r.pos;
          r.pos += spanLen;
        }
        case 42 -> {
          traceLen = r.readLength();
          traceOff = r.pos;
          r.pos += traceLen;
        }
        default -> r.skipField(tag);
      }
    }
    r.leaveMessage(outer);
    Attributes attrs = attributes.popAttributes(from);
    int index = exemplarCount++;
    if (exemplarProblem != null) {
      return;
    }
    String problem = IdRules.optionalTraceIdProblem(traceLen);
    if (problem == null) {
      problem = IdRules.optionalSpanIdProblem("span_id", spanLen);
    }
    if (problem != null) {
      exemplarProblem = RejectionReasons.exemplar(index, problem);
      return;
    }
    if (value == null) {
      exemplarProblem = RejectionReasons.exemplarWithoutValue(index);
      return;
    }
    exemplars.push(
        new Exemplar(
            attrs,
            time,
            value,
            IdRules.spanId(b, spanOff, spanLen),
            IdRules.optionalTraceId(b, traceOff, traceLen)));
  }
}
