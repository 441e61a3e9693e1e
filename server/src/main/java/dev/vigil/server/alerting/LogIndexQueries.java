package dev.vigil.server.alerting;

import dev.vigil.alert.InstantVector;
import dev.vigil.alert.QueryException;
import dev.vigil.alert.QueryFunction;
import dev.vigil.logindex.LogIndex;
import dev.vigil.logindex.logql.Expr;
import dev.vigil.logindex.logql.LogQLParseException;
import dev.vigil.logindex.logql.LogQLParser;
import dev.vigil.logindex.query.MetricResult;
import dev.vigil.logindex.query.SampleSeries;
import dev.vigil.model.Tenant;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The alert engine's LogQL {@link QueryFunction} on the embedded log index: an instant metric query
 * (the log index's own limits on lines read and series returned apply, and fail the rule with their
 * message rather than cutting its answer short).
 */
final class LogIndexQueries implements QueryFunction {
  private final LogIndex logs;

  LogIndexQueries(LogIndex logs) {
    this.logs = logs;
  }

  @Override
  public InstantVector query(Tenant tenant, String expr, Instant time) throws QueryException {
    return prepare(expr).query(tenant, time);
  }

  @Override
  public Prepared prepare(String expr) throws QueryException {
    Expr parsed;
    try {
      parsed = LogQLParser.parse(expr);
    } catch (LogQLParseException e) {
      throw new QueryException(e.getMessage(), e);
    }
    if (!(parsed instanceof Expr.Metric metric)) {
      throw new QueryException(
          "a LogQL rule needs a metric query (count_over_time, rate, ...), not a log query: "
              + expr);
    }
    return (tenant, time) -> {
      long nanos =
          Math.addExact(Math.multiplyExact(time.getEpochSecond(), 1_000_000_000L), time.getNano());
      MetricResult r;
      try {
        r = logs.queries().evaluate(tenant, metric, nanos, nanos, 1, true);
      } catch (dev.vigil.logindex.query.QueryException e) {
        throw new QueryException(e.getMessage(), e);
      } catch (IOException e) {
        throw new QueryException("reading the log index failed: " + e.getMessage(), e);
      }
      List<InstantVector.Sample> out = new ArrayList<>(r.series().size());
      for (SampleSeries s : r.series()) {
        out.add(new InstantVector.Sample(s.labels(), s.samples().get(0).value()));
      }
      return new InstantVector(out);
    };
  }
}
