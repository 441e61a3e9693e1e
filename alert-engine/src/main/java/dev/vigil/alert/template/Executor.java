package dev.vigil.alert.template;

import dev.vigil.promql.ast.GoQuote;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Walks a parsed template over its data as Go's {@code text/template} executes one: variables with
 * block scope, a pipeline's result passed as the last argument of the next command, {@code and} and
 * {@code or} evaluated lazily, map keys read as fields (a missing key is the zero value, as
 * Prometheus' {@code missingkey=zero}). One instance per expansion; not thread-safe.
 */
final class Executor {
  private static final Object MISSING = new Object();
  private static final int MAX_DEPTH = 1000;

  /*
   * Bounds Go's text/template does not have: templates that call themselves twice (2^1000 calls
   * within the depth limit) or print megabytes would hold a rule thread or fill the heap. No alert
   * annotation comes near either.
   */
  private static final int MAX_STEPS = 1_000_000;
  private static final int MAX_OUTPUT_CHARS = 1 << 20;

  private final String text;
  private final Parser.Tree tree;
  private final Map<String, GoFunction> functions;
  private final GoFunction.Env env;
  private final String name;
  private final StringBuilder out = new StringBuilder();
  private List<String> varNames = new ArrayList<>();
  private List<Object> varValues = new ArrayList<>();
  private Node at;
  private int depth;
  private int steps;

  Executor(
      String text,
      Parser.Tree tree,
      Map<String, GoFunction> functions,
      GoFunction.Env env,
      String name) {
    this.text = text;
    this.tree = tree;
    this.functions = functions;
    this.env = env;
    this.name = name;
  }

  String run(Object data) throws TemplateException {
    push("$", data);
    try {
      walk(data, tree.root());
    } catch (ExecError e) {
      throw e.located(this);
    } catch (Loop l) {
      throw new IllegalStateException("BUG: break or continue outside range", l);
    }
    return out.toString();
  }

  private void walk(Object dot, List<Node> list) throws ExecError {
    for (Node n : list) {
      walk(dot, n);
    }
  }

  private void walk(Object dot, Node node) throws ExecError {
    if (++steps > MAX_STEPS) {
      throw new ExecError(node, "template takes more than " + MAX_STEPS + " steps to expand");
    }
    walkNode(dot, node);
    if (out.length() > MAX_OUTPUT_CHARS) {
      throw new ExecError(
          node, "template expands to more than " + MAX_OUTPUT_CHARS + " characters");
    }
  }

  private void walkNode(Object dot, Node node) throws ExecError {
    switch (node) {
      case Node.Text t -> out.append(t.text());
      case Node.Action a -> {
        at = a;
        Object v = pipeline(dot, a.pipe());
        if (a.pipe().decl().isEmpty()) {
          out.append(v == null ? "<no value>" : GoFormat.value(v));
        }
      }
      case Node.Branch b when b.kind().equals("range") -> range(dot, b);
      case Node.Branch b -> {
        int mark = varNames.size();
        Object v = pipeline(dot, b.pipe());
        if (GoValues.truth(v)) {
          walk(b.kind().equals("with") ? v : dot, b.list());
        } else if (b.elseList() != null) {
          walk(dot, b.elseList());
        }
        pop(mark);
      }
      case Node.Break b -> throw Loop.BREAK;
      case Node.Continue c -> throw Loop.CONTINUE;
      case Node.Template t -> template(dot, t);
      default -> throw new IllegalStateException("BUG: unexpected node " + node);
    }
  }

  private void range(Object dot, Node.Branch b) throws ExecError {
    at = b;
    int mark = varNames.size();
    Object v = pipeline(dot, b.pipe());
    boolean any = false;
    switch (v) {
      case null -> {}
      case List<?> list -> {
        for (int i = 0; i < list.size(); i++) {
          any = true;
          if (!iteration(b, (long) i, list.get(i))) {
            break;
          }
        }
      }
      case Map<?, ?> map -> {
        for (Map.Entry<?, ?> e : new TreeMap<>(map).entrySet()) {
          any = true;
          if (!iteration(b, e.getKey(), e.getValue())) {
            break;
          }
        }
      }
      default -> throw new ExecError(b, "range can't iterate over " + GoFormat.value(v));
    }
    if (!any && b.elseList() != null) {
      walk(dot, b.elseList());
    }
    pop(mark);
  }

  /** One pass of a range body; false after {@code break}. */
  private boolean iteration(Node.Branch b, Object key, Object elem) throws ExecError {
    int mark = varNames.size();
    List<String> decl = b.pipe().decl();
    if (!decl.isEmpty()) {
      if (b.pipe().isAssign()) {
        set(decl.getLast(), elem);
        if (decl.size() > 1) {
          set(decl.get(0), key);
        }
      } else {
        varValues.set(varValues.size() - 1, elem);
        if (decl.size() > 1) {
          varValues.set(varValues.size() - 2, key);
        }
      }
    }
    try {
      walk(elem, b.list());
      return true;
    } catch (Loop l) {
      return l == Loop.CONTINUE;
    } finally {
      pop(mark);
    }
  }

  private void template(Object dot, Node.Template t) throws ExecError {
    at = t;
    List<Node> body = tree.defined().get(t.name());
    if (body == null) {
      throw new ExecError(t, "no such template " + GoQuote.quote(t.name()));
    }
    Object newDot = t.pipe() == null ? null : pipeline(dot, t.pipe());
    if (++depth > MAX_DEPTH) {
      throw new ExecError(t, "exceeded maximum template depth (" + MAX_DEPTH + ")");
    }
    List<String> names = varNames;
    List<Object> values = varValues;
    varNames = new ArrayList<>();
    varValues = new ArrayList<>();
    push("$", newDot);
    try {
      walk(newDot, body);
    } finally {
      varNames = names;
      varValues = values;
      depth--;
    }
  }

  private Object pipeline(Object dot, Node.Pipe pipe) throws ExecError {
    Object value = MISSING;
    for (Node.Command c : pipe.cmds()) {
      value = command(dot, c, value);
    }
    for (String v : pipe.decl()) {
      if (pipe.isAssign()) {
        set(v, value);
      } else {
        push(v, value);
      }
    }
    return value;
  }

  private Object command(Object dot, Node.Command cmd, Object last) throws ExecError {
    Node first = cmd.args().get(0);
    switch (first) {
      case Node.Field f -> {
        return fieldChain(dot, dot, f, f.ident(), cmd.args(), last);
      }
      case Node.Chain c -> {
        return chain(dot, c, cmd.args(), last);
      }
      case Node.Identifier id -> {
        return function(dot, id, cmd, cmd.args(), last);
      }
      case Node.Pipe p -> {
        notAFunction(cmd.args(), last);
        return pipeline(dot, p);
      }
      case Node.Variable v -> {
        return variable(v, dot, cmd.args(), last);
      }
      default -> {}
    }
    at = first;
    notAFunction(cmd.args(), last);
    return switch (first) {
      case Node.Bool b -> b.value();
      case Node.Dot d -> dot;
      case Node.Nil n -> throw new ExecError(first, "nil is not a command");
      case Node.Number n -> n.value();
      case Node.Str s -> s.value();
      default -> throw new IllegalStateException("BUG: can't evaluate command " + first);
    };
  }

  private void notAFunction(List<Node> args, Object last) throws ExecError {
    if ((args != null && args.size() > 1) || last != MISSING) {
      throw new ExecError(args.get(0), "can't give argument to non-function " + args.get(0));
    }
  }

  private Object variable(Node.Variable v, Object dot, List<Node> args, Object last)
      throws ExecError {
    at = v;
    Object value = lookup(v, v.ident().get(0));
    if (v.ident().size() == 1) {
      notAFunction(args, last);
      return value;
    }
    return fieldChain(dot, value, v, v.ident().subList(1, v.ident().size()), args, last);
  }

  private Object chain(Object dot, Node.Chain c, List<Node> args, Object last) throws ExecError {
    if (c.node() instanceof Node.Nil) {
      throw new ExecError(c, "indirection through explicit nil in " + c);
    }
    Object receiver = argument(dot, c.node());
    return fieldChain(dot, receiver, c, c.fields(), args, last);
  }

  private Object fieldChain(
      Object dot, Object receiver, Node node, List<String> ident, List<Node> args, Object last)
      throws ExecError {
    at = node;
    int n = ident.size();
    for (int i = 0; i < n - 1; i++) {
      receiver = field(node, ident.get(i), false, receiver);
    }
    boolean hasArgs = (args != null && args.size() > 1) || last != MISSING;
    return field(node, ident.get(n - 1), hasArgs, receiver);
  }

  private Object field(Node node, String field, boolean hasArgs, Object receiver) throws ExecError {
    switch (receiver) {
      case null -> {
        return null;
      }
      case GoValues.ArgsMap m -> {
        if (hasArgs) {
          throw new ExecError(node, field + " is not a method but has arguments");
        }
        return m.get(field);
      }
      case Map<?, ?> m -> {
        if (hasArgs) {
          throw new ExecError(node, field + " is not a method but has arguments");
        }
        Object v = m.get(field);
        return v == null ? "" : v;
      }
      case GoValues.AlertData a -> {
        Object v =
            switch (field) {
              case "Labels" -> a.labels();
              case "ExternalLabels" -> a.externalLabels();
              case "ExternalURL" -> a.externalUrl();
              case "Value" -> a.value();
              default -> MISSING;
            };
        return structField(node, field, hasArgs, receiver, v);
      }
      case GoValues.Sample s -> {
        Object v =
            switch (field) {
              case "Labels" -> s.labels();
              case "Value" -> s.value();
              default -> MISSING;
            };
        return structField(node, field, hasArgs, receiver, v);
      }
      default -> {
        return structField(node, field, hasArgs, receiver, MISSING);
      }
    }
  }

  private static Object structField(
      Node node, String field, boolean hasArgs, Object receiver, Object v) throws ExecError {
    if (v == MISSING) {
      throw new ExecError(
          node, "can't evaluate field " + field + " in type " + GoValues.typeName(receiver));
    }
    if (hasArgs) {
      throw new ExecError(node, field + " has arguments but cannot be invoked as function");
    }
    return v;
  }

  private Object function(Object dot, Node.Identifier id, Node cmd, List<Node> args, Object last)
      throws ExecError {
    at = id;
    GoFunction fn = functions.get(id.name());
    if (fn == null) {
      throw new ExecError(id, id.name() + " is not a defined function");
    }
    List<Node> argNodes = args.subList(1, args.size());
    int count = argNodes.size() + (last == MISSING ? 0 : 1);
    if (count < fn.minArgs() || (fn.maxArgs() >= 0 && count > fn.maxArgs())) {
      String want =
          fn.maxArgs() < 0
              ? "at least " + fn.minArgs()
              : Integer.toString(fn.maxArgs() == fn.minArgs() ? fn.minArgs() : fn.maxArgs());
      throw new ExecError(
          id, "wrong number of args for " + id.name() + ": want " + want + " got " + count);
    }
    boolean and = id.name().equals("and");
    if (and || id.name().equals("or")) {
      Object v = null;
      for (Node a : argNodes) {
        v = argument(dot, a);
        if (GoValues.truth(v) != and) {
          return v;
        }
      }
      return last == MISSING ? v : last;
    }
    List<Object> values = new ArrayList<>(count);
    for (Node a : argNodes) {
      values.add(argument(dot, a));
    }
    if (last != MISSING) {
      values.add(last);
    }
    at = cmd;
    try {
      return fn.body().call(env, values);
    } catch (GoValues.FunctionError e) {
      throw new ExecError(cmd, "error calling " + id.name() + ": " + e.getMessage());
    } catch (GoFunction.ArgumentTypeError e) {
      throw new ExecError(cmd, e.getMessage());
    }
  }

  private Object argument(Object dot, Node n) throws ExecError {
    at = n;
    return switch (n) {
      case Node.Dot d -> dot;
      case Node.Nil nil -> null;
      case Node.Field f -> fieldChain(dot, dot, f, f.ident(), List.of(n), MISSING);
      case Node.Variable v -> variable(v, dot, null, MISSING);
      case Node.Pipe p -> pipeline(dot, p);
      case Node.Identifier id -> function(dot, id, id, List.of(id), MISSING);
      case Node.Chain c -> chain(dot, c, null, MISSING);
      case Node.Bool b -> b.value();
      case Node.Number num -> num.value();
      case Node.Str s -> s.value();
      default -> throw new ExecError(n, "can't handle " + n + " as an argument");
    };
  }

  private void push(String name, Object value) {
    varNames.add(name);
    varValues.add(value);
  }

  private void pop(int mark) {
    while (varNames.size() > mark) {
      varNames.removeLast();
      varValues.removeLast();
    }
  }

  private void set(String name, Object value) throws ExecError {
    int i = varNames.lastIndexOf(name);
    if (i < 0) {
      throw new ExecError(at, "undefined variable: " + name);
    }
    varValues.set(i, value);
  }

  private Object lookup(Node node, String name) throws ExecError {
    int i = varNames.lastIndexOf(name);
    if (i < 0) {
      throw new ExecError(node, "undefined variable: " + name);
    }
    return varValues.get(i);
  }

  /** {@code break} and {@code continue} unwinding to their range. */
  private static final class Loop extends RuntimeException {
    private static final long serialVersionUID = 1L;
    static final Loop BREAK = new Loop();
    static final Loop CONTINUE = new Loop();

    private Loop() {
      super(null, null, false, false);
    }
  }

  /** A failure at a node; located (line, column, node text) when it leaves the executor. */
  private static final class ExecError extends Exception {
    private static final long serialVersionUID = 1L;
    private final Node node;

    ExecError(Node node, String message) {
      super(message, null, false, false);
      this.node = node;
    }

    TemplateException located(Executor e) {
      Node n = node == null ? e.at : node;
      int pos = n == null ? 0 : Math.min(n.pos(), e.text.length());
      String before = e.text.substring(0, pos);
      int nl = before.lastIndexOf('\n');
      int line = (int) before.chars().filter(c -> c == '\n').count() + 1;
      int col = before.substring(nl + 1).getBytes(StandardCharsets.UTF_8).length;
      String context = n == null ? "" : n.toString();
      if (context.length() > 20) {
        context = context.substring(0, 20) + "...";
      }
      return new TemplateException(
          "template: "
              + e.name
              + ":"
              + line
              + ":"
              + col
              + ": executing \""
              + e.name
              + "\" at <"
              + context
              + ">: "
              + getMessage(),
          line,
          getMessage());
    }
  }
}
