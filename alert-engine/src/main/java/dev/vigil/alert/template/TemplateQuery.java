package dev.vigil.alert.template;

import dev.vigil.alert.InstantVector;
import dev.vigil.alert.QueryException;
import java.time.Instant;
import java.util.List;

/**
 * What a template's {@code query} function runs: an instant PromQL query at the alert's evaluation
 * time. Implementations are thread-safe (groups expand templates concurrently).
 */
@FunctionalInterface
public interface TemplateQuery {
  List<InstantVector.Sample> query(String expr, Instant time) throws QueryException;
}
