package dev.vigil.alert.eval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.alert.InstantVector;
import dev.vigil.model.series.Labels;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Prometheus' wrapping of template failures, and the query hook of the context. */
class TemplatesTest {
  static final Instant T = Instant.parse("2024-01-01T00:00:00Z");
  static final Labels L = Labels.of("job", "api");

  @Test
  void aFailingTemplateExpandsToPrometheusErrorText() {
    assertThat(
            Templates.expand("A", "{{ if gt $value 1 }}x{{ end }}", L, 2, TemplateContext.NONE, T))
        .isEqualTo(
            "<error expanding template: error executing template __alert_A: template:"
                + " __alert_A:1:118: executing \"__alert_A\" at <gt $value 1>: error calling gt:"
                + " incompatible types for comparison>");
    assertThat(Templates.expand("A", "ok\n{{ humanise 1 }}", L, 2, TemplateContext.NONE, T))
        .isEqualTo(
            "<error expanding template: error parsing template __alert_A: template: __alert_A:2:"
                + " function \"humanise\" not defined>");
  }

  @Test
  void plainTextIsReturnedAsItIs() {
    String plain = "no actions, {not one} $labels.job";
    assertThat(Templates.expand("A", plain, L, 1, TemplateContext.NONE, T)).isSameAs(plain);
  }

  @Test
  void queryRunsThroughTheContextHookAtTheEvaluationTime() {
    TemplateContext ctx =
        TemplateContext.NONE.withQuery((expr, time) ->
            List.of(
                new InstantVector.Sample(Labels.of("q", expr), time.equals(T) ? 42 : Double.NaN)));
    assertThat(
            Templates.expand(
                "A",
                "{{ with query \"up\" }}{{ (first .).Labels.q }}={{ . | first | value }}{{ end }}",
                L,
                1,
                ctx,
                T))
        .isEqualTo("up=42");
    assertThat(Templates.expand("A", "{{ query \"up\" }}", L, 1, TemplateContext.NONE, T))
        .contains("error calling query: query is not available here");
  }
}
