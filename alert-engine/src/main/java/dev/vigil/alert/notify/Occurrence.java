package dev.vigil.alert.notify;

import java.time.Instant;

/** One occurrence of a maintenance window: active from {@code startsAt} until {@code endsAt}. */
public record Occurrence(Instant startsAt, Instant endsAt) {}
