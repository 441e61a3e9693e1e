/**
 * Metrics as OTLP defines them (gauges, sums, explicit and exponential histograms, summaries) with
 * their data points and exemplars. Mapping them to Prometheus-style series is the metrics store's
 * job, not the model's.
 */
package dev.vigil.model.metric;
