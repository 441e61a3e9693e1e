package dev.vigil.alert.rules;

import dev.vigil.alert.template.GoTemplate;
import java.util.Optional;

/**
 * Checks that alert labels and annotations are well-formed Go templates in the dialect Prometheus
 * expands: balanced actions and blocks, known functions, declared variables ({@code $labels},
 * {@code $value}, {@code $externalLabels}, {@code $externalURL} are predeclared). Prometheus only
 * finds a broken template when an alert fires, so the notification arrives with an error instead of
 * a summary; checking on load moves that failure to the moment the rule file is written.
 *
 * <p>The check is the parser that expands the templates ({@link GoTemplate}), so what loads is what
 * expands; argument types are only known at expansion.
 */
public final class GoTemplateSyntax {
  private GoTemplateSyntax() {}

  /**
   * The first problem in {@code template}, e.g. {@code line 1: function "humanise" not defined}, or
   * empty when it is a valid template.
   */
  public static Optional<String> check(String template) {
    if (!template.contains("{{")) {
      return Optional.empty();
    }
    return GoTemplate.syntaxProblem(template);
  }
}
