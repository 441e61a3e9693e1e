package dev.vigil.alert.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.alert.eval.Alert;
import dev.vigil.alert.eval.AlertNotifier;
import dev.vigil.alert.eval.AlertState;
import dev.vigil.model.Tenant;
import dev.vigil.model.series.Labels;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MutingNotifierTest {
  static final Instant NOW = SilencesTest.NOW;
  final SilencesTest.MutableClock clock = new SilencesTest.MutableClock(NOW);
  final Silences silences = new Silences(null, clock);
  final Acknowledgements acks = new Acknowledgements(null, clock);
  final List<List<Alert>> changedSeen = new ArrayList<>();
  final List<List<Alert>> firingSeen = new ArrayList<>();
  final AlertNotifier sink =
      (changed, firing) -> {
        changedSeen.add(changed);
        firingSeen.add(firing);
      };
  final MutingNotifier muting =
      new MutingNotifier(
          sink,
          silences,
          new Silences(null, clock),
          acks,
          List.of(InhibitRule.TICKET_BY_PAGE),
          clock);

  static Alert alert(String slo, String severity, AlertState state) {
    return new Alert(
        Tenant.DEFAULT,
        "sloth-slo-alerts-" + slo,
        "HighErrorRate",
        Labels.of("alertname", "HighErrorRate", "sloth_id", slo, "sloth_severity", severity),
        Map.of(),
        state,
        NOW,
        NOW,
        state == AlertState.RESOLVED ? NOW : null,
        20,
        "");
  }

  @Test
  void aPageHoldsBackTheTicketOfTheSameSloOnly() {
    Alert page = alert("a", "page", AlertState.FIRING);
    Alert ticket = alert("a", "ticket", AlertState.FIRING);
    Alert otherTicket = alert("b", "ticket", AlertState.FIRING);
    muting.notify(List.of(page, ticket), List.of(page, ticket));
    muting.notify(List.of(otherTicket), List.of(otherTicket));
    assertThat(changedSeen.get(0)).containsExactly(page);
    assertThat(firingSeen.get(0)).containsExactly(page);
    assertThat(changedSeen.get(1)).containsExactly(otherTicket);
    assertThat(firingSeen.get(1)).containsExactlyInAnyOrder(page, otherTicket);
    assertThat(muting.muting(ticket).inhibitedBy()).containsExactly(page.fingerprint());
    // The page resolves: the ticket, still firing, is heard of again.
    muting.notify(List.of(alert("a", "page", AlertState.RESOLVED)), List.of(ticket));
    assertThat(firingSeen.get(2)).containsExactlyInAnyOrder(ticket, otherTicket);
  }

  @Test
  void aSilenceMutesFiringAndResolvedNotifications() throws Exception {
    Alert page = alert("a", "page", AlertState.FIRING);
    String id =
        silences.upsert(
            new Silence(
                Tenant.DEFAULT,
                null,
                List.of(SilencesTest.eq("sloth_id", "a")),
                NOW,
                NOW.plus(Duration.ofHours(1)),
                "alice",
                "planned failover",
                null));
    muting.notify(List.of(page), List.of(page));
    assertThat(changedSeen.get(0)).isEmpty();
    assertThat(firingSeen.get(0)).isEmpty();
    assertThat(muting.muting(page).silencedBy()).containsExactly(id);
    silences.expire(Tenant.DEFAULT, id);
    muting.notify(List.of(), List.of(page));
    assertThat(firingSeen.get(1)).containsExactly(page);
  }

  @Test
  void anAcknowledgementStopsRepeatsUntilTheAlertResolves() throws Exception {
    Alert page = alert("a", "page", AlertState.FIRING);
    muting.notify(List.of(page), List.of(page));
    acks.acknowledge(Tenant.DEFAULT, page.fingerprint(), "alice", "looking");
    muting.notify(List.of(), List.of(page));
    assertThat(firingSeen.get(1)).isEmpty();
    assertThat(muting.muting(page).ack().orElseThrow().by()).isEqualTo("alice");
    Alert resolved = alert("a", "page", AlertState.RESOLVED);
    muting.notify(List.of(resolved), List.of());
    assertThat(changedSeen.get(2)).containsExactly(resolved);
    assertThat(acks.get(Tenant.DEFAULT, page.fingerprint())).isEmpty();
    // Firing again later: a fresh incident, notified and repeated again.
    muting.notify(List.of(page), List.of(page));
    assertThat(firingSeen.get(3)).containsExactly(page);
  }
}
