package dev.vigil.server.prometheus;

import dev.vigil.model.series.LabelMatcher;
import dev.vigil.promql.ParseException;
import dev.vigil.promql.PromQL;
import dev.vigil.promql.ast.Expr;
import dev.vigil.promql.ast.VectorSelector;
import java.util.ArrayList;
import java.util.List;

/** {@code match[]} parameters: series selectors parsed with the PromQL parser. */
final class Selectors {
  private Selectors() {}

  static List<List<LabelMatcher>> parse(List<String> values) throws ApiException {
    List<List<LabelMatcher>> out = new ArrayList<>();
    for (String v : values) {
      Expr e;
      try {
        e = PromQL.parseExpr(v);
      } catch (ParseException ex) {
        throw ApiException.badData("invalid parameter \"match[]\": " + ex.getMessage());
      }
      if (!(e instanceof VectorSelector selector)) {
        throw ApiException.badData(
            "invalid parameter \"match[]\": " + v + " is not a series selector");
      }
      out.add(toModel(selector.matchers()));
    }
    return out;
  }

  static List<LabelMatcher> toModel(List<dev.vigil.promql.ast.LabelMatcher> matchers)
      throws ApiException {
    List<LabelMatcher> out = new ArrayList<>(matchers.size());
    for (dev.vigil.promql.ast.LabelMatcher m : matchers) {
      LabelMatcher.Type type =
          switch (m.type()) {
            case EQUAL -> LabelMatcher.Type.EQUAL;
            case NOT_EQUAL -> LabelMatcher.Type.NOT_EQUAL;
            case REGEX -> LabelMatcher.Type.REGEX;
            case NOT_REGEX -> LabelMatcher.Type.NOT_REGEX;
          };
      try {
        out.add(LabelMatcher.of(type, m.name(), m.value()));
      } catch (IllegalArgumentException e) {
        throw ApiException.badData(e.getMessage());
      }
    }
    return out;
  }
}
