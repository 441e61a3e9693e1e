package dev.vigil.server;

import dev.vigil.model.Batch;
import dev.vigil.model.sink.SinkException;
import dev.vigil.model.sink.TelemetrySink;
import dev.vigil.model.trace.Span;
import dev.vigil.tracestore.derived.SpanMetrics;
import dev.vigil.tsdb.Tsdb;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The span sink of the embedded stores: spans into the trace store (durably, before the answer),
 * then RED metrics from the same batch into the tsdb ({@code traces_spanmetrics_*}), so SLOs can be
 * written on trace data without the service exporting metrics. A failure of the derived metrics is
 * logged, not answered: the spans themselves are stored.
 */
final class SpansWithMetrics implements TelemetrySink<Span> {
  private static final Logger log = LoggerFactory.getLogger(SpansWithMetrics.class);

  private final TelemetrySink<Span> spans;
  private final Tsdb tsdb;
  private final SpanMetrics metrics = new SpanMetrics();

  SpansWithMetrics(TelemetrySink<Span> spans, Tsdb tsdb) {
    this.spans = spans;
    this.tsdb = tsdb;
  }

  @Override
  public void append(Batch<Span> batch) throws SinkException {
    spans.append(batch);
    try {
      metrics.record(batch, tsdb.appender()); // commits, or rolls back and throws
    } catch (IOException | RuntimeException e) {
      log.warn("span metrics of a batch were not written: {}", e.toString());
    }
  }

  @Override
  public void close() throws Exception {
    spans.close();
  }
}
