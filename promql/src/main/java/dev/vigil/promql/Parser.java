package dev.vigil.promql;

import dev.vigil.promql.ast.AggregateExpr;
import dev.vigil.promql.ast.AggregateOp;
import dev.vigil.promql.ast.BinaryExpr;
import dev.vigil.promql.ast.BinaryOp;
import dev.vigil.promql.ast.Call;
import dev.vigil.promql.ast.Expr;
import dev.vigil.promql.ast.Function;
import dev.vigil.promql.ast.FunctionTable;
import dev.vigil.promql.ast.GoQuote;
import dev.vigil.promql.ast.NumberLiteral;
import dev.vigil.promql.ast.ParenExpr;
import dev.vigil.promql.ast.StringLiteral;
import dev.vigil.promql.ast.UnaryExpr;
import dev.vigil.promql.ast.ValueType;
import dev.vigil.promql.ast.VectorMatching;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Recursive-descent parser with precedence climbing for binary operators. Syntax errors stop the
 * parse at the first problem; type errors are found afterwards by {@link TypeChecker}, the order
 * Prometheus reports them in.
 *
 * <p>Postfix modifiers ({@code [range]}, {@code [range:step]}, {@code offset}, {@code @}) bind
 * tighter than any operator, unary minus included, as in Prometheus' grammar; {@link
 * ModifierParser} reads them.
 */
final class Parser {

  /** Keywords that can never start an expression; other keywords may be metric names. */
  private static final Set<String> NOT_A_METRIC_NAME =
      Set.of("bool", "on", "ignoring", "group_left", "group_right", "atan2");

  private final String input;
  private final TokenStream tokens;
  private final ParserOptions options;
  private final IdentityHashMap<Expr, PositionRange> positions = new IdentityHashMap<>();
  private final IdentityHashMap<BinaryExpr, PositionRange> operatorPositions =
      new IdentityHashMap<>();
  private final ModifierParser modifiers;

  Parser(String input, ParserOptions options) {
    this.input = input;
    this.tokens = new TokenStream(input);
    this.options = options;
    this.modifiers = new ModifierParser(tokens, positions);
  }

  ParsedQuery parse() {
    if (peek().kind() == TokenKind.EOF) {
      throw error(peek().range(), "no expression found in input");
    }
    Expr expr = parseExpr(0);
    Token trailing = peek();
    if (trailing.kind() != TokenKind.EOF) {
      throw unexpected(trailing, null, null);
    }
    new TypeChecker(input, positions, operatorPositions).check(expr);
    return new ParsedQuery(input, expr, positions);
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

  // ---- expressions

  private Expr parseExpr(int minPrecedence) {
    Expr lhs = parseUnary();
    while (true) {
      BinaryOp op = binaryOperator(peek());
      if (op == null || op.precedence() < minPrecedence) {
        return lhs;
      }
      Token opToken = next();
      boolean returnBool = false;
      if (peek().is("bool")) {
        next();
        returnBool = true;
      }
      VectorMatchingClause clause = parseVectorMatchingClause();
      int rhsMin = op.isRightAssociative() ? op.precedence() : op.precedence() + 1;
      Expr rhs = parseExpr(rhsMin);
      lhs = binary(op, lhs, rhs, returnBool, clause, opToken);
    }
  }

  private static BinaryOp binaryOperator(Token t) {
    return switch (t.kind()) {
      case ADD -> BinaryOp.ADD;
      case SUB -> BinaryOp.SUB;
      case MUL -> BinaryOp.MUL;
      case DIV -> BinaryOp.DIV;
      case MOD -> BinaryOp.MOD;
      case POW -> BinaryOp.POW;
      case EQLC -> BinaryOp.EQL;
      case NEQ -> BinaryOp.NEQ;
      case LSS -> BinaryOp.LSS;
      case LTE -> BinaryOp.LTE;
      case GTR -> BinaryOp.GTR;
      case GTE -> BinaryOp.GTE;
      case TRIM_UPPER -> BinaryOp.TRIM_UPPER;
      case TRIM_LOWER -> BinaryOp.TRIM_LOWER;
      case KEYWORD -> {
        String w = t.text().toLowerCase(Locale.ROOT);
        yield switch (w) {
          case "and", "or", "unless", "atan2" -> BinaryOp.fromSymbol(w).orElseThrow();
          default -> null;
        };
      }
      default -> null;
    };
  }

  /** The {@code on/ignoring(...) group_left/group_right(...)} part as written, before checking. */
  private record VectorMatchingClause(
      boolean present,
      boolean on,
      List<String> labels,
      VectorMatching.Cardinality card,
      List<String> include) {}

  private VectorMatchingClause parseVectorMatchingClause() {
    Token t = peek();
    if (!t.is("on") && !t.is("ignoring")) {
      return new VectorMatchingClause(
          false, false, List.of(), VectorMatching.Cardinality.ONE_TO_ONE, List.of());
    }
    next();
    boolean on = t.is("on");
    List<String> labels = parseGroupingLabels().labels();
    VectorMatching.Cardinality card = VectorMatching.Cardinality.ONE_TO_ONE;
    List<String> include = List.of();
    Token g = peek();
    if (g.is("group_left") || g.is("group_right")) {
      next();
      card =
          g.is("group_left")
              ? VectorMatching.Cardinality.MANY_TO_ONE
              : VectorMatching.Cardinality.ONE_TO_MANY;
      if (peek().kind() == TokenKind.LEFT_PAREN) {
        include = parseGroupingLabels().labels();
      }
    }
    return new VectorMatchingClause(true, on, labels, card, include);
  }

  private Expr binary(
      BinaryOp op,
      Expr lhs,
      Expr rhs,
      boolean returnBool,
      VectorMatchingClause clause,
      Token opToken) {
    boolean bothVectors = lhs.type() == ValueType.VECTOR && rhs.type() == ValueType.VECTOR;
    boolean anyScalar = lhs.type() == ValueType.SCALAR || rhs.type() == ValueType.SCALAR;
    VectorMatching matching = null;
    if (bothVectors) {
      VectorMatching.Cardinality card = clause.card();
      if (op.isSetOperator() && card == VectorMatching.Cardinality.ONE_TO_ONE) {
        card = VectorMatching.Cardinality.MANY_TO_MANY;
      }
      matching = new VectorMatching(card, clause.labels(), clause.on(), clause.include());
    } else if (anyScalar && !clause.labels().isEmpty()) {
      // Prometheus drops matching on scalar operands, but rejects labels that would be ignored.
      throw error(pos(lhs).union(pos(rhs)), "vector matching only allowed between instant vectors");
    }
    BinaryExpr expr = new BinaryExpr(op, lhs, rhs, returnBool, matching);
    positions.put(expr, pos(lhs).union(pos(rhs)));
    operatorPositions.put(expr, opToken.range());
    return expr;
  }

  private Expr parseUnary() {
    Token t = peek();
    if (t.kind() == TokenKind.ADD || t.kind() == TokenKind.SUB) {
      next();
      boolean negate = t.kind() == TokenKind.SUB;
      Expr operand = parseExpr(BinaryOp.UNARY_PRECEDENCE + 1);
      int end = pos(operand).end();
      if (operand instanceof NumberLiteral n) {
        // Prometheus folds the sign into the literal: -1 is a number, not an operation.
        return at(
            new NumberLiteral(negate ? -n.value() : n.value(), n.writtenAsDuration()),
            t.start(),
            end);
      }
      return at(new UnaryExpr(negate, operand), t.start(), end);
    }
    return modifiers.apply(parsePrimary());
  }

  private Expr parsePrimary() {
    Token t = peek();
    switch (t.kind()) {
      case NUMBER -> {
        next();
        return at(NumberLiteral.of(NumberSyntax.parse(t, input)), t.start(), t.end());
      }
      case DURATION -> {
        next();
        Duration d = modifiers.parseDuration(t);
        return at(new NumberLiteral(d.toMillis() / 1000.0, true), t.start(), t.end());
      }
      case STRING -> {
        next();
        return at(new StringLiteral(t.value()), t.start(), t.end());
      }
      case LEFT_PAREN -> {
        next();
        Expr inner = parseExpr(0);
        Token close = expect(TokenKind.RIGHT_PAREN, "paren expression", "\")\"");
        return at(new ParenExpr(inner), t.start(), close.end());
      }
      case LEFT_BRACE -> {
        return selector(null);
      }
      case IDENTIFIER, METRIC_IDENTIFIER, KEYWORD -> {
        return parseWord(t);
      }
      default -> throw unexpected(t, null, null);
    }
  }

  private Expr parseWord(Token t) {
    Token after = tokens.peekAt(1);
    if (t.kind() == TokenKind.KEYWORD) {
      var aggregator = AggregateOp.fromKeyword(t.text());
      if (aggregator.isPresent()
          && (after.kind() == TokenKind.LEFT_PAREN || after.is("by") || after.is("without"))) {
        return parseAggregation(aggregator.get());
      }
    }
    if (t.kind() == TokenKind.KEYWORD
        && NOT_A_METRIC_NAME.contains(t.text().toLowerCase(Locale.ROOT))) {
      throw unexpected(t, null, null);
    }
    if (t.kind() != TokenKind.METRIC_IDENTIFIER && after.kind() == TokenKind.LEFT_PAREN) {
      return parseCall();
    }
    return selector(next());
  }

  private Expr selector(Token name) {
    SelectorParser.Result r = new SelectorParser(tokens).parse(name);
    return at(r.selector(), r.range().start(), r.range().end());
  }

  private Expr parseCall() {
    Token name = next();
    Function function =
        FunctionTable.lookup(name.text())
            .orElseThrow(() ->
                error(name.range(), "unknown function with name " + GoQuote.quote(name.text())));
    if (function.experimental() && !options.experimentalFunctions()) {
      throw error(name.range(), "function " + GoQuote.quote(name.text()) + " is not enabled");
    }
    next(); // (
    List<Expr> args = new ArrayList<>();
    Token close = parseArguments(args, "function call arguments");
    return at(new Call(function, args), name.start(), close.end());
  }

  /**
   * Parses {@code a, b, c)} after the opening parenthesis; unlike label lists, no trailing comma.
   */
  private Token parseArguments(List<Expr> args, String context) {
    while (peek().kind() != TokenKind.RIGHT_PAREN) {
      args.add(parseExpr(0));
      Token sep = peek();
      if (sep.kind() == TokenKind.COMMA) {
        next();
        if (peek().kind() == TokenKind.RIGHT_PAREN) {
          throw error(sep.range(), "trailing commas not allowed in function call args");
        }
      } else if (sep.kind() != TokenKind.RIGHT_PAREN) {
        throw unexpected(sep, context, "\",\" or \")\"");
      }
    }
    return next();
  }

  private Expr parseAggregation(AggregateOp op) {
    Token opToken = next();
    if (op.isExperimental() && !options.experimentalFunctions()) {
      throw error(
          opToken.range(),
          op.keyword()
              + "() is experimental and must be enabled with the promql-experimental-functions"
              + " feature");
    }
    List<String> grouping = List.of();
    boolean without = false;
    boolean modifierSeen = false;
    if (peek().is("by") || peek().is("without")) {
      without = next().is("without");
      grouping = parseGroupingLabels().labels();
      modifierSeen = true;
    }
    Token open = peek();
    if (open.kind() != TokenKind.LEFT_PAREN) {
      throw unexpected(open, "aggregation", null);
    }
    next();
    List<Expr> args = new ArrayList<>();
    Token close = parseArguments(args, "aggregation");
    int end = close.end();
    if (peek().is("by") || peek().is("without")) {
      if (modifierSeen) {
        throw unexpected(peek(), null, null);
      }
      without = next().is("without");
      Grouping after = parseGroupingLabels();
      grouping = after.labels();
      end = after.end();
      if (peek().is("by") || peek().is("without")) {
        throw unexpected(peek(), null, null);
      }
    }
    PositionRange range = new PositionRange(opToken.start(), end);
    if (args.isEmpty()) {
      throw error(range, "no arguments for aggregate expression provided");
    }
    int wanted = op.hasParameter() ? 2 : 1;
    if (args.size() != wanted) {
      throw error(
          range,
          "wrong number of arguments for aggregate expression provided, expected "
              + wanted
              + ", got "
              + args.size());
    }
    Expr param = op.hasParameter() ? args.get(0) : null;
    Expr vector = args.get(wanted - 1);
    return at(new AggregateExpr(op, vector, param, grouping, without), range.start(), range.end());
  }

  /** A parenthesised label list and the offset just past it. */
  private record Grouping(List<String> labels, int end) {}

  /** Parses {@code (a, b, "c.d")}; label names may be keywords or quoted UTF-8 names. */
  private Grouping parseGroupingLabels() {
    expect(TokenKind.LEFT_PAREN, "grouping opts", "\"(\"");
    List<String> labels = new ArrayList<>();
    while (true) {
      Token t = next();
      switch (t.kind()) {
        case RIGHT_PAREN -> {
          return new Grouping(labels, t.end());
        }
        case IDENTIFIER, KEYWORD -> labels.add(t.text());
        case STRING -> {
          if (t.value().isEmpty()) {
            throw error(t.range(), "invalid label name for grouping: \"\"");
          }
          labels.add(t.value());
        }
        case METRIC_IDENTIFIER ->
            throw error(t.range(), "invalid label name for grouping: " + GoQuote.quote(t.text()));
        default -> throw unexpected(t, "grouping opts", "label");
      }
      Token sep = peek();
      if (sep.kind() == TokenKind.COMMA) {
        next();
      } else if (sep.kind() != TokenKind.RIGHT_PAREN) {
        throw unexpected(sep, "grouping opts", "\",\" or \")\"");
      }
    }
  }
}
