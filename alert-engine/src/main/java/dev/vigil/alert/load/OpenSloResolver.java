package dev.vigil.alert.load;

import dev.vigil.alert.QueryLanguage;
import dev.vigil.alert.slo.Sli;
import dev.vigil.alert.slo.Slo;
import dev.vigil.alert.slo.SloAlerting;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Turns an OpenSLO {@code SLO} document into one Vigil SLO per objective, named {@code
 * <metadata.name>-<index>} as Sloth names them, resolving references against the catalog.
 */
final class OpenSloResolver {
  private OpenSloResolver() {}

  static List<ReadSlo> resolve(YamlMap doc, OpenSloCatalog catalog) {
    String apiVersion = doc.string("apiVersion").orElse("");
    boolean v1alpha = apiVersion.equals("openslo/v1alpha");
    String name = doc.map("metadata").flatMap(m -> m.string("name")).orElse("");
    Optional<YamlMap> specOpt = doc.map("spec");
    if (specOpt.isEmpty()) {
      return List.of();
    }
    YamlMap spec = specOpt.get();
    int before = doc.problems().size();
    Optional<String> service = spec.requiredString("service");
    String description = spec.string("description").orElse("");
    String method = spec.string("budgetingMethod").orElse("Occurrences");
    if (!Set.of("Occurrences", "Timeslices", "RatioTimeslices").contains(method)
        || (v1alpha && method.equals("RatioTimeslices"))) {
      spec.problems()
          .add(
              spec.nodeOr("budgetingMethod"),
              spec.field("budgetingMethod"),
              "must be Occurrences, Timeslices"
                  + (v1alpha ? "" : " or RatioTimeslices")
                  + ", got \""
                  + method
                  + "\"");
    }
    Optional<Duration> period = period(spec, v1alpha);
    String periodKey = v1alpha ? "timeWindows" : "timeWindow";
    Optional<OpenSloIndicator> shared = indicator(spec, catalog, v1alpha);
    List<OpenSloCatalog.Condition> conditions = conditions(spec, catalog);
    List<YamlMap> objectives = spec.maps("objectives");
    if (objectives.isEmpty()) {
      spec.problems()
          .add(spec.nodeOr("objectives"), spec.field("objectives"), "needs at least one objective");
    }
    List<ReadSlo> out = new ArrayList<>();
    for (int i = 0; i < objectives.size(); i++) {
      YamlMap o = objectives.get(i);
      Optional<Double> objective = objective(o);
      Optional<OpenSloIndicator> indicator =
          v1alpha && o.has("ratioMetrics")
              ? o.map("ratioMetrics").flatMap(r -> OpenSloIndicator.ratio(r, true))
              : o.has("indicatorRef") || o.has("indicator")
                  ? indicator(o, catalog, v1alpha)
                  : shared;
      if (indicator.isEmpty()
          && !o.has("ratioMetrics")
          && shared.isEmpty()
          && doc.problems().size() == before) {
        o.problems()
            .add(
                o.node(),
                o.path(),
                "has no indicator: set spec.indicator,"
                    + " spec.indicatorRef"
                    + (v1alpha ? " or the objective's ratioMetrics" : ""));
      }
      Optional<Sli> sli = indicator.flatMap(ind -> sli(ind, o, method));
      if (doc.problems().size() == before
          && service.isPresent()
          && period.isPresent()
          && objective.isPresent()
          && sli.isPresent()) {
        Slo slo =
            new Slo(
                service.get(),
                name + "-" + i,
                description,
                objective.get(),
                period.get(),
                sli.get(),
                Map.of(),
                SloAlerting.NONE,
                apiVersion);
        out.add(
            new ReadSlo(
                slo,
                doc.problems(),
                doc.map("metadata").map(m -> m.nodeOr("name")).orElse(doc.node()),
                "metadata.name",
                spec.nodeOr(periodKey),
                spec.field(periodKey),
                conditions));
      }
    }
    return out;
  }

  private static Optional<Double> objective(YamlMap o) {
    if (o.has("targetPercent")) {
      return o.number("targetPercent").filter(p -> Objectives.check(o, "targetPercent", p));
    }
    return o.requiredNumber("target")
        .filter(t -> Objectives.check(o, "target", t, 1))
        .map(t -> t * 100);
  }

  private static Optional<Duration> period(YamlMap spec, boolean v1alpha) {
    String key = v1alpha ? "timeWindows" : "timeWindow";
    List<YamlMap> windows = spec.maps(key);
    if (windows.size() != 1) {
      spec.problems().add(spec.nodeOr(key), spec.field(key), "needs exactly one time window");
      return Optional.empty();
    }
    YamlMap w = windows.get(0);
    if (!w.bool("isRolling").orElse(v1alpha)) {
      w.problems()
          .add(
              w.nodeOr("isRolling"),
              w.field("isRolling"),
              "calendar-aligned windows"
                  + " are not supported yet; Vigil measures rolling windows (set isRolling: true)");
      return Optional.empty();
    }
    if (v1alpha) {
      return OpenSloDurations.countAndUnit(w);
    }
    if (!w.has("duration")) {
      w.problems().add(w.node(), w.field("duration"), "is required");
    }
    return OpenSloDurations.shorthand(w, "duration");
  }

  private static Optional<OpenSloIndicator> indicator(
      YamlMap parent, OpenSloCatalog catalog, boolean v1alpha) {
    if (parent.has("indicatorRef")) {
      Optional<String> ref = parent.string("indicatorRef");
      Optional<OpenSloIndicator> found = ref.flatMap(catalog::indicator);
      if (ref.isPresent() && found.isEmpty()) {
        parent
            .problems()
            .add(
                parent.nodeOr("indicatorRef"),
                parent.field("indicatorRef"),
                "no valid SLI named \"" + ref.get() + "\" in the rule directory");
      }
      return found;
    }
    Optional<YamlMap> inline = parent.map("indicator");
    if (inline.isEmpty()) {
      return Optional.empty();
    }
    return v1alpha
        ? OpenSloIndicator.read(inline.get(), true)
        : inline.get().requiredMap("spec").flatMap(s -> OpenSloIndicator.read(s, false));
  }

  private static Optional<Sli> sli(OpenSloIndicator indicator, YamlMap o, String method) {
    Optional<Sli> occurrences =
        switch (indicator) {
          case OpenSloIndicator.Ratio r when r.language() == QueryLanguage.LOGQL ->
              Optional.of(
                  new Sli.LogEvents(r.good().or(r::bad).get(), r.total(), r.good().isPresent()));
          case OpenSloIndicator.Ratio r when r.good().isPresent() ->
              Optional.of(new Sli.GoodOverTotal(r.good().get(), r.total()));
          case OpenSloIndicator.Ratio r -> Optional.of(new Sli.Events(r.bad().get(), r.total()));
          case OpenSloIndicator.RawRatio r when r.isGoodRatio() ->
              Optional.of(new Sli.Raw("1 - (" + r.query() + ")"));
          case OpenSloIndicator.RawRatio r -> Optional.of(new Sli.Raw(r.query()));
          case OpenSloIndicator.Threshold t -> {
            Optional<String> op =
                o.requiredString("op").flatMap(x -> OpenSloReader.operator(o, "op", x));
            Optional<Double> value = o.requiredNumber("value");
            yield op.isPresent() && value.isPresent()
                ? Optional.of(new Sli.Threshold(t.query(), op.get(), value.get()))
                : Optional.empty();
          }
        };
    if (method.equals("Occurrences") || occurrences.isEmpty()) {
      return occurrences;
    }
    if (occurrences.get() instanceof Sli.LogEvents) {
      o.problems()
          .add(
              o.node(),
              o.path(),
              method
                  + " budgeting is not supported for LogQL indicators yet: their counts are"
                  + " recorded over the alert windows only; use Occurrences");
      return Optional.empty();
    }
    if (!o.has("timeSliceWindow")) {
      o.problems().add(o.node(), o.field("timeSliceWindow"), "is required for " + method);
      return Optional.empty();
    }
    Optional<Duration> slice = OpenSloDurations.shorthand(o, "timeSliceWindow");
    OptionalDouble target = OptionalDouble.empty();
    if (method.equals("Timeslices")) {
      Optional<Double> t = o.requiredNumber("timeSliceTarget");
      if (t.isEmpty() || !(t.get() > 0 && t.get() <= 1)) {
        t.ifPresent(x ->
            o.problems()
                .add(
                    o.nodeOr("timeSliceTarget"),
                    o.field("timeSliceTarget"),
                    "must be above 0 and at most 1 (got " + YamlMap.plain(x) + ")"));
        return Optional.empty();
      }
      target = OptionalDouble.of(t.get());
    }
    OptionalDouble sliceTarget = target;
    return slice.map(s -> new Sli.Timesliced(occurrences.get(), s, sliceTarget));
  }

  private static List<OpenSloCatalog.Condition> conditions(YamlMap spec, OpenSloCatalog catalog) {
    List<OpenSloCatalog.Condition> out = new ArrayList<>();
    List<Node> policies = spec.list("alertPolicies");
    for (int i = 0; i < policies.size(); i++) {
      Node p = policies.get(i);
      String field = spec.field("alertPolicies") + "[" + i + "]";
      Optional<OpenSloCatalog.Policy> policy;
      if (p instanceof ScalarNode s) {
        policy = named(spec, p, field, s.getValue(), catalog);
      } else {
        Optional<YamlMap> m = YamlMap.of(p, field, spec.problems());
        if (m.isPresent() && m.get().has("alertPolicyRef")) {
          policy =
              m.get().string("alertPolicyRef").flatMap(ref -> named(spec, p, field, ref, catalog));
        } else {
          policy =
              m.flatMap(x -> {
                Optional<String> n =
                    x.requiredMap("metadata").flatMap(md -> md.requiredString("name"));
                return n.flatMap(
                    nm -> x.requiredMap("spec").flatMap(s -> OpenSloReader.policy(nm, s)));
              });
        }
      }
      policy.ifPresent(pol -> {
        out.addAll(pol.inline());
        for (String ref : pol.refs()) {
          OpenSloCatalog.Condition c = catalog.conditions.get(ref);
          if (c == null) {
            spec.problems()
                .add(
                    p,
                    field,
                    "alert policy \""
                        + pol.name()
                        + "\" refers to no valid AlertCondition named \""
                        + ref
                        + "\"");
          } else {
            out.add(c);
          }
        }
      });
    }
    return out;
  }

  private static Optional<OpenSloCatalog.Policy> named(
      YamlMap spec, Node node, String field, String name, OpenSloCatalog catalog) {
    OpenSloCatalog.Policy p = catalog.policies.get(name);
    if (p == null) {
      spec.problems()
          .add(
              node,
              field,
              "no valid AlertPolicy named \"" + name + "\" in the rule" + " directory");
    }
    return Optional.ofNullable(p);
  }
}
