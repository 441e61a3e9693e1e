package dev.vigil.alert.eval;

import java.time.Duration;
import java.util.List;

/**
 * How a receiver batches alerts, as in an Alertmanager route: alerts with equal {@code groupBy}
 * labels form one notification; a new group waits {@code groupWait} for more alerts before its
 * first notification, a changed group waits until {@code groupInterval} after its previous one, and
 * an unchanged firing group is sent again every {@code repeatInterval}.
 */
public record GroupTiming(
    List<String> groupBy, Duration groupWait, Duration groupInterval, Duration repeatInterval) {
  public GroupTiming {
    groupBy = List.copyOf(groupBy);
  }

  /** Alertmanager's defaults (30 s, 5 m, 4 h) with Vigil's grouping by alert and SLO. */
  public static final GroupTiming DEFAULTS =
      new GroupTiming(
          List.of("alertname", "sloth_id"),
          Duration.ofSeconds(30),
          Duration.ofMinutes(5),
          Duration.ofHours(4));
}
