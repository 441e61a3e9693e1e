package dev.vigil.logindex.logql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.model.series.Labels;
import org.junit.jupiter.api.Test;

class PipelineTest {
  static final Labels STREAM = Labels.of("service_name", "api", "level", "info");

  static Pipeline.Result run(String query, String line) throws Exception {
    Expr.LogQuery q = (Expr.LogQuery) LogQLParser.parse("{service_name=\"api\"} " + query);
    return new Pipeline(q.pipeline()).apply(line, STREAM);
  }

  @Test
  void lineFiltersAreCaseSensitiveSubstringsAndUnanchoredRegexes() throws Exception {
    assertThat(run("|= \"Time\"", "request Timeout")).isNotNull();
    assertThat(run("|= \"time\"", "request Timeout")).isNull();
    assertThat(run("!= \"debug\"", "a debug line")).isNull();
    assertThat(run("|~ \"user=\\\\d+\"", "login user=42 ok")).isNotNull();
    assertThat(run("!~ \"^GET\"", "GET /")).isNull();
  }

  @Test
  void jsonFlattensNestedObjectsAndRenamesClashes() throws Exception {
    Pipeline.Result r =
        run(
            "| json",
            "{\"status\":503,\"req\":{\"path\":\"/x\",\"ids\":[1,2]},"
                + "\"level\":\"error\",\"ok\":false,\"none\":null,\"msg\":\"a \\\"q\\\"\"}");
    assertThat(r.labels())
        .isEqualTo(
            Labels.of(
                "service_name",
                "api",
                "level",
                "info",
                "level_extracted",
                "error",
                "status",
                "503",
                "req_path",
                "/x",
                "ok",
                "false",
                "msg",
                "a \"q\""));
  }

  @Test
  void dropAndKeepRemoveLabelsByNameOrByValue() throws Exception {
    String line = "status=503 method=GET path=/x";
    assertThat(run("| logfmt | drop level, path", line).labels())
        .isEqualTo(Labels.of("service_name", "api", "status", "503", "method", "GET"));
    // With a matcher only a matching value goes.
    assertThat(run("| logfmt | drop method=\"POST\", status=~\"5..\"", line).labels())
        .isEqualTo(
            Labels.of("service_name", "api", "level", "info", "method", "GET", "path", "/x"));
    assertThat(run("| logfmt | keep service_name, status", line).labels())
        .isEqualTo(Labels.of("service_name", "api", "status", "503"));
    assertThat(run("| logfmt | keep service_name, method!=\"GET\"", line).labels())
        .isEqualTo(Labels.of("service_name", "api"));
    // A parser's error labels can be dropped too, and a missing label is no error.
    assertThat(run("| json | drop __error__, __error_details__, nothing", "not json").labels())
        .isEqualTo(STREAM);
    // Later stages see what is left.
    assertThat(run("| logfmt | drop status | status=\"503\"", line)).isNull();
  }

  @Test
  void parserErrorsAreLabelledNotDropped() throws Exception {
    assertThat(run("| json", "not json").labels().get(LabelNames.ERROR)).isEqualTo("JSONParserErr");
    assertThat(run("| json | __error__=\"\"", "not json")).isNull();
    assertThat(run("| logfmt", "a=\"open").labels().get(LabelNames.ERROR))
        .isEqualTo("LogfmtParserErr");
  }

  @Test
  void logfmtAndLabelFilters() throws Exception {
    String line = "level=warn status=502 latency=1.5s path=\"/api/a b\" flag";
    assertThat(run("| logfmt | status >= 500 and latency > 250ms", line)).isNotNull();
    assertThat(run("| logfmt | status < 500 or path=\"/nope\"", line)).isNull();
    assertThat(run("| logfmt | path=~\"/api/.*\", level_extracted=\"warn\"", line)).isNotNull();
    assertThat(run("| logfmt | status == 502", line).labels().get("path")).isEqualTo("/api/a b");
    assertThat(run("| logfmt | missing > 1", line)).isNull();
    assertThat(run("| logfmt | line_format \"{{.status}} at {{.path}}\"", line).line())
        .isEqualTo("502 at /api/a b");
  }
}
