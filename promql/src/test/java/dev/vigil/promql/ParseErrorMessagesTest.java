package dev.vigil.promql;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** One case per kind of error, with the exact message users will see. */
class ParseErrorMessagesTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '~',
      textBlock =
          """
          # Lexical errors
          foo{                            | 1:5: parse error: unexpected end of input inside braces
          sum(foo                         | 1:8: parse error: unclosed left parenthesis
          foo)                            | 1:4: parse error: unexpected right parenthesis ')'
          foo[5m                          | 1:7: parse error: unclosed left bracket
          foo]                            | 1:4: parse error: unexpected right bracket ']'
          foo =~ bar                      | 1:5: parse error: unexpected character after '=': '~'
          foo ! bar                       | 1:5: parse error: unexpected character after '!': ' '
          foo{a!b}                        | 1:6: parse error: unexpected character after '!' inside braces: 'b'
          foo{a="b"{                      | 1:10: parse error: unexpected left brace '{'
          foo{a;}                         | 1:6: parse error: unexpected character inside braces: ';'
          foo $ bar                       | 1:5: parse error: unexpected character: '$'
          foo[5m x]                       | 1:8: parse error: unexpected character: 'x', expected ':'
          foo[5x]                         | 1:5: parse error: bad number or duration syntax: "5x"
          1.2.3                           | 1:1: parse error: bad number or duration syntax: "1.2.3"
          "abc                            | 1:1: parse error: unterminated quoted string
          `abc                            | 1:1: parse error: unterminated raw string
          "a\\qb"                         | 1:1: parse error: unknown escape sequence U+0071 'q'
          # Syntax errors
          sum by (foo) by (bar) (x)       | 1:14: parse error: unexpected <by> in aggregation
          sum(x) by (a) without (b)       | 1:15: parse error: unexpected <without>
          sum by (a) (x) without (b)      | 1:16: parse error: unexpected <without>
          topk(x,)                        | 1:7: parse error: trailing commas not allowed in function call args
          a - on(b) ignoring(c) d         | 1:11: parse error: unexpected <ignoring>
          @@                              | 1:1: parse error: unexpected <op:@>
          1e999                           | 1:1: parse error: error parsing number: strconv.ParseFloat: parsing "1e999": value out of range
          foo @ +Inf                      | 1:7: parse error: timestamp out of bounds for @ modifier: +Inf
          foo[-1]                         | 1:5: parse error: duration must be greater than 0
          "\\                             | 1:1: parse error: escape sequence not terminated
          "\\x."                          | 1:1: parse error: illegal character U+002E '.' in escape sequence
          sum by foo (x)                  | 1:8: parse error: unexpected identifier "foo" in grouping opts, expected "("
          sum by (1) (x)                  | 1:9: parse error: unexpected number "1" in grouping opts, expected label
          sum by (a b) (x)                | 1:11: parse error: unexpected identifier "b" in grouping opts, expected "," or ")"
          foo{a}                          | 1:6: parse error: unexpected "}" in label matching, expected label matching operator
          foo{a=b}                        | 1:7: parse error: unexpected identifier "b" in label matching, expected string
          foo{a="b" c="d"}                | 1:11: parse error: unexpected identifier "c" in label matching, expected "," or "}"
          foo{=}                          | 1:5: parse error: unexpected "=" in label matching, expected identifier or "}"
          1 +                             | 1:4: parse error: unexpected end of input
          foo bar                         | 1:5: parse error: unexpected identifier "bar"
          foo offset                      | 1:11: parse error: unexpected end of input in offset, expected number or duration
          foo @ bar                       | 1:7: parse error: unexpected identifier "bar" in @, expected timestamp
          foo[5m:1m:]                     | 1:10: parse error: unexpected colon ':'
          foo[]                           | 1:5: parse error: unexpected "]" in subquery or range selector, expected number or duration
          foo[5m 1m]                      | 1:8: parse error: unexpected duration "1m" in subquery or range, expected ":" or "]"
          rate(foo[5m] 1)                 | 1:14: parse error: unexpected number "1" in function call arguments, expected "," or ")"
          (foo                            | 1:5: parse error: unclosed left parenthesis
          on                              | 1:1: parse error: unexpected <on>
          sum(x) +                        | 1:9: parse error: unexpected end of input
          bool                            | 1:1: parse error: unexpected <bool>
          # Semantic errors found while parsing
          foo[0s]                         | 1:5: parse error: duration must be greater than 0
          foo[1m1h]                       | 1:5: parse error: not a valid duration string: "1m1h"
          foo offset 5m[1m]               | 1:14: parse error: no offset modifiers allowed before range
          foo @ 1 [1m]                    | 1:9: parse error: no @ modifiers allowed before range
          (foo)[5m]                       | 1:6: parse error: ranges only allowed for vector selectors
          foo offset 1m offset 2m         | 1:1: parse error: offset may not be set multiple times
          foo @ 1 @ 2                     | 1:1: parse error: @ <timestamp> may not be set multiple times
          (foo) offset 1m                 | 1:1: parse error: offset modifier must be preceded by an instant vector selector or range vector selector or a subquery
          (foo) @ 1                       | 1:1: parse error: @ modifier must be preceded by an instant vector selector or range vector selector or a subquery
          foo @ 1e20                      | 1:7: parse error: timestamp out of bounds for @ modifier: 100000000000000000000.000000
          foo{a=~"("}                     | 1:5: parse error: error parsing regexp: Unclosed group: `(`
          unknown_fn(x)                   | 1:1: parse error: unknown function with name "unknown_fn"
          sum()                           | 1:1: parse error: no arguments for aggregate expression provided
          topk(x)                         | 1:1: parse error: wrong number of arguments for aggregate expression provided, expected 2, got 1
          1 + on(x) foo                   | 1:1: parse error: vector matching only allowed between instant vectors
          sum by ("") (x)                 | 1:9: parse error: invalid label name for grouping: ""
          # Type errors, in Prometheus' words
          rate(foo)                       | 1:6: parse error: expected type range vector in call to function "rate", got instant vector
          abs(foo[5m])                    | 1:5: parse error: expected type instant vector in call to function "abs", got range vector
          label_replace(x, "a", "b", "c", 1) | 1:33: parse error: expected type string in call to function "label_replace", got scalar
          rate()                          | 1:1: parse error: expected 1 argument(s) in call to "rate", got 0
          round(x, 1, 2)                  | 1:1: parse error: expected at most 2 argument(s) in call to "round", got 3
          label_join(x, "a")              | 1:1: parse error: expected at least 3 argument(s) in call to "label_join", got 2
          sum(foo[5m])                    | 1:5: parse error: expected type instant vector in aggregation expression, got range vector
          topk("a", foo)                  | 1:6: parse error: expected type scalar in aggregation parameter, got string
          count_values(1, foo)            | 1:14: parse error: expected type string in aggregation parameter, got scalar
          1 < 2                           | 1:3: parse error: comparisons between scalars must use BOOL modifier
          a + bool b                      | 1:3: parse error: bool modifier can only be used on comparison operators
          a + on(x) group_left(x) b       | 1:3: parse error: label "x" must not occur in ON and GROUP clause at once
          foo[5m] + 1                     | 1:1: parse error: binary expression must contain only scalar and instant vector types
          1 + "a"                         | 1:5: parse error: binary expression must contain only scalar and instant vector types
          a and on(x) group_left b        | 1:1: parse error: no grouping allowed for "and" operation
          1 and 2                         | 1:1: parse error: set operator "and" not allowed in binary scalar expression
          -"a"                            | 1:1: parse error: unary expression only allowed on expressions of type scalar or instant vector, got "string"
          foo[5m][1h:]                    | 1:1: parse error: subquery is only allowed on instant vector, got matrix instead
          {}                              | 1:1: parse error: vector selector must contain at least one non-empty matcher
          foo{__name__="bar"}             | 1:1: parse error: metric name must not be set twice: "foo" or "bar"
          """)
  void messages(String query, String message) {
    assertThatThrownBy(() -> PromQL.parse(query))
        .isInstanceOf(ParseException.class)
        .hasMessage(message);
  }
}
