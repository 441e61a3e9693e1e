package dev.vigil.alert;

import dev.vigil.model.Tenant;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

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

  /**
   * Puts expressions prepared by this function together, to be evaluated at each instant over one
   * snapshot of the store, as a rule group's independent rules are: an implementation may read a
   * selector they share once (an SLO's error ratio over 5 m, 30 m … 3 d reads the same counters
   * seven times). None of them may read what another records at that instant; the caller makes sure
   * of it. The default evaluates each on its own.
   */
  default PreparedBatch batch(List<Prepared> prepared) {
    List<Prepared> each = List.copyOf(prepared);
    return (tenant, time) -> {
      List<InstantVector> out = new ArrayList<>(each.size());
      for (Prepared p : each) {
        out.add(p.query(tenant, time));
      }
      return out;
    };
  }

  /** Expressions evaluated together at one instant; thread-safe like their function. */
  @FunctionalInterface
  interface PreparedBatch {
    /**
     * Evaluates every expression for {@code tenant} at {@code time}; the answers in the order of
     * the expressions, each the one {@link Prepared#query} would give.
     *
     * @throws QueryException if any expression fails; the caller evaluates them one by one to learn
     *     which
     */
    List<InstantVector> query(Tenant tenant, Instant time) throws QueryException;
  }

  /** One expression, ready to evaluate; thread-safe like its function. */
  @FunctionalInterface
  interface Prepared {
    /** Evaluates the expression for {@code tenant} at {@code time}, as {@link #query} does. */
    InstantVector query(Tenant tenant, Instant time) throws QueryException;
  }
}
