package dev.vigil.promql;

import dev.vigil.promql.ast.AggregateOp;
import dev.vigil.promql.ast.BinaryOp;
import dev.vigil.promql.ast.GoQuote;
import java.util.Locale;
import java.util.Set;

/**
 * A lexical token.
 *
 * @param kind what it is
 * @param text the source text (for strings: with the quotes)
 * @param value for strings the unquoted value, otherwise the same as {@code text}
 * @param start offset of the first character
 * @param end offset just past the token
 */
record Token(TokenKind kind, String text, String value, int start, int end) {

  /** Words that are keywords outside braces (case-insensitive), besides aggregators. */
  static final Set<String> KEYWORDS =
      Set.of(
          "and",
          "or",
          "unless",
          "atan2",
          "offset",
          "by",
          "without",
          "on",
          "ignoring",
          "group_left",
          "group_right",
          "bool",
          "start",
          "end",
          "step",
          "range",
          "min_of",
          "max_of",
          "anchored",
          "smoothed");

  static boolean isKeywordText(String word) {
    String lower = word.toLowerCase(Locale.ROOT);
    return KEYWORDS.contains(lower) || AggregateOp.fromKeyword(lower).isPresent();
  }

  PositionRange range() {
    return new PositionRange(start, end);
  }

  /** Whether this is the keyword {@code keyword} (given in lower case), in any case. */
  boolean is(String keyword) {
    return kind == TokenKind.KEYWORD && text.toLowerCase(Locale.ROOT).equals(keyword);
  }

  /**
   * Describes the token for "unexpected ..." messages in Prometheus' words: {@code <by>}, {@code
   * <aggr:sum>}, {@code <op:and>}, {@code identifier "foo"}, {@code "("}, {@code end of input}.
   */
  String describe() {
    return switch (kind) {
      case EOF -> "end of input";
      case IDENTIFIER -> "identifier " + GoQuote.quote(text);
      case METRIC_IDENTIFIER -> "metric identifier " + GoQuote.quote(text);
      case NUMBER -> "number " + shortQuote(text);
      case DURATION -> "duration " + shortQuote(text);
      case STRING -> "string " + shortQuote(text);
      case KEYWORD -> {
        String lower = text.toLowerCase(Locale.ROOT);
        if (AggregateOp.fromKeyword(lower).isPresent()) {
          yield "<aggr:" + text + ">";
        }
        yield BinaryOp.fromSymbol(lower).isPresent() ? "<op:" + text + ">" : "<" + text + ">";
      }
      case ADD,
          SUB,
          MUL,
          DIV,
          MOD,
          POW,
          EQLC,
          NEQ,
          LSS,
          LTE,
          GTR,
          GTE,
          TRIM_UPPER,
          TRIM_LOWER,
          EQL_REGEX,
          NEQ_REGEX,
          AT ->
          "<op:" + kind.text + ">";
      default -> GoQuote.quote(kind.text);
    };
  }

  /** Go's {@code %.10q...} for long values: at most ten characters, then an ellipsis. */
  private static String shortQuote(String s) {
    if (s.codePointCount(0, s.length()) > 10) {
      return GoQuote.quote(s.substring(0, s.offsetByCodePoints(0, 10))) + "...";
    }
    return GoQuote.quote(s);
  }
}
