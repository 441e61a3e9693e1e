package dev.vigil.tracestore.query;

import dev.vigil.model.trace.SpanKind;
import dev.vigil.model.trace.StatusCode;
import dev.vigil.tracestore.InvalidQueryException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A recursive-descent parser for the TraceQL subset in the README: one spanset {@code { … }} of
 * conditions joined by {@code &&} and {@code ||} with parentheses. Types are checked here, so a
 * query that parses can be evaluated without surprises; every error names a column.
 */
public final class TraceQlParser {
  private static final List<String> INTRINSICS =
      List.of("name", "status", "statusMessage", "kind", "duration", "event:name");

  private final List<Token> tokens;
  private int next;

  private TraceQlParser(List<Token> tokens) {
    this.tokens = tokens;
  }

  /**
   * Parses {@code text}; returns null for {@code {}} or {@code { true }} (every span).
   *
   * @throws InvalidQueryException with the column and what was expected
   */
  public static Expr parse(String text) {
    TraceQlParser p = new TraceQlParser(TraceQlLexer.tokens(text));
    p.expect(Token.Type.LBRACE, "a query starts with '{', as in { name = \"GET /\" }");
    Expr e = null;
    if (p.peek().type() == Token.Type.IDENT && p.peek().text().equals("true")) {
      p.next++;
    } else if (p.peek().type() != Token.Type.RBRACE) {
      e = p.or();
    }
    p.expect(Token.Type.RBRACE, "expected '&&', '||' or '}'");
    Token t = p.peek();
    if (t.type() != Token.Type.EOF) {
      throw p.error(
          t,
          "unexpected "
              + t.describe()
              + " after the closing '}'; combining spansets ({ … } && { … }) is not supported"
              + " yet: join conditions inside one { }");
    }
    return e;
  }

  private Expr or() {
    Expr left = and();
    while (peek().type() == Token.Type.OR) {
      next++;
      left = new Expr.Or(left, and());
    }
    return left;
  }

  private Expr and() {
    Expr left = primary();
    while (peek().type() == Token.Type.AND) {
      next++;
      left = new Expr.And(left, primary());
    }
    return left;
  }

  private Expr primary() {
    if (peek().type() == Token.Type.LPAREN) {
      next++;
      Expr e = or();
      expect(Token.Type.RPAREN, "expected ')' to close the '(' ");
      return e;
    }
    return condition();
  }

  private Condition condition() {
    Token ft = peek();
    if (ft.type() != Token.Type.IDENT) {
      throw error(
          ft,
          "expected a field (name, status, kind, duration, statusMessage, event:name,"
              + " resource.x, span.x, .x, event.x), found "
              + ft.describe());
    }
    next++;
    Field field = field(ft);
    Token ot = peek();
    if (ot.type() != Token.Type.OP) {
      throw error(
          ot,
          "expected an operator (= != > >= < <= =~ !~) after "
              + field
              + ", found "
              + ot.describe());
    }
    next++;
    Op op = op(ot.text());
    Token vt = peek();
    next++;
    Literal value = literal(field, op, vt);
    return new Condition(field, op, value);
  }

  private Field field(Token t) {
    String s = t.text();
    for (Field.AttrScope scope : Field.AttrScope.values()) {
      if (s.startsWith(scope.prefix()) && (scope != Field.AttrScope.ANY || s.length() > 1)) {
        String key = s.substring(scope.prefix().length());
        if (key.isEmpty()) {
          throw error(t, "attribute name missing after '" + s + "'");
        }
        return new Field.Attribute(scope, key);
      }
    }
    for (Field.Intrinsic i : Field.Intrinsic.values()) {
      if (i != Field.Intrinsic.SERVICE && i.traceQl().equals(s)) {
        return i;
      }
    }
    String hint = closest(s);
    throw error(
        t,
        "unknown field '"
            + s
            + "'"
            + (hint == null ? "" : "; did you mean '" + hint + "'?")
            + " (attributes need a scope: resource."
            + s
            + ", span."
            + s
            + " or ."
            + s
            + ")");
  }

  private static Op op(String symbol) {
    for (Op o : Op.values()) {
      if (o.symbol().equals(symbol)) {
        return o;
      }
    }
    throw new IllegalStateException("BUG: lexer produced operator " + symbol);
  }

  private Literal literal(Field field, Op op, Token t) {
    if (field == Field.Intrinsic.STATUS || field == Field.Intrinsic.KIND) {
      if (op != Op.EQ && op != Op.NE) {
        throw error(t, field + " supports only = and !=, not " + op.symbol());
      }
      return field == Field.Intrinsic.STATUS ? status(t) : kind(t);
    }
    if (field == Field.Intrinsic.DURATION) {
      if (op == Op.MATCH || op == Op.NOT_MATCH) {
        throw error(t, "duration cannot be matched with " + op.symbol() + "; compare with > or <");
      }
      if (t.type() != Token.Type.DURATION) {
        throw error(
            t, "duration compares with a duration such as 2s or 150ms, not " + t.describe());
      }
      return new Literal.Duration(duration(t));
    }
    if (op == Op.MATCH || op == Op.NOT_MATCH) {
      if (t.type() != Token.Type.STRING) {
        throw error(t, op.symbol() + " needs a quoted regular expression, found " + t.describe());
      }
      try {
        return new Literal.Regex(t.text(), Pattern.compile(t.text()));
      } catch (PatternSyntaxException e) {
        throw error(t, "invalid regular expression: " + e.getDescription());
      }
    }
    boolean textField = field instanceof Field.Intrinsic;
    return switch (t.type()) {
      case STRING -> new Literal.Str(t.text());
      case NUMBER -> {
        if (textField) {
          throw error(t, field + " is text: quote the value, as in \"" + t.text() + "\"");
        }
        yield new Literal.Num(number(t));
      }
      case IDENT -> {
        if (!textField && (t.text().equals("true") || t.text().equals("false"))) {
          if (op != Op.EQ && op != Op.NE) {
            throw error(t, "booleans support only = and !=");
          }
          yield new Literal.Bool(Boolean.parseBoolean(t.text()));
        }
        throw error(t, "expected a value, found the bare word '" + t.text() + "'; quote strings");
      }
      case DURATION ->
          throw error(t, "only duration compares with durations; " + field + " takes a value");
      default ->
          throw error(t, "expected a value after " + op.symbol() + ", found " + t.describe());
    };
  }

  private Literal status(Token t) {
    String s = t.type() == Token.Type.IDENT ? t.text().toLowerCase(Locale.ROOT) : "";
    for (StatusCode c : StatusCode.values()) {
      if (c.name().toLowerCase(Locale.ROOT).equals(s)) {
        return new Literal.Status(c);
      }
    }
    throw error(t, "status is one of error, ok, unset; found " + t.describe());
  }

  private Literal kind(Token t) {
    String s = t.type() == Token.Type.IDENT ? t.text().toLowerCase(Locale.ROOT) : "";
    for (SpanKind k : SpanKind.values()) {
      if (k.name().toLowerCase(Locale.ROOT).equals(s)) {
        return new Literal.Kind(k);
      }
    }
    throw error(
        t,
        "kind is one of server, client, producer, consumer, internal, unspecified; found "
            + t.describe());
  }

  private double number(Token t) {
    try {
      return Double.parseDouble(t.text());
    } catch (NumberFormatException e) {
      throw error(t, "'" + t.text() + "' is not a number");
    }
  }

  /** Parses {@code 1.5s}, {@code 300ms}, {@code 2m}: units ns, us (µs), ms, s, m, h. */
  private long duration(Token t) {
    String text = t.text();
    int i = 0;
    while (i < text.length() && (Character.isDigit(text.charAt(i)) || text.charAt(i) == '.')) {
      i++;
    }
    String unit = text.substring(i);
    long scale =
        switch (unit) {
          case "ns" -> 1L;
          case "us", "µs" -> 1_000L;
          case "ms" -> 1_000_000L;
          case "s" -> 1_000_000_000L;
          case "m" -> 60_000_000_000L;
          case "h" -> 3_600_000_000_000L;
          default ->
              throw error(t, "unknown duration unit '" + unit + "'; use ns, us, ms, s, m or h");
        };
    try {
      return Math.round(Double.parseDouble(text.substring(0, i)) * scale);
    } catch (NumberFormatException e) {
      throw error(t, "'" + text + "' is not a duration");
    }
  }

  private Token peek() {
    return tokens.get(next);
  }

  private void expect(Token.Type type, String message) {
    Token t = peek();
    if (t.type() != type) {
      throw error(t, message + "; found " + t.describe());
    }
    next++;
  }

  private InvalidQueryException error(Token t, String message) {
    return new InvalidQueryException("column " + t.column() + ": " + message, t.column());
  }

  /** The intrinsic within edit distance 2 of {@code s}, for "did you mean". */
  private static String closest(String s) {
    String best = null;
    int bestDistance = 3;
    for (String candidate : INTRINSICS) {
      int d = distance(s, candidate);
      if (d < bestDistance) {
        best = candidate;
        bestDistance = d;
      }
    }
    return best;
  }

  private static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
