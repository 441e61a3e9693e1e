package dev.vigil.server.prometheus;

import dev.vigil.model.Tenant;
import dev.vigil.model.series.SeriesAppender;
import dev.vigil.server.MetricsAccess;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores one remote-write request and says what to answer, as Prometheus' own receiver does: 204
 * when stored (WAL-synced before the answer), 400 for a malformed request (the sender drops it),
 * 415 for another encoding than snappy, 413 over the size limit, 5xx when the store cannot write
 * (the sender retries). Shared by the event-loop fast path ({@link RemoteWriteChannelHandler}) and
 * the controller, so both keep the same caches and answers. Blocks until the WAL is synced: never
 * call it on an event loop.
 */
@Singleton
final class RemoteWriteReceiver {
  private static final Logger log = LoggerFactory.getLogger(RemoteWriteReceiver.class);
  static final int MAX_UNCOMPRESSED = 64 * 1024 * 1024;

  /** What to answer: a status and, unless 204, a plain-text body. */
  record Answer(int status, String body) {
    static final Answer STORED = new Answer(204, "");
  }

  /** Which of the two ways a request came in, for {@code vigil_remote_write_requests_total}. */
  enum Path {
    /** Served on the connection by {@link RemoteWriteChannelHandler}. */
    CONNECTION,
    /** Served through Micronaut's routing by {@link RemoteWriteController}. */
    CONTROLLER
  }

  private final MetricsAccess writer;
  private final LabelsCache labelsCache = new LabelsCache();
  private final SeriesOrderCache seriesOrders = new SeriesOrderCache();
  private final CounterDataPoint[] requests = new CounterDataPoint[Path.values().length];

  RemoteWriteReceiver(MetricsAccess writer, PrometheusRegistry registry) {
    this.writer = writer;
    Counter counter =
        Counter.builder()
            .name("vigil_remote_write_requests_total")
            .help(
                "Remote-write requests received, by the way they were served: on the connection"
                    + " or through the HTTP API's routing.")
            .labelNames("path")
            .register(registry);
    for (Path p : Path.values()) {
      requests[p.ordinal()] = counter.labelValues(p.name().toLowerCase(Locale.ROOT));
    }
  }

  /** Whether the request's {@code Content-Encoding} (null when absent) is one this accepts. */
  static boolean acceptsEncoding(String encoding) {
    return encoding == null || encoding.strip().toLowerCase(Locale.ROOT).equals("snappy");
  }

  static Answer unsupportedEncoding(String encoding) {
    return new Answer(
        415,
        "unsupported Content-Encoding '" + encoding + "'; remote write 1.0 is snappy-compressed");
  }

  /** Decodes, stores and commits the snappy-compressed {@code body} for {@code tenant}. */
  Answer write(Tenant tenant, byte[] body, Path path) {
    requests[path.ordinal()].inc();
    SeriesAppender appender = writer.appender();
    if (appender == null) {
      return new Answer(503, "this server runs without a metrics store");
    }
    try {
      byte[] message = RemoteWriteDecoder.uncompress(body, MAX_UNCOMPRESSED);
      RemoteWriteDecoder.Result result =
          RemoteWriteDecoder.decode(
              message, tenant, appender, writer.metadata(), labelsCache, seriesOrders);
      appender.commit();
      if (result.refused() > 0) {
        // Prometheus answers refused samples with 400 so the sender does not retry them forever;
        // the accepted ones are stored.
        return new Answer(
            400,
            "stored "
                + result.samples()
                + " samples, refused "
                + result.refused()
                + ": "
                + result.firstRefusal());
      }
      return Answer.STORED;
    } catch (RemoteWriteException e) {
      appender.rollback();
      return new Answer(e.status(), e.getMessage());
    } catch (IOException e) {
      appender.rollback();
      log.error("remote write: the tsdb WAL could not be written: {}", e.toString());
      return new Answer(503, "the metrics store could not write: " + e.getMessage());
    }
  }
}
