/**
 * The alert engine's face toward query engines: {@link dev.vigil.alert.QueryFunction} is all the
 * engine will need to evaluate rules, so any PromQL evaluator (Vigil's own, or a remote Prometheus)
 * can be plugged in. Rule files are read in {@code dev.vigil.alert.load}, SLOs and burn-rate math
 * live in {@code dev.vigil.alert.slo}, Prometheus rule groups in {@code dev.vigil.alert.rules}. The
 * evaluation loop itself is not written yet; this interface is stable.
 */
package dev.vigil.alert;
