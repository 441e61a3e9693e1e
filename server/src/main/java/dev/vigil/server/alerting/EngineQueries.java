package dev.vigil.server.alerting;

import dev.vigil.alert.InstantVector;
import dev.vigil.alert.QueryException;
import dev.vigil.alert.QueryFunction;
import dev.vigil.model.Tenant;
import dev.vigil.model.series.Labels;
import dev.vigil.promql.ParsedQuery;
import dev.vigil.promql.engine.Engine;
import dev.vigil.promql.engine.QueryResult;
import dev.vigil.promql.engine.Sample;
import dev.vigil.promql.engine.Value;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** The alert engine's {@link QueryFunction} on the embedded PromQL engine. */
public final class EngineQueries implements QueryFunction {
  private final Engine engine;

  public EngineQueries(Engine engine) {
    this.engine = engine;
  }

  @Override
  public InstantVector query(Tenant tenant, String expr, Instant time) throws QueryException {
    return vector(() -> engine.instantQuery(tenant, expr, time).value());
  }

  @Override
  public Prepared prepare(String expr) throws QueryException {
    try {
      return new Parsed(engine.prepare(expr));
    } catch (RuntimeException e) {
      throw failure(e);
    }
  }

  /** An expression parsed by this engine, which a batch can hand back to it. */
  private final class Parsed implements Prepared {
    final ParsedQuery query;

    Parsed(ParsedQuery query) {
      this.query = query;
    }

    @Override
    public InstantVector query(Tenant tenant, Instant time) throws QueryException {
      return vector(() -> engine.instantQuery(tenant, query, time.toEpochMilli()).value());
    }
  }

  /**
   * The engine's batch: one snapshot for all, each selector selected once and its windows folded in
   * one pass ({@link Engine#instantQueries}).
   */
  @Override
  public PreparedBatch batch(List<Prepared> prepared) {
    List<ParsedQuery> parsed = new ArrayList<>(prepared.size());
    for (Prepared p : prepared) {
      if (!(p instanceof Parsed own)) {
        return QueryFunction.super.batch(prepared);
      }
      parsed.add(own.query);
    }
    return (tenant, time) -> {
      List<QueryResult> results;
      try {
        results = engine.instantQueries(tenant, parsed, time.toEpochMilli());
      } catch (RuntimeException e) {
        throw failure(e);
      }
      List<InstantVector> out = new ArrayList<>(results.size());
      for (QueryResult r : results) {
        out.add(vector(r.value()));
      }
      return out;
    };
  }

  private static InstantVector vector(Supplier<Value> evaluation) throws QueryException {
    Value v;
    try {
      v = evaluation.get();
    } catch (RuntimeException e) {
      throw failure(e);
    }
    return vector(v);
  }

  private static InstantVector vector(Value v) throws QueryException {
    return switch (v) {
      case Value.Vector vec -> {
        List<InstantVector.Sample> out = new ArrayList<>(vec.samples().size());
        for (Sample s : vec.samples()) {
          out.add(new InstantVector.Sample(s.labels(), s.value()));
        }
        yield new InstantVector(out);
      }
      case Value.Scalar s ->
          new InstantVector(List.of(new InstantVector.Sample(Labels.EMPTY, s.value())));
      default ->
          throw new QueryException(
              "rule expressions must return a vector or scalar, got " + v.typeName());
    };
  }

  private static QueryException failure(RuntimeException e) {
    return new QueryException(e.getMessage() == null ? e.toString() : e.getMessage(), e);
  }
}
