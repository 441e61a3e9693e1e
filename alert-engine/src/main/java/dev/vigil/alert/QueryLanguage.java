package dev.vigil.alert;

import java.util.Locale;
import java.util.Optional;

/**
 * The language a rule's expression is written in. PromQL reads the tsdb (span metrics included: the
 * trace store writes {@code traces_spanmetrics_*} there); LogQL metric queries read the log index.
 * A rule file says which with {@code query_language}; PromQL when it does not.
 */
public enum QueryLanguage {
  PROMQL,
  LOGQL;

  /** As written in rule files: {@code promql}, {@code logql}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** {@code promql} or {@code logql}, in any case; empty for anything else. */
  public static Optional<QueryLanguage> parse(String s) {
    for (QueryLanguage l : values()) {
      if (l.label().equalsIgnoreCase(s.strip())) {
        return Optional.of(l);
      }
    }
    return Optional.empty();
  }
}
