package dev.vigil.alert.notify;

import dev.vigil.alert.eval.Alert;
import dev.vigil.alert.eval.AlertNotifier;
import dev.vigil.alert.eval.AlertState;
import dev.vigil.model.series.Labels;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Stands before the receivers and holds back what people asked not to hear: alerts muted by an
 * active silence or maintenance window, alerts inhibited by another firing alert, and the repeats
 * of acknowledged alerts (their first notification and their resolution still go out). It remembers
 * every group's firing alerts, since an inhibiting page may live in another group than the ticket
 * it holds back, and passes on as {@code stillFiring} the unmuted firing alerts of all groups.
 * Thread-safe.
 */
public final class MutingNotifier implements AlertNotifier {
  private final AlertNotifier next;
  private final Silences silences;
  private final Silences maintenance;
  private final Acknowledgements acks;
  private final List<InhibitRule> inhibitRules;
  private final Clock clock;
  private final Map<String, List<Alert>> firingByGroup = new HashMap<>();

  public MutingNotifier(
      AlertNotifier next,
      Silences silences,
      Silences maintenance,
      Acknowledgements acks,
      List<InhibitRule> inhibitRules,
      Clock clock) {
    this.next = next;
    this.silences = silences;
    this.maintenance = maintenance;
    this.acks = acks;
    this.inhibitRules = List.copyOf(inhibitRules);
    this.clock = clock;
  }

  /**
   * Why an alert is not notified now: silences, maintenance windows, inhibiting alerts,
   * acknowledgement.
   */
  public record Muting(
      List<String> silencedBy,
      List<String> maintenanceBy,
      List<String> inhibitedBy,
      Optional<Acknowledgement> ack) {
    public boolean muted() {
      return !silencedBy.isEmpty() || !maintenanceBy.isEmpty() || !inhibitedBy.isEmpty();
    }
  }

  @Override
  public void notify(List<Alert> changed, List<Alert> stillFiring) {
    Instant now = clock.instant();
    List<Alert> outChanged = new ArrayList<>();
    List<Alert> outFiring = new ArrayList<>();
    synchronized (this) {
      Set<String> groups = new HashSet<>();
      changed.forEach(a -> groups.add(groupKey(a)));
      stillFiring.forEach(a -> groups.add(groupKey(a)));
      for (String g : groups) {
        List<Alert> firing = new ArrayList<>();
        for (Alert a : stillFiring) {
          if (groupKey(a).equals(g)) {
            firing.add(a);
          }
        }
        if (firing.isEmpty()) {
          firingByGroup.remove(g);
        } else {
          firingByGroup.put(g, firing);
        }
      }
      for (Alert a : changed) {
        if (a.state() == AlertState.RESOLVED) {
          acks.clear(a.tenant(), a.fingerprint());
        }
        if (!muting(a, now).muted()) {
          outChanged.add(a);
        }
      }
      // Downstream hears every group's firing alerts, not only this group's: a receiver groups by
      // labels across rule groups, and must see an alert vanish when a silence starts muting it.
      for (List<Alert> group : firingByGroup.values()) {
        for (Alert a : group) {
          Muting m = muting(a, now);
          if (!m.muted() && m.ack().isEmpty()) {
            outFiring.add(a);
          }
        }
      }
    }
    next.notify(outChanged, outFiring);
  }

  /** How {@code a} is muted now, for the alerts API. */
  public synchronized Muting muting(Alert a) {
    return muting(a, clock.instant());
  }

  private Muting muting(Alert a, Instant now) {
    List<String> silenced = silences.mutedBy(a.tenant(), a.labels(), now);
    List<String> inhibited = new ArrayList<>();
    for (List<Alert> group : firingByGroup.values()) {
      for (Alert source : group) {
        if (source.tenant().equals(a.tenant()) && inhibits(source.labels(), a.labels())) {
          inhibited.add(source.fingerprint());
        }
      }
    }
    return new Muting(
        silenced,
        maintenance.mutedBy(a.tenant(), a.labels(), now),
        inhibited,
        acks.get(a.tenant(), a.fingerprint()));
  }

  private boolean inhibits(Labels source, Labels target) {
    for (InhibitRule r : inhibitRules) {
      if (r.inhibits(source, target)) {
        return true;
      }
    }
    return false;
  }

  private static String groupKey(Alert a) {
    return a.tenant().id() + "\u0000" + a.group();
  }
}
