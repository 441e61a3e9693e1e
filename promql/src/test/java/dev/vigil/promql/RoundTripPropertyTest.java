package dev.vigil.promql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.promql.ast.Expr;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random queries from a small grammar of instant-vector and scalar expressions: every one that
 * parses must print to text that parses back to an equal tree, and printing must be a fixed point.
 */
class RoundTripPropertyTest {

  private static final List<String> BINARY_OPS =
      List.of(
          "+", "-", "*", "/", "%", "^", "atan2", "==", "!=", ">", "<", ">=", "<=", "and", "or",
          "unless");
  private static final List<String> DURATIONS =
      List.of("1ms", "30s", "90s", "5m", "1h30m", "1d", "7d", "2w", "1y", "300");

  private final Random random = new Random(Long.getLong("seed", 20261123L));

  @Test
  void randomQueriesSurvivePrintAndParse() {
    int parsed = 0;
    for (int i = 0; i < Integer.getInteger("iterations", 5000); i++) {
      String query = vector(4);
      Expr expr;
      try {
        expr = PromQL.parseExpr(query);
      } catch (ParseException e) {
        continue; // type errors such as scalar comparisons without bool are expected
      }
      parsed++;
      String printed = expr.toString();
      Expr again = PromQL.parseExpr(printed);
      assertThat(again).as("query %s printed as %s", query, printed).isEqualTo(expr);
      assertThat(again.toString()).isEqualTo(printed);
    }
    assertThat(parsed).as("queries that parsed").isGreaterThan(2500);
  }

  private String vector(int depth) {
    int choice = depth <= 0 ? random.nextInt(2) : random.nextInt(9);
    return switch (choice) {
      case 0 -> selector() + modifiers();
      case 1 ->
          pick("rate", "increase", "max_over_time")
              + "("
              + selector()
              + "["
              + pick(DURATIONS)
              + "]"
              + modifiers()
              + ")";
      case 2 -> aggregation(depth);
      case 3 -> vector(depth - 1) + " " + binaryOp() + " " + operand(depth - 1);
      case 4 -> "(" + vector(depth - 1) + ")";
      case 5 -> pick("-", "+") + vector(depth - 1);
      case 6 ->
          "max_over_time(("
              + vector(depth - 1)
              + ")["
              + pick(DURATIONS)
              + ":"
              + pick("", "1m", "15s")
              + "]"
              + modifiers()
              + ")";
      case 7 -> pick("abs", "sort", "histogram_sum") + "(" + vector(depth - 1) + ")";
      default -> "label_replace(" + vector(depth - 1) + ", \"dst\", \"$1\", \"src\", \"(.*)\")";
    };
  }

  private String operand(int depth) {
    return random.nextInt(3) == 0 ? scalar() : vector(depth);
  }

  private String scalar() {
    return pick(
        "1", "-2.5", "0x1f", "1e3", "Inf", "-Inf", "NaN", "5m", "time()", "scalar(up)", ".5");
  }

  private String binaryOp() {
    String op = pick(BINARY_OPS);
    StringBuilder b = new StringBuilder(op);
    boolean comparison = List.of("==", "!=", ">", "<", ">=", "<=").contains(op);
    if (comparison && random.nextBoolean()) {
      b.append(" bool");
    }
    if (random.nextInt(3) == 0) {
      b.append(pick(" on", " ignoring")).append("(").append(labels()).append(")");
      if (!List.of("and", "or", "unless").contains(op) && random.nextBoolean()) {
        b.append(pick(" group_left", " group_right")).append(pick("", "(extra)", "()"));
      }
    }
    return b.toString();
  }

  private String aggregation(int depth) {
    String op =
        pick(
            "sum",
            "avg",
            "count",
            "min",
            "max",
            "group",
            "stddev",
            "stdvar",
            "topk",
            "bottomk",
            "quantile",
            "count_values");
    String param =
        switch (op) {
          case "topk", "bottomk" -> "3, ";
          case "quantile" -> "0.9, ";
          case "count_values" -> "\"value\", ";
          default -> "";
        };
    String grouping = pick("", " by (" + labels() + ")", " without (" + labels() + ")");
    String body = "(" + param + vector(depth - 1) + ")";
    return random.nextBoolean() ? op + grouping + " " + body : op + body + grouping;
  }

  private String selector() {
    String name = pick("up", "http_requests_total", "job:rate5m", "sum", "offset", "");
    StringBuilder m = new StringBuilder();
    int n = random.nextInt(3) + (name.isEmpty() ? 1 : 0);
    for (int i = 0; i < n; i++) {
      m.append(i > 0 ? ", " : "")
          .append(pick("job", "instance", "by", "\"service.name\""))
          .append(pick("=", "!=", "=~", "!~"))
          .append(pick("\"api\"", "'a\\'b'", "`x.*`", "\"\\u00e9\\n\"", "\".+\""));
    }
    if (name.isEmpty() && random.nextBoolean()) {
      m.append(n > 0 ? ", " : "").append("__name__=\"up\"");
    }
    return n > 0 || name.isEmpty() ? name + "{" + m + "}" : name;
  }

  private String modifiers() {
    String offset = random.nextInt(3) == 0 ? " offset " + pick("", "-") + pick(DURATIONS) : "";
    String at = random.nextInt(3) == 0 ? " @ " + pick("100", "1.5", "-10", "start()", "end()") : "";
    return random.nextBoolean() ? offset + at : at + offset;
  }

  private String labels() {
    return String.join(
        ", ",
        random
            .ints(random.nextInt(3), 0, 4)
            .mapToObj(i -> List.of("job", "le", "on", "\"a.b\"").get(i))
            .toList());
  }

  private String pick(String... options) {
    return options[random.nextInt(options.length)];
  }

  private String pick(List<String> options) {
    return options.get(random.nextInt(options.size()));
  }
}
