package dev.vigil.server.http;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/** Vigil's own metrics in the Prometheus text (or OpenMetrics, when asked for) format. */
@Controller
final class MetricsController {
  private final PrometheusRegistry registry;
  private final ExpositionFormats formats = ExpositionFormats.init();

  MetricsController(PrometheusRegistry registry) {
    this.registry = registry;
  }

  @Get("/metrics")
  HttpResponse<byte[]> metrics(@Nullable @Header("Accept") String accept) throws IOException {
    ExpositionFormatWriter writer = formats.findWriter(accept);
    ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
    writer.write(out, registry.scrape());
    return HttpResponse.ok(out.toByteArray()).contentType(writer.getContentType());
  }
}
