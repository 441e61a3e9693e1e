package dev.vigil.collector.otlp;

import dev.vigil.model.Attributes;
import dev.vigil.model.metric.Metric;
import dev.vigil.model.metric.MetricData;
import dev.vigil.model.metric.Temporality;
import java.util.List;

/**
 * Decodes one OTLP {@code Metric} straight from the wire, refusing it when no data kind is set and
 * refusing its malformed data points one by one, as {@link MetricProtoMapper} does.
 *
 * <p>{@code data} is a oneof: the kind sent last wins, and, as in protobuf-java, each piece of a
 * kind is merged into what earlier pieces of the same kind held, even when another kind came in
 * between. So every kind keeps its own points and fields until the metric ends. Not thread-safe.
 */
final class MetricDecoder implements GroupsDecoder.ItemDecoder<Metric> {
  private static final int NONE = 0;
  private static final int GAUGE = 1;
  private static final int SUM = 2;
  private static final int HISTOGRAM = 3;
  private static final int EXPONENTIAL = 4;
  private static final int SUMMARY = 5;

  private final ProtoReader r;
  private final ObjectStack stack;
  private final AttributesDecoder attributes;
  private final DataPointDecoder points;

  /** Per kind: its points so far, each a point or the String reason it is refused. */
  private final ObjectStack[] kindPoints = new ObjectStack[SUMMARY + 1];

  private Rejections rejections;
  private int sumTemporality;
  private boolean sumMonotonic;
  private int histogramTemporality;
  private int exponentialTemporality;

  MetricDecoder(ProtoReader r, ObjectStack stack, AttributesDecoder attributes) {
    this.r = r;
    this.stack = stack;
    this.attributes = attributes;
    this.points = new DataPointDecoder(r, stack, attributes);
    for (int k = GAUGE; k <= SUMMARY; k++) {
      kindPoints[k] = new ObjectStack();
    }
  }

  void start(Rejections rejections) {
    this.rejections = rejections;
  }

  @Override
  public Metric read() throws MalformedOtlpException {
    int outer = r.enterMessage();
    int from = stack.size();
    String name = "";
    String description = "";
    String unit = "";
    int kind = NONE;
    for (int k = GAUGE; k <= SUMMARY; k++) {
      kindPoints[k].truncate(0);
    }
    sumTemporality = 0;
    sumMonotonic = false;
    histogramTemporality = 0;
    exponentialTemporality = 0;
    while (r.hasMore()) {
      int tag = r.readTag();
      switch (tag) {
        case 10 -> name = r.readString("Metric.name");
        case 18 -> description = r.readString("Metric.description");
        case 26 -> unit = r.readString("Metric.unit");
        case 42 -> readKind(kind = GAUGE);
        case 58 -> readKind(kind = SUM);
        case 74 -> readKind(kind = HISTOGRAM);
        case 82 -> readKind(kind = EXPONENTIAL);
        case 90 -> readKind(kind = SUMMARY);
        case 98 -> attributes.readKeyValue();
        default -> r.skipField(tag);
      }
    }
    r.leaveMessage(outer);
    Attributes metadata = attributes.popAttributes(from);
    if (kind == NONE) {
      rejections.reject(1, RejectionReasons.metric(name, RejectionReasons.NO_DATA));
      return null;
    }
    List<Object> accepted = acceptedPoints(name, kindPoints[kind]);
    MetricData data =
        switch (kind) {
          case GAUGE -> new MetricData.Gauge(cast(accepted));
          case SUM ->
              new MetricData.Sum(
                  cast(accepted), Temporality.forNumber(sumTemporality), sumMonotonic);
          case HISTOGRAM ->
              new MetricData.Histogram(cast(accepted), Temporality.forNumber(histogramTemporality));
          case EXPONENTIAL ->
              new MetricData.ExponentialHistogram(
                  cast(accepted), Temporality.forNumber(exponentialTemporality));
          default -> new MetricData.Summary(cast(accepted));
        };
    return new Metric(name, description, unit, metadata, data);
  }

  /** Reads one piece of a Gauge, Sum, Histogram, ExponentialHistogram or Summary message. */
  private void readKind(int kind) throws MalformedOtlpException {
    int outer = r.enterMessage();
    ObjectStack into = kindPoints[kind];
    while (r.hasMore()) {
      int tag = r.readTag();
      if (tag == 10) {
        into.push(readPoint(kind, into.size()));
      } else if (tag == 16 && kind != GAUGE && kind != SUMMARY) {
        int temporality = r.readVarint32();
        switch (kind) {
          case SUM -> sumTemporality = temporality;
          case HISTOGRAM -> histogramTemporality = temporality;
          default -> exponentialTemporality = temporality;
        }
      } else if (tag == 24 && kind == SUM) {
        sumMonotonic = r.readBool();
      } else {
        r.skipField(tag);
      }
    }
    r.leaveMessage(outer);
  }

  private Object readPoint(int kind, int index) throws MalformedOtlpException {
    return switch (kind) {
      case GAUGE, SUM -> points.readNumberPoint(index);
      case HISTOGRAM -> points.readHistogramPoint(index);
      case EXPONENTIAL -> points.readExponentialPoint(index);
      default -> points.readSummaryPoint();
    };
  }

  /** The points of the kind that won, after refusing those that carry a reason instead. */
  private List<Object> acceptedPoints(String metricName, ObjectStack kind) {
    int from = stack.size();
    for (int i = 0; i < kind.size(); i++) {
      Object p = kind.get(i);
      if (p instanceof String reason) {
        rejections.reject(1, RejectionReasons.metric(metricName, reason));
      } else {
        stack.push(p);
      }
    }
    kind.truncate(0);
    return stack.popList(from);
  }

  @SuppressWarnings("unchecked")
  private static <T> List<T> cast(List<Object> list) {
    return (List<T>) (List<?>) list;
  }
}
