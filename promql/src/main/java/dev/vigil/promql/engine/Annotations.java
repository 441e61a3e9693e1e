package dev.vigil.promql.engine;

import dev.vigil.promql.ParsedQuery;
import dev.vigil.promql.ast.Expr;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Warnings and infos of one query, deduplicated, each suffixed with the position of the node it is
 * about, as Prometheus prints annotations: {@code PromQL warning: ... (1:21)}.
 */
final class Annotations {
  private final ParsedQuery query;
  private final Set<String> warnings = new LinkedHashSet<>();
  private final Set<String> infos = new LinkedHashSet<>();

  Annotations(ParsedQuery query) {
    this.query = query;
  }

  void warn(String message, Expr node) {
    warnings.add("PromQL warning: " + message + position(node));
  }

  void info(String message, Expr node) {
    infos.add("PromQL info: " + message + position(node));
  }

  private String position(Expr node) {
    if (node == null) {
      return "";
    }
    try {
      return " (" + query.lineColumnOf(node) + ")";
    } catch (IllegalArgumentException e) {
      return "";
    }
  }

  List<String> warnings() {
    return new ArrayList<>(warnings);
  }

  List<String> infos() {
    return new ArrayList<>(infos);
  }
}
