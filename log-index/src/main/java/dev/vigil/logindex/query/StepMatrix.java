package dev.vigil.logindex.query;

import dev.vigil.model.series.Labels;
import java.util.ArrayList;
import java.util.List;

/**
 * Values of series at evaluation steps {@code start + i * step}; NaN marks "no sample" (a window
 * with no lines has no sample, as in Loki and Prometheus). Mutable, built by one evaluation.
 */
final class StepMatrix {
  final long startNanos;
  final long stepNanos;
  final int steps;
  final List<Labels> labels = new ArrayList<>();
  final List<double[]> values = new ArrayList<>();

  StepMatrix(long startNanos, long stepNanos, int steps) {
    this.startNanos = startNanos;
    this.stepNanos = stepNanos;
    this.steps = steps;
  }

  long time(int step) {
    return startNanos + step * stepNanos;
  }

  double[] add(Labels l) {
    double[] v = new double[steps];
    java.util.Arrays.fill(v, Double.NaN);
    labels.add(l);
    values.add(v);
    return v;
  }

  /** The series with at least one sample, as a Prometheus matrix or vector. */
  List<SampleSeries> toSeries() {
    List<SampleSeries> out = new ArrayList<>();
    for (int s = 0; s < labels.size(); s++) {
      List<Sample> samples = new ArrayList<>();
      double[] v = values.get(s);
      for (int i = 0; i < steps; i++) {
        if (!Double.isNaN(v[i])) {
          samples.add(new Sample(Math.floorDiv(time(i), 1_000_000L), v[i]));
        }
      }
      if (!samples.isEmpty()) {
        out.add(new SampleSeries(labels.get(s), samples));
      }
    }
    return out;
  }
}
