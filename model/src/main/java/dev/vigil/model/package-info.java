/**
 * Vigil's telemetry model: immutable, dependency-free records for the three OTLP signals, grouped
 * as OTLP groups them (resource, then instrumentation scope), with the {@link
 * dev.vigil.model.Tenant} every batch belongs to. The collector decodes into these types and the
 * stores consume them; both sides may rely on every instance being immutable and safe to share
 * between threads.
 */
package dev.vigil.model;
