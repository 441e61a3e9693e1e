package dev.vigil.alert.template;

import dev.vigil.promql.ast.GoQuote;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The parse tree of a template, one record per kind of Go's {@code parse.Node}. {@code pos} is the
 * char offset in the template's text (for error locations); {@code toString} is the node as Go
 * prints it in an error's {@code at <...>}.
 */
sealed interface Node {
  int pos();

  record Text(int pos, String text) implements Node {
    @Override
    public String toString() {
      return text;
    }
  }

  record Action(int pos, Pipe pipe) implements Node {
    @Override
    public String toString() {
      return "{{" + pipe + "}}";
    }
  }

  /**
   * {@code if}, {@code range} or {@code with} at its pipeline's position, as Go places it; {@code
   * elseList} is null without {@code else}.
   */
  record Branch(int pos, String kind, Pipe pipe, List<Node> list, List<Node> elseList)
      implements Node {
    @Override
    public String toString() {
      String body = list.stream().map(Node::toString).collect(Collectors.joining());
      String otherwise =
          elseList == null
              ? ""
              : "{{else}}" + elseList.stream().map(Node::toString).collect(Collectors.joining());
      return "{{" + kind + " " + pipe + "}}" + body + otherwise + "{{end}}";
    }
  }

  record Break(int pos) implements Node {
    @Override
    public String toString() {
      return "{{break}}";
    }
  }

  record Continue(int pos) implements Node {
    @Override
    public String toString() {
      return "{{continue}}";
    }
  }

  /** {@code {{template "name" pipe}}}; {@code pipe} is null when absent. */
  record Template(int pos, String name, Pipe pipe) implements Node {
    @Override
    public String toString() {
      return "{{template " + GoQuote.quote(name) + (pipe == null ? "" : " " + pipe) + "}}";
    }
  }

  record Pipe(int pos, boolean isAssign, List<String> decl, List<Command> cmds) implements Node {
    @Override
    public String toString() {
      String cmdText = cmds.stream().map(Command::toString).collect(Collectors.joining(" | "));
      return decl.isEmpty() ? cmdText : String.join(", ", decl) + " := " + cmdText;
    }
  }

  record Command(int pos, List<Node> args) implements Node {
    @Override
    public String toString() {
      return args.stream()
          .map(a -> a instanceof Pipe ? "(" + a + ")" : a.toString())
          .collect(Collectors.joining(" "));
    }
  }

  record Identifier(int pos, String name) implements Node {
    @Override
    public String toString() {
      return name;
    }
  }

  /** {@code $x.a.b}: {@code ident} is {@code ["$x", "a", "b"]}. */
  record Variable(int pos, List<String> ident) implements Node {
    @Override
    public String toString() {
      return String.join(".", ident);
    }
  }

  record Dot(int pos) implements Node {
    @Override
    public String toString() {
      return ".";
    }
  }

  record Nil(int pos) implements Node {
    @Override
    public String toString() {
      return "nil";
    }
  }

  /** {@code .a.b}: {@code ident} is {@code ["a", "b"]}. */
  record Field(int pos, List<String> ident) implements Node {
    @Override
    public String toString() {
      return "." + String.join(".", ident);
    }
  }

  /** Fields of a term that is neither {@code .} nor a variable, e.g. {@code (first $x).Labels}. */
  record Chain(int pos, Node node, List<String> fields) implements Node {
    @Override
    public String toString() {
      String base = node instanceof Pipe ? "(" + node + ")" : node.toString();
      return base + "." + String.join(".", fields);
    }
  }

  record Bool(int pos, boolean value) implements Node {
    @Override
    public String toString() {
      return Boolean.toString(value);
    }
  }

  /** {@code value} is a {@link Long} (Go's int, also for a char constant) or a {@link Double}. */
  record Number(int pos, String text, Object value) implements Node {
    @Override
    public String toString() {
      return text;
    }
  }

  record Str(int pos, String quoted, String value) implements Node {
    @Override
    public String toString() {
      return quoted;
    }
  }
}
