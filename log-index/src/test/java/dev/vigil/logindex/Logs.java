package dev.vigil.logindex;

import dev.vigil.model.Attributes;
import dev.vigil.model.Batch;
import dev.vigil.model.Resource;
import dev.vigil.model.ResourceGroup;
import dev.vigil.model.Scope;
import dev.vigil.model.ScopeGroup;
import dev.vigil.model.Tenant;
import dev.vigil.model.TraceId;
import dev.vigil.model.log.LogRecord;
import java.util.List;

/** Small builders for test batches. */
final class Logs {
  static final long T0 = 1_795_000_000_000_000_000L; // 2026-11-17, inside default retention tests

  private Logs() {}

  static LogRecord record(
      long time,
      int severity,
      String text,
      Object body,
      Attributes attrs,
      TraceId trace,
      long span) {
    return new LogRecord(time, time + 1000, severity, text, body, attrs, 0, 0, trace, span, "");
  }

  static LogRecord line(long time, String body) {
    return record(time, 9, "INFO", body, Attributes.EMPTY, null, 0);
  }

  static Batch<LogRecord> batch(Tenant tenant, Attributes resource, List<LogRecord> records) {
    return new Batch<>(
        tenant,
        List.of(
            new ResourceGroup<>(
                new Resource(resource, 0, ""),
                List.of(
                    new ScopeGroup<>(
                        new Scope("test.scope", "1.0", Attributes.EMPTY, 0, ""), records)))));
  }

  static Batch<LogRecord> batch(String service, List<LogRecord> records) {
    return batch(Tenant.DEFAULT, Attributes.of("service.name", service), records);
  }
}
