package dev.vigil.logindex.query;

import dev.vigil.model.series.Labels;
import java.util.List;

/** A labelled run of samples: one row of a matrix, or (one sample) an element of a vector. */
public record SampleSeries(Labels labels, List<Sample> samples) {
  public SampleSeries {
    samples = List.copyOf(samples);
  }
}
