package dev.vigil.server.prometheus;

import dev.vigil.model.Tenant;
import dev.vigil.model.series.SeriesAppender;
import dev.vigil.server.MetricsAccess;
import dev.vigil.server.http.RequestTenant;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.io.IOException;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/v1/write}: Prometheus remote-write 1.0 into the tsdb, so a Prometheus server can
 * write to Vigil. Answers as Prometheus' own receiver: 204 when stored (WAL-synced before the
 * answer), 400 for a malformed request (the sender drops it), 5xx when the store cannot write (the
 * sender retries).
 */
@Controller
final class RemoteWriteController {
  private static final Logger log = LoggerFactory.getLogger(RemoteWriteController.class);
  private static final int MAX_UNCOMPRESSED = 64 * 1024 * 1024;

  private final MetricsAccess writer;
  private final LabelsCache labelsCache = new LabelsCache();
  private final SeriesOrderCache seriesOrders = new SeriesOrderCache();

  RemoteWriteController(MetricsAccess writer) {
    this.writer = writer;
  }

  @Post(uri = "/api/v1/write", processes = MediaType.ALL)
  @Consumes(MediaType.ALL)
  @ExecuteOn(TaskExecutors.BLOCKING)
  HttpResponse<String> write(
      HttpRequest<?> request,
      @Body byte[] body,
      @Nullable @Header("Content-Encoding") String encoding) {
    Tenant tenant = RequestTenant.of(request);
    if (encoding != null && !encoding.strip().toLowerCase(Locale.ROOT).equals("snappy")) {
      return HttpResponse.<String>status(HttpStatus.UNSUPPORTED_MEDIA_TYPE)
          .body(
              "unsupported Content-Encoding '"
                  + encoding
                  + "'; remote write 1.0 is snappy-compressed");
    }
    SeriesAppender appender = writer.appender();
    if (appender == null) {
      return HttpResponse.<String>status(HttpStatus.SERVICE_UNAVAILABLE)
          .body("this server runs without a metrics store");
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
        return HttpResponse.<String>badRequest(
            "stored "
                + result.samples()
                + " samples, refused "
                + result.refused()
                + ": "
                + result.firstRefusal());
      }
      return HttpResponse.noContent();
    } catch (RemoteWriteException e) {
      appender.rollback();
      return HttpResponse.<String>status(HttpStatus.valueOf(e.status())).body(e.getMessage());
    } catch (IOException e) {
      appender.rollback();
      log.error("remote write: the tsdb WAL could not be written: {}", e.toString());
      return HttpResponse.<String>status(HttpStatus.SERVICE_UNAVAILABLE)
          .body("the metrics store could not write: " + e.getMessage());
    }
  }
}
