/**
 * The PromQL evaluator: {@link dev.vigil.promql.engine.Engine} runs instant and range queries with
 * Prometheus 3.x semantics over a {@link dev.vigil.model.series.SeriesStore} and nothing else.
 * Results are {@link dev.vigil.promql.engine.Value}s with warnings and infos; failures are typed
 * {@link dev.vigil.promql.engine.QueryException}s. Everything but the facade, its options and the
 * result and exception types is package-private and may change.
 */
package dev.vigil.promql.engine;
