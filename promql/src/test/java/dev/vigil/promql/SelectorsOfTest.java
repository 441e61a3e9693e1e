package dev.vigil.promql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.promql.ast.VectorSelector;
import org.junit.jupiter.api.Test;

/** {@link PromQL#selectors}: what an expression reads, in the order it is written. */
class SelectorsOfTest {
  @Test
  void everySelectorIsFoundWhereverItStands() {
    String q =
        "topk(scalar(k), -sum by (job) (rate(a{x=\"1\"}[5m]))"
            + " / ignoring(y) max_over_time((b + on() c)[1h:1m])) or vector(1) > bool d offset 5m";
    assertThat(PromQL.selectors(PromQL.parseExpr(q)))
        .extracting(VectorSelector::metricName)
        .containsExactly("k", "a", "b", "c", "d");
    assertThat(PromQL.selectors(PromQL.parseExpr("1 + 2 * time()"))).isEmpty();
  }
}
