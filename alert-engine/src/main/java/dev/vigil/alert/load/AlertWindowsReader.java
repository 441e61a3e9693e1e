package dev.vigil.alert.load;

import dev.vigil.alert.slo.AlertWindows;
import dev.vigil.alert.slo.BurnWindow;
import dev.vigil.promql.ast.DurationSyntax;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * Reads Sloth's {@code apiVersion: sloth.slok.dev/v1, kind: AlertWindows} documents: the window
 * pairs to use for SLOs of one period, replacing the SRE Workbook defaults for that period.
 */
final class AlertWindowsReader {
  static final String API_VERSION = "sloth.slok.dev/v1";
  static final String KIND = "AlertWindows";

  private AlertWindowsReader() {}

  static Optional<AlertWindows> read(YamlMap doc) {
    doc.allowOnly(Set.of("apiVersion", "kind", "metadata", "spec"));
    Optional<YamlMap> spec = doc.requiredMap("spec");
    if (spec.isEmpty()) {
      return Optional.empty();
    }
    YamlMap s = spec.get();
    s.allowOnly(Set.of("sloPeriod", "page", "ticket"));
    if (!s.has("sloPeriod")) {
      s.problems().add(s.node(), s.field("sloPeriod"), "is required");
    }
    Optional<Duration> period = s.duration("sloPeriod");
    Optional<YamlMap> page = s.requiredMap("page");
    Optional<YamlMap> ticket = s.requiredMap("ticket");
    Optional<BurnWindow> pageQuick = page.flatMap(p -> pair(p, "quick", period));
    Optional<BurnWindow> pageSlow = page.flatMap(p -> pair(p, "slow", period));
    Optional<BurnWindow> ticketQuick = ticket.flatMap(p -> pair(p, "quick", period));
    Optional<BurnWindow> ticketSlow = ticket.flatMap(p -> pair(p, "slow", period));
    page.ifPresent(p -> p.allowOnly(Set.of("quick", "slow")));
    ticket.ifPresent(p -> p.allowOnly(Set.of("quick", "slow")));
    if (period.isEmpty()
        || pageQuick.isEmpty()
        || pageSlow.isEmpty()
        || ticketQuick.isEmpty()
        || ticketSlow.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new AlertWindows(
            period.get(), pageQuick.get(), pageSlow.get(), ticketQuick.get(), ticketSlow.get()));
  }

  private static Optional<BurnWindow> pair(YamlMap parent, String key, Optional<Duration> period) {
    Optional<YamlMap> m = parent.requiredMap(key);
    if (m.isEmpty()) {
      return Optional.empty();
    }
    YamlMap w = m.get();
    w.allowOnly(Set.of("errorBudgetPercent", "shortWindow", "longWindow"));
    Optional<Double> percent = w.requiredNumber("errorBudgetPercent");
    if (!w.has("shortWindow")) {
      w.problems().add(w.node(), w.field("shortWindow"), "is required");
    }
    if (!w.has("longWindow")) {
      w.problems().add(w.node(), w.field("longWindow"), "is required");
    }
    Optional<Duration> shortWindow = w.duration("shortWindow");
    Optional<Duration> longWindow = w.duration("longWindow");
    boolean ok = percent.isPresent() && shortWindow.isPresent() && longWindow.isPresent();
    if (percent.isPresent() && !(percent.get() > 0 && percent.get() <= 100)) {
      w.problems()
          .add(
              w.nodeOr("errorBudgetPercent"),
              w.field("errorBudgetPercent"),
              "must be above 0 and at most 100 (got " + YamlMap.plain(percent.get()) + ")");
      ok = false;
    }
    if (ok && shortWindow.get().compareTo(longWindow.get()) >= 0) {
      w.problems()
          .add(
              w.nodeOr("shortWindow"),
              w.field("shortWindow"),
              "must be shorter than"
                  + " longWindow ("
                  + DurationSyntax.format(longWindow.get())
                  + "): the short window only"
                  + " makes the alert reset quickly once the long window has proven the burn");
      ok = false;
    }
    if (ok && shortWindow.get().isZero()) {
      w.problems().add(w.nodeOr("shortWindow"), w.field("shortWindow"), "must be above 0");
      ok = false;
    }
    if (ok && period.isPresent() && longWindow.get().compareTo(period.get()) > 0) {
      w.problems()
          .add(
              w.nodeOr("longWindow"),
              w.field("longWindow"),
              "must not be longer than"
                  + " sloPeriod ("
                  + DurationSyntax.format(period.get())
                  + ")");
      ok = false;
    }
    return ok
        ? Optional.of(new BurnWindow(percent.get(), shortWindow.get(), longWindow.get()))
        : Optional.empty();
  }
}
