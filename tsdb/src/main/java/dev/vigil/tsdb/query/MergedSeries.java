package dev.vigil.tsdb.query;

import dev.vigil.model.series.Labels;
import dev.vigil.model.series.SampleIterator;
import dev.vigil.model.series.Series;
import java.util.List;

/** One series present in several layers, listed oldest first. */
public record MergedSeries(Labels labels, List<Series> layersOldestFirst) implements Series {
  @Override
  public SampleIterator samples() {
    SampleIterator[] its = new SampleIterator[layersOldestFirst.size()];
    for (int i = 0; i < its.length; i++) {
      its[i] = layersOldestFirst.get(i).samples();
    }
    return new MergeSampleIterator(its);
  }
}
