package dev.vigil.collector;

import dev.vigil.collector.otlp.Rejections;
import dev.vigil.model.Attributes;
import dev.vigil.model.Batch;
import dev.vigil.model.Bytes;
import dev.vigil.model.ResourceGroup;
import dev.vigil.model.ScopeGroup;
import dev.vigil.model.log.LogRecord;
import dev.vigil.model.metric.ExponentialHistogramPoint;
import dev.vigil.model.metric.HistogramPoint;
import dev.vigil.model.metric.Metric;
import dev.vigil.model.metric.MetricData;
import dev.vigil.model.metric.NumberPoint;
import dev.vigil.model.metric.SummaryPoint;
import dev.vigil.model.trace.Span;
import dev.vigil.model.trace.SpanEvent;
import dev.vigil.model.trace.SpanLink;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Applies {@link ValidationLimits} and OTLP's semantic rules to a decoded batch: items that break
 * them are removed and recorded in {@link Rejections}; everything else passes untouched. Structural
 * problems (bad ids, missing values) are already refused by the decoder. A resource or scope over a
 * limit refuses every item under it. Batches with nothing to refuse are returned as they are, so
 * the common path allocates nothing. Thread-safe.
 */
final class BatchValidator {
  private final ValidationLimits limits;
  private final Clock clock;

  BatchValidator(ValidationLimits limits, Clock clock) {
    this.limits = limits;
    this.clock = clock;
  }

  Batch<Span> validateSpans(Batch<Span> batch, Rejections rejections) {
    long maxTime = maxTimeNanos();
    return filter(batch, rejections, span -> spanProblem(span, maxTime), s -> 1, "span");
  }

  Batch<LogRecord> validateLogs(Batch<LogRecord> batch, Rejections rejections) {
    long maxTime = maxTimeNanos();
    return filter(batch, rejections, r -> logProblem(r, maxTime), r -> 1, "log record");
  }

  Batch<Metric> validateMetrics(Batch<Metric> batch, Rejections rejections) {
    long maxTime = maxTimeNanos();
    return filter(
        batch,
        rejections,
        m -> metricProblem(m, maxTime),
        m -> Math.max(1, m.data().pointCount()),
        "metric");
  }

  private long maxTimeNanos() {
    long now = clock.millis();
    return Math.multiplyExact(now + limits.maxFutureSkew().toMillis(), 1_000_000L);
  }

  /**
   * Keeps the items for which {@code problem} answers null. Only when something is refused are new
   * groups built.
   */
  private <T> Batch<T> filter(
      Batch<T> batch,
      Rejections rejections,
      Function<T, String> problem,
      Function<T, Integer> weight,
      String noun) {
    List<ResourceGroup<T>> resources = null;
    for (int r = 0; r < batch.resources().size(); r++) {
      ResourceGroup<T> group = batch.resources().get(r);
      ResourceGroup<T> kept = filterResource(group, rejections, problem, weight, noun);
      if (kept != group && resources == null) {
        resources = new ArrayList<>(batch.resources().subList(0, r));
      }
      if (resources != null && kept != null) {
        resources.add(kept);
      }
    }
    return resources == null ? batch : new Batch<>(batch.tenant(), resources);
  }

  private <T> ResourceGroup<T> filterResource(
      ResourceGroup<T> group,
      Rejections rejections,
      Function<T, String> problem,
      Function<T, Integer> weight,
      String noun) {
    String resourceProblem = attributesProblem(group.resource().attributes(), "resource");
    if (resourceProblem != null) {
      rejectAll(group.scopes(), rejections, weight, resourceProblem);
      return null;
    }
    List<ScopeGroup<T>> scopes = null;
    for (int s = 0; s < group.scopes().size(); s++) {
      ScopeGroup<T> scope = group.scopes().get(s);
      ScopeGroup<T> kept = filterScope(scope, rejections, problem, weight, noun);
      if (kept != scope && scopes == null) {
        scopes = new ArrayList<>(group.scopes().subList(0, s));
      }
      if (scopes != null && kept != null) {
        scopes.add(kept);
      }
    }
    if (scopes == null) {
      return group;
    }
    return scopes.isEmpty() ? null : new ResourceGroup<>(group.resource(), scopes);
  }

  private <T> ScopeGroup<T> filterScope(
      ScopeGroup<T> scope,
      Rejections rejections,
      Function<T, String> problem,
      Function<T, Integer> weight,
      String noun) {
    String scopeProblem = attributesProblem(scope.scope().attributes(), "scope");
    if (scopeProblem != null) {
      rejectAll(List.of(scope), rejections, weight, scopeProblem);
      return null;
    }
    List<T> items = null;
    for (int i = 0; i < scope.items().size(); i++) {
      T item = scope.items().get(i);
      String why = problem.apply(item);
      if (why != null) {
        rejections.reject(weight.apply(item), noun + " refused: " + why);
        if (items == null) {
          items = new ArrayList<>(scope.items().subList(0, i));
        }
      } else if (items != null) {
        items.add(item);
      }
    }
    if (items == null) {
      return scope;
    }
    return items.isEmpty() ? null : new ScopeGroup<>(scope.scope(), items);
  }

  private static <T> void rejectAll(
      List<ScopeGroup<T>> scopes, Rejections rejections, Function<T, Integer> weight, String why) {
    long n = 0;
    for (ScopeGroup<T> s : scopes) {
      for (T item : s.items()) {
        n += weight.apply(item);
      }
    }
    rejections.reject(n, why);
  }

  private String spanProblem(Span span, long maxTime) {
    String name = nameProblem(span.name(), "span name");
    if (name != null) {
      return name;
    }
    if (span.endTimeUnixNano() > maxTime || span.startTimeUnixNano() > maxTime) {
      return "span '"
          + span.name()
          + "' starts or ends more than "
          + limits.maxFutureSkew()
          + " in the future";
    }
    if (span.endTimeUnixNano() < span.startTimeUnixNano()) {
      return "span '" + span.name() + "' ends before it starts";
    }
    String attrs = attributesProblem(span.attributes(), "span '" + span.name() + "'");
    if (attrs != null) {
      return attrs;
    }
    for (SpanEvent event : span.events()) {
      String p =
          attributesProblem(
              event.attributes(), "event '" + event.name() + "' of span '" + span.name() + "'");
      if (p != null) {
        return p;
      }
    }
    for (SpanLink link : span.links()) {
      String p = attributesProblem(link.attributes(), "a link of span '" + span.name() + "'");
      if (p != null) {
        return p;
      }
    }
    return null;
  }

  private String logProblem(LogRecord record, long maxTime) {
    if (record.timeUnixNano() > maxTime) {
      return "timestamp more than " + limits.maxFutureSkew() + " in the future";
    }
    if (record.severityNumber() < 0 || record.severityNumber() > 24) {
      return "severity number " + record.severityNumber() + " is outside 0..24";
    }
    String body = valueProblem(record.body(), 1);
    return body != null ? "body" + body : attributesProblem(record.attributes(), "log record");
  }

  private String metricProblem(Metric metric, long maxTime) {
    if (metric.name().isEmpty()) {
      return "metric name is empty";
    }
    String name = nameProblem(metric.name(), "metric name");
    if (name != null) {
      return name;
    }
    String where = "metric '" + metric.name() + "'";
    switch (metric.data()) {
      case MetricData.Gauge g -> {
        return numberPointsProblem(g.points(), where, maxTime);
      }
      case MetricData.Sum s -> {
        return numberPointsProblem(s.points(), where, maxTime);
      }
      case MetricData.Histogram h -> {
        for (HistogramPoint p : h.points()) {
          String why = histogramProblem(p, where, maxTime);
          if (why != null) {
            return why;
          }
        }
        return null;
      }
      case MetricData.ExponentialHistogram e -> {
        for (ExponentialHistogramPoint p : e.points()) {
          String why = pointCommonProblem(p.attributes(), p.timeUnixNano(), where, maxTime);
          if (why == null && (p.scale() < -10 || p.scale() > 20)) {
            why = where + ": exponential histogram scale " + p.scale() + " is outside -10..20";
          }
          if (why == null && (Double.isNaN(p.zeroThreshold()) || p.zeroThreshold() < 0)) {
            why = where + ": zero threshold must be a non-negative number";
          }
          if (why != null) {
            return why;
          }
        }
        return null;
      }
      case MetricData.Summary s -> {
        for (SummaryPoint p : s.points()) {
          String why = pointCommonProblem(p.attributes(), p.timeUnixNano(), where, maxTime);
          if (why != null) {
            return why;
          }
          for (SummaryPoint.Quantile q : p.quantiles()) {
            if (!(q.quantile() >= 0 && q.quantile() <= 1)) {
              return where + ": quantile " + q.quantile() + " is outside [0, 1]";
            }
          }
        }
        return null;
      }
    }
  }

  private String numberPointsProblem(List<NumberPoint> points, String where, long maxTime) {
    for (NumberPoint p : points) {
      String why = pointCommonProblem(p.attributes(), p.timeUnixNano(), where, maxTime);
      if (why != null) {
        return why;
      }
    }
    return null;
  }

  private String histogramProblem(HistogramPoint p, String where, long maxTime) {
    String why = pointCommonProblem(p.attributes(), p.timeUnixNano(), where, maxTime);
    if (why != null) {
      return why;
    }
    double[] bounds = p.explicitBounds();
    long[] counts = p.bucketCounts();
    if (counts.length != 0 && counts.length != bounds.length + 1) {
      return where
          + ": "
          + counts.length
          + " bucket counts for "
          + bounds.length
          + " explicit bounds (expected bounds + 1)";
    }
    for (int i = 0; i < bounds.length; i++) {
      if (Double.isNaN(bounds[i])) {
        return where + ": explicit bound " + i + " is NaN";
      }
      if (i > 0 && !(bounds[i] > bounds[i - 1])) {
        return where + ": explicit bounds are not strictly increasing at index " + i;
      }
    }
    long total = 0;
    for (long c : counts) {
      if (c < 0) {
        return where + ": negative bucket count";
      }
      total += c;
    }
    if (counts.length > 0 && total != p.count()) {
      return where + ": bucket counts add up to " + total + " but count is " + p.count();
    }
    return null;
  }

  private String pointCommonProblem(Attributes attributes, long time, String where, long maxTime) {
    if (time > maxTime) {
      return where
          + ": data point timestamp more than "
          + limits.maxFutureSkew()
          + " in the future";
    }
    return attributesProblem(attributes, where);
  }

  private String nameProblem(String name, String what) {
    if (name.length() > limits.maxNameLength()) {
      return what
          + " is "
          + name.length()
          + " characters long (limit "
          + limits.maxNameLength()
          + ")";
    }
    return null;
  }

  private String attributesProblem(Attributes attributes, String where) {
    if (attributes.size() > limits.maxAttributesPerItem()) {
      return where
          + " has "
          + attributes.size()
          + " attributes (limit "
          + limits.maxAttributesPerItem()
          + ")";
    }
    for (int i = 0; i < attributes.size(); i++) {
      String key = attributes.key(i);
      if (key.length() > limits.maxAttributeKeyLength()) {
        return where
            + " has an attribute key of "
            + key.length()
            + " characters (limit "
            + limits.maxAttributeKeyLength()
            + ")";
      }
      String p = valueProblem(attributes.value(i), 1);
      if (p != null) {
        // Built only for a refusal: this loop runs for every attribute of every item.
        return "attribute '" + key + "' of " + where + p;
      }
    }
    return null;
  }

  /** What is wrong with a value, as the rest of a sentence its caller starts; null when fine. */
  private String valueProblem(Object value, int depth) {
    switch (value) {
      case null -> {
        return null;
      }
      case String s -> {
        return s.length() > limits.maxAttributeValueLength()
            ? " is "
                + s.length()
                + " characters long (limit "
                + limits.maxAttributeValueLength()
                + ")"
            : null;
      }
      case Bytes b -> {
        return b.length() > limits.maxAttributeValueLength()
            ? " is " + b.length() + " bytes long (limit " + limits.maxAttributeValueLength() + ")"
            : null;
      }
      case List<?> list -> {
        if (depth >= limits.maxAttributeDepth()) {
          return " nests deeper than " + limits.maxAttributeDepth() + " levels";
        }
        for (Object element : list) {
          String p = valueProblem(element, depth + 1);
          if (p != null) {
            return p;
          }
        }
        return null;
      }
      case Attributes kv -> {
        if (depth >= limits.maxAttributeDepth()) {
          return " nests deeper than " + limits.maxAttributeDepth() + " levels";
        }
        if (kv.size() > limits.maxAttributesPerItem()) {
          return " holds " + kv.size() + " entries (limit " + limits.maxAttributesPerItem() + ")";
        }
        for (int i = 0; i < kv.size(); i++) {
          if (kv.key(i).length() > limits.maxAttributeKeyLength()) {
            return " holds a key of "
                + kv.key(i).length()
                + " characters (limit "
                + limits.maxAttributeKeyLength()
                + ")";
          }
          String p = valueProblem(kv.value(i), depth + 1);
          if (p != null) {
            return p;
          }
        }
        return null;
      }
      default -> {
        return null;
      }
    }
  }
}
