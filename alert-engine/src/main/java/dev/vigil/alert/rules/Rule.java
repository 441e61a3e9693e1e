package dev.vigil.alert.rules;

import java.util.Map;

/** One rule of a group: a recording rule or an alerting rule, as in a Prometheus rule file. */
public sealed interface Rule permits RecordingRule, AlertingRule {

  /** The record or alert name. */
  String name();

  /** The PromQL expression, as written. */
  String expr();

  /** Labels added to the result; sorted by name. */
  Map<String, String> labels();
}
