package dev.vigil.collector.otlp;

import static dev.vigil.collector.otlp.AttributeProtoMapper.attributes;

import dev.vigil.model.Batch;
import dev.vigil.model.Resource;
import dev.vigil.model.ResourceGroup;
import dev.vigil.model.Scope;
import dev.vigil.model.ScopeGroup;
import dev.vigil.model.Tenant;
import dev.vigil.model.log.LogRecord;
import dev.vigil.model.metric.Metric;
import dev.vigil.model.trace.Span;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/**
 * Maps the generated opentelemetry-proto messages to Vigil's model. This is the reference mapping:
 * it reads plainly, serves the OTLP/JSON path (which parses into generated messages first), and is
 * what {@link OtlpProtoDecoder} is tested against, byte for byte of the same request.
 *
 * <p>Every resource and scope group is kept as sent, even when empty or when all its items were
 * refused. Items with malformed ids (and data points without a value) are refused one by one into
 * {@link Rejections}; the rest of the request is accepted.
 */
public final class OtlpProtoMapper {
  private OtlpProtoMapper() {}

  public static Batch<Span> traces(
      Tenant tenant, ExportTraceServiceRequest request, Rejections rejections) {
    List<ResourceGroup<Span>> resources = new ArrayList<>(request.getResourceSpansCount());
    for (var rs : request.getResourceSpansList()) {
      List<ScopeGroup<Span>> scopes = new ArrayList<>(rs.getScopeSpansCount());
      for (var ss : rs.getScopeSpansList()) {
        scopes.add(
            new ScopeGroup<>(
                scope(ss.getScope(), ss.getSchemaUrl()),
                items(ss.getSpansList(), SpanProtoMapper::span, rejections)));
      }
      resources.add(new ResourceGroup<>(resource(rs.getResource(), rs.getSchemaUrl()), scopes));
    }
    return new Batch<>(tenant, resources);
  }

  public static Batch<LogRecord> logs(
      Tenant tenant, ExportLogsServiceRequest request, Rejections rejections) {
    List<ResourceGroup<LogRecord>> resources = new ArrayList<>(request.getResourceLogsCount());
    for (var rl : request.getResourceLogsList()) {
      List<ScopeGroup<LogRecord>> scopes = new ArrayList<>(rl.getScopeLogsCount());
      for (var sl : rl.getScopeLogsList()) {
        scopes.add(
            new ScopeGroup<>(
                scope(sl.getScope(), sl.getSchemaUrl()),
                items(sl.getLogRecordsList(), OtlpProtoMapper::logRecord, rejections)));
      }
      resources.add(new ResourceGroup<>(resource(rl.getResource(), rl.getSchemaUrl()), scopes));
    }
    return new Batch<>(tenant, resources);
  }

  public static Batch<Metric> metrics(
      Tenant tenant, ExportMetricsServiceRequest request, Rejections rejections) {
    List<ResourceGroup<Metric>> resources = new ArrayList<>(request.getResourceMetricsCount());
    for (var rm : request.getResourceMetricsList()) {
      List<ScopeGroup<Metric>> scopes = new ArrayList<>(rm.getScopeMetricsCount());
      for (var sm : rm.getScopeMetricsList()) {
        scopes.add(
            new ScopeGroup<>(
                scope(sm.getScope(), sm.getSchemaUrl()),
                items(sm.getMetricsList(), MetricProtoMapper::metric, rejections)));
      }
      resources.add(new ResourceGroup<>(resource(rm.getResource(), rm.getSchemaUrl()), scopes));
    }
    return new Batch<>(tenant, resources);
  }

  /** A resource absent from its group reads as the default instance: no attributes. */
  private static Resource resource(
      io.opentelemetry.proto.resource.v1.Resource r, String schemaUrl) {
    return new Resource(
        attributes(r.getAttributesList()), r.getDroppedAttributesCount(), schemaUrl);
  }

  /** A scope absent from its group reads as the default instance: empty name and version. */
  private static Scope scope(InstrumentationScope s, String schemaUrl) {
    return new Scope(
        s.getName(),
        s.getVersion(),
        attributes(s.getAttributesList()),
        s.getDroppedAttributesCount(),
        schemaUrl);
  }

  private static <P, T> List<T> items(
      List<P> in, BiFunction<P, Rejections, T> mapper, Rejections rejections) {
    List<T> out = new ArrayList<>(in.size());
    for (P p : in) {
      T item = mapper.apply(p, rejections);
      if (item != null) {
        out.add(item);
      }
    }
    return out;
  }

  private static LogRecord logRecord(
      io.opentelemetry.proto.logs.v1.LogRecord r, Rejections rejections) {
    byte[] traceId = r.getTraceId().toByteArray();
    byte[] spanId = r.getSpanId().toByteArray();
    String problem = IdRules.optionalTraceIdProblem(traceId.length);
    if (problem == null) {
      problem = IdRules.optionalSpanIdProblem("span_id", spanId.length);
    }
    if (problem != null) {
      rejections.reject(1, RejectionReasons.logRecord(problem));
      return null;
    }
    return new LogRecord(
        r.getTimeUnixNano(),
        r.getObservedTimeUnixNano(),
        r.getSeverityNumberValue(),
        r.getSeverityText(),
        r.hasBody() ? AttributeProtoMapper.value(r.getBody()) : null,
        attributes(r.getAttributesList()),
        r.getDroppedAttributesCount(),
        r.getFlags(),
        IdRules.optionalTraceId(traceId, 0, traceId.length),
        IdRules.spanId(spanId, 0, spanId.length),
        r.getEventName());
  }
}
