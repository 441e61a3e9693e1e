/**
 * The demo workload: seven simulated services of a shop, each with its own OpenTelemetry SDK,
 * exporting traces, logs and metrics over OTLP exactly as real services would, with traffic that
 * follows a daily shape and incidents injected on demand. It knows nothing of Vigil's internals: it
 * only speaks OTLP to an endpoint.
 */
package dev.vigil.demo;
