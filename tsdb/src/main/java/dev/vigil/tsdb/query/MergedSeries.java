package dev.vigil.tsdb.query;

import dev.vigil.model.series.Labels;
import dev.vigil.model.series.SampleBuffer;
import dev.vigil.model.series.SampleIterator;
import dev.vigil.model.series.SampleRun;
import dev.vigil.model.series.Series;
import dev.vigil.tsdb.chunk.SampleOverlay;
import java.util.ArrayList;
import java.util.Comparator;
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

  /**
   * Each layer decoded whole after the ones before; layers that overlap those in time (a head still
   * holding what a cut persisted) are then laid over them, newer winning.
   */
  @Override
  public void appendSamples(long minT, long maxT, SampleBuffer out) {
    int start = out.size();
    for (Series s : layersOldestFirst) {
      int layerStart = out.size();
      s.appendSamples(minT, maxT, out);
      SampleOverlay.mergeAfter(out, start, layerStart);
    }
  }

  /**
   * Each layer's presence laid over the older ones as {@link #appendSamples} lays samples: a newer
   * layer's staleness marker still hides an older sample at the same time, as it must.
   */
  @Override
  public void appendPresence(long minT, long maxT, SampleBuffer out) {
    int start = out.size();
    for (Series s : layersOldestFirst) {
      int layerStart = out.size();
      s.appendPresence(minT, maxT, out);
      SampleOverlay.mergeAfter(out, start, layerStart);
    }
  }

  /**
   * The layers' runs side by side, when they never overlap in time: then merging them is putting
   * them in order. Overlapping layers (a head still holding what a cut persisted, blocks written
   * out of order) must be merged sample by sample, so they have none.
   */
  @Override
  public List<SampleRun> runs() {
    List<List<SampleRun>> layers = new ArrayList<>(layersOldestFirst.size());
    int n = 0;
    for (Series layer : layersOldestFirst) {
      List<SampleRun> runs = layer.runs();
      if (runs == null) {
        return null;
      }
      layers.add(runs);
      n += runs.size();
    }
    List<SampleRun> all = new ArrayList<>(n);
    for (List<SampleRun> runs : layers) {
      all.addAll(runs);
    }
    // Usually the layers follow each other in time (blocks, then the head), and the concatenation
    // is already in order: rules ask this of every series at every tick, so no sort then.
    boolean ordered = true;
    for (int i = 1; i < all.size() && ordered; i++) {
      ordered = all.get(i).minTime() > all.get(i - 1).maxTime();
    }
    if (ordered) {
      return all;
    }
    all.sort(Comparator.comparingLong(SampleRun::minTime));
    for (int i = 1; i < all.size(); i++) {
      if (all.get(i).minTime() <= all.get(i - 1).maxTime()) {
        return null;
      }
    }
    return all;
  }
}
