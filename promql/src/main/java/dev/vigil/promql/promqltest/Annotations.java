package dev.vigil.promql.promqltest;

import dev.vigil.promql.engine.QueryResult;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Checks warnings and infos against {@code expect warn|info|no_warn|no_info} lines. */
final class Annotations {
  private Annotations() {}

  static String check(EvalCommand eval, QueryResult r) {
    String w =
        checkKind(eval, Expectation.Kind.WARN, Expectation.Kind.NO_WARN, r.warnings(), "warn");
    return w != null
        ? w
        : checkKind(eval, Expectation.Kind.INFO, Expectation.Kind.NO_INFO, r.infos(), "info");
  }

  private static String checkKind(
      EvalCommand eval,
      Expectation.Kind kind,
      Expectation.Kind none,
      List<String> actual,
      String what) {
    List<Expectation> expected = new ArrayList<>();
    for (Expectation x : eval.expectations()) {
      if (x.kind() == kind) {
        expected.add(x);
      }
    }
    if (ScriptRunner.has(eval, none) && !actual.isEmpty()) {
      return "unexpected " + what + " annotations: " + actual;
    }
    if (expected.isEmpty()) {
      return null;
    }
    if (actual.isEmpty()) {
      return "expected " + what + " annotations but none were found";
    }
    for (Expectation x : expected) {
      if (actual.stream().noneMatch(a -> matches(x, a))) {
        return "expected "
            + what
            + " annotation matching \""
            + x.text()
            + "\" but found: "
            + actual;
      }
    }
    for (String a : actual) {
      if (expected.stream().noneMatch(x -> matches(x, a))) {
        return "unexpected " + what + " annotation \"" + a + "\"";
      }
    }
    return null;
  }

  static boolean matches(Expectation x, String message) {
    return switch (x.match()) {
      case ANY -> true;
      case MESSAGE -> x.text().equals(message);
      case REGEX -> Pattern.compile(x.text()).matcher(message).find();
    };
  }
}
