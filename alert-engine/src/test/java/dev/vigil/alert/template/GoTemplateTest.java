package dev.vigil.alert.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.alert.InstantVector;
import dev.vigil.model.series.Labels;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Each construct and function of the dialect, with the output Go's text/template and Prometheus
 * give (most cases were run through promtool 2.42's {@code test rules}; {@code ⏎} is a newline).
 * The alert has {@code job="api"}, {@code instance="host:9090"} and the value 1234567.
 */
class GoTemplateTest {
  static final Instant T = Instant.parse("2015-06-23T13:19:44Z");

  static final TemplateQuery QUERY =
      (expr, time) ->
          switch (expr) {
            case "up" ->
                List.of(
                    new InstantVector.Sample(Labels.of("job", "a"), 1),
                    new InstantVector.Sample(Labels.of("job", "b"), 0));
            case "down" ->
                List.of(
                    new InstantVector.Sample(Labels.of("job", "z", "__value__", "one"), 1),
                    new InstantVector.Sample(Labels.of("job", "y"), 2));
            case "at" -> List.of(new InstantVector.Sample(Labels.EMPTY, time.getEpochSecond()));
            default -> List.of();
          };

  static String expand(String template) throws TemplateException {
    Map<String, String> labels = new TreeMap<>(Map.of("job", "api", "instance", "host:9090"));
    return GoTemplate.parse("__alert_A", template)
        .expand(
            "__alert_A",
            new GoTemplate.Data(
                labels, Map.of("cluster", "eu1"), "http://example.com/prom", 1234567, T, QUERY));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiterString = " => ",
      quoteCharacter = '~',
      value = {
        // text, actions, trim markers, comments, literals
        "plain => plain",
        "{{ $labels.job }} on {{ .Labels.instance }} => api on host:9090",
        "{{ $value }}|{{ .Value }} => 1.234567e+06|1.234567e+06",
        "~a  {{- \" b \" -}}  c~ => a b c",
        "~{{/* a comment with }} inside */}}x~ => x",
        "~x {{- /* c */ -}} y~ => xy",
        "{{ $labels.nope }}|{{ index $labels \"nope\" }}|{{ .Labels.nope }} => ||",
        "{{ \"\\x41\\u00e9\" }} => Aé",
        "~{{ `raw \\n {{ string` }}~ => ~raw \\n {{ string~",
        "{{ 'a' }}|{{ 0x1F }}|{{ 1_000 }}|{{ -0.0 }}|{{ 1e21 }}|{{ 123456789.0 }} => 97|31|1000|-0|1e+21|1.23456789e+08",
        "{{ 1e6 }}|{{ 100000.0 }}|{{ 0.00001 }}|{{ 0.05 }}|{{ 100 }}|{{ 1.0 }} => 1e+06|100000|1e-05|0.05|100|1",
        "{{ true }} {{ false }} => true false",
        // pipelines and variables
        "{{ 1 | printf \"%d %d\" 2 }} => 2 1",
        "{{ $value | humanize }} => 1.235M",
        "{{ (index $labels \"job\") | toUpper }} => API",
        "{{ (printf \"%s-%s\" \"a\" \"b\") }} => a-b",
        "{{ $x := 5 }}{{ $x }}{{ $x = 6 }}{{ $x }} => 56",
        "{{ $.Labels.job }} => api",
        "{{ .ExternalURL }} {{ $externalURL }} {{ $externalLabels.cluster }} {{ .ExternalLabels.cluster }} => http://example.com/prom http://example.com/prom eu1 eu1",
        "{{ $labels }} => map[instance:host:9090 job:api]",
        // control
        "{{ if gt $value 1e6 }}big{{ else if gt $value 1.0 }}mid{{ else }}small{{ end }} => big",
        "{{ if eq $labels.job \"db\" }}db{{ else if eq $labels.job \"api\" }}api{{ end }} => api",
        "{{ if \"\" }}t{{ else }}f{{ end }}{{ if 0 }}t{{ else }}f{{ end }}{{ if 0.0 }}t{{ else }}f{{ end }}{{ if $labels }}t{{ end }}{{ if (args) }}t{{ else }}f{{ end }} => ffftf",
        "{{ if $v := $labels.job }}{{ $v }}{{ end }} => api",
        "{{ range $k, $v := $labels }}{{ $k }}={{ $v }};{{ end }} => instance=host:9090;job=api;",
        "{{ range $labels }}{{ . }},{{ end }} => host:9090,api,",
        "{{ range $v := $labels }}{{ $v }},{{ end }} => host:9090,api,",
        "{{ range $i, $e := (args \"x\" \"y\") }}{{ $i }}:{{ $e }} {{ end }} => ~arg0:x arg1:y ~",
        "{{ range (args) }}x{{ else }}empty{{ end }} => empty",
        "{{ range $k, $v := $labels }}{{ if eq $k \"job\" }}{{ break }}{{ end }}{{ $v }};{{ end }} => host:9090;",
        "{{ range $k, $v := $labels }}{{ if eq $k \"instance\" }}{{ continue }}{{ end }}{{ $v }};{{ end }} => api;",
        "{{ range $i, $s := query \"up\" }}{{ $i }}:{{ $s.Labels.job }}={{ $s.Value }} {{ end }} => ~0:a=1 1:b=0 ~",
        "{{ with $labels.job }}job {{ . }}{{ end }} => job api",
        "{{ with $labels.nope }}x{{ else with $labels.job }}{{ . }}{{ else }}none{{ end }} => api",
        "{{ with $labels.nope }}x{{ else }}none{{ end }} => none",
        "{{ define \"t\" }}[{{ . }}]{{ end }}{{ template \"t\" \"arg\" }}{{ template \"t\" }} => [arg][<no value>]",
        "{{ block \"b\" 7 }}<{{ . }}>{{ end }} => <7>",
        // Go's builtins
        "{{ and 1 0 2 }}|{{ or 0 \"\" \"x\" }}|{{ not 0 }}|{{ and 1 2 }}|{{ or 0 \"\" }} => 0|x|true|2|",
        "{{ and 0 (index 1 1) }}|{{ or 1 (index 1 1) }} => 0|1",
        "{{ len $labels }}|{{ len \"é\" }}|{{ index $labels \"job\" }}|{{ slice \"abcdef\" 1 3 }}|{{ index (args 5 6) \"arg1\" }} => 2|2|api|bc|6",
        "{{ print 1 2 \"a\" \"b\" 3 }}|{{ print nil }}|{{ print 1.0 2 }}|{{ print \"a\" 1 2 \"b\" }} => 1 2ab3|<nil>|1 2|a1 2b",
        "{{ println 1 \"a\" }} => 1 a⏎",
        "{{ eq \"a\" \"b\" \"a\" }}|{{ ne 1 2 }}|{{ lt 1 2 }}|{{ lt \"a\" \"b\" }}|{{ le 1.5 1.5 }}|{{ ge 2 3 }}|{{ gt $value 1.0 }} => true|true|true|true|true|false|true",
        "~{{ html \"<a href='x'>&\\\"\" }}~ => &lt;a href=&#39;x&#39;&gt;&amp;&#34;",
        "~{{ js \"a'b\\\"c<d>=&\\\\\" }}~ => ~a\\'b\\\"c\\u003Cd\\u003E\\u003D\\u0026\\\\~",
        "{{ urlquery \"a b&c\" }}|{{ urlquery \"é/\" 1 }} => a+b%26c|%C3%A9%2F1",
        // printf
        "{{ printf \"%v %s %d %5.2f|%-5s|%q %x %t %e %g %%\" 1.5 \"s\" 42 3.14159 \"ab\" \"q\\\"x\" 255 true 1234.5678 0.000012345 }} => 1.5 s 42  3.14|ab   |\"q\\\"x\" ff true 1.234568e+03 1.2345e-05 %",
        "{{ printf \"%d\" 1.5 }}|{{ printf \"%s\" 1 }}|{{ printf \"%v\" }}|{{ printf \"x\" 1 }} => %!d(float64=1.5)|%!s(int=1)|%!v(MISSING)|x%!(EXTRA int=1)",
        "{{ printf \"%T %T %T %T\" 1 1.5 \"s\" $labels }} => int float64 string map[string]string",
        "{{ printf \"%08.3f|%+d|% d|%x|%X|%o|%b|%c|%U\" 3.14159 5 5 \"hi\" 255 8 5 65 65 }} => 0003.142|+5| 5|6869|FF|10|101|A|U+0041",
        "{{ printf \"%6.2e|%10.4g|%-8v|\" 12345.678 0.000123456 1.5 }} => 1.23e+04| 0.0001235|1.5     |",
        "{{ printf \"%.3s|%5t|%v|%v|%.2f|%.0f|%.0f\" \"abcdef\" true nil (args 1) 0.125 0.5 1.5 }} => abc| true|<nil>|map[arg0:1]|0.12|0|2",
        "{{ printf \"%d\" \"x\" }}|{{ printf \"%q\" 65 }}|{{ printf \"%!\" }}|{{ printf \"%z\" 1 }}|{{ printf \"%v\" 1e6 }}|{{ printf \"%5.1v\" 3.14159 }} => %!d(string=x)|'A'|%!!(MISSING)|%!z(int=1)|1e+06|    3",
        "{{ printf \"%v|%v|%v|%v\" 1e-5 123456.0 1234567.0 0.1 }}|{{ printf \"%.2g|%g|%G|%E\" 1234.5 1e21 1e-7 1.5 }} => 1e-05|123456|1.234567e+06|0.1|1.2e+03|1e+21|1E-07|1.500000E+00",
        "{{ printf \"%x|%X|%q\" \"é\" 3.5 'x' }} => c3a9|0X1.CP+01|'x'",
        "{{ printf \"%q|%q|%q|%q\" 39 34 \"a'b\\\"c\" 7 }} => '\\''|'\"'|\"a'b\\\"c\"|'\\a'",
        "{{ printf \"%s %s\" \"a\" }}|{{ printf \"%s\" \"a\" \"b\" }}|{{ printf \"%.2f\" \"x\" }}|{{ printf \"%t\" 1 }}|{{ printf \"%d\" true }} => a %!s(MISSING)|a%!(EXTRA string=b)|%!f(string=x)|%!t(int=1)|%!d(bool=true)",
        "{{ printf \"%5s|%-5d|%05d\" \"é\" 42 -42 }} => ~    é|42   |-0042~",
        "{{ printf \"%.2f|%.1f|%.3e\" 2.675 0.25 1234.5 }} => 2.67|0.2|1.234e+03",
        // widths and precisions past a million are refused, as Go's fmt does, not padded
        "{{ printf \"%*d|%-*d|%.*f|%*d\" 3 7 -3 7 1 2.25 \"x\" 5 }}|{{ printf \"%*d|%.*f\" 2000000 1 -1 2.5 }} => ~  7|7  |2.2|%!(BADWIDTH)5|%!(BADWIDTH)1|%!(BADPREC)2.500000~",
        "a{{ printf \"%20000000d|%d\" 1 2 }}|{{ printf \"%.99999999999f\" 1.5 }} => a%!(NOVERB)%!(EXTRA int=1, int=2)|%!(NOVERB)%!(EXTRA float64=1.5)",
        "{{ len (printf \"%2000000d|%.2000000f\" 1 1.0) }} => 4000003",
        "{{ printf \"%v\" (query \"up\" | first) }}|{{ printf \"%s\" $labels }} => &{map[job:a] 1}|map[instance:host:9090 job:api]",
        "{{ if nil }}x{{ end }} => ~not reached~",
        // Prometheus' functions
        "{{ humanize 1234567.0 }}|{{ humanize 0.001234 }}|{{ humanize 0 }}|{{ humanize \"12345\" }}|{{ humanize 1e30 }}|{{ humanize -1500.0 }} => 1.235M|1.234m|0|12.35k|1e+06Y|-1.5k",
        "{{ humanize1024 1048576.0 }}|{{ humanize1024 2048.0 }}|{{ humanize1024 0.5 }}|{{ humanize1024 1.0 }} => 1Mi|2ki|0.5|1",
        "{{ humanizeDuration 3661.0 }}|{{ humanizeDuration 0.0 }}|{{ humanizeDuration 0.0012 }}|{{ humanizeDuration 1.5 }}|{{ humanizeDuration 90000.0 }}|{{ humanizeDuration -3661.0 }}|{{ humanizeDuration 60.0 }} => 1h 1m 1s|0s|1.2ms|1.5s|1d 1h 0m 0s|-1h 1m 1s|1m 0s",
        "{{ humanizePercentage 0.1234 }}|{{ humanizeTimestamp 1435065584.128 }}|{{ toTime 1435065584.5 }}|{{ humanizeTimestamp 0.0 }} => 12.34%|2015-06-23 13:19:44.128 +0000 UTC|2015-06-23 13:19:44.5 +0000 UTC|1970-01-01 00:00:00 +0000 UTC",
        "{{ title \"hello world-foo_bar\" }}|{{ title \"élan vital\" }}|{{ toLower \"ABC\" }}|{{ toUpper \"aé\" }} => Hello World-Foo_bar|Élan Vital|abc|AÉ",
        "{{ reReplaceAll \"(.*):(.*)\" \"$2-$1x${1}y\" \"host:99\" }}|{{ match \"^a\" \"abc\" }}|{{ safeHtml \"<b>\" }} => 99-hosty|true|<b>",
        "{{ humanizeDuration \"90\" }}|{{ stripDomain \"foo.example.com:9090\" }}|{{ stripPort \"host:9090\" }}|{{ stripPort \"[::1]:80\" }}|{{ stripPort \"host\" }} => 1m 30s|foo:9090|host|::1|host",
        "{{ parseDuration \"1h30m\" }}|{{ graphLink \"up == 0\" }}|{{ tableLink \"up\" }}|{{ args 1 \"a\" }}|{{ pathPrefix }}|{{ externalURL }} => 5400|/graph?g0.expr=up+%3D%3D+0&g0.tab=0|/graph?g0.expr=up&g0.tab=1|map[arg0:1 arg1:a]|/prom|http://example.com/prom",
        "{{ now }}|{{ toDuration 3661.5 }}|{{ toDuration 0.1 }}|{{ (query \"at\" | first).Value }} => 1.435065584e+09|1h1m1.5s|100ms|1.435065584e+09",
        "{{ with query \"up\" }}{{ . | first | value }} {{ (. | first).Labels.job }} {{ label \"job\" (first .) }}{{ end }} => 1 a a",
        "{{ range sortByLabel \"job\" (query \"down\") }}{{ .Labels.job }}{{ end }}|{{ strvalue (first (query \"down\")) }}|{{ len (query \"none\") }} => yz|one|0",
      })
  void expandsAsPrometheus(String template, String expected) throws TemplateException {
    if (expected.equals("not reached")) {
      assertThatThrownBy(() -> expand(template)).isInstanceOf(TemplateException.class);
      return;
    }
    assertThat(expand(template)).isEqualTo(expected.replace("⏎", "\n"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiterString = " => ",
      quoteCharacter = '~',
      value = {
        "{{ if gt $value 1 }}x{{ end }} => template: __alert_A:1:118: executing \"__alert_A\" at <gt $value 1>: error calling gt: incompatible types for comparison",
        "{{ .Unknown }} => template: __alert_A:1:115: executing \"__alert_A\" at <.Unknown>: can't evaluate field Unknown in type struct { Labels map[string]string; ExternalLabels map[string]string; ExternalURL string; Value float64 }",
        "{{ humanize \"abc\" }} => template: __alert_A:1:115: executing \"__alert_A\" at <humanize \"abc\">: error calling humanize: strconv.ParseFloat: parsing \"abc\": invalid syntax",
        "{{ index $labels 1 }} => template: __alert_A:1:115: executing \"__alert_A\" at <index $labels 1>: error calling index: value has type int; should be string",
        "{{ eq 1 1.0 }} => template: __alert_A:1:115: executing \"__alert_A\" at <eq 1 1.0>: error calling eq: incompatible types for comparison",
        "{{ toUpper $value }} => template: __alert_A:1:115: executing \"__alert_A\" at <toUpper $value>: wrong type for value; expected string; got float64",
        "x\\n {{ first (query \"none\") }} => template: __alert_A:2:4: executing \"__alert_A\" at <first (query \"none\")>: error calling first: first() called on vector with no elements",
        "{{ len 3 }} => template: __alert_A:1:115: executing \"__alert_A\" at <len 3>: error calling len: len of type int",
        "{{ $labels.job 1 }} => template: __alert_A:1:115: executing \"__alert_A\" at <$labels.job>: job is not a method but has arguments",
        "{{ 1 2 }} => template: __alert_A:1:115: executing \"__alert_A\" at <1>: can't give argument to non-function 1",
        "{{ humanize }} => template: __alert_A:1:115: executing \"__alert_A\" at <humanize>: wrong number of args for humanize: want 1 got 0",
        "{{ range 3 }}{{ end }} => template: __alert_A:1:121: executing \"__alert_A\" at <{{range 3}}{{end}}>: range can't iterate over 3",
        "{{ define \"x\" }}{{ if lt (len .) 30 }}{{ template \"x\" (print . \".\") }}{{ template \"x\" (print . \"-\") }}{{ end }}{{ end }}{{ template \"x\" \"\" }} => ~template: __alert_A:1:153: executing \"__alert_A\" at <{{template \"x\" (prin...>: template takes more than 1000000 steps to expand~",
        "{{ define \"x\" }}{{ printf \"%9000000d\" 1 }}{{ end }}{{ template \"x\" }} => ~template: __alert_A:1:131: executing \"__alert_A\" at <{{printf \"%9000000d\"...>: template expands to more than 1048576 characters~",
        "{{ call 1 }} => template: __alert_A:1:115: executing \"__alert_A\" at <call 1>: error calling call: call is not supported: alert templates have no function values to call",
      })
  void failsAsPrometheus(String template, String message) {
    assertThatThrownBy(() -> expand(template.replace("\\n", "\n")))
        .isInstanceOf(TemplateException.class)
        .hasMessage(message);
  }

  @Test
  void parseErrorsNameTheLine() {
    assertThatThrownBy(() -> GoTemplate.parse("__alert_A", "ok\n{{ humanise 1 }}"))
        .hasMessage("template: __alert_A:2: function \"humanise\" not defined");
    assertThat(GoTemplate.syntaxProblem("{{ $x := 1 }}{{ if $x }}{{ $y := 2 }}{{ end }}{{ $y }}"))
        .contains("line 1: undefined variable \"$y\"");
    assertThat(GoTemplate.syntaxProblem("{{ define \"t\" }}{{ $labels }}{{ end }}"))
        .contains("line 1: undefined variable \"$labels\"");
    // A bad escape in a literal is a syntax problem, wherever the literal stands.
    assertThat(GoTemplate.syntaxProblem("{{ template \"\\q\" }}"))
        .hasValueSatisfying(p -> assertThat(p).startsWith("line 1: ").contains("escape"));
    assertThat(GoTemplate.syntaxProblem("{{ print \"\\777\" }}"))
        .hasValueSatisfying(p -> assertThat(p).contains("octal escape value > 255"));
    assertThat(GoTemplate.syntaxProblem("{{ continue }}"))
        .contains("line 1: {{continue}} outside {{range}}");
    assertThat(GoTemplate.syntaxProblem("{{ range $a, $b, $c := . }}{{ end }}"))
        .contains("line 1: too many declarations in range");
  }

  @Test
  void queryWithoutAnEngineSaysSo() throws TemplateException {
    GoTemplate t = GoTemplate.parse("__alert_A", "{{ query \"up\" }}");
    GoTemplate.Data data = new GoTemplate.Data(Map.of(), Map.of(), "", 1, T, null);
    assertThatThrownBy(() -> t.expand("__alert_A", data))
        .hasMessageContaining("error calling query: query is not available here");
  }

  @Test
  void queryRunsAtTheEvaluationTime() throws TemplateException {
    assertThat(expand("{{ range query \"at\" }}{{ .Value | humanizeTimestamp }}{{ end }}"))
        .isEqualTo("2015-06-23 13:19:44 +0000 UTC");
  }
}
