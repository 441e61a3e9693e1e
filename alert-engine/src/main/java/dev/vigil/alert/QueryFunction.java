package dev.vigil.alert;

import dev.vigil.model.Tenant;
import java.time.Instant;

/**
 * Evaluates one expression (PromQL, or a LogQL metric query: see {@link QueryFunctions}) at one
 * instant, as Prometheus' rule manager and vmalert see their query engine. The alert engine never
 * looks behind this interface, so the same rules run against the embedded store or a remote
 * Prometheus-compatible API.
 *
 * <p>Contract: implementations are thread-safe, as groups evaluate concurrently. The returned
 * vector is owned by the caller and is not modified afterwards. A failure is thrown as {@link
 * QueryException}, never returned as an empty vector: an empty result means "no series matched" and
 * resolves firing alerts, while a failure must leave them as they were.
 */
@FunctionalInterface
public interface QueryFunction {

  /**
   * Evaluates {@code expr} for {@code tenant} at {@code time}.
   *
   * @throws QueryException if the query cannot be evaluated (bad expression, storage failure,
   *     timeout); the message is shown to users beside the rule
   */
  InstantVector query(Tenant tenant, String expr, Instant time) throws QueryException;

  /**
   * Prepares {@code expr} for evaluation at many instants, as a rule group does at every tick.
   * Implementations that parse override this so the parse is paid once per rule, not per
   * evaluation; the default evaluates the string each time.
   *
   * @throws QueryException if the expression cannot be prepared (it does not parse)
   */
  default Prepared prepare(String expr) throws QueryException {
    return (tenant, time) -> query(tenant, expr, time);
  }

  /** One expression, ready to evaluate; thread-safe like its function. */
  @FunctionalInterface
  interface Prepared {
    /** Evaluates the expression for {@code tenant} at {@code time}, as {@link #query} does. */
    InstantVector query(Tenant tenant, Instant time) throws QueryException;
  }
}
