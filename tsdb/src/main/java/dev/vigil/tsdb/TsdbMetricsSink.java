package dev.vigil.tsdb;

import dev.vigil.model.Batch;
import dev.vigil.model.Tenant;
import dev.vigil.model.metric.Metric;
import dev.vigil.model.series.ExemplarSample;
import dev.vigil.model.series.Labels;
import dev.vigil.model.series.SeriesAppender;
import dev.vigil.model.sink.SinkException;
import dev.vigil.model.sink.TelemetrySink;
import dev.vigil.tsdb.otlp.OtlpToSeries;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The collector's metrics sink: OTLP metrics translated to series and committed to the tsdb, WAL
 * first, before {@link #append} returns. A sample the tsdb refuses (older than the out-of-order
 * window, over the tenant's series limit) is counted and logged, and the rest of the batch is
 * stored; a failing WAL fails the whole batch, retryably.
 */
public final class TsdbMetricsSink implements TelemetrySink<Metric> {
  private static final Logger log = LoggerFactory.getLogger(TsdbMetricsSink.class);
  private static final long LOG_EVERY_MILLIS = 10_000;

  private final Tsdb tsdb;
  private final OtlpToSeries translator;
  private final ThreadLocal<SeriesAppender> appenders;
  private final AtomicLong lastLogged = new AtomicLong();

  public TsdbMetricsSink(Tsdb tsdb) {
    this.tsdb = tsdb;
    this.translator = new OtlpToSeries(tsdb.metadata());
    this.appenders = ThreadLocal.withInitial(tsdb::appender);
  }

  @Override
  public void append(Batch<Metric> batch) throws SinkException {
    SeriesAppender appender = new RefusalCounting(appenders.get());
    try {
      translator.write(batch, appender);
      appender.commit();
    } catch (IOException | UncheckedIOException e) {
      appender.rollback();
      throw new SinkException("the metrics WAL could not be written: " + e.getMessage(), true, e);
    } catch (RuntimeException e) {
      appender.rollback();
      throw e;
    }
  }

  /** Passes samples through, counting the ones the tsdb refuses instead of failing the batch. */
  private final class RefusalCounting implements SeriesAppender {
    private final SeriesAppender delegate;

    RefusalCounting(SeriesAppender delegate) {
      this.delegate = delegate;
    }

    @Override
    public void append(Tenant tenant, Labels labels, long timestamp, double value) {
      try {
        delegate.append(tenant, labels, timestamp, value);
      } catch (IllegalArgumentException e) {
        logRefusal("a sample", tenant, "vigil_tsdb_samples_refused_total", e);
      }
    }

    @Override
    public void appendExemplar(Tenant tenant, Labels labels, ExemplarSample exemplar) {
      try {
        delegate.appendExemplar(tenant, labels, exemplar);
      } catch (IllegalArgumentException e) {
        logRefusal("an exemplar", tenant, "vigil_tsdb_exemplars_refused_total", e);
      }
    }

    private void logRefusal(String what, Tenant tenant, String counter, RuntimeException e) {
      long now = System.currentTimeMillis();
      long last = lastLogged.get();
      if (now - last > LOG_EVERY_MILLIS && lastLogged.compareAndSet(last, now)) {
        log.warn(
            "refused {} of tenant {} (logged once per {} s; see {}): {}",
            what,
            tenant,
            LOG_EVERY_MILLIS / 1000,
            counter,
            e.getMessage());
      }
    }

    @Override
    public void commit() throws IOException {
      delegate.commit();
    }

    @Override
    public void commitUnforced() throws IOException {
      delegate.commitUnforced();
    }

    @Override
    public void rollback() {
      delegate.rollback();
    }
  }
}
