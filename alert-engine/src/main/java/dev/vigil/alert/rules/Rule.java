package dev.vigil.alert.rules;

import dev.vigil.alert.QueryLanguage;
import java.util.Map;

/** One rule of a group: a recording rule or an alerting rule, as in a Prometheus rule file. */
public sealed interface Rule permits RecordingRule, AlertingRule {

  /** The record or alert name. */
  String name();

  /** The expression, as written, in {@link #language()}. */
  String expr();

  /** PromQL, or LogQL for a group that says {@code query_language: logql}. */
  QueryLanguage language();

  /** Labels added to the result; sorted by name. */
  Map<String, String> labels();
}
