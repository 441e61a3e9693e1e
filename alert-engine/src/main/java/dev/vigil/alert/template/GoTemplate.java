package dev.vigil.alert.template;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * An alert label or annotation template, parsed once and expanded for each alert as Prometheus
 * does: the text is preceded by Prometheus' prelude {@code {{$labels := .Labels}} {{$externalLabels
 * := .ExternalLabels}}{{$externalURL := .ExternalURL}}{{$value := .Value}}} and run with Go's
 * functions and Prometheus' over the alert's data. Immutable and thread-safe.
 */
public final class GoTemplate {
  private static final String PRELUDE =
      "{{$labels := .Labels}}{{$externalLabels := .ExternalLabels}}"
          + "{{$externalURL := .ExternalURL}}{{$value := .Value}}";

  private static final Map<String, GoFunction> FUNCTIONS = functions();

  private final String text;
  private final Parser.Tree tree;

  private GoTemplate(String text, Parser.Tree tree) {
    this.text = text;
    this.tree = tree;
  }

  /**
   * Parses an alert template.
   *
   * @throws TemplateException with Go's message, e.g. {@code template: __alert_X:1: function
   *     "humanise" not defined} when {@code name} is {@code __alert_X}
   */
  public static GoTemplate parse(String name, String template) throws TemplateException {
    String text = PRELUDE + template;
    try {
      return new GoTemplate(text, Parser.parse(text, FUNCTIONS.keySet()));
    } catch (TemplateSyntaxError e) {
      throw new TemplateException(
          "template: " + name + ":" + e.line + ": " + e.getMessage(), e.line, e.getMessage());
    }
  }

  /** The first syntax problem of {@code template}, as {@code line N: message}; empty if none. */
  public static Optional<String> syntaxProblem(String template) {
    try {
      parse("", template);
      return Optional.empty();
    } catch (TemplateException e) {
      return Optional.of("line " + e.line() + ": " + e.detail());
    }
  }

  /**
   * Expands this template for one alert.
   *
   * @param name the template's name in error messages; Prometheus uses {@code __alert_<alertname>}
   * @throws TemplateException with Go's message when an action fails, e.g. a function on a value of
   *     the wrong type
   */
  public String expand(String name, Data data) throws TemplateException {
    GoValues.AlertData dot =
        new GoValues.AlertData(
            data.labels(), data.externalLabels(), data.externalUrl(), data.value());
    Executor e =
        new Executor(
            text,
            tree,
            FUNCTIONS,
            new GoFunction.Env(data.time(), data.query(), data.externalUrl()),
            name);
    return e.run(dot);
  }

  /**
   * What an alert template reads.
   *
   * @param labels the alert's labels, {@code $labels}, sorted by name
   * @param time the evaluation time: {@code now}, and the instant {@code query} runs at
   * @param query runs {@code query}; null when no PromQL engine is configured
   */
  public record Data(
      Map<String, String> labels,
      Map<String, String> externalLabels,
      String externalUrl,
      double value,
      Instant time,
      TemplateQuery query) {}

  private static Map<String, GoFunction> functions() {
    Map<String, GoFunction> all = new HashMap<>();
    Stream.of(GoBuiltins.all(), PrometheusFunctions.all())
        .flatMap(List::stream)
        .forEach(f -> all.put(f.name(), f));
    return Map.copyOf(all);
  }

  /** The names of every function a template may call. */
  public static Set<String> functionNames() {
    return FUNCTIONS.keySet();
  }
}
