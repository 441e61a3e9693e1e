package dev.vigil.model.series;

import java.util.List;

/** A series and its exemplars within a queried range, oldest first. */
public record SeriesExemplars(Labels seriesLabels, List<ExemplarSample> exemplars) {
  public SeriesExemplars {
    exemplars = List.copyOf(exemplars);
  }
}
