package dev.vigil.alert.notify;

import dev.vigil.model.Tenant;
import dev.vigil.model.series.Labels;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A silence as Alertmanager's v2 API has it: alerts whose labels satisfy every matcher are not
 * notified between {@code startsAt} and {@code endsAt}. A maintenance window may also carry a
 * {@link Recurrence}: {@code startsAt}/{@code endsAt} are then its first occurrence, and it mutes
 * during every occurrence. Immutable; an update makes a new one.
 *
 * @param recurrence null for a one-off silence or window
 */
public record Silence(
    Tenant tenant,
    String id,
    List<SilenceMatcher> matchers,
    Instant startsAt,
    Instant endsAt,
    String createdBy,
    String comment,
    Instant updatedAt,
    Recurrence recurrence) {

  /**
   * Alertmanager's three states; a recurring window is pending between occurrences and expired
   * after its last.
   */
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

  /** A one-off silence or window. */
  public Silence(
      Tenant tenant,
      String id,
      List<SilenceMatcher> matchers,
      Instant startsAt,
      Instant endsAt,
      String createdBy,
      String comment,
      Instant updatedAt) {
    this(tenant, id, matchers, startsAt, endsAt, createdBy, comment, updatedAt, null);
  }

  public State state(Instant now) {
    Optional<Occurrence> o = occurrence(now);
    if (o.isEmpty()) {
      return State.EXPIRED;
    }
    return now.isBefore(o.get().startsAt()) ? State.PENDING : State.ACTIVE;
  }

  /** The occurrence under way at {@code now}, else the next one; empty once expired. */
  public Optional<Occurrence> occurrence(Instant now) {
    if (recurrence == null) {
      return now.isBefore(endsAt)
          ? Optional.of(new Occurrence(startsAt, endsAt))
          : Optional.empty();
    }
    return schedule().currentOrNext(now);
  }

  /** When the last occurrence ends; empty for a window that recurs for ever. */
  public Optional<Instant> lastEndsAt() {
    if (recurrence == null) {
      return Optional.of(endsAt);
    }
    return schedule().last().map(Occurrence::endsAt);
  }

  /** Whether this silence mutes an alert with {@code labels} at {@code now}. */
  public boolean mutes(Labels labels, Instant now) {
    // The cheaper question first: a one-off's state is a comparison, a recurring window's a
    // calendar computation.
    if (recurrence == null && state(now) != State.ACTIVE) {
      return false;
    }
    for (SilenceMatcher m : matchers) {
      if (!m.matches(labels)) {
        return false;
      }
    }
    return recurrence == null || state(now) == State.ACTIVE;
  }

  OccurrenceSchedule schedule() {
    return new OccurrenceSchedule(startsAt, endsAt, recurrence);
  }

  Silence withId(String newId) {
    return new Silence(
        tenant, newId, matchers, startsAt, endsAt, createdBy, comment, updatedAt, recurrence);
  }

  /**
   * Ends it now. A recurring window ends as a whole: it is kept as a one-off from the start of the
   * occurrence under way (or now) to now, so the listing still shows when it last muted, and no
   * occurrence follows.
   */
  Silence expiredAt(Instant now) {
    Instant start = startsAt.isAfter(now) ? now : startsAt;
    if (recurrence != null) {
      start = occurrence(now).map(Occurrence::startsAt).filter(s -> !s.isAfter(now)).orElse(now);
    }
    return new Silence(tenant, id, matchers, start, now, createdBy, comment, now, null);
  }
}
