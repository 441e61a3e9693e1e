package dev.vigil.alert.slo;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The alerts of an SLO: one alert name, shared labels and annotations, and the page and ticket
 * variants that add their own.
 */
public record SloAlerting(
    String name,
    Map<String, String> labels,
    Map<String, String> annotations,
    Alert page,
    Alert ticket) {

  /** No alerts at all, as an OpenSLO SLO without alert policies. */
  public static final SloAlerting NONE =
      new SloAlerting("", Map.of(), Map.of(), Alert.DISABLED, Alert.DISABLED);

  public SloAlerting {
    Objects.requireNonNull(name, "name");
    labels = Collections.unmodifiableSortedMap(new TreeMap<>(labels));
    annotations = Collections.unmodifiableSortedMap(new TreeMap<>(annotations));
    Objects.requireNonNull(page, "page");
    Objects.requireNonNull(ticket, "ticket");
  }

  /** The page or ticket alert. */
  public Alert of(Severity severity) {
    return severity == Severity.PAGE ? page : ticket;
  }

  /**
   * One severity's alert; disabled ones generate no rule.
   *
   * @param minEvents Vigil's low-traffic guard: the alert fires only while both windows of the pair
   *     saw at least this many events (0: no guard), so three failures out of five requests at
   *     night do not page anyone
   */
  public record Alert(
      boolean enabled,
      Map<String, String> labels,
      Map<String, String> annotations,
      long minEvents) {
    public static final Alert DISABLED = new Alert(false, Map.of(), Map.of());

    public Alert {
      labels = Collections.unmodifiableSortedMap(new TreeMap<>(labels));
      annotations = Collections.unmodifiableSortedMap(new TreeMap<>(annotations));
      if (minEvents < 0) {
        throw new IllegalArgumentException("minEvents must not be negative, got " + minEvents);
      }
    }

    public Alert(boolean enabled, Map<String, String> labels, Map<String, String> annotations) {
      this(enabled, labels, annotations, 0);
    }
  }
}
