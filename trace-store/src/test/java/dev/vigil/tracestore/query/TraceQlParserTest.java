package dev.vigil.tracestore.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.tracestore.InvalidQueryException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TraceQlParserTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '#',
      quoteCharacter = '`',
      value = {
        "{ }#NONE",
        "{ true }#NONE",
        "{ name = \"GET /\" }#name = \"GET /\"",
        "{resource.service.name=\"checkout\"&&duration>2s&&status=error}"
            + "#((resource.service.name = \"checkout\" && duration > 2000000000ns) && status = error)",
        "{ a.b = 1 }#PARSE_ERROR",
        "{ .http.method = \"GET\" || span.http.status_code >= 500 && kind = server }"
            + "#(.http.method = \"GET\" || (span.http.status_code >= 500 && kind = server))",
        "{ (.a = \"x\" || .b = \"y\") && duration <= 1.5ms }"
            + "#((.a = \"x\" || .b = \"y\") && duration <= 1500000ns)",
        "{ event.exception.type =~ \"java\\\\..*\" }#event.exception.type =~ \"java\\\\..*\"",
        "{ event:name != \"retry\" }#event:name != \"retry\"",
        "{ span.\"key with space\" = -2.5e3 }#span.key with space = -2500",
        "{ span.ok = true && statusMessage !~ \"time.*\" }"
            + "#(span.ok = true && statusMessage !~ \"time.*\")",
        "{ duration > 100us && duration < 2m && duration != 1h }"
            + "#((duration > 100000ns && duration < 120000000000ns) && duration != 3600000000000ns)",
        "{ kind = CONSUMER }#kind = consumer",
      })
  void parses(String query, String expected) {
    if (expected.equals("PARSE_ERROR")) {
      assertThatThrownBy(() -> TraceQlParser.parse(query))
          .isInstanceOf(InvalidQueryException.class);
      return;
    }
    Expr e = TraceQlParser.parse(query);
    assertThat(e == null ? "NONE" : e.toString()).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '#',
      quoteCharacter = '`',
      value = {
        "name = \"x\"#1#a query starts with '{'",
        "{ name = \"x\"#13#expected '&&', '||' or '}'; found the end of the query",
        "{ durration > 2s }#3#unknown field 'durration'; did you mean 'duration'?",
        "{ service.name = \"x\" }#3#attributes need a scope: resource.service.name",
        "{ duration > 2 }#14#duration compares with a duration such as 2s",
        "{ duration > 2parsecs }#14#unknown duration unit 'parsecs'",
        "{ duration =~ \"2s\" }#15#duration cannot be matched with =~",
        "{ status = failed }#12#status is one of error, ok, unset; found 'failed'",
        "{ status > error }#12#status supports only = and !=",
        "{ kind = rpc }#10#kind is one of server, client",
        "{ name = 5 }#10#name is text: quote the value",
        "{ span.a = GET }#12#bare word 'GET'; quote strings",
        "{ span.a =~ \"(\" }#13#invalid regular expression",
        "{ span.a =~ 5 }#13#=~ needs a quoted regular expression",
        "{ span.a = \"x }#12#not closed",
        "{ span.a = \"\\q\" }#13#unknown escape",
        "{ span.a & span.b }#10#unexpected character '&'",
        "{ span.a \"x\" }#10#expected an operator",
        "{ = \"x\" }#3#expected a field",
        "{ span. = \"x\" }#3#attribute name missing",
        "{ (span.a = \"x\" }#17#expected ')'",
        "{ span.a = \"x\" } && { span.b = \"y\" }#18#combining spansets",
        "{ span.a > true }#12#booleans support only = and !=",
        "{ span.a = 2s }#12#only duration compares with durations",
      })
  void rejectsWithColumnAndReason(String query, int column, String message) {
    assertThatThrownBy(() -> TraceQlParser.parse(query))
        .isInstanceOfSatisfying(
            InvalidQueryException.class, e -> assertThat(e.column()).isEqualTo(column))
        .hasMessageStartingWith("column " + column + ": ")
        .hasMessageContaining(message);
  }

  @Test
  void literalsKeepTheirTypes() {
    Condition c = (Condition) TraceQlParser.parse("{ span.n = 42 }");
    assertThat(c.value()).isEqualTo(new Literal.Num(42));
    c = (Condition) TraceQlParser.parse("{ span.n = \"42\" }");
    assertThat(c.value()).isEqualTo(new Literal.Str("42"));
    c = (Condition) TraceQlParser.parse("{ span.n = false }");
    assertThat(c.value()).isEqualTo(new Literal.Bool(false));
  }
}
