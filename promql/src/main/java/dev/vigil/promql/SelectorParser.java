package dev.vigil.promql;

import dev.vigil.promql.ast.LabelMatcher;
import dev.vigil.promql.ast.MatchType;
import dev.vigil.promql.ast.VectorSelector;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.PatternSyntaxException;

/**
 * Parses an instant vector selector: {@code name}, {@code name{matchers}} or {@code {matchers}}. A
 * quoted string alone in the braces is the metric name ({@code {"my.metric"}}), as Prometheus 3
 * allows for UTF-8 names.
 */
final class SelectorParser {

  /** The selector and the source range it came from. */
  record Result(VectorSelector selector, PositionRange range) {}

  private final TokenStream tokens;

  SelectorParser(TokenStream tokens) {
    this.tokens = tokens;
  }

  /**
   * Parses the selector.
   *
   * @param name the already consumed metric name token, or null if the selector starts with {@code
   *     {}
   */
  Result parse(Token name) {
    List<LabelMatcher> matchers = new ArrayList<>();
    // Interned, as label names and values below: a rules server keeps 170,000 parsed queries whose
    // selectors repeat the same few names and values, each otherwise its own string.
    String metricName = name == null ? "" : name.text().intern();
    int start = name == null ? tokens.peek().start() : name.start();
    int end = name == null ? start : name.end();
    if (tokens.peek().kind() == TokenKind.LEFT_BRACE) {
      tokens.next();
      end = parseMatchers(matchers);
    }
    if (name != null) {
      matchers.add(new LabelMatcher(LabelMatcher.METRIC_NAME, MatchType.EQUAL, metricName));
    }
    return new Result(
        new VectorSelector(metricName, matchers, java.time.Duration.ZERO, null),
        new PositionRange(start, end));
  }

  /** Parses matchers up to and including the closing brace; returns the offset after it. */
  private int parseMatchers(List<LabelMatcher> matchers) {
    while (true) {
      Token t = tokens.next();
      switch (t.kind()) {
        case RIGHT_BRACE -> {
          return t.end();
        }
        case IDENTIFIER -> matchers.add(matcherAfterName(t, t.text()));
        case STRING -> {
          TokenKind following = tokens.peek().kind();
          if (following == TokenKind.COMMA || following == TokenKind.RIGHT_BRACE) {
            matchers.add(
                new LabelMatcher(LabelMatcher.METRIC_NAME, MatchType.EQUAL, t.value().intern()));
          } else {
            matchers.add(matcherAfterName(t, t.value()));
          }
        }
        default -> throw tokens.unexpected(t, "label matching", "identifier or \"}\"");
      }
      Token sep = tokens.peek();
      if (sep.kind() == TokenKind.COMMA) {
        tokens.next();
      } else if (sep.kind() != TokenKind.RIGHT_BRACE) {
        throw tokens.unexpected(sep, "label matching", "\",\" or \"}\"");
      }
    }
  }

  private LabelMatcher matcherAfterName(Token nameToken, String name) {
    Token op = tokens.next();
    MatchType type =
        switch (op.kind()) {
          case EQL -> MatchType.EQUAL;
          case NEQ -> MatchType.NOT_EQUAL;
          case EQL_REGEX -> MatchType.REGEX;
          case NEQ_REGEX -> MatchType.NOT_REGEX;
          default -> throw tokens.unexpected(op, "label matching", "label matching operator");
        };
    Token value = tokens.next();
    if (value.kind() != TokenKind.STRING) {
      throw tokens.unexpected(value, "label matching", "string");
    }
    LabelMatcher matcher = new LabelMatcher(name.intern(), type, value.value().intern());
    if (type.isRegex()) {
      try {
        matcher.compiledPattern();
      } catch (PatternSyntaxException e) {
        throw tokens.error(
            new PositionRange(nameToken.start(), value.end()),
            "error parsing regexp: " + e.getDescription() + ": `" + value.value() + "`");
      }
    }
    return matcher;
  }
}
