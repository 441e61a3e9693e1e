package dev.vigil.alert.rules;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Checks that alert labels and annotations are well-formed Go templates in the dialect Prometheus
 * expands: balanced actions and blocks, known functions, declared variables. Prometheus only finds
 * a broken template when an alert fires, so the notification arrives with an error instead of a
 * summary; checking on load moves that failure to the moment the rule file is written.
 *
 * <p>This is a syntax check, not an interpreter: it does not type-check arguments.
 */
public final class GoTemplateSyntax {

  /** Go's builtins and the functions Prometheus adds for alert templates. */
  private static final Set<String> FUNCTIONS =
      Set.of(
          "and",
          "call",
          "html",
          "index",
          "slice",
          "js",
          "len",
          "not",
          "or",
          "print",
          "printf",
          "println",
          "urlquery",
          "eq",
          "ge",
          "gt",
          "le",
          "lt",
          "ne",
          // Prometheus' template functions
          "query",
          "first",
          "label",
          "value",
          "strvalue",
          "args",
          "reReplaceAll",
          "safeHtml",
          "match",
          "title",
          "toUpper",
          "toLower",
          "graphLink",
          "tableLink",
          "sortByLabel",
          "humanize",
          "humanize1024",
          "humanizeDuration",
          "humanizePercentage",
          "humanizeTimestamp",
          "toTime",
          "toDuration",
          "now",
          "pathPrefix",
          "externalURL",
          "parseDuration",
          "stripPort",
          "stripDomain",
          "urlQueryEscape");

  /** Variables Prometheus defines before expanding an alert's labels and annotations. */
  private static final Set<String> PREDECLARED =
      Set.of("", "labels", "value", "externalLabels", "externalURL");

  private static final Set<String> BLOCKS = Set.of("if", "range", "with", "define", "block");

  private final String text;
  private final Deque<String> open = new ArrayDeque<>();
  private final Set<String> declared = new HashSet<>(PREDECLARED);
  private int pos;
  private int line = 1;

  private GoTemplateSyntax(String text) {
    this.text = text;
  }

  /**
   * The first problem in {@code template}, e.g. {@code line 1: function "humanise" not defined}, or
   * empty when it is a valid template.
   */
  public static Optional<String> check(String template) {
    try {
      new GoTemplateSyntax(template).run();
      return Optional.empty();
    } catch (TemplateSyntaxError e) {
      return Optional.of(e.getMessage());
    }
  }

  private void run() {
    while (true) {
      int start = text.indexOf("{{", pos);
      if (start < 0) {
        break;
      }
      countLines(pos, start);
      pos = start + 2;
      if (text.startsWith("- ", pos)) {
        pos += 2;
      }
      if (text.startsWith("/*", pos)) {
        skipComment();
      } else {
        action(tokens());
      }
    }
    if (!open.isEmpty()) {
      throw error("unexpected EOF: {{" + open.peek() + "}} is missing its {{end}}");
    }
  }

  private void skipComment() {
    int end = text.indexOf("*/", pos + 2);
    if (end < 0) {
      throw error("unclosed comment");
    }
    countLines(pos, end);
    pos = end + 2;
    if (text.startsWith(" -}}", pos)) {
      pos += 4;
    } else if (text.startsWith("}}", pos)) {
      pos += 2;
    } else {
      throw error("comment ends before closing delimiter");
    }
  }

  /** Reads the tokens of one action up to and including its closing delimiter. */
  private List<String> tokens() {
    List<String> out = new ArrayList<>();
    while (true) {
      if (pos >= text.length()) {
        throw error("unclosed action");
      }
      char c = text.charAt(pos);
      if (text.startsWith("}}", pos)) {
        pos += 2;
        return out;
      }
      if (c == ' ' && text.startsWith(" -}}", pos)) {
        pos += 4;
        return out;
      }
      if (c == '\n') {
        line++;
        pos++;
      } else if (Character.isWhitespace(c)) {
        pos++;
      } else if (c == '"' || c == '`' || c == '\'') {
        out.add(quoted(c));
      } else if (c == ':' && text.startsWith(":=", pos)) {
        out.add(":=");
        pos += 2;
      } else if ("()|=,".indexOf(c) >= 0) {
        out.add(String.valueOf(c));
        pos++;
      } else if (c == '$'
          || c == '.'
          || c == '_'
          || Character.isLetterOrDigit(c)
          || c == '-'
          || c == '+') {
        out.add(word());
      } else {
        throw error("unexpected \"" + c + "\" in command");
      }
    }
  }

  private String quoted(char quote) {
    int start = pos++;
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (c == '\\' && quote != '`') {
        pos += 2;
        continue;
      }
      if (c == '\n' && quote != '`') {
        break;
      }
      pos++;
      if (c == quote) {
        return text.substring(start, pos);
      }
    }
    throw error(quote == '`' ? "unterminated raw quoted string" : "unterminated quoted string");
  }

  private String word() {
    int start = pos;
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (Character.isLetterOrDigit(c)
          || c == '_'
          || c == '.'
          || c == '$'
          || ((c == '-' || c == '+') && pos == start)) {
        pos++;
      } else {
        break;
      }
    }
    return text.substring(start, pos);
  }

  private void action(List<String> tokens) {
    if (tokens.isEmpty()) {
      throw error("missing value for command");
    }
    String first = tokens.get(0);
    int from = 0;
    switch (first) {
      case "end" -> {
        if (open.isEmpty()) {
          throw error("unexpected {{end}}");
        }
        open.pop();
        if (tokens.size() > 1) {
          throw error("unexpected " + tokens.get(1) + " in end");
        }
        return;
      }
      case "else" -> {
        if (open.isEmpty() || !Set.of("if", "range", "with").contains(open.peek())) {
          throw error("unexpected {{else}}");
        }
        from = tokens.size() > 1 && Set.of("if", "with").contains(tokens.get(1)) ? 2 : 1;
        if (from == 1 && tokens.size() > 1) {
          throw error("unexpected " + tokens.get(1) + " in else");
        }
        if (from == 1) {
          return;
        }
      }
      case "break", "continue" -> {
        if (!open.contains("range")) {
          throw error("{{" + first + "}} outside {{range}}");
        }
        return;
      }
      case "define", "template", "block" -> {
        if (tokens.size() < 2 || !tokens.get(1).startsWith("\"")) {
          throw error("{{" + first + "}} needs a quoted template name");
        }
        if (!first.equals("template")) {
          open.push(first);
        }
        from = 2;
        if (tokens.size() == 2) {
          if (first.equals("block")) {
            throw error("missing value for block");
          }
          return;
        }
      }
      default -> {
        if (BLOCKS.contains(first)) {
          open.push(first);
          from = 1;
          if (tokens.size() == 1) {
            throw error("missing value for " + first);
          }
        }
      }
    }
    pipeline(tokens.subList(from, tokens.size()));
  }

  private void pipeline(List<String> tokens) {
    int start = declarations(tokens);
    int depth = 0;
    boolean expectCommand = true;
    for (int i = start; i < tokens.size(); i++) {
      String t = tokens.get(i);
      switch (t) {
        case "(" -> {
          depth++;
          expectCommand = true;
          continue;
        }
        case ")" -> {
          if (--depth < 0) {
            throw error("unexpected right paren");
          }
        }
        case "|" -> {
          if (expectCommand) {
            throw error("missing command before \"|\"");
          }
          expectCommand = true;
          continue;
        }
        case ":=", "=", "," -> throw error("unexpected \"" + t + "\" in command");
        default -> operand(t);
      }
      expectCommand = false;
    }
    if (depth > 0) {
      throw error("unclosed left paren");
    }
    if (expectCommand) {
      throw error("missing value for command");
    }
  }

  /** Handles {@code $x :=} and {@code $i, $x :=}; returns the index of the first pipeline token. */
  private int declarations(List<String> tokens) {
    int assign = Math.max(tokens.indexOf(":="), tokens.indexOf("="));
    if (assign < 0) {
      return 0;
    }
    for (int i = 0; i < assign; i++) {
      String t = tokens.get(i);
      if (t.equals(",")) {
        continue;
      }
      if (!t.startsWith("$") || t.indexOf('.') >= 0) {
        throw error("unexpected \"" + tokens.get(assign) + "\" in operand");
      }
      String name = t.substring(1);
      if (tokens.get(assign).equals("=") && !declared.contains(name)) {
        throw error("undefined variable \"" + t + "\"");
      }
      declared.add(name);
    }
    return assign + 1;
  }

  private void operand(String t) {
    char c = t.charAt(0);
    if (c == '"'
        || c == '`'
        || c == '\''
        || c == '.'
        || Character.isDigit(c)
        || c == '-'
        || c == '+') {
      return;
    }
    if (c == '$') {
      int dot = t.indexOf('.');
      String name = t.substring(1, dot < 0 ? t.length() : dot);
      if (!declared.contains(name)) {
        throw error("undefined variable \"$" + name + "\"");
      }
      return;
    }
    String name = t.indexOf('.') < 0 ? t : t.substring(0, t.indexOf('.'));
    if (name.equals("true") || name.equals("false") || name.equals("nil")) {
      return;
    }
    if (BLOCKS.contains(name) || Set.of("end", "else", "template").contains(name)) {
      throw error("unexpected <" + name + "> in command");
    }
    if (!FUNCTIONS.contains(name)) {
      throw error("function \"" + name + "\" not defined");
    }
  }

  private void countLines(int from, int to) {
    for (int i = from; i < to; i++) {
      if (text.charAt(i) == '\n') {
        line++;
      }
    }
  }

  private TemplateSyntaxError error(String message) {
    return new TemplateSyntaxError("line " + line + ": " + message);
  }

  /** Internal control flow only: turned into the returned message by {@link #check}. */
  private static final class TemplateSyntaxError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TemplateSyntaxError(String message) {
      super(message, null, false, false);
    }
  }
}
