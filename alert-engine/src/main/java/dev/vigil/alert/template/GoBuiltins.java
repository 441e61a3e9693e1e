package dev.vigil.alert.template;

import dev.vigil.promql.ast.GoQuote;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Go's predefined template functions. {@code and} and {@code or} are here for their arity; the
 * interpreter evaluates them itself, as Go does, so their arguments are evaluated only as far as
 * needed.
 */
final class GoBuiltins {
  private GoBuiltins() {}

  static List<GoFunction> all() {
    return List.of(
        new GoFunction("and", 1, -1, (env, a) -> a.getLast()),
        new GoFunction("or", 1, -1, (env, a) -> a.getLast()),
        new GoFunction("not", 1, 1, (env, a) -> !GoValues.truth(a.get(0))),
        new GoFunction("len", 1, 1, (env, a) -> length(a.get(0))),
        new GoFunction("index", 1, -1, (env, a) -> index(a)),
        new GoFunction("slice", 1, -1, (env, a) -> slice(a)),
        new GoFunction("print", 0, -1, (env, a) -> GoFormat.sprint(a)),
        new GoFunction("println", 0, -1, (env, a) -> GoFormat.sprintln(a)),
        new GoFunction(
            "printf",
            1,
            -1,
            (env, a) -> GoFormat.sprintf(GoFunction.string(a, 0), a.subList(1, a.size()))),
        new GoFunction("html", 0, -1, (env, a) -> html(joined(a))),
        new GoFunction("js", 0, -1, (env, a) -> js(joined(a))),
        new GoFunction("urlquery", 0, -1, (env, a) -> queryEscape(joined(a))),
        new GoFunction("eq", 1, -1, (env, a) -> eq(a)),
        new GoFunction("ne", 2, 2, (env, a) -> !GoValues.equal(a.get(0), a.get(1))),
        new GoFunction("lt", 2, 2, (env, a) -> GoValues.less(a.get(0), a.get(1))),
        new GoFunction(
            "le",
            2,
            2,
            (env, a) -> GoValues.less(a.get(0), a.get(1)) || GoValues.equal(a.get(0), a.get(1))),
        new GoFunction(
            "gt",
            2,
            2,
            (env, a) -> !(GoValues.less(a.get(0), a.get(1)) || GoValues.equal(a.get(0), a.get(1)))),
        new GoFunction("ge", 2, 2, (env, a) -> !GoValues.less(a.get(0), a.get(1))),
        new GoFunction(
            "call",
            1,
            -1,
            (env, a) -> {
              throw new GoValues.FunctionError(
                  "call is not supported: alert templates have no function values to call");
            }));
  }

  private static String joined(List<Object> args) {
    return args.size() == 1 && args.get(0) instanceof String s ? s : GoFormat.sprint(args);
  }

  private static Object eq(List<Object> a) throws GoValues.FunctionError {
    if (a.size() < 2) {
      throw new GoValues.FunctionError("missing argument for comparison");
    }
    for (int i = 1; i < a.size(); i++) {
      if (GoValues.equal(a.get(0), a.get(i))) {
        return true;
      }
    }
    return false;
  }

  private static long length(Object v) throws GoValues.FunctionError {
    return switch (v) {
      case String s -> s.getBytes(StandardCharsets.UTF_8).length;
      case Map<?, ?> m -> m.size();
      case List<?> l -> l.size();
      case null -> throw new GoValues.FunctionError("len of nil pointer");
      default -> throw new GoValues.FunctionError("len of type " + GoValues.typeName(v));
    };
  }

  private static Object index(List<Object> a) throws GoValues.FunctionError {
    Object item = a.get(0);
    for (Object key : a.subList(1, a.size())) {
      switch (item) {
        case null -> throw new GoValues.FunctionError("index of untyped nil");
        case Map<?, ?> m -> {
          if (!(key instanceof String k)) {
            throw new GoValues.FunctionError(
                "value has type " + GoValues.typeName(key) + "; should be string");
          }
          item = m.containsKey(k) ? m.get(k) : item instanceof GoValues.ArgsMap ? null : "";
        }
        case List<?> l -> item = l.get(position(key, l.size()));
        case String s -> {
          byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
          item = (long) (bytes[position(key, bytes.length)] & 0xff);
        }
        default ->
            throw new GoValues.FunctionError("can't index item of type " + GoValues.typeName(item));
      }
    }
    return item;
  }

  private static int position(Object key, int length) throws GoValues.FunctionError {
    if (!(key instanceof Long i)) {
      throw new GoValues.FunctionError(
          "cannot index slice/array with type " + GoValues.typeName(key));
    }
    if (i < 0 || i >= length) {
      throw new GoValues.FunctionError("index out of range: " + i);
    }
    return i.intValue();
  }

  private static Object slice(List<Object> a) throws GoValues.FunctionError {
    Object item = a.get(0);
    int length =
        switch (item) {
          case String s -> s.length();
          case List<?> l -> l.size();
          default ->
              throw new GoValues.FunctionError(
                  "can't slice item of type " + GoValues.typeName(item));
        };
    if (a.size() > 4 || (a.size() > 3 && item instanceof String)) {
      throw new GoValues.FunctionError("too many slice indexes: " + (a.size() - 1));
    }
    int[] idx = {0, length};
    for (int i = 1; i < Math.min(a.size(), 3); i++) {
      if (!(a.get(i) instanceof Long n)) {
        throw new GoValues.FunctionError(
            "cannot index slice/array with type " + GoValues.typeName(a.get(i)));
      }
      if (n < 0 || n > length) {
        throw new GoValues.FunctionError("index out of range: " + n);
      }
      idx[i - 1] = n.intValue();
    }
    if (idx[0] > idx[1]) {
      throw new GoValues.FunctionError("invalid slice index: " + idx[0] + " > " + idx[1]);
    }
    return item instanceof String s
        ? s.substring(idx[0], idx[1])
        : new ArrayList<>(((List<?>) item).subList(idx[0], idx[1]));
  }

  /** Go's {@code template.HTMLEscapeString}. */
  static String html(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '\'' -> out.append("&#39;");
        case '"' -> out.append("&#34;");
        case 0 -> out.append('\uFFFD');
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  /** Go's {@code template.JSEscapeString}. */
  static String js(String s) {
    StringBuilder out = new StringBuilder(s.length());
    s.codePoints()
        .forEach(cp -> {
          switch (cp) {
            case '\\' -> out.append("\\\\");
            case '\'' -> out.append("\\'");
            case '"' -> out.append("\\\"");
            case '<' -> out.append("\\u003C");
            case '>' -> out.append("\\u003E");
            case '&' -> out.append("\\u0026");
            case '=' -> out.append("\\u003D");
            default -> {
              if (cp < ' ' || !GoQuote.isPrintable(cp)) {
                out.append(String.format("\\u%04X", cp));
              } else {
                out.appendCodePoint(cp);
              }
            }
          }
        });
    return out.toString();
  }

  /** Go's {@code url.QueryEscape}: space as {@code +}, only {@code A-Za-z0-9-_.~} kept. */
  static String queryEscape(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("*", "%2A").replace("%7E", "~");
  }
}
