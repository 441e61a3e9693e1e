package dev.vigil.alert;

import dev.vigil.model.Tenant;
import java.time.Instant;
import java.util.Objects;

/**
 * One {@link QueryFunction} per {@link QueryLanguage}: the evaluator picks the rule's. A process
 * without a log index passes {@link #NO_LOG_INDEX} for LogQL, so LogQL rules fail with a reason
 * beside the rule instead of silently recording nothing.
 */
public record QueryFunctions(QueryFunction promql, QueryFunction logql) {

  /** Refuses every LogQL query, naming why. */
  public static final QueryFunction NO_LOG_INDEX =
      (Tenant tenant, String expr, Instant time) -> {
        throw new QueryException(
            "LogQL rules need the log index, and this process has none (logs are disabled)");
      };

  public QueryFunctions {
    Objects.requireNonNull(promql, "promql");
    Objects.requireNonNull(logql, "logql");
  }

  /** PromQL only: LogQL rules fail with {@link #NO_LOG_INDEX}'s message. */
  public static QueryFunctions promqlOnly(QueryFunction promql) {
    return new QueryFunctions(promql, NO_LOG_INDEX);
  }

  public QueryFunction of(QueryLanguage language) {
    return switch (language) {
      case PROMQL -> promql;
      case LOGQL -> logql;
    };
  }
}
