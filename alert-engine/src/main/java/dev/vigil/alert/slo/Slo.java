package dev.vigil.alert.slo;

import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One service level objective, whichever file format it came from.
 *
 * @param service the service it belongs to ({@code sloth_service})
 * @param name unique within the service ({@code sloth_slo})
 * @param objective the target in percent, above 0 and below 100: {@code 99.9}
 * @param period the budget period the objective is measured over: {@code 30d}
 * @param sli the indicator; a {@link Sli.LogEvents} is bound to this SLO's id here
 * @param labels added to every generated rule
 * @param alerting the page and ticket alerts; {@link SloAlerting#NONE} for none
 * @param spec the format it was read from, as Sloth's {@code sloth_spec} label shows it: {@code
 *     prometheus/v1}, {@code openslo/v1alpha}, {@code openslo/v1}
 */
public record Slo(
    String service,
    String name,
    String description,
    double objective,
    Duration period,
    Sli sli,
    Map<String, String> labels,
    SloAlerting alerting,
    String spec) {

  public Slo {
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(period, "period");
    Objects.requireNonNull(sli, "sli");
    Objects.requireNonNull(alerting, "alerting");
    Objects.requireNonNull(spec, "spec");
    if (!(objective > 0 && objective < 100)) {
      throw new IllegalArgumentException("objective must be in (0, 100), got " + objective);
    }
    labels = Collections.unmodifiableSortedMap(new TreeMap<>(labels));
    if (sli instanceof Sli.LogEvents logs) {
      // A LogQL SLI's ratio reads the counts recorded under this SLO's id.
      sli = logs.forSlo(service + "-" + name);
    }
  }

  /** Sloth's {@code sloth_id}: {@code service-name}. */
  public String id() {
    return service + "-" + name;
  }

  /** The error budget as a ratio, {@code (100 - objective) / 100}, computed as Sloth does. */
  public double errorBudgetRatio() {
    return ErrorBudget.ratio(objective);
  }
}
