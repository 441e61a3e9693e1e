package dev.vigil.alert.rules;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GoTemplateSyntaxTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "plain text, no actions",
        "{{ $labels.instance }} is down",
        "{{$labels.sloth_service}} {{$labels.sloth_slo}} SLO error budget burn rate is too fast.",
        "{{ $value | humanizePercentage }}",
        "{{ printf \"%.2f\" $value }}",
        "{{ if gt $value 1.0 }}high{{ else if lt $value 0.5 }}low{{ else }}mid{{ end }}",
        "{{- range $i, $s := query \"up == 0\" }}{{ $s.Labels.job }}{{ end -}}",
        "{{ with $labels.team }}team {{ . }}{{ end }}",
        "{{ $x := 1 }}{{ $x = 2 }}{{ $x }}",
        "{{/* a comment with }} inside */}}text",
        "{{ `raw {{ string` }}",
        "{{ reReplaceAll \"(.*):.*\" \"$1\" $labels.instance }}",
        "{{ (index $labels \"job\") | toUpper }}",
        "{{ range $labels }}{{ if eq . \"x\" }}{{ break }}{{ end }}{{ end }}",
        "{{ define \"t\" }}x{{ end }}{{ template \"t\" . }}",
        "{{ $externalURL }}/graph {{ $externalLabels.cluster }}",
      })
  void acceptsValidTemplates(String template) {
    assertThat(GoTemplateSyntax.check(template)).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiterString = " => ",
      quoteCharacter = '~',
      value = {
        "{{ $labels.x  => line 1: unclosed action",
        "{{ humanise $value }} => line 1: function \"humanise\" not defined",
        "{{ $lables.x }} => line 1: undefined variable \"$lables\"",
        "{{ if $value }}yes => line 1: unexpected EOF: {{if}} is missing its {{end}}",
        "x{{ end }} => line 1: unexpected {{end}}",
        "{{ else }} => line 1: unexpected {{else}}",
        "{{ }} => line 1: missing value for command",
        "{{ \"unterminated }} => line 1: unterminated quoted string",
        "{{ (len $labels }} => line 1: unclosed left paren",
        "{{ len $labels) }} => line 1: unexpected right paren",
        "{{ | len }} => line 1: missing command before \"|\"",
        "{{ break }} => line 1: {{break}} outside {{range}}",
        "{{/* unclosed => line 1: unclosed comment",
        "{{ $x = 1 }} => line 1: undefined variable \"$x\"",
        "ok\\nok\\n{{ nope }} => line 3: function \"nope\" not defined",
        "{{ if }}{{ end }} => line 1: missing value for if",
        "{{ $labels.x ; }} => line 1: unexpected \";\" in command",
      })
  void reportsTheFirstProblem(String template, String message) {
    assertThat(GoTemplateSyntax.check(template.replace("\\n", "\n"))).contains(message);
  }
}
