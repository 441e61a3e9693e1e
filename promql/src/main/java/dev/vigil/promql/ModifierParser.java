package dev.vigil.promql;

import dev.vigil.promql.ast.AtModifier;
import dev.vigil.promql.ast.DurationSyntax;
import dev.vigil.promql.ast.Expr;
import dev.vigil.promql.ast.MatrixSelector;
import dev.vigil.promql.ast.SubqueryExpr;
import dev.vigil.promql.ast.VectorSelector;
import java.time.Duration;
import java.util.IdentityHashMap;
import java.util.Locale;

/**
 * Reads the postfix modifiers of an expression: {@code [range]}, {@code [range:step]}, {@code
 * offset d} and {@code @ t}. Offset and {@code @} may come in either order, each at most once; a
 * range must come before both, because Prometheus attaches them to the selector inside the range.
 */
final class ModifierParser {
  private final TokenStream tokens;
  private final IdentityHashMap<Expr, PositionRange> positions;

  ModifierParser(TokenStream tokens, IdentityHashMap<Expr, PositionRange> positions) {
    this.tokens = tokens;
    this.positions = positions;
  }

  private Token peek() {
    return tokens.peek();
  }

  private Token next() {
    return tokens.next();
  }

  private Token expect(TokenKind kind, String context, String expected) {
    return tokens.expect(kind, context, expected);
  }

  private ParseException unexpected(Token t, String context, String expected) {
    return tokens.unexpected(t, context, expected);
  }

  private ParseException error(PositionRange range, String message) {
    return tokens.error(range, message);
  }

  private <E extends Expr> E at(E expr, int start, int end) {
    positions.put(expr, new PositionRange(start, end));
    return expr;
  }

  private PositionRange pos(Expr expr) {
    return positions.get(expr);
  }

  /** Applies every modifier that follows {@code expr}. */
  Expr apply(Expr expr) {
    while (true) {
      Token t = peek();
      if (t.kind() == TokenKind.LEFT_BRACKET) {
        expr = parseRangeOrSubquery(expr);
      } else if (t.is("offset")) {
        expr = parseOffset(expr);
      } else if (t.kind() == TokenKind.AT) {
        expr = parseAt(expr);
      } else {
        return expr;
      }
    }
  }

  private Expr parseRangeOrSubquery(Expr expr) {
    Token open = next();
    Duration range = positiveDuration(next(), "subquery or range selector", "number or duration");
    Token t = next();
    PositionRange exprPos = pos(expr);
    if (t.kind() == TokenKind.RIGHT_BRACKET) {
      PositionRange bracket = new PositionRange(open.start(), t.end());
      if (!(expr instanceof VectorSelector vs)) {
        throw error(bracket, "ranges only allowed for vector selectors");
      }
      if (!vs.offset().isZero()) {
        throw error(bracket, "no offset modifiers allowed before range");
      }
      if (vs.at() != null) {
        throw error(bracket, "no @ modifiers allowed before range");
      }
      return at(new MatrixSelector(vs, range), exprPos.start(), t.end());
    }
    if (t.kind() != TokenKind.COLON) {
      throw unexpected(t, "subquery or range", "\":\" or \"]\"");
    }
    Duration step = Duration.ZERO;
    Token s = next();
    if (s.kind() != TokenKind.RIGHT_BRACKET) {
      step = positiveDuration(s, "subquery selector", "number, duration, or \"]\"");
      s = expect(TokenKind.RIGHT_BRACKET, "subquery selector", "\"]\"");
    }
    return at(new SubqueryExpr(expr, range, step, Duration.ZERO, null), exprPos.start(), s.end());
  }

  private Duration positiveDuration(Token t, String context, String expected) {
    // A sign is accepted only to give the clearer "must be greater than 0" message.
    boolean negative = false;
    Token first = t;
    if ((t.kind() == TokenKind.SUB || t.kind() == TokenKind.ADD)
        && (peek().kind() == TokenKind.NUMBER || peek().kind() == TokenKind.DURATION)) {
      negative = t.kind() == TokenKind.SUB;
      t = next();
    }
    Duration d = durationOrSeconds(t, context, expected);
    if (negative) {
      d = d.negated();
    }
    t = new Token(t.kind(), t.text(), t.value(), first.start(), t.end());
    if (d.isNegative() || d.isZero()) {
      throw error(t.range(), "duration must be greater than 0");
    }
    return d;
  }

  /** A duration token, or a number of seconds (Prometheus 3 accepts both). */
  private Duration durationOrSeconds(Token t, String context, String expected) {
    return switch (t.kind()) {
      case DURATION -> parseDuration(t);
      case NUMBER -> {
        double seconds = NumberSyntax.parse(t, tokens.input());
        if (!Double.isFinite(seconds) || Math.abs(seconds) > Long.MAX_VALUE / 1_000_000_000.0) {
          throw error(t.range(), "duration out of range");
        }
        yield Duration.ofMillis(Math.round(seconds * 1000));
      }
      default -> throw unexpected(t, context, expected);
    };
  }

  Duration parseDuration(Token t) {
    try {
      return DurationSyntax.parse(t.text());
    } catch (IllegalArgumentException e) {
      throw error(t.range(), e.getMessage());
    }
  }

  private Expr parseOffset(Expr expr) {
    Token keyword = next();
    boolean negative = false;
    Token t = next();
    if (t.kind() == TokenKind.SUB || t.kind() == TokenKind.ADD) {
      negative = t.kind() == TokenKind.SUB;
      t = next();
    }
    Duration offset = durationOrSeconds(t, "offset", "number or duration");
    if (negative) {
      offset = offset.negated();
    }
    PositionRange range = pos(expr);
    Expr result =
        switch (expr) {
          case VectorSelector vs -> {
            requireNoOffset(vs.offset(), range);
            yield vs.withOffset(offset);
          }
          case MatrixSelector ms -> {
            requireNoOffset(ms.selector().offset(), range);
            yield ms.withSelector(ms.selector().withOffset(offset));
          }
          case SubqueryExpr sq -> {
            requireNoOffset(sq.offset(), range);
            yield sq.withOffset(offset);
          }
          default ->
              throw error(
                  range,
                  "offset modifier must be preceded by an instant vector selector or range vector"
                      + " selector or a subquery");
        };
    rebindChildren(expr, result);
    return at(result, range.start(), t.end());
  }

  private void requireNoOffset(Duration existing, PositionRange range) {
    if (!existing.isZero()) {
      throw error(range, "offset may not be set multiple times");
    }
  }

  private Expr parseAt(Expr expr) {
    next();
    Token t = next();
    AtModifier at;
    int end;
    if (t.is("start") || t.is("end")) {
      expect(TokenKind.LEFT_PAREN, "@", "\"(\"");
      end = expect(TokenKind.RIGHT_PAREN, "@", "\")\"").end();
      at = t.is("start") ? AtModifier.START : AtModifier.END;
    } else {
      boolean negative = false;
      int start = t.start();
      if (t.kind() == TokenKind.SUB || t.kind() == TokenKind.ADD) {
        negative = t.kind() == TokenKind.SUB;
        t = next();
      }
      double seconds;
      if (t.kind() == TokenKind.NUMBER) {
        seconds = NumberSyntax.parse(t, tokens.input());
      } else if (t.kind() == TokenKind.DURATION) {
        seconds = parseDuration(t).toMillis() / 1000.0;
      } else {
        throw unexpected(t, "@", "timestamp");
      }
      seconds = negative ? -seconds : seconds;
      double millis = seconds * 1000;
      if (!Double.isFinite(millis) || millis >= 0x1p63 || millis < -0x1p63) {
        throw error(
            new PositionRange(start, t.end()),
            "timestamp out of bounds for @ modifier: " + goFloat(seconds));
      }
      at = AtModifier.at(Math.round(millis));
      end = t.end();
    }
    PositionRange range = pos(expr);
    String notAllowed =
        "@ modifier must be preceded by an instant vector selector or range vector selector or a"
            + " subquery";
    Expr result =
        switch (expr) {
          case VectorSelector vs -> {
            requireNoAt(vs.at(), range);
            yield vs.withAt(at);
          }
          case MatrixSelector ms -> {
            requireNoAt(ms.selector().at(), range);
            yield ms.withSelector(ms.selector().withAt(at));
          }
          case SubqueryExpr sq -> {
            requireNoAt(sq.at(), range);
            yield sq.withAt(at);
          }
          default -> throw error(range, notAllowed);
        };
    rebindChildren(expr, result);
    return at(result, range.start(), end);
  }

  /** Go's {@code %f}: six decimals, and {@code +Inf}/{@code -Inf}/{@code NaN} spelled Go's way. */
  private static String goFloat(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "+Inf" : "-Inf";
    }
    return String.format(Locale.ROOT, "%f", v);
  }

  private void requireNoAt(AtModifier existing, PositionRange range) {
    if (existing != null) {
      throw error(range, "@ <timestamp> may not be set multiple times");
    }
  }

  /** A rebuilt selector gets new child instances; give them the positions the old ones had. */
  private void rebindChildren(Expr before, Expr after) {
    if (before instanceof MatrixSelector b && after instanceof MatrixSelector a) {
      PositionRange inner = pos(b.selector());
      if (inner != null) {
        positions.put(a.selector(), inner);
      }
    }
  }
}
