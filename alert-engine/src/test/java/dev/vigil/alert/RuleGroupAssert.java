package dev.vigil.alert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.alert.rules.AlertingRule;
import dev.vigil.alert.rules.Rule;
import dev.vigil.alert.rules.RuleGroup;
import java.util.List;

/** Rule groups compared field by field, expressions by their canonical tree. */
public final class RuleGroupAssert {
  private RuleGroupAssert() {}

  public static void assertSameRules(List<RuleGroup> actual, List<RuleGroup> expected) {
    assertThat(actual)
        .extracting(RuleGroup::name)
        .containsExactlyElementsOf(expected.stream().map(RuleGroup::name).toList());
    for (int g = 0; g < expected.size(); g++) {
      RuleGroup a = actual.get(g);
      RuleGroup e = expected.get(g);
      assertThat(a.interval()).as(e.name() + " interval").isEqualTo(e.interval());
      assertThat(a.rules())
          .as(e.name() + " rule names")
          .extracting(Rule::name)
          .containsExactlyElementsOf(e.rules().stream().map(Rule::name).toList());
      for (int r = 0; r < e.rules().size(); r++) {
        Rule ar = a.rules().get(r);
        Rule er = e.rules().get(r);
        String where = e.name() + " rule " + r + " (" + er.name() + ")";
        assertThat(ar.getClass()).as(where + " kind").isEqualTo(er.getClass());
        assertThat(ar.labels()).as(where + " labels").isEqualTo(er.labels());
        assertThat(CanonicalExpr.of(ar.expr()))
            .as(
                where
                    + " expr\n  actual:   "
                    + CanonicalExpr.format(ar.expr())
                    + "\n  expected: "
                    + CanonicalExpr.format(er.expr()))
            .isEqualTo(CanonicalExpr.of(er.expr()));
        if (er instanceof AlertingRule ea) {
          AlertingRule aa = (AlertingRule) ar;
          assertThat(aa.annotations()).as(where + " annotations").isEqualTo(ea.annotations());
          assertThat(aa.forDuration()).as(where + " for").isEqualTo(ea.forDuration());
          assertThat(aa.keepFiringFor())
              .as(where + " keep_firing_for")
              .isEqualTo(ea.keepFiringFor());
        }
      }
    }
  }
}
