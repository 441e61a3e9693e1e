package dev.vigil.alert.notify;

import dev.vigil.model.Tenant;
import java.time.Instant;

/** Someone took a firing alert: its repeats stop until it resolves. */
public record Acknowledgement(
    Tenant tenant, String fingerprint, String by, String comment, Instant at) {}
