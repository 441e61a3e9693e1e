package dev.vigil.alert.eval;

import dev.vigil.model.Tenant;
import dev.vigil.model.series.Labels;
import java.io.IOException;
import java.util.List;

/**
 * Where recording rules and the {@code ALERTS} series go: one call per group evaluation, all of it
 * stored or none. The server backs it with a tsdb appender.
 */
@FunctionalInterface
public interface SeriesWriter {
  /** One sample to write. */
  record Point(Labels labels, long timestamp, double value) {}

  void write(Tenant tenant, List<Point> points) throws IOException;

  SeriesWriter NONE = (tenant, points) -> {};
}
