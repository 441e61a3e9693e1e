package dev.vigil.tsdb.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.model.series.ArraySampleIterator;
import dev.vigil.model.series.LabelMatcher;
import dev.vigil.model.series.Labels;
import dev.vigil.model.series.SampleIterator;
import dev.vigil.model.series.SampleRun;
import dev.vigil.model.series.SampleSummary;
import dev.vigil.model.series.Series;
import dev.vigil.model.series.SeriesQuerier;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Whatever the number of sources (the two-list pass or the queue), a merge lists every label set
 * once, in label order, with its layers oldest first; merged runs are in time order, or none when
 * layers overlap.
 */
class MergeQuerierTest {
  private static final List<LabelMatcher> ANY =
      List.of(LabelMatcher.of(LabelMatcher.Type.REGEX, "__name__", ".+"));

  record Run(long minTime, long maxTime) implements SampleRun {
    @Override
    public SampleSummary summary() {
      return null;
    }

    @Override
    public SampleIterator samples() {
      return new ArraySampleIterator(new long[0], new double[0]);
    }
  }

  record Layer(Labels labels, int source, List<SampleRun> runs) implements Series {
    @Override
    public SampleIterator samples() {
      return new ArraySampleIterator(new long[0], new double[0]);
    }
  }

  record Source(List<Series> series) implements SeriesQuerier {
    @Override
    public List<Series> select(List<LabelMatcher> matchers) {
      return series;
    }

    @Override
    public List<String> labelNames(List<LabelMatcher> matchers) {
      return List.of();
    }

    @Override
    public List<String> labelValues(String name, List<LabelMatcher> matchers) {
      return List.of();
    }

    @Override
    public void close() {}
  }

  @Test
  void mergesAnyNumberOfSourcesByLabelsOldestLayerFirst() {
    SplittableRandom random = new SplittableRandom(3);
    for (int round = 0; round < 2_000; round++) {
      int sources = 1 + random.nextInt(4);
      List<SeriesQuerier> queriers = new ArrayList<>();
      TreeMap<Labels, List<Integer>> expected = new TreeMap<>();
      for (int s = 0; s < sources; s++) {
        TreeMap<Labels, Series> own = new TreeMap<>();
        int n = random.nextInt(6);
        for (int i = 0; i < n; i++) {
          Labels l = Labels.of("__name__", "m", "i", Integer.toString(random.nextInt(8)));
          // Each source covers its own hour, so merged runs are ordered.
          long from = s * 3_600_000L + random.nextInt(1_000);
          own.put(l, new Layer(l, s, List.of(new Run(from, from + 60_000))));
        }
        for (Labels l : own.keySet()) {
          expected.computeIfAbsent(l, k -> new ArrayList<>()).add(s);
        }
        queriers.add(new Source(List.copyOf(own.values())));
      }
      List<Series> merged = new MergeQuerier(queriers, () -> {}).select(ANY);

      assertThat(merged.stream().map(Series::labels).toList())
          .as("round %d", round)
          .containsExactlyElementsOf(expected.keySet());
      for (Series s : merged) {
        List<Integer> layers =
            s instanceof MergedSeries m
                ? m.layersOldestFirst().stream().map(x -> ((Layer) x).source()).toList()
                : List.of(((Layer) s).source());
        assertThat(layers).isEqualTo(expected.get(s.labels()));
        List<SampleRun> runs = s.runs();
        assertThat(runs).hasSize(layers.size());
        for (int i = 1; i < runs.size(); i++) {
          assertThat(runs.get(i).minTime()).isGreaterThan(runs.get(i - 1).maxTime());
        }
      }
    }
  }

  @Test
  void layersOutOfTimeOrderAreSortedAndOverlappingOnesHaveNoRuns() {
    Labels l = Labels.of("__name__", "m");
    Series late = new Layer(l, 0, List.of(new Run(5_000, 6_000), new Run(7_000, 8_000)));
    Series early = new Layer(l, 1, List.of(new Run(1_000, 2_000)));
    Series overlapping = new Layer(l, 2, List.of(new Run(1_500, 2_500)));

    List<SampleRun> runs = new MergedSeries(l, List.of(late, early)).runs();
    assertThat(runs.stream().map(SampleRun::minTime).toList())
        .containsExactly(1_000L, 5_000L, 7_000L);
    assertThat(new MergedSeries(l, List.of(early, overlapping)).runs()).isNull();
  }
}
