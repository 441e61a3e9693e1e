package dev.vigil.collector.otlp;

import static dev.vigil.collector.otlp.AttributeProtoMapper.attributes;

import dev.vigil.model.metric.Exemplar;
import dev.vigil.model.metric.ExponentialBuckets;
import dev.vigil.model.metric.ExponentialHistogramPoint;
import dev.vigil.model.metric.HistogramPoint;
import dev.vigil.model.metric.Metric;
import dev.vigil.model.metric.MetricData;
import dev.vigil.model.metric.NumberPoint;
import dev.vigil.model.metric.NumberValue;
import dev.vigil.model.metric.SummaryPoint;
import dev.vigil.model.metric.Temporality;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;
import java.util.ArrayList;
import java.util.List;

/**
 * Maps one generated OTLP metric to the model. A metric without data is refused whole; a data point
 * with a malformed exemplar or, without the no-recorded-value flag, without a value is refused
 * alone (one rejection per point) and the metric keeps its other points.
 */
final class MetricProtoMapper {
  private MetricProtoMapper() {}

  /** The metric, or null after recording in {@code rejections} why it is refused. */
  static Metric metric(io.opentelemetry.proto.metrics.v1.Metric m, Rejections rejections) {
    PointSink sink = new PointSink(m.getName(), rejections);
    MetricData data =
        switch (m.getDataCase()) {
          case GAUGE -> new MetricData.Gauge(numberPoints(m.getGauge().getDataPointsList(), sink));
          case SUM ->
              new MetricData.Sum(
                  numberPoints(m.getSum().getDataPointsList(), sink),
                  Temporality.forNumber(m.getSum().getAggregationTemporalityValue()),
                  m.getSum().getIsMonotonic());
          case HISTOGRAM ->
              new MetricData.Histogram(
                  histogramPoints(m.getHistogram().getDataPointsList(), sink),
                  Temporality.forNumber(m.getHistogram().getAggregationTemporalityValue()));
          case EXPONENTIAL_HISTOGRAM ->
              new MetricData.ExponentialHistogram(
                  exponentialPoints(m.getExponentialHistogram().getDataPointsList(), sink),
                  Temporality.forNumber(
                      m.getExponentialHistogram().getAggregationTemporalityValue()));
          case SUMMARY -> new MetricData.Summary(summaryPoints(m.getSummary().getDataPointsList()));
          case DATA_NOT_SET -> null;
        };
    if (data == null) {
      rejections.reject(1, RejectionReasons.metric(m.getName(), RejectionReasons.NO_DATA));
      return null;
    }
    return new Metric(
        m.getName(), m.getDescription(), m.getUnit(), attributes(m.getMetadataList()), data);
  }

  /** Records a refused point under its metric's name. */
  private record PointSink(String metricName, Rejections rejections) {
    void reject(int pointIndex, String problem) {
      rejections.reject(
          1, RejectionReasons.metric(metricName, RejectionReasons.dataPoint(pointIndex, problem)));
    }
  }

  private static List<NumberPoint> numberPoints(List<NumberDataPoint> in, PointSink sink) {
    List<NumberPoint> out = new ArrayList<>(in.size());
    for (int i = 0; i < in.size(); i++) {
      NumberDataPoint p = in.get(i);
      NumberValue value =
          switch (p.getValueCase()) {
            case AS_DOUBLE -> NumberValue.ofDouble(p.getAsDouble());
            case AS_INT -> NumberValue.ofLong(p.getAsInt());
            case VALUE_NOT_SET -> null;
          };
      if (value == null && (p.getFlags() & NumberPoint.FLAG_NO_RECORDED_VALUE) == 0) {
        sink.reject(i, RejectionReasons.VALUE_NOT_SET);
        continue;
      }
      String problem = exemplarProblem(p.getExemplarsList());
      if (problem != null) {
        sink.reject(i, problem);
        continue;
      }
      out.add(
          new NumberPoint(
              attributes(p.getAttributesList()),
              p.getStartTimeUnixNano(),
              p.getTimeUnixNano(),
              value,
              exemplars(p.getExemplarsList()),
              p.getFlags()));
    }
    return out;
  }

  private static List<HistogramPoint> histogramPoints(List<HistogramDataPoint> in, PointSink sink) {
    List<HistogramPoint> out = new ArrayList<>(in.size());
    for (int i = 0; i < in.size(); i++) {
      HistogramDataPoint p = in.get(i);
      String problem = exemplarProblem(p.getExemplarsList());
      if (problem != null) {
        sink.reject(i, problem);
        continue;
      }
      long[] counts = new long[p.getBucketCountsCount()];
      for (int j = 0; j < counts.length; j++) {
        counts[j] = p.getBucketCounts(j);
      }
      double[] bounds = new double[p.getExplicitBoundsCount()];
      for (int j = 0; j < bounds.length; j++) {
        bounds[j] = p.getExplicitBounds(j);
      }
      out.add(
          new HistogramPoint(
              attributes(p.getAttributesList()),
              p.getStartTimeUnixNano(),
              p.getTimeUnixNano(),
              p.getCount(),
              p.hasSum() ? p.getSum() : null,
              counts,
              bounds,
              exemplars(p.getExemplarsList()),
              p.getFlags(),
              p.hasMin() ? p.getMin() : null,
              p.hasMax() ? p.getMax() : null));
    }
    return out;
  }

  private static List<ExponentialHistogramPoint> exponentialPoints(
      List<ExponentialHistogramDataPoint> in, PointSink sink) {
    List<ExponentialHistogramPoint> out = new ArrayList<>(in.size());
    for (int i = 0; i < in.size(); i++) {
      ExponentialHistogramDataPoint p = in.get(i);
      String problem = exemplarProblem(p.getExemplarsList());
      if (problem != null) {
        sink.reject(i, problem);
        continue;
      }
      out.add(
          new ExponentialHistogramPoint(
              attributes(p.getAttributesList()),
              p.getStartTimeUnixNano(),
              p.getTimeUnixNano(),
              p.getCount(),
              p.hasSum() ? p.getSum() : null,
              p.getScale(),
              p.getZeroCount(),
              p.hasPositive() ? buckets(p.getPositive()) : ExponentialBuckets.EMPTY,
              p.hasNegative() ? buckets(p.getNegative()) : ExponentialBuckets.EMPTY,
              p.getFlags(),
              exemplars(p.getExemplarsList()),
              p.hasMin() ? p.getMin() : null,
              p.hasMax() ? p.getMax() : null,
              p.getZeroThreshold()));
    }
    return out;
  }

  private static ExponentialBuckets buckets(ExponentialHistogramDataPoint.Buckets b) {
    long[] counts = new long[b.getBucketCountsCount()];
    for (int j = 0; j < counts.length; j++) {
      counts[j] = b.getBucketCounts(j);
    }
    return new ExponentialBuckets(b.getOffset(), counts);
  }

  private static List<SummaryPoint> summaryPoints(List<SummaryDataPoint> in) {
    List<SummaryPoint> out = new ArrayList<>(in.size());
    for (SummaryDataPoint p : in) {
      List<SummaryPoint.Quantile> quantiles = new ArrayList<>(p.getQuantileValuesCount());
      for (var q : p.getQuantileValuesList()) {
        quantiles.add(new SummaryPoint.Quantile(q.getQuantile(), q.getValue()));
      }
      out.add(
          new SummaryPoint(
              attributes(p.getAttributesList()),
              p.getStartTimeUnixNano(),
              p.getTimeUnixNano(),
              p.getCount(),
              p.getSum(),
              quantiles,
              p.getFlags()));
    }
    return out;
  }

  /** Why a point's exemplars make it refused (the first bad one), or null when all are valid. */
  private static String exemplarProblem(List<io.opentelemetry.proto.metrics.v1.Exemplar> in) {
    for (int i = 0; i < in.size(); i++) {
      var e = in.get(i);
      String problem = IdRules.optionalTraceIdProblem(e.getTraceId().size());
      if (problem == null) {
        problem = IdRules.optionalSpanIdProblem("span_id", e.getSpanId().size());
      }
      if (problem != null) {
        return RejectionReasons.exemplar(i, problem);
      }
      if (e.getValueCase() == io.opentelemetry.proto.metrics.v1.Exemplar.ValueCase.VALUE_NOT_SET) {
        return RejectionReasons.exemplarWithoutValue(i);
      }
    }
    return null;
  }

  /** The exemplars of a point that passed {@link #exemplarProblem}. */
  private static List<Exemplar> exemplars(List<io.opentelemetry.proto.metrics.v1.Exemplar> in) {
    List<Exemplar> out = new ArrayList<>(in.size());
    for (var e : in) {
      byte[] traceId = e.getTraceId().toByteArray();
      byte[] spanId = e.getSpanId().toByteArray();
      NumberValue value =
          e.getValueCase() == io.opentelemetry.proto.metrics.v1.Exemplar.ValueCase.AS_INT
              ? NumberValue.ofLong(e.getAsInt())
              : NumberValue.ofDouble(e.getAsDouble());
      out.add(
          new Exemplar(
              attributes(e.getFilteredAttributesList()),
              e.getTimeUnixNano(),
              value,
              IdRules.spanId(spanId, 0, spanId.length),
              IdRules.optionalTraceId(traceId, 0, traceId.length)));
    }
    return out;
  }
}
