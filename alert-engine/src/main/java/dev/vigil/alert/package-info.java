/**
 * The alert engine's face toward query engines: {@link dev.vigil.alert.QueryFunction} is all the
 * engine needs to evaluate rules, one per {@link dev.vigil.alert.QueryLanguage} ({@link
 * dev.vigil.alert.QueryFunctions}), so any PromQL evaluator (Vigil's own, or a remote Prometheus)
 * and the log index's LogQL engine can be plugged in. Rule files are read in {@code
 * dev.vigil.alert.load}, SLOs and burn-rate math live in {@code dev.vigil.alert.slo}, Prometheus
 * rule groups in {@code dev.vigil.alert.rules}, evaluation in {@code dev.vigil.alert.eval}. These
 * interfaces are stable.
 */
package dev.vigil.alert;
