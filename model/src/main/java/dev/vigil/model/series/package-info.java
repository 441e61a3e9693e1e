/**
 * The storage interface of metrics, in Prometheus' terms: series identified by sorted {@link
 * dev.vigil.model.series.Labels}, selected by {@link dev.vigil.model.series.LabelMatcher}s over a
 * time range, their samples read through lazy iterators or in bulk into a {@link
 * dev.vigil.model.series.SampleBuffer}, and their exemplars through {@link
 * dev.vigil.model.series.ExemplarStore}. The PromQL engine and the alert engine see only these
 * interfaces; the tsdb implements them, and {@link dev.vigil.model.series.InMemorySeriesStore} is
 * the reference implementation every contract test also runs.
 */
package dev.vigil.model.series;
