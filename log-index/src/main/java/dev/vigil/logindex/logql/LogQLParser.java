package dev.vigil.logindex.logql;

import dev.vigil.logindex.logql.Expr.AggOp;
import dev.vigil.logindex.logql.Expr.Grouping;
import dev.vigil.logindex.logql.Expr.LogQuery;
import dev.vigil.logindex.logql.Expr.Metric;
import dev.vigil.logindex.logql.Expr.RangeAggregation;
import dev.vigil.logindex.logql.Expr.RangeOp;
import dev.vigil.logindex.logql.Expr.VectorAggregation;
import dev.vigil.logindex.logql.Token.Kind;
import dev.vigil.model.series.LabelMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Recursive-descent parser for the supported LogQL subset (grammar in {@code README.md}). Every
 * error names the position, what was expected and what was found. Stateless between calls.
 */
public final class LogQLParser {
  private final String query;
  private final List<Token> tokens;
  private int pos;

  private LogQLParser(String query, List<Token> tokens) {
    this.query = query;
    this.tokens = tokens;
  }

  /** Parses a log or metric query. */
  public static Expr parse(String query) throws LogQLParseException {
    LogQLParser p = new LogQLParser(query, Lexer.tokens(query));
    if (p.peek().kind() == Kind.EOF) {
      throw p.error(
          p.peek(),
          "empty query; expected a stream selector such as "
              + "{service_name=\"checkout\"} or a metric query such as count_over_time(...)");
    }
    Expr e = p.peek().kind() == Kind.LBRACE ? p.logQuery() : p.comparedMetric();
    Token rest = p.peek();
    if (rest.kind() != Kind.EOF) {
      throw p.error(rest, "unexpected " + rest.describe() + " after the end of the query");
    }
    return e;
  }

  // ---- log queries

  private LogQuery logQuery() throws LogQLParseException {
    return new LogQuery(selector(), pipeline());
  }

  private List<LabelMatcher> selector() throws LogQLParseException {
    Token open = expect(Kind.LBRACE, "a stream selector '{'");
    List<LabelMatcher> matchers = new ArrayList<>();
    if (peek().kind() == Kind.RBRACE) {
      throw error(
          peek(),
          "a stream selector needs at least one matcher, e.g. " + "{service_name=\"checkout\"}");
    }
    while (true) {
      Token name = expect(Kind.IDENT, "a label name");
      Token op = next();
      LabelMatcher.Type type =
          switch (op.kind()) {
            case EQ -> LabelMatcher.Type.EQUAL;
            case NEQ -> LabelMatcher.Type.NOT_EQUAL;
            case RE -> LabelMatcher.Type.REGEX;
            case NRE -> LabelMatcher.Type.NOT_REGEX;
            default ->
                throw error(
                    op,
                    "expected one of '=', '!=', '=~', '!~' after label '"
                        + name.text()
                        + "', found "
                        + op.describe());
          };
      Token value = expect(Kind.STRING, "a quoted label value");
      matchers.add(matcher(type, name.text(), value));
      Token sep = next();
      if (sep.kind() == Kind.RBRACE) {
        break;
      }
      if (sep.kind() != Kind.COMMA) {
        throw error(sep, "expected '}' or ',' after a matcher, found " + sep.describe());
      }
    }
    if (matchers.stream().allMatch(LabelMatcher::matchesEmpty)) {
      throw error(
          open,
          "a stream selector needs at least one matcher that does not match the"
              + " empty value (such as service_name=\"x\" or service_name=~\".+\"), or it would"
              + " select every stream");
    }
    return matchers;
  }

  private List<Stage> pipeline() throws LogQLParseException {
    List<Stage> stages = new ArrayList<>();
    while (true) {
      Token t = peek();
      Stage.FilterOp filter =
          switch (t.kind()) {
            case PIPE_EXACT -> Stage.FilterOp.CONTAINS;
            case NEQ -> Stage.FilterOp.NOT_CONTAINS;
            case PIPE_MATCH -> Stage.FilterOp.MATCHES;
            case NRE -> Stage.FilterOp.NOT_MATCHES;
            default -> null;
          };
      if (filter != null) {
        next();
        Token value = expect(Kind.STRING, "a quoted string after " + t.describe());
        java.util.regex.Pattern pattern = null;
        if (filter == Stage.FilterOp.MATCHES || filter == Stage.FilterOp.NOT_MATCHES) {
          pattern = regex(value);
        }
        stages.add(new Stage.LineFilter(filter, value.text(), pattern));
      } else if (t.kind() == Kind.PIPE) {
        next();
        stages.add(stage());
      } else {
        return stages;
      }
    }
  }

  private Stage stage() throws LogQLParseException {
    Token t = peek();
    if (t.kind() != Kind.IDENT && t.kind() != Kind.LPAREN) {
      throw error(
          t,
          "expected a pipeline stage after '|' (json, logfmt, line_format, drop, keep or a"
              + " label filter such as status >= 500), found "
              + t.describe());
    }
    if (t.kind() == Kind.IDENT && !isComparison(peek(1).kind())) {
      switch (t.text()) {
        case "json" -> {
          next();
          rejectParserArguments("json");
          return new Stage.Json();
        }
        case "logfmt" -> {
          next();
          rejectParserArguments("logfmt");
          return new Stage.Logfmt();
        }
        case "line_format" -> {
          next();
          Token template = expect(Kind.STRING, "a quoted template after line_format");
          try {
            return new Stage.LineFormat(LineTemplate.parse(template.text()));
          } catch (IllegalArgumentException e) {
            throw error(template, e.getMessage());
          }
        }
        case "drop", "keep" -> {
          next();
          List<Stage.LabelItem> items = labelItems(t.text());
          return t.text().equals("drop") ? new Stage.Drop(items) : new Stage.Keep(items);
        }
        case "unwrap", "label_format", "pattern", "regexp", "unpack", "decolorize" ->
            throw error(
                t,
                "the '"
                    + t.text()
                    + "' stage is not supported yet;"
                    + " supported stages are json, logfmt, line_format, drop, keep and label"
                    + " filters");
        default ->
            throw error(
                peek(1),
                "expected a comparison operator (=, !=, =~, !~, ==, >,"
                    + " >=, <, <=) after label '"
                    + t.text()
                    + "', found "
                    + peek(1).describe());
      }
    }
    return new Stage.LabelFilter(labelOr());
  }

  /** {@code name} or {@code name <op> "value"}, comma-separated, after drop or keep. */
  private List<Stage.LabelItem> labelItems(String stage) throws LogQLParseException {
    List<Stage.LabelItem> items = new ArrayList<>();
    while (true) {
      Token name = next();
      if (name.kind() != Kind.IDENT) {
        throw error(
            name,
            "expected a label name after "
                + (items.isEmpty() ? stage : "','")
                + " (as in | "
                + stage
                + " level, method=\"GET\"), found "
                + name.describe());
      }
      LabelMatcher.Type type =
          switch (peek().kind()) {
            case EQ -> LabelMatcher.Type.EQUAL;
            case NEQ -> LabelMatcher.Type.NOT_EQUAL;
            case RE -> LabelMatcher.Type.REGEX;
            case NRE -> LabelMatcher.Type.NOT_REGEX;
            default -> null;
          };
      LabelMatcher matcher = null;
      if (type != null) {
        next();
        Token value = expect(Kind.STRING, "a quoted value after '" + name.text() + "' in " + stage);
        matcher = matcher(type, name.text(), value);
      }
      items.add(new Stage.LabelItem(name.text(), matcher));
      if (peek().kind() != Kind.COMMA) {
        return items;
      }
      next();
    }
  }

  private void rejectParserArguments(String parser) throws LogQLParseException {
    if (peek().kind() == Kind.IDENT
        && !peek().text().equals("or")
        && !peek().text().equals("and")) {
      throw error(
          peek(),
          parser
              + " with extraction arguments is not supported yet; use '| "
              + parser
              + "' to extract every field");
    }
  }

  private LabelPredicate labelOr() throws LogQLParseException {
    LabelPredicate left = labelAnd();
    while (peek().kind() == Kind.IDENT && peek().text().equals("or")) {
      next();
      left = new LabelPredicate.Or(left, labelAnd());
    }
    return left;
  }

  private LabelPredicate labelAnd() throws LogQLParseException {
    LabelPredicate left = labelPrimary();
    while (peek().kind() == Kind.COMMA
        || (peek().kind() == Kind.IDENT && peek().text().equals("and"))) {
      next();
      left = new LabelPredicate.And(left, labelPrimary());
    }
    return left;
  }

  private LabelPredicate labelPrimary() throws LogQLParseException {
    if (peek().kind() == Kind.LPAREN) {
      next();
      LabelPredicate inner = labelOr();
      expect(Kind.RPAREN, "')' closing the label filter group");
      return inner;
    }
    Token name = expect(Kind.IDENT, "a label name in a label filter");
    Token op = next();
    if (!isComparison(op.kind())) {
      throw error(
          op,
          "expected a comparison operator (=, !=, =~, !~, ==, >, >=, <, <=) after"
              + " label '"
              + name.text()
              + "', found "
              + op.describe());
    }
    Token value = next();
    switch (value.kind()) {
      case STRING -> {
        LabelMatcher.Type type =
            switch (op.kind()) {
              case EQ, EQEQ -> LabelMatcher.Type.EQUAL;
              case NEQ -> LabelMatcher.Type.NOT_EQUAL;
              case RE -> LabelMatcher.Type.REGEX;
              case NRE -> LabelMatcher.Type.NOT_REGEX;
              default ->
                  throw error(
                      op,
                      "operator "
                          + op.describe()
                          + " compares numbers or"
                          + " durations, not the string \""
                          + value.text()
                          + "\"");
            };
        return new LabelPredicate.StringMatch(matcher(type, name.text(), value));
      }
      case NUMBER, DURATION -> {
        LabelPredicate.CompareOp cmp =
            switch (op.kind()) {
              case EQ, EQEQ -> LabelPredicate.CompareOp.EQ;
              case NEQ -> LabelPredicate.CompareOp.NEQ;
              case GT -> LabelPredicate.CompareOp.GT;
              case GTE -> LabelPredicate.CompareOp.GTE;
              case LT -> LabelPredicate.CompareOp.LT;
              case LTE -> LabelPredicate.CompareOp.LTE;
              default ->
                  throw error(
                      op,
                      "operator "
                          + op.describe()
                          + " needs a quoted regular"
                          + " expression, found "
                          + value.describe());
            };
        boolean duration = value.kind() == Kind.DURATION;
        double v =
            duration ? Durations.parseNanos(value.text()) / 1e9 : Double.parseDouble(value.text());
        return new LabelPredicate.NumberCompare(name.text(), cmp, v, duration);
      }
      default ->
          throw error(
              value,
              "expected a quoted string, a number or a duration after "
                  + op.describe()
                  + ", found "
                  + value.describe());
    }
  }

  // ---- metric queries

  /** A metric query, optionally compared with a number: {@code sum(...) > 10}. */
  private Metric comparedMetric() throws LogQLParseException {
    Metric m = metric();
    Expr.CompareOp op =
        switch (peek().kind()) {
          case EQEQ -> Expr.CompareOp.EQ;
          case NEQ -> Expr.CompareOp.NE;
          case GT -> Expr.CompareOp.GT;
          case GTE -> Expr.CompareOp.GE;
          case LT -> Expr.CompareOp.LT;
          case LTE -> Expr.CompareOp.LE;
          default -> null;
        };
    if (op == null) {
      return m;
    }
    next();
    boolean bool = false;
    if (peek().kind() == Kind.IDENT && peek().text().equals("bool")) {
      next();
      bool = true;
    }
    Token t = peek();
    if (t.kind() != Kind.NUMBER) {
      throw error(
          t,
          "expected a number after '"
              + op.symbol
              + "', found "
              + t.describe()
              + (t.kind() == Kind.IDENT || t.kind() == Kind.LPAREN
                  ? "; comparing two queries is not supported, compare a query with a number"
                  : ""));
    }
    next();
    double threshold;
    try {
      threshold = Double.parseDouble(t.text());
    } catch (NumberFormatException e) {
      throw error(t, "'" + t.text() + "' is not a number");
    }
    return new Expr.Comparison(m, op, bool, threshold);
  }

  private Metric metric() throws LogQLParseException {
    Token t = peek();
    if (t.kind() == Kind.LPAREN) {
      next();
      Metric inner = comparedMetric();
      expect(Kind.RPAREN, "')'");
      return inner;
    }
    if (t.kind() == Kind.LBRACE) {
      throw error(
          t,
          "expected a metric expression such as count_over_time({...}[5m]), found a"
              + " log query");
    }
    Token name = expect(Kind.IDENT, "a metric function such as count_over_time or sum");
    String fn = name.text();
    for (RangeOp op : RangeOp.values()) {
      if (op.function.equals(fn)) {
        return rangeAggregation(op);
      }
    }
    for (AggOp op : AggOp.values()) {
      if (op.function().equals(fn)) {
        return vectorAggregation(op, name);
      }
    }
    throw error(
        name,
        "unknown function '"
            + fn
            + "'; supported are count_over_time, rate,"
            + " bytes_over_time, bytes_rate, absent_over_time, sum, avg, min, max, count, topk"
            + " and bottomk");
  }

  private Metric rangeAggregation(RangeOp op) throws LogQLParseException {
    expect(Kind.LPAREN, "'(' after " + op.function);
    boolean parenthesized = false;
    if (peek().kind() == Kind.LPAREN) {
      next();
      parenthesized = true;
    }
    if (peek().kind() != Kind.LBRACE) {
      throw error(
          peek(),
          op.function
              + " needs a log query with a range, such as "
              + op.function
              + "({service_name=\"x\"}[5m]), found "
              + peek().describe());
    }
    List<LabelMatcher> selector = selector();
    Long range = null;
    if (peek().kind() == Kind.LBRACKET && !parenthesized) {
      range = range();
    }
    List<Stage> pipeline = pipeline();
    if (parenthesized) {
      expect(Kind.RPAREN, "')' closing the log query");
    }
    if (peek().kind() == Kind.LBRACKET) {
      if (range != null) {
        throw error(peek(), "a range was already given for " + op.function);
      }
      range = range();
    }
    if (range == null) {
      throw error(
          peek(),
          "expected a range such as [5m] after the log query in "
              + op.function
              + ", found "
              + peek().describe());
    }
    long offset = 0;
    if (peek().kind() == Kind.IDENT && peek().text().equals("offset")) {
      next();
      Token d = expect(Kind.DURATION, "a duration after offset");
      offset = Durations.parseNanos(d.text());
    }
    expect(Kind.RPAREN, "')' closing " + op.function);
    return new RangeAggregation(op, new LogQuery(selector, pipeline), range, offset);
  }

  private long range() throws LogQLParseException {
    expect(Kind.LBRACKET, "'['");
    Token d = expect(Kind.DURATION, "a duration such as 5m inside [...]");
    long nanos = Durations.parseNanos(d.text());
    if (nanos <= 0) {
      throw error(d, "the range must be positive, found " + d.describe());
    }
    expect(Kind.RBRACKET, "']' after the range");
    return nanos;
  }

  private Metric vectorAggregation(AggOp op, Token name) throws LogQLParseException {
    Grouping grouping = grouping();
    expect(Kind.LPAREN, "'(' after " + op.function());
    int parameter = 0;
    if (op.takesParameter()) {
      Token k = next();
      if (k.kind() != Kind.NUMBER || !isPositiveInteger(k.text())) {
        throw error(
            k,
            op.function()
                + " needs a positive integer as its first argument, as in "
                + op.function()
                + "(5, ...), found "
                + k.describe());
      }
      parameter = Integer.parseInt(k.text());
      expect(Kind.COMMA, "',' after the " + op.function() + " parameter");
    }
    Metric inner = metric();
    expect(Kind.RPAREN, "')' closing " + op.function());
    Grouping after = grouping();
    if (after != null) {
      if (grouping != null) {
        throw error(
            name,
            op.function()
                + " has a by/without clause both before and after its"
                + " arguments; keep one");
      }
      grouping = after;
    }
    return new VectorAggregation(op, grouping == null ? Grouping.NONE : grouping, parameter, inner);
  }

  private Grouping grouping() throws LogQLParseException {
    Token t = peek();
    if (t.kind() != Kind.IDENT || !(t.text().equals("by") || t.text().equals("without"))) {
      return null;
    }
    next();
    expect(Kind.LPAREN, "'(' after " + t.text());
    List<String> labels = new ArrayList<>();
    if (peek().kind() != Kind.RPAREN) {
      while (true) {
        labels.add(expect(Kind.IDENT, "a label name").text());
        Token sep = next();
        if (sep.kind() == Kind.RPAREN) {
          break;
        }
        if (sep.kind() != Kind.COMMA) {
          throw error(
              sep, "expected ',' or ')' in the " + t.text() + " list, found " + sep.describe());
        }
      }
    } else {
      next();
    }
    return new Grouping(t.text().equals("without"), labels);
  }

  // ---- helpers

  private LabelMatcher matcher(LabelMatcher.Type type, String name, Token value)
      throws LogQLParseException {
    try {
      return LabelMatcher.of(type, name, value.text());
    } catch (IllegalArgumentException e) {
      throw error(value, e.getMessage());
    }
  }

  private java.util.regex.Pattern regex(Token value) throws LogQLParseException {
    try {
      return java.util.regex.Pattern.compile(value.text());
    } catch (java.util.regex.PatternSyntaxException e) {
      throw error(
          value, "invalid regular expression \"" + value.text() + "\": " + e.getDescription());
    }
  }

  private static boolean isComparison(Kind k) {
    return switch (k) {
      case EQ, EQEQ, NEQ, RE, NRE, GT, GTE, LT, LTE -> true;
      default -> false;
    };
  }

  private static boolean isPositiveInteger(String s) {
    try {
      return Integer.parseInt(s) > 0;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private Token peek() {
    return tokens.get(pos);
  }

  private Token peek(int ahead) {
    return tokens.get(Math.min(pos + ahead, tokens.size() - 1));
  }

  private Token next() {
    Token t = tokens.get(pos);
    if (t.kind() != Kind.EOF) {
      pos++;
    }
    return t;
  }

  private Token expect(Kind kind, String what) throws LogQLParseException {
    Token t = next();
    if (t.kind() != kind) {
      throw error(t, "expected " + what + ", found " + t.describe());
    }
    return t;
  }

  private LogQLParseException error(Token at, String detail) {
    return new LogQLParseException(query, at.offset(), detail);
  }

  static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }
}
