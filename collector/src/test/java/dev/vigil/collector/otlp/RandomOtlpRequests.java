package dev.vigil.collector.otlp;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnknownFieldSet;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.EntityRef;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.metrics.v1.Exemplar;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogram;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.opentelemetry.proto.metrics.v1.Summary;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.util.Random;

/**
 * Builds random OTLP export requests from a seed: every field of every message, all five metric
 * kinds, nested AnyValues, unicode strings, ids of every bad kind (wrong length, all zero, absent),
 * empty groups, and unknown fields of every wire type (including ones reusing a known field number
 * with another wire type, and ones that a parser takes as a repeated or unpacked known field).
 */
final class RandomOtlpRequests {
  private static final String[] KEYS = {
    "service.name", "http.method", "http.route", "k", "", "db.system", "ключ", "键"
  };

  private final Random random;

  RandomOtlpRequests(long seed) {
    this.random = new Random(seed);
  }

  ExportTraceServiceRequest traces() {
    var req = ExportTraceServiceRequest.newBuilder();
    for (int i = count(3); i > 0; i--) {
      var rs = ResourceSpans.newBuilder();
      maybeResource(rs::setResource);
      if (chance(0.5)) {
        rs.setSchemaUrl(string());
      }
      for (int j = count(3); j > 0; j--) {
        var ss = ScopeSpans.newBuilder();
        maybeScope(ss::setScope);
        if (chance(0.3)) {
          ss.setSchemaUrl(string());
        }
        for (int k = count(4); k > 0; k--) {
          ss.addSpans(span());
        }
        rs.addScopeSpans(unknowns(ss));
      }
      req.addResourceSpans(unknowns(rs));
    }
    return unknowns(req).build();
  }

  ExportLogsServiceRequest logs() {
    var req = ExportLogsServiceRequest.newBuilder();
    for (int i = count(3); i > 0; i--) {
      var rl = ResourceLogs.newBuilder();
      maybeResource(rl::setResource);
      if (chance(0.5)) {
        rl.setSchemaUrl(string());
      }
      for (int j = count(3); j > 0; j--) {
        var sl = ScopeLogs.newBuilder();
        maybeScope(sl::setScope);
        if (chance(0.3)) {
          sl.setSchemaUrl(string());
        }
        for (int k = count(4); k > 0; k--) {
          sl.addLogRecords(logRecord());
        }
        rl.addScopeLogs(unknowns(sl));
      }
      req.addResourceLogs(unknowns(rl));
    }
    return unknowns(req).build();
  }

  ExportMetricsServiceRequest metrics() {
    var req = ExportMetricsServiceRequest.newBuilder();
    for (int i = count(3); i > 0; i--) {
      var rm = ResourceMetrics.newBuilder();
      maybeResource(rm::setResource);
      if (chance(0.5)) {
        rm.setSchemaUrl(string());
      }
      for (int j = count(3); j > 0; j--) {
        var sm = ScopeMetrics.newBuilder();
        maybeScope(sm::setScope);
        if (chance(0.3)) {
          sm.setSchemaUrl(string());
        }
        for (int k = count(4); k > 0; k--) {
          sm.addMetrics(metric());
        }
        rm.addScopeMetrics(unknowns(sm));
      }
      req.addResourceMetrics(unknowns(rm));
    }
    return unknowns(req).build();
  }

  Span span() {
    var s =
        Span.newBuilder()
            .setTraceId(id(16))
            .setSpanId(id(8))
            .setName(string())
            .setKind(Span.SpanKind.forNumber(random.nextInt(6)))
            .setStartTimeUnixNano(random.nextLong())
            .setEndTimeUnixNano(random.nextLong());
    if (chance(0.2)) {
      s.setKindValue(random.nextInt(20) - 5); // open enum: unknown numbers survive
    }
    if (chance(0.5)) {
      s.setParentSpanId(id(8));
    }
    if (chance(0.3)) {
      s.setTraceState(string());
    }
    if (chance(0.5)) {
      s.setFlags(random.nextInt());
    }
    for (int i = count(10); i > 0; i--) {
      s.addAttributes(keyValue(0));
    }
    s.setDroppedAttributesCount(smallOrAny());
    for (int i = count(3); i > 0; i--) {
      var e = Span.Event.newBuilder().setTimeUnixNano(random.nextLong()).setName(string());
      for (int j = count(3); j > 0; j--) {
        e.addAttributes(keyValue(0));
      }
      s.addEvents(unknowns(e.setDroppedAttributesCount(smallOrAny())));
    }
    s.setDroppedEventsCount(smallOrAny());
    for (int i = count(2); i > 0; i--) {
      var l =
          Span.Link.newBuilder()
              .setTraceId(id(16))
              .setSpanId(id(8))
              .setTraceState(string())
              .setFlags(random.nextInt())
              .setDroppedAttributesCount(smallOrAny());
      for (int j = count(3); j > 0; j--) {
        l.addAttributes(keyValue(0));
      }
      s.addLinks(unknowns(l));
    }
    s.setDroppedLinksCount(smallOrAny());
    if (chance(0.6)) {
      var st = Status.newBuilder().setMessage(string());
      st.setCodeValue(chance(0.8) ? random.nextInt(3) : random.nextInt(10) - 3);
      s.setStatus(unknowns(st));
    }
    return unknowns(s).build();
  }

  LogRecord logRecord() {
    var r =
        LogRecord.newBuilder()
            .setTimeUnixNano(random.nextLong())
            .setObservedTimeUnixNano(random.nextLong())
            .setSeverityNumberValue(chance(0.8) ? random.nextInt(25) : random.nextInt())
            .setSeverityText(string())
            .setDroppedAttributesCount(smallOrAny())
            .setFlags(random.nextInt());
    if (chance(0.8)) {
      r.setBody(anyValue(0));
    }
    for (int i = count(6); i > 0; i--) {
      r.addAttributes(keyValue(0));
    }
    if (chance(0.6)) {
      r.setTraceId(optionalId(16));
    }
    if (chance(0.6)) {
      r.setSpanId(optionalId(8));
    }
    if (chance(0.3)) {
      r.setEventName(string());
    }
    return unknowns(r).build();
  }

  Metric metric() {
    var m = Metric.newBuilder().setName(string()).setDescription(string()).setUnit(string());
    for (int i = count(2); i > 0; i--) {
      m.addMetadata(keyValue(0));
    }
    switch (random.nextInt(6)) {
      case 0 -> {
        var g = Gauge.newBuilder();
        for (int i = count(4); i > 0; i--) {
          g.addDataPoints(numberPoint());
        }
        m.setGauge(unknowns(g));
      }
      case 1 -> {
        var s =
            Sum.newBuilder()
                .setAggregationTemporalityValue(random.nextInt(4))
                .setIsMonotonic(random.nextBoolean());
        for (int i = count(4); i > 0; i--) {
          s.addDataPoints(numberPoint());
        }
        m.setSum(unknowns(s));
      }
      case 2 -> {
        var h = Histogram.newBuilder().setAggregationTemporalityValue(random.nextInt(4));
        for (int i = count(3); i > 0; i--) {
          h.addDataPoints(histogramPoint());
        }
        m.setHistogram(unknowns(h));
      }
      case 3 -> {
        var h = ExponentialHistogram.newBuilder().setAggregationTemporalityValue(random.nextInt(4));
        for (int i = count(3); i > 0; i--) {
          h.addDataPoints(exponentialPoint());
        }
        m.setExponentialHistogram(unknowns(h));
      }
      case 4 -> {
        var s = Summary.newBuilder();
        for (int i = count(3); i > 0; i--) {
          s.addDataPoints(summaryPoint());
        }
        m.setSummary(unknowns(s));
      }
      default -> {} // no data: refused
    }
    return unknowns(m).build();
  }

  private NumberDataPoint numberPoint() {
    var p =
        NumberDataPoint.newBuilder()
            .setStartTimeUnixNano(random.nextLong())
            .setTimeUnixNano(random.nextLong())
            .setFlags(chance(0.7) ? 0 : random.nextInt(4));
    switch (random.nextInt(5)) {
      case 0, 1 -> p.setAsDouble(anyDouble());
      case 2, 3 -> p.setAsInt(random.nextLong());
      default -> {} // no value: fine only with NO_RECORDED_VALUE
    }
    for (int i = count(4); i > 0; i--) {
      p.addAttributes(keyValue(0));
    }
    for (int i = count(2); i > 0; i--) {
      p.addExemplars(exemplar());
    }
    return unknowns(p).build();
  }

  private HistogramDataPoint histogramPoint() {
    var p =
        HistogramDataPoint.newBuilder()
            .setStartTimeUnixNano(random.nextLong())
            .setTimeUnixNano(random.nextLong())
            .setCount(random.nextLong())
            .setFlags(random.nextInt(3));
    if (chance(0.7)) {
      p.setSum(anyDouble());
    }
    if (chance(0.5)) {
      p.setMin(anyDouble());
    }
    if (chance(0.5)) {
      p.setMax(anyDouble());
    }
    for (int i = count(8); i > 0; i--) {
      p.addBucketCounts(random.nextLong());
    }
    for (int i = count(7); i > 0; i--) {
      p.addExplicitBounds(anyDouble());
    }
    for (int i = count(3); i > 0; i--) {
      p.addAttributes(keyValue(0));
    }
    for (int i = count(2); i > 0; i--) {
      p.addExemplars(exemplar());
    }
    if (chance(0.2)) { // unpacked, after the packed ones: the parser appends both
      var unpacked = UnknownFieldSet.Field.newBuilder();
      for (int i = count(3); i > 0; i--) {
        unpacked.addFixed64(random.nextLong());
      }
      var bounds = UnknownFieldSet.Field.newBuilder();
      for (int i = count(3); i > 0; i--) {
        bounds.addFixed64(Double.doubleToRawLongBits(anyDouble()));
      }
      p.setUnknownFields(
          UnknownFieldSet.newBuilder()
              .addField(6, unpacked.build())
              .addField(7, bounds.build())
              .build());
      return p.build();
    }
    return unknowns(p).build();
  }

  private ExponentialHistogramDataPoint exponentialPoint() {
    var p =
        ExponentialHistogramDataPoint.newBuilder()
            .setStartTimeUnixNano(random.nextLong())
            .setTimeUnixNano(random.nextLong())
            .setCount(random.nextLong())
            .setScale(random.nextInt(41) - 20)
            .setZeroCount(random.nextLong())
            .setFlags(random.nextInt(3))
            .setZeroThreshold(chance(0.5) ? 0 : anyDouble());
    if (chance(0.7)) {
      p.setSum(anyDouble());
    }
    if (chance(0.5)) {
      p.setMin(anyDouble());
    }
    if (chance(0.5)) {
      p.setMax(anyDouble());
    }
    if (chance(0.7)) {
      p.setPositive(buckets());
    }
    if (chance(0.5)) {
      p.setNegative(buckets());
    }
    for (int i = count(3); i > 0; i--) {
      p.addAttributes(keyValue(0));
    }
    for (int i = count(2); i > 0; i--) {
      p.addExemplars(exemplar());
    }
    return unknowns(p).build();
  }

  private ExponentialHistogramDataPoint.Buckets buckets() {
    var b = ExponentialHistogramDataPoint.Buckets.newBuilder().setOffset(random.nextInt());
    for (int i = count(8); i > 0; i--) {
      b.addBucketCounts(chance(0.8) ? random.nextInt(1000) : random.nextLong());
    }
    if (chance(0.2)) { // unpacked uint64 counts, appended by the parser
      var unpacked = UnknownFieldSet.Field.newBuilder();
      for (int i = count(3); i > 0; i--) {
        unpacked.addVarint(random.nextLong());
      }
      b.setUnknownFields(UnknownFieldSet.newBuilder().addField(2, unpacked.build()).build());
      return b.build();
    }
    return unknowns(b).build();
  }

  private SummaryDataPoint summaryPoint() {
    var p =
        SummaryDataPoint.newBuilder()
            .setStartTimeUnixNano(random.nextLong())
            .setTimeUnixNano(random.nextLong())
            .setCount(random.nextLong())
            .setSum(anyDouble())
            .setFlags(random.nextInt(3));
    for (int i = count(4); i > 0; i--) {
      p.addQuantileValues(
          unknowns(
              SummaryDataPoint.ValueAtQuantile.newBuilder()
                  .setQuantile(random.nextDouble())
                  .setValue(anyDouble())));
    }
    for (int i = count(3); i > 0; i--) {
      p.addAttributes(keyValue(0));
    }
    return unknowns(p).build();
  }

  private Exemplar exemplar() {
    var e = Exemplar.newBuilder().setTimeUnixNano(random.nextLong());
    switch (random.nextInt(9)) {
      case 0, 1, 2, 3 -> e.setAsDouble(anyDouble());
      case 4, 5, 6, 7 -> e.setAsInt(random.nextLong());
      default -> {} // no value: the point is refused
    }
    if (chance(0.7)) {
      e.setTraceId(optionalId(16));
    }
    if (chance(0.7)) {
      e.setSpanId(optionalId(8));
    }
    for (int i = count(2); i > 0; i--) {
      e.addFilteredAttributes(keyValue(0));
    }
    return unknowns(e).build();
  }

  private void maybeResource(java.util.function.Consumer<Resource> set) {
    if (chance(0.2)) {
      return; // absent
    }
    var r = Resource.newBuilder().setDroppedAttributesCount(smallOrAny());
    for (int i = count(6); i > 0; i--) {
      r.addAttributes(keyValue(0));
    }
    if (chance(0.2)) {
      r.addEntityRefs(
          EntityRef.newBuilder()
              .setSchemaUrl(string())
              .setType(string())
              .addIdKeys(string())
              .addDescriptionKeys(string()));
    }
    set.accept(unknowns(r).build());
  }

  private void maybeScope(java.util.function.Consumer<InstrumentationScope> set) {
    if (chance(0.2)) {
      return; // absent
    }
    var s =
        InstrumentationScope.newBuilder()
            .setName(string())
            .setVersion(string())
            .setDroppedAttributesCount(smallOrAny());
    for (int i = count(3); i > 0; i--) {
      s.addAttributes(keyValue(0));
    }
    set.accept(unknowns(s).build());
  }

  KeyValue keyValue(int depth) {
    var kv =
        KeyValue.newBuilder().setKey(chance(0.8) ? KEYS[random.nextInt(KEYS.length)] : string());
    if (chance(0.9)) {
      kv.setValue(anyValue(depth));
    }
    if (chance(0.05)) {
      kv.setKeyStrindex(random.nextInt());
    }
    return unknowns(kv).build();
  }

  AnyValue anyValue(int depth) {
    var v = AnyValue.newBuilder();
    int kind = random.nextInt(depth < 4 ? 10 : 7);
    switch (kind) {
      case 0, 1 -> v.setStringValue(string());
      case 2 -> v.setBoolValue(random.nextBoolean());
      case 3 -> v.setIntValue(chance(0.5) ? random.nextInt(300) - 150 : random.nextLong());
      case 4 -> v.setDoubleValue(anyDouble());
      case 5 -> v.setBytesValue(bytes(random.nextInt(20)));
      case 6 -> {
        if (chance(0.5)) {
          v.setStringValueStrindex(random.nextInt());
        } // else: empty AnyValue
      }
      case 7, 8 -> {
        var a = ArrayValue.newBuilder();
        for (int i = count(4); i > 0; i--) {
          a.addValues(anyValue(depth + 1));
        }
        v.setArrayValue(unknowns(a));
      }
      default -> {
        var kv = KeyValueList.newBuilder();
        for (int i = count(4); i > 0; i--) {
          kv.addValues(keyValue(depth + 1));
        }
        v.setKvlistValue(unknowns(kv));
      }
    }
    return unknowns(v).build();
  }

  /** Strings of ASCII, two-, three- and four-byte UTF-8, sometimes long, sometimes repeated. */
  String string() {
    if (chance(0.3)) {
      return KEYS[random.nextInt(KEYS.length)];
    }
    int n = chance(0.1) ? random.nextInt(200) : random.nextInt(12);
    StringBuilder sb = new StringBuilder(n);
    int alphabet = random.nextInt(4);
    for (int i = 0; i < n; i++) {
      int cp =
          switch (chance(0.8) ? alphabet : random.nextInt(4)) {
            case 0 -> 0x20 + random.nextInt(0x5F);
            case 1 -> 0x80 + random.nextInt(0x780);
            case 2 ->
                chance(0.5) ? 0x800 + random.nextInt(0xD000) : 0xE000 + random.nextInt(0x2000);
            default -> 0x10000 + random.nextInt(0x100000);
          };
      sb.appendCodePoint(cp);
    }
    return sb.toString();
  }

  /** A required id: usually valid, sometimes all zero, empty or of a wrong length. */
  private ByteString id(int length) {
    int roll = random.nextInt(40);
    if (roll == 0) {
      return ByteString.copyFrom(new byte[length]);
    }
    if (roll == 1) {
      return ByteString.EMPTY;
    }
    if (roll == 2) {
      return bytes(random.nextInt(20));
    }
    return nonZero(length);
  }

  /** An optional id: valid, absent, all zero, or (rarely) of a wrong length. */
  private ByteString optionalId(int length) {
    return switch (random.nextInt(12)) {
      case 0 -> ByteString.EMPTY;
      case 1 -> ByteString.copyFrom(new byte[length]);
      case 2 -> bytes(random.nextInt(20));
      default -> nonZero(length);
    };
  }

  private ByteString nonZero(int length) {
    byte[] b = new byte[length];
    random.nextBytes(b);
    b[random.nextInt(length)] |= 1;
    return ByteString.copyFrom(b);
  }

  private ByteString bytes(int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return ByteString.copyFrom(b);
  }

  private double anyDouble() {
    return switch (random.nextInt(8)) {
      case 0 -> Double.NaN;
      case 1 -> Double.longBitsToDouble(random.nextLong()); // any bits, other NaNs included
      case 2 -> -0.0;
      case 3 -> Double.POSITIVE_INFINITY;
      default -> random.nextGaussian() * 1000;
    };
  }

  private int smallOrAny() {
    return chance(0.8) ? random.nextInt(3) : random.nextInt();
  }

  private int count(int max) {
    return chance(0.15) ? 0 : random.nextInt(max + 1);
  }

  private boolean chance(double p) {
    return random.nextDouble() < p;
  }

  /**
   * Sometimes adds unknown fields: high numbers of every wire type (groups nested), and low numbers
   * with a wire type the message does not use there, which a parser must skip.
   */
  private <B extends com.google.protobuf.Message.Builder> B unknowns(B builder) {
    if (!chance(0.1)) {
      return builder;
    }
    var set = UnknownFieldSet.newBuilder();
    for (int i = 1 + random.nextInt(3); i > 0; i--) {
      int number = chance(0.5) ? 100 + random.nextInt(1000) : 536_870_911 - random.nextInt(3);
      set.mergeField(number, unknownField(2));
    }
    if (chance(0.5)) {
      // A low number with a wire type no field of these messages has there: groups never clash.
      set.mergeField(
          1 + random.nextInt(15),
          UnknownFieldSet.Field.newBuilder()
              .addGroup(UnknownFieldSet.newBuilder().addField(1, unknownField(0)).build())
              .build());
    }
    builder.setUnknownFields(set.build());
    return builder;
  }

  private UnknownFieldSet.Field unknownField(int groupDepth) {
    var f = UnknownFieldSet.Field.newBuilder();
    switch (random.nextInt(groupDepth > 0 ? 5 : 4)) {
      case 0 -> f.addVarint(random.nextLong());
      case 1 -> f.addFixed32(random.nextInt());
      case 2 -> f.addFixed64(random.nextLong());
      case 3 -> f.addLengthDelimited(bytes(random.nextInt(10)));
      default ->
          f.addGroup(
              UnknownFieldSet.newBuilder()
                  .addField(1 + random.nextInt(20), unknownField(groupDepth - 1))
                  .build());
    }
    return f.build();
  }
}
