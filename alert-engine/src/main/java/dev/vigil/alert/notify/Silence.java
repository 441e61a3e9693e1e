package dev.vigil.alert.notify;

import dev.vigil.model.Tenant;
import dev.vigil.model.series.Labels;
import java.time.Instant;
import java.util.List;

/**
 * A silence as Alertmanager's v2 API has it: alerts whose labels satisfy every matcher are not
 * notified between {@code startsAt} and {@code endsAt}. Immutable; an update makes a new one.
 */
public record Silence(
    Tenant tenant,
    String id,
    List<SilenceMatcher> matchers,
    Instant startsAt,
    Instant endsAt,
    String createdBy,
    String comment,
    Instant updatedAt) {

  /** Alertmanager's three states. */
  public enum State {
    PENDING,
    ACTIVE,
    EXPIRED;

    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public Silence {
    matchers = List.copyOf(matchers);
  }

  public State state(Instant now) {
    if (!now.isBefore(endsAt)) {
      return State.EXPIRED;
    }
    return now.isBefore(startsAt) ? State.PENDING : State.ACTIVE;
  }

  /** Whether this silence mutes an alert with {@code labels} at {@code now}. */
  public boolean mutes(Labels labels, Instant now) {
    if (state(now) != State.ACTIVE) {
      return false;
    }
    for (SilenceMatcher m : matchers) {
      if (!m.matches(labels)) {
        return false;
      }
    }
    return true;
  }

  Silence withId(String newId) {
    return new Silence(tenant, newId, matchers, startsAt, endsAt, createdBy, comment, updatedAt);
  }

  Silence expiredAt(Instant now) {
    Instant start = startsAt.isAfter(now) ? now : startsAt;
    return new Silence(tenant, id, matchers, start, now, createdBy, comment, now);
  }
}
