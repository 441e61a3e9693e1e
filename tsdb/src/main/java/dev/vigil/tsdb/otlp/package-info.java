/**
 * OTLP metrics to Prometheus series, as Prometheus' own OTLP receiver maps them: metric and label
 * names sanitized, unit and {@code _total} suffixes, {@code job}/{@code instance} from the resource
 * with the rest in {@code target_info}, classic histogram and summary series, delta sums turned
 * cumulative, and the no-recorded-value flag turned into a staleness marker.
 */
package dev.vigil.tsdb.otlp;
