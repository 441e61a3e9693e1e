package dev.vigil.alert.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads OpenSLO {@code v1} and {@code v1alpha} documents of kind {@code SLI}, {@code AlertPolicy}
 * and {@code AlertCondition} into the catalog; {@code SLO} documents are kept and turned into SLOs
 * by {@link OpenSloResolver} once every file has been read. Unknown fields are not errors here:
 * OpenSLO files carry vendor fields Vigil has no use for.
 */
final class OpenSloReader {
  static final Set<String> API_VERSIONS = Set.of("openslo/v1", "openslo/v1alpha");

  private OpenSloReader() {}

  /** Reads one document; returns it when it is an SLO, to be resolved later. */
  static Optional<YamlMap> collect(YamlMap doc, String kind, OpenSloCatalog catalog) {
    boolean v1alpha = doc.string("apiVersion").orElse("").equals("openslo/v1alpha");
    Optional<String> name = doc.requiredMap("metadata").flatMap(m -> m.requiredString("name"));
    Optional<YamlMap> spec = doc.requiredMap("spec");
    if (name.isEmpty() || spec.isEmpty()) {
      return Optional.empty();
    }
    switch (kind) {
      case "SLO" -> {
        return Optional.of(doc);
      }
      case "SLI" ->
          OpenSloIndicator.read(spec.get(), v1alpha)
              .ifPresent(i -> catalog.indicators.put(name.get(), i));
      case "AlertCondition" ->
          condition(name.get(), spec.get()).ifPresent(c -> catalog.conditions.put(name.get(), c));
      case "AlertPolicy" ->
          policy(name.get(), spec.get()).ifPresent(p -> catalog.policies.put(name.get(), p));
      case "Service", "AlertNotificationTarget", "DataSource" -> {
        // Descriptive objects: nothing to evaluate.
      }
      default ->
          doc.problems()
              .add(
                  doc.nodeOr("kind"),
                  doc.field("kind"),
                  "OpenSLO kind \""
                      + kind
                      + "\" is not supported (SLO, SLI, AlertPolicy, AlertCondition are)");
    }
    return Optional.empty();
  }

  static Optional<OpenSloCatalog.Condition> condition(String name, YamlMap spec) {
    Optional<String> severity = spec.requiredString("severity");
    Optional<YamlMap> c = spec.requiredMap("condition");
    if (c.isEmpty()) {
      return Optional.empty();
    }
    YamlMap cond = c.get();
    Optional<String> kind = cond.requiredString("kind");
    if (kind.isPresent() && !kind.get().equals("burnrate")) {
      cond.problems()
          .add(
              cond.nodeOr("kind"),
              cond.field("kind"),
              "only burnrate conditions are supported, got \"" + kind.get() + "\"");
      return Optional.empty();
    }
    Optional<String> op = cond.requiredString("op").flatMap(o -> operator(cond, "op", o));
    Optional<Double> threshold = cond.requiredNumber("threshold");
    if (!cond.has("lookbackWindow")) {
      cond.problems().add(cond.node(), cond.field("lookbackWindow"), "is required");
    }
    Optional<Duration> lookback = OpenSloDurations.shorthand(cond, "lookbackWindow");
    Optional<Duration> alertAfter = OpenSloDurations.shorthand(cond, "alertAfter");
    if (severity.isEmpty() || op.isEmpty() || threshold.isEmpty() || lookback.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new OpenSloCatalog.Condition(
            name,
            severity.get(),
            op.get(),
            threshold.get(),
            lookback.get(),
            alertAfter.orElse(Duration.ZERO)));
  }

  static Optional<OpenSloCatalog.Policy> policy(String name, YamlMap spec) {
    List<OpenSloCatalog.Condition> inline = new ArrayList<>();
    List<String> refs = new ArrayList<>();
    List<YamlMap> conditions = spec.maps("conditions");
    if (conditions.isEmpty()) {
      spec.problems()
          .add(spec.nodeOr("conditions"), spec.field("conditions"), "needs at least one condition");
    }
    for (YamlMap c : conditions) {
      if (c.has("conditionRef")) {
        c.requiredString("conditionRef").ifPresent(refs::add);
      } else {
        Optional<String> n = c.requiredMap("metadata").flatMap(m -> m.requiredString("name"));
        Optional<YamlMap> s = c.requiredMap("spec");
        if (n.isPresent() && s.isPresent()) {
          condition(n.get(), s.get()).ifPresent(inline::add);
        }
      }
    }
    return Optional.of(
        new OpenSloCatalog.Policy(name, spec.string("description").orElse(""), inline, refs));
  }

  /** OpenSLO's comparison names as PromQL operators. */
  static Optional<String> operator(YamlMap m, String key, String op) {
    Optional<String> promql =
        Optional.ofNullable(Map.of("lt", "<", "lte", "<=", "gt", ">", "gte", ">=").get(op));
    if (promql.isEmpty()) {
      m.problems()
          .add(m.nodeOr(key), m.field(key), "must be one of lt, lte, gt, gte, got \"" + op + "\"");
    }
    return promql;
  }
}
