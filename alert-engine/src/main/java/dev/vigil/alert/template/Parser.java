package dev.vigil.alert.template;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds the {@link Node} tree from {@link Lexer} tokens with Go's grammar and Go's load-time
 * checks: functions must exist, variables must be declared before use, {@code break}/{@code
 * continue} only inside {@code range}, {@code define} only at the top level.
 */
final class Parser {
  /** Parsed template: the main list and the templates it defines. */
  record Tree(List<Node> root, Map<String, List<Node>> defined) {}

  private enum Terminator {
    END,
    ELSE
  }

  private final List<Token> tokens;
  private final Set<String> functions;
  private final Map<String, List<Node>> defined = new HashMap<>();
  private List<String> vars = new ArrayList<>(List.of("$"));
  private int rangeDepth;
  private int i;

  private Parser(List<Token> tokens, Set<String> functions) {
    this.tokens = tokens;
    this.functions = functions;
  }

  static Tree parse(String text, Set<String> functions) throws TemplateSyntaxError {
    Parser p = new Parser(Lexer.lex(text), functions);
    List<Node> root = p.topLevel();
    return new Tree(root, Map.copyOf(p.defined));
  }

  private List<Node> topLevel() throws TemplateSyntaxError {
    List<Node> list = new ArrayList<>();
    while (true) {
      Token t = next();
      switch (t.kind()) {
        case EOF -> {
          return list;
        }
        case TEXT -> list.add(new Node.Text(t.pos(), t.text()));
        case LEFT_DELIM -> {
          Token k = peekNonSpace();
          if (k.is(Token.Kind.KEYWORD, "define")) {
            nextNonSpace();
            definition();
          } else {
            list.add(action());
          }
        }
        default -> throw bug(t);
      }
    }
  }

  /** Nodes up to {@code {{end}}} or {@code {{else}}} of a block opened by {@code kind}. */
  private Terminator itemList(String kind, List<Node> into) throws TemplateSyntaxError {
    while (true) {
      Token t = next();
      switch (t.kind()) {
        case EOF -> throw error(t, "unexpected EOF: {{" + kind + "}} is missing its {{end}}");
        case TEXT -> into.add(new Node.Text(t.pos(), t.text()));
        case LEFT_DELIM -> {
          Token k = peekNonSpace();
          if (k.is(Token.Kind.KEYWORD, "end")) {
            nextNonSpace();
            expectRightDelim("end");
            return Terminator.END;
          } else if (k.is(Token.Kind.KEYWORD, "else")) {
            nextNonSpace();
            return Terminator.ELSE;
          } else if (k.is(Token.Kind.KEYWORD, "define")) {
            throw error(k, "unexpected <define> in {{" + kind + "}}: define only at the top level");
          }
          into.add(action());
        }
        default -> throw bug(t);
      }
    }
  }

  private Node action() throws TemplateSyntaxError {
    Token k = peekNonSpace();
    if (k.kind() == Token.Kind.KEYWORD) {
      nextNonSpace();
      switch (k.text()) {
        case "if", "range", "with" -> {
          return control(k.text());
        }
        case "break", "continue" -> {
          if (rangeDepth == 0) {
            throw error(k, "{{" + k.text() + "}} outside {{range}}");
          }
          expectRightDelim("{{" + k.text() + "}}");
          return k.text().equals("break") ? new Node.Break(k.pos()) : new Node.Continue(k.pos());
        }
        case "template" -> {
          String name = templateName("template");
          if (peekNonSpace().kind() == Token.Kind.RIGHT_DELIM) {
            nextNonSpace();
            return new Node.Template(k.pos(), name, null);
          }
          return new Node.Template(k.pos(), name, pipeline("template clause", false));
        }
        case "block" -> {
          String name = templateName("block");
          Node.Pipe pipe = pipeline("block", false);
          definitionBody(name, "block");
          return new Node.Template(k.pos(), name, pipe);
        }
        case "end", "else" -> throw error(k, "unexpected {{" + k.text() + "}}");
        default -> throw error(k, "unexpected <" + k.text() + "> in command");
      }
    }
    return new Node.Action(k.pos(), pipeline("command", false));
  }

  private Node control(String kind) throws TemplateSyntaxError {
    int mark = vars.size();
    Node.Pipe pipe = pipeline(kind, false);
    if (kind.equals("range")) {
      rangeDepth++;
    }
    List<Node> list = new ArrayList<>();
    Terminator end = itemList(kind, list);
    if (kind.equals("range")) {
      rangeDepth--;
    }
    List<Node> elseList = null;
    if (end == Terminator.ELSE) {
      Token k = peekNonSpace();
      if (!kind.equals("range") && k.is(Token.Kind.KEYWORD, kind)) {
        // {{else if x}} is {{else}}{{if x}}...{{end}}{{end}} sharing one {{end}}.
        nextNonSpace();
        elseList = List.of(control(kind));
      } else {
        expectRightDelim("else");
        elseList = new ArrayList<>();
        if (itemList(kind, elseList) != Terminator.END) {
          throw error(current(), "expected end; found {{else}}");
        }
      }
    }
    vars = new ArrayList<>(vars.subList(0, mark));
    return new Node.Branch(pipe.pos(), kind, pipe, list, elseList);
  }

  private void definition() throws TemplateSyntaxError {
    String name = templateName("define");
    expectRightDelim("define clause");
    definitionBody(name, "define");
  }

  private void definitionBody(String name, String kind) throws TemplateSyntaxError {
    List<String> outer = vars;
    int outerDepth = rangeDepth;
    vars = new ArrayList<>(List.of("$"));
    rangeDepth = 0;
    List<Node> body = new ArrayList<>();
    if (itemList(kind, body) != Terminator.END) {
      throw error(current(), "unexpected {{else}} in {{" + kind + "}}");
    }
    defined.put(name, List.copyOf(body));
    vars = outer;
    rangeDepth = outerDepth;
  }

  private String templateName(String kind) throws TemplateSyntaxError {
    Token t = nextNonSpace();
    if (t.kind() != Token.Kind.STRING && t.kind() != Token.Kind.RAW_STRING) {
      throw error(t, "{{" + kind + "}} needs a quoted template name");
    }
    try {
      return Literals.unquote(t);
    } catch (IllegalArgumentException e) {
      throw error(t, e.getMessage());
    }
  }

  /** A pipeline up to {@code }}} or, when {@code inParens}, {@code )}. */
  private Node.Pipe pipeline(String context, boolean inParens) throws TemplateSyntaxError {
    Token.Kind endKind = inParens ? Token.Kind.RIGHT_PAREN : Token.Kind.RIGHT_DELIM;
    int pos = peekNonSpace().pos();
    List<String> decl = new ArrayList<>();
    boolean isAssign = false;
    while (peekNonSpace().kind() == Token.Kind.VARIABLE) {
      int save = i;
      Token v = nextNonSpace();
      Token next = peekNonSpace();
      if (next.kind() == Token.Kind.DECLARE || next.kind() == Token.Kind.ASSIGN) {
        nextNonSpace();
        isAssign = next.kind() == Token.Kind.ASSIGN;
        if (isAssign && !vars.contains(v.text())) {
          throw error(v, "undefined variable \"" + v.text() + "\"");
        }
        decl.add(v.text());
        vars.add(v.text());
        break;
      } else if (next.kind() == Token.Kind.COMMA) {
        nextNonSpace();
        decl.add(v.text());
        vars.add(v.text());
        if (!context.equals("range") || decl.size() > 1) {
          throw error(next, "too many declarations in " + context);
        }
        if (peekNonSpace().kind() != Token.Kind.VARIABLE) {
          throw error(next, "range can only initialize variables");
        }
      } else {
        if (!decl.isEmpty()) {
          throw error(next, "missing := after " + String.join(", ", decl));
        }
        i = save;
        break;
      }
    }
    List<Node.Command> cmds = new ArrayList<>();
    while (true) {
      Token t = nextNonSpace();
      if (t.kind() == endKind) {
        if (cmds.isEmpty()) {
          throw error(t, "missing value for " + context);
        }
        for (int c = 1; c < cmds.size(); c++) {
          Node first = cmds.get(c).args().get(0);
          if (first instanceof Node.Bool
              || first instanceof Node.Dot
              || first instanceof Node.Nil
              || first instanceof Node.Number
              || first instanceof Node.Str) {
            throw error(t, "non executable command in pipeline stage " + (c + 1));
          }
        }
        return new Node.Pipe(pos, isAssign, List.copyOf(decl), List.copyOf(cmds));
      }
      switch (t.kind()) {
        case BOOL,
            CHAR,
            DOT,
            FIELD,
            IDENTIFIER,
            NUMBER,
            NIL,
            RAW_STRING,
            STRING,
            VARIABLE,
            LEFT_PAREN -> {
          i--;
          cmds.add(command());
        }
        case PIPE -> throw error(t, "missing command before \"|\"");
        default -> throw error(t, "unexpected " + t.describe() + " in " + context);
      }
    }
  }

  private Node.Command command() throws TemplateSyntaxError {
    int pos = peekNonSpace().pos();
    List<Node> args = new ArrayList<>();
    while (true) {
      peekNonSpace();
      Node operand = operand();
      if (operand != null) {
        args.add(operand);
      }
      Token t = next();
      switch (t.kind()) {
        case SPACE -> {
          continue;
        }
        case RIGHT_DELIM, RIGHT_PAREN -> i--;
        case PIPE -> {}
        default -> throw error(t, "unexpected " + t.describe() + " in operand");
      }
      break;
    }
    if (args.isEmpty()) {
      throw error(current(), "empty command");
    }
    return new Node.Command(pos, List.copyOf(args));
  }

  private Node operand() throws TemplateSyntaxError {
    Node term = term();
    if (term == null || peek().kind() != Token.Kind.FIELD) {
      return term;
    }
    List<String> fields = new ArrayList<>();
    while (peek().kind() == Token.Kind.FIELD) {
      fields.add(next().text().substring(1));
    }
    return switch (term) {
      case Node.Field f -> {
        List<String> all = new ArrayList<>(f.ident());
        all.addAll(fields);
        yield new Node.Field(f.pos(), List.copyOf(all));
      }
      case Node.Variable v -> {
        List<String> all = new ArrayList<>(v.ident());
        all.addAll(fields);
        yield new Node.Variable(v.pos(), List.copyOf(all));
      }
      case Node.Bool b -> throw error(current(), "unexpected . after term \"" + b + "\"");
      case Node.Str s -> throw error(current(), "unexpected . after term " + s);
      case Node.Number n -> throw error(current(), "unexpected . after term \"" + n + "\"");
      case Node.Nil n -> throw error(current(), "unexpected . after term \"nil\"");
      case Node.Dot d -> throw error(current(), "unexpected . after term \".\"");
      default -> new Node.Chain(term.pos(), term, List.copyOf(fields));
    };
  }

  private Node term() throws TemplateSyntaxError {
    Token t = nextNonSpace();
    switch (t.kind()) {
      case IDENTIFIER -> {
        if (!functions.contains(t.text())) {
          throw error(t, "function \"" + t.text() + "\" not defined");
        }
        return new Node.Identifier(t.pos(), t.text());
      }
      case DOT -> {
        return new Node.Dot(t.pos());
      }
      case NIL -> {
        return new Node.Nil(t.pos());
      }
      case VARIABLE -> {
        if (!vars.contains(t.text())) {
          throw error(t, "undefined variable \"" + t.text() + "\"");
        }
        return new Node.Variable(t.pos(), List.of(t.text()));
      }
      case FIELD -> {
        return new Node.Field(t.pos(), List.of(t.text().substring(1)));
      }
      case BOOL -> {
        return new Node.Bool(t.pos(), t.text().equals("true"));
      }
      case NUMBER, CHAR -> {
        try {
          return new Node.Number(t.pos(), t.text(), Literals.number(t));
        } catch (IllegalArgumentException e) {
          throw error(t, e.getMessage());
        }
      }
      case LEFT_PAREN -> {
        return pipeline("parenthesized pipeline", true);
      }
      case STRING, RAW_STRING -> {
        try {
          return new Node.Str(t.pos(), t.text(), Literals.unquote(t));
        } catch (IllegalArgumentException e) {
          throw error(t, e.getMessage());
        }
      }
      default -> {
        i--;
        return null;
      }
    }
  }

  private void expectRightDelim(String context) throws TemplateSyntaxError {
    Token t = nextNonSpace();
    if (t.kind() != Token.Kind.RIGHT_DELIM) {
      throw error(t, "unexpected " + t.describe() + " in " + context);
    }
  }

  private Token next() {
    return tokens.get(Math.min(i++, tokens.size() - 1));
  }

  private Token peek() {
    return tokens.get(Math.min(i, tokens.size() - 1));
  }

  private Token nextNonSpace() {
    Token t = next();
    while (t.kind() == Token.Kind.SPACE) {
      t = next();
    }
    return t;
  }

  private Token peekNonSpace() {
    int save = i;
    Token t = nextNonSpace();
    i = save;
    return t;
  }

  private Token current() {
    return tokens.get(Math.max(0, Math.min(i, tokens.size()) - 1));
  }

  private static TemplateSyntaxError error(Token at, String message) {
    return new TemplateSyntaxError(at.line(), message);
  }

  private static IllegalStateException bug(Token t) {
    return new IllegalStateException("BUG: token " + t + " outside an action");
  }
}
