package dev.vigil.alert.load;

import dev.vigil.alert.QueryLanguage;
import dev.vigil.alert.rules.GoTemplateSyntax;
import dev.vigil.alert.slo.Sli;
import dev.vigil.alert.slo.Slo;
import dev.vigil.alert.slo.SloAlerting;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Reads Sloth's {@code version: "prometheus/v1"} documents. Sloth's format has no period field: the
 * period is the loader's default (Sloth's {@code --default-slo-period}, 30 days).
 */
final class SlothReader {
  static final String VERSION = "prometheus/v1";

  /** Sloth's names become label values and rule group names; keep them tame. */
  static final Pattern NAME = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9_.-]*[A-Za-z0-9])?");

  private SlothReader() {}

  static List<ReadSlo> read(YamlMap doc, Duration period) {
    doc.allowOnly(Set.of("version", "service", "labels", "slos"));
    Optional<String> service = doc.requiredString("service");
    service.ifPresent(s -> checkName(doc, "service", s));
    Map<String, String> labels = doc.labels("labels");
    List<YamlMap> slos = doc.maps("slos");
    if (slos.isEmpty() && doc.list("slos").isEmpty()) {
      doc.problems().add(doc.nodeOr("slos"), doc.field("slos"), "needs at least one SLO");
    }
    List<ReadSlo> out = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (YamlMap slo : slos) {
      int before = doc.problems().size();
      Optional<Slo> read = slo(slo, service.orElse(""), labels, period);
      read.ifPresent(s -> {
        if (!names.add(s.name())) {
          doc.problems()
              .add(
                  slo.nodeOr("name"),
                  slo.field("name"),
                  "SLO \"" + s.name() + "\" is defined twice in service \"" + s.service() + "\"");
        }
      });
      if (read.isPresent() && doc.problems().size() == before && service.isPresent()) {
        out.add(
            new ReadSlo(
                read.get(),
                doc.problems(),
                slo.nodeOr("name"),
                slo.field("name"),
                slo.node(),
                slo.path(),
                List.of()));
      }
    }
    return out;
  }

  private static Optional<Slo> slo(
      YamlMap slo, String service, Map<String, String> serviceLabels, Duration period) {
    slo.allowOnly(Set.of("name", "objective", "description", "labels", "sli", "alerting"));
    Optional<String> name = slo.requiredString("name");
    name.ifPresent(n -> checkName(slo, "name", n));
    Optional<Double> objective = slo.requiredNumber("objective");
    objective.ifPresent(o -> Objectives.check(slo, "objective", o));
    String description = slo.string("description").orElse("");
    Map<String, String> labels = new TreeMap<>(serviceLabels);
    labels.putAll(slo.labels("labels"));
    Optional<Sli> sli = slo.requiredMap("sli").flatMap(SlothReader::sli);
    SloAlerting alerting = slo.map("alerting").map(SlothReader::alerting).orElse(SloAlerting.NONE);
    boolean guarded = alerting.page().minEvents() > 0 || alerting.ticket().minEvents() > 0;
    if (sli.isPresent()
        && !(sli.get() instanceof Sli.Events || sli.get() instanceof Sli.LogEvents)
        && guarded) {
      slo.problems()
          .add(
              slo.nodeOr("alerting"),
              slo.field("alerting"),
              "min_events needs sli.events: the low-traffic guard counts the events of the total"
                  + " query, and sli.raw has none");
    }
    if (guarded
        && sli.isPresent()
        && sli.get() instanceof Sli.LogEvents logs
        && !ExprCheck.countsLines(Sli.render(logs.totalQuery(), WindowQueries.CHECK_WINDOW))) {
      slo.problems()
          .add(
              slo.nodeOr("alerting"),
              slo.field("alerting"),
              "min_events with a LogQL SLI needs a total_query that counts lines"
                  + " (count_over_time), as the guard compares the total with the event count");
    }
    if (name.isEmpty()
        || objective.isEmpty()
        || sli.isEmpty()
        || !(objective.get() > 0 && objective.get() < 100)) {
      return Optional.empty();
    }
    return Optional.of(
        new Slo(
            service,
            name.get(),
            description,
            objective.get(),
            period,
            sli.get(),
            labels,
            alerting,
            VERSION));
  }

  private static Optional<Sli> sli(YamlMap sli) {
    sli.allowOnly(Set.of("events", "raw", "plugin", ExprCheck.LANGUAGE_KEY));
    Optional<QueryLanguage> language = ExprCheck.language(sli);
    if (language.isEmpty()) {
      return Optional.empty();
    }
    if (sli.has("plugin")) {
      sli.problems()
          .add(
              sli.nodeOr("plugin"),
              sli.field("plugin"),
              "SLI plugins are not supported by Vigil; use events or raw");
      return Optional.empty();
    }
    if (sli.has("events") == sli.has("raw")) {
      sli.problems().add(sli.node(), sli.path(), "needs exactly one of events or raw");
      return Optional.empty();
    }
    boolean logql = language.get() == QueryLanguage.LOGQL;
    if (sli.has("raw") && logql) {
      sli.problems()
          .add(
              sli.nodeOr("raw"),
              sli.field("raw"),
              "a LogQL SLI needs events (error_query and total_query): LogQL has no division, so"
                  + " an error ratio cannot be one LogQL query");
      return Optional.empty();
    }
    if (sli.has("raw")) {
      return sli.map("raw")
          .flatMap(raw -> {
            raw.allowOnly(Set.of("error_ratio_query"));
            return WindowQueries.required(raw, "error_ratio_query").map(Sli.Raw::new);
          });
    }
    return sli.map("events")
        .flatMap(events -> {
          events.allowOnly(Set.of("error_query", "total_query"));
          Optional<String> error = WindowQueries.required(events, "error_query", language.get());
          Optional<String> total = WindowQueries.required(events, "total_query", language.get());
          if (error.isEmpty() || total.isEmpty()) {
            return Optional.empty();
          }
          if (error.get().strip().equals(total.get().strip())) {
            events
                .problems()
                .add(
                    events.nodeOr("total_query"),
                    events.field("total_query"),
                    "is the same query as error_query, which would make the error ratio always 1");
            return Optional.empty();
          }
          return Optional.of(
              logql
                  ? new Sli.LogEvents(error.get(), total.get(), false)
                  : new Sli.Events(error.get(), total.get()));
        });
  }

  private static SloAlerting alerting(YamlMap alerting) {
    alerting.allowOnly(Set.of("name", "labels", "annotations", "page_alert", "ticket_alert"));
    Map<String, String> labels = alerting.labels("labels");
    Map<String, String> annotations = templates(alerting, "annotations");
    SloAlerting.Alert page = alert(alerting, "page_alert");
    SloAlerting.Alert ticket = alert(alerting, "ticket_alert");
    String name = alerting.string("name").orElse("");
    if ((page.enabled() || ticket.enabled()) && name.isBlank()) {
      alerting
          .problems()
          .add(
              alerting.nodeOr("name"),
              alerting.field("name"),
              "is required while page_alert or ticket_alert is enabled (set disable: true on both for"
                  + " no alerts)");
    } else if (!name.isBlank() && !YamlMap.LABEL_NAME.matcher(name).matches()) {
      alerting
          .problems()
          .add(
              alerting.nodeOr("name"),
              alerting.field("name"),
              "must be a valid alert name ([a-zA-Z_][a-zA-Z0-9_]*), got \"" + name + "\"");
    }
    return new SloAlerting(name, labels, annotations, page, ticket);
  }

  /** Sloth enables both alerts unless told {@code disable: true}. */
  private static SloAlerting.Alert alert(YamlMap alerting, String key) {
    Optional<YamlMap> m = alerting.map(key);
    if (m.isEmpty()) {
      return new SloAlerting.Alert(true, Map.of(), Map.of());
    }
    m.get().allowOnly(Set.of("disable", "labels", "annotations", "min_events"));
    boolean disabled = m.get().bool("disable").orElse(false);
    long minEvents = 0;
    Optional<Double> min = m.get().number("min_events");
    if (min.isPresent()) {
      double v = min.get();
      if (!(v >= 1 && v == Math.rint(v) && v < 1e15)) {
        m.get()
            .problems()
            .add(
                m.get().nodeOr("min_events"),
                m.get().field("min_events"),
                "must be a whole number of events, 1 or more (got " + v + ")");
      } else {
        minEvents = (long) v;
      }
    }
    return new SloAlerting.Alert(
        !disabled, m.get().labels("labels"), templates(m.get(), "annotations"), minEvents);
  }

  static Map<String, String> templates(YamlMap m, String key) {
    Map<String, String> values = m.stringMap(key, false);
    m.map(key)
        .ifPresent(inner -> {
          for (Map.Entry<String, String> e : values.entrySet()) {
            GoTemplateSyntax.check(e.getValue())
                .ifPresent(msg ->
                    inner
                        .problems()
                        .add(
                            inner.nodeOr(e.getKey()),
                            inner.field(e.getKey()),
                            "invalid template: " + msg));
          }
        });
    return values;
  }

  private static void checkName(YamlMap m, String key, String value) {
    if (!NAME.matcher(value).matches()) {
      m.problems()
          .add(
              m.nodeOr(key),
              m.field(key),
              "\""
                  + value
                  + "\" must be letters, digits, '-', '_' or '.', starting and ending with a letter or"
                  + " digit, as it becomes part of rule group names and label values");
    }
  }
}
