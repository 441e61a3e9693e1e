package dev.vigil.logindex;

import static dev.vigil.logindex.Logs.T0;
import static dev.vigil.logindex.Logs.batch;
import static dev.vigil.logindex.Logs.line;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.logindex.logql.LogQLParseException;
import dev.vigil.logindex.query.Direction;
import dev.vigil.logindex.query.QueryException;
import dev.vigil.logindex.query.QueryLimitException;
import dev.vigil.logindex.query.QueryTimeoutException;
import dev.vigil.model.Tenant;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every error a well-formed but unanswerable query gets from the engine, and the parse errors not
 * covered by {@code LogQLParserTest}'s column table; each message says what to change.
 */
class QueryErrorsTest {
  static final Tenant T = Tenant.DEFAULT;
  static final long H = 3_600_000_000_000L;

  @TempDir Path dir;
  LogIndex index;

  @BeforeEach
  void open() throws Exception {
    index =
        LogIndex.open(
            dir,
            LogIndexOptions.builder().clock(new MutableClock(T0 + H)).queryLimits(5, 2).build());
    List<dev.vigil.model.log.LogRecord> lines = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      lines.add(line(T0 + i, "line " + i));
    }
    index.sink().append(batch("a", lines));
    index.sink().append(batch("b", List.of(line(T0, "b"))));
    index.sink().append(batch("c", List.of(line(T0, "c"))));
    index.refresh();
  }

  @AfterEach
  void close() throws Exception {
    index.close();
  }

  @Test
  void everyKindOfQueryFailsPastItsTimeout() throws Exception {
    try (LogIndex timed =
        LogIndex.open(
            dir.resolve("timed"),
            LogIndexOptions.builder()
                .clock(new MutableClock(T0 + H))
                .queryTimeout(java.time.Duration.ofNanos(1))
                .build())) {
      List<dev.vigil.model.log.LogRecord> lines = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        lines.add(line(T0 + i, "request " + i + " failed"));
      }
      timed.sink().append(batch("a", lines));
      timed.refresh();
      String limit = "(logs.query-timeout) and was stopped";
      assertThatThrownBy(
              () -> timed.logs(T, "{service_name=\"a\"}", T0, T0 + H, 10, Direction.BACKWARD))
          .isInstanceOf(QueryTimeoutException.class)
          .hasMessageContaining(limit);
      assertThatThrownBy(
              () -> timed.instant(T, "count_over_time({service_name=\"a\"} [1h])", T0 + H))
          .isInstanceOf(QueryTimeoutException.class)
          .hasMessageContaining(limit);
      assertThatThrownBy(() ->
              timed.range(
                  T, "rate({service_name=\"a\"} |= \"failed\" [1m])", T0, T0 + H, 60_000_000_000L))
          .isInstanceOf(QueryTimeoutException.class);
      assertThatThrownBy(() -> timed.search(T, "body:failed", T0, T0 + H, 10))
          .isInstanceOf(QueryTimeoutException.class);
      assertThatThrownBy(() -> timed.trace(T, new dev.vigil.model.TraceId(1, 2), T0, T0 + H, 10))
          .isInstanceOf(QueryTimeoutException.class);
      assertThatThrownBy(() -> timed.queries().labelNames(T, T0, T0 + H))
          .isInstanceOf(QueryTimeoutException.class);
      assertThatThrownBy(() -> timed.queries().labelValues(T, "service_name", T0, T0 + H))
          .isInstanceOf(QueryTimeoutException.class);
      assertThatThrownBy(() -> timed.queries().series(T, List.of(), T0, T0 + H))
          .isInstanceOf(QueryTimeoutException.class);
    }
    // The same queries answer with the default limit.
    assertThatCode(() -> index.queries().labelNames(T, T0, T0 + H)).doesNotThrowAnyException();
  }

  @Test
  void wrongKindOfQuery() {
    assertThatThrownBy(() ->
            index.logs(
                T, "count_over_time({service_name=\"a\"}[1m])", T0, T0 + H, 10, Direction.BACKWARD))
        .isInstanceOf(QueryException.class)
        .hasMessageContaining("is a metric query; run it as an instant or range query");
    assertThatThrownBy(() -> index.instant(T, "{service_name=\"a\"}", T0))
        .isInstanceOf(QueryException.class)
        .hasMessageContaining("is a log query; metric queries wrap it, as in count_over_time(");
    assertThatThrownBy(() -> index.range(T, "{service_name=\"a\"}", T0, T0 + H, 60_000_000_000L))
        .isInstanceOf(QueryException.class)
        .hasMessageContaining("is a log query");
  }

  @Test
  void badRangesLimitsAndSteps() {
    assertThatThrownBy(
            () -> index.logs(T, "{service_name=\"a\"}", T0, T0 + H, 0, Direction.BACKWARD))
        .isInstanceOf(QueryException.class)
        .hasMessage("limit must be positive, got 0");
    assertThatThrownBy(
            () -> index.logs(T, "{service_name=\"a\"}", T0 + 1, T0, 10, Direction.BACKWARD))
        .isInstanceOf(QueryException.class)
        .hasMessage("the end of the range (" + T0 + ") is before its start (" + (T0 + 1) + ")");
    assertThatThrownBy(
            () -> index.range(T, "count_over_time({service_name=\"a\"}[1m])", T0, T0 + H, 0))
        .isInstanceOf(QueryException.class)
        .hasMessage("step must be positive, got 0 ns");
    assertThatThrownBy(
            () -> index.range(T, "count_over_time({service_name=\"a\"}[1m])", T0, T0 + H, 1))
        .isInstanceOf(QueryLimitException.class)
        .hasMessageContaining("steps, more than 11000; raise the step or shorten the range");
    assertThatThrownBy(() -> index.search(T, "body:(unclosed", T0, T0 + H, 10))
        .isInstanceOf(QueryException.class)
        .hasMessageStartingWith("invalid Lucene query 'body:(unclosed': ");
  }

  @Test
  void resultAndWorkLimits() {
    assertThatThrownBy(
            () -> index.instant(T, "count_over_time({service_name=~\".+\"}[1h])", T0 + 100))
        .isInstanceOf(QueryLimitException.class)
        .hasMessageContaining("the query reads more than 5 log lines;");
    assertThatCode(() ->
            index.instant(
                T, "count_over_time({service_name=~\"b|c|a\"} |= \"never\" [1h])", T0 + 100))
        .as("line filters cut the work under the limit: no error")
        .doesNotThrowAnyException();
    assertThatCode(() -> index.instant(T, "count_over_time({service_name=~\"b|c\"}[1h])", T0 + 100))
        .doesNotThrowAnyException();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '\'',
      value = {
        "line break in a string  | '{a=\"b\nc\"}'                    | a line break inside \"...\"",
        "short \\u escape        | '{a=\"\\u12\"}'                   | expected 4 hex digits",
        "non-hex \\u escape      | '{a=\"\\uzzzz\"}'                 | invalid escape \\uzzzz: expected 4 hex digits",
        "zero range              | 'rate({a=\"b\"}[0s])'             | the range must be positive",
        "unclosed range          | 'rate({a=\"b\"}[5m'               | ']' after the range",
        "unclosed placeholder    | '{a=\"b\"} | line_format \"{{.a\"' | line_format template has '{{' without '}}'",
      })
  void moreParseErrors(String kind, String query, String message) {
    assertThatThrownBy(() -> index.logs(T, query, T0, T0 + H, 10, Direction.BACKWARD))
        .as(kind)
        .isInstanceOf(LogQLParseException.class)
        .hasMessageStartingWith("parse error at line ")
        .hasMessageContaining(message);
  }
}
