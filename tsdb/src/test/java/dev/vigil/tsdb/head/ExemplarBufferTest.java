package dev.vigil.tsdb.head;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.model.series.ExemplarSample;
import dev.vigil.model.series.LabelMatcher;
import dev.vigil.model.series.Labels;
import dev.vigil.model.series.SeriesExemplars;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ExemplarBufferTest {
  private static final List<List<LabelMatcher>> ALL =
      List.of(List.of(LabelMatcher.of(LabelMatcher.Type.REGEX, "__name__", ".+")));

  private static Labels series(int i) {
    return Labels.of("__name__", "m", "s", Integer.toString(i));
  }

  private static ExemplarSample exemplar(long t) {
    return new ExemplarSample(Labels.of("trace_id", Long.toHexString(t)), t, t);
  }

  @Test
  void theNewestOverwritesTheOldestWhateverItsSeries() {
    ExemplarBuffer buffer = new ExemplarBuffer(4);
    buffer.add(series(0), exemplar(1));
    buffer.add(series(1), exemplar(2));
    buffer.add(series(0), exemplar(3));
    buffer.add(series(1), exemplar(4));
    assertThat(buffer.size()).isEqualTo(4);
    buffer.add(series(2), exemplar(5)); // evicts series 0's t=1
    buffer.add(series(2), exemplar(6)); // evicts series 1's t=2
    buffer.add(series(2), exemplar(7)); // evicts series 0's t=3, its last: the series is gone
    List<SeriesExemplars> got = buffer.select(Long.MIN_VALUE, Long.MAX_VALUE, ALL);
    assertThat(got).extracting(SeriesExemplars::seriesLabels).containsExactly(series(1), series(2));
    assertThat(got.get(0).exemplars()).containsExactly(exemplar(4));
    assertThat(got.get(1).exemplars()).containsExactly(exemplar(5), exemplar(6), exemplar(7));
    assertThat(buffer.size()).isEqualTo(4);
    assertThat(buffer.seriesCount()).isEqualTo(2);
    assertThat(buffer.newestOf(series(0))).isNull();
  }

  @Test
  void repeatsAreDroppedAndOlderExemplarsRefused() {
    ExemplarBuffer buffer = new ExemplarBuffer(10);
    assertThat(buffer.add(series(0), exemplar(5))).isEqualTo(ExemplarBuffer.Outcome.APPENDED);
    assertThat(buffer.add(series(0), exemplar(5))).isEqualTo(ExemplarBuffer.Outcome.DUPLICATE);
    assertThat(buffer.add(series(0), exemplar(4))).isEqualTo(ExemplarBuffer.Outcome.OUT_OF_ORDER);
    assertThat(buffer.add(series(1), exemplar(4))).isEqualTo(ExemplarBuffer.Outcome.APPENDED);
    assertThat(buffer.size()).isEqualTo(2);
  }

  /** Against a model: per series, the exemplars among the buffer's newest {@code capacity}. */
  @Test
  void holdsExactlyTheNewestExemplarsThroughGrowthAndWrapping() {
    Random random = new Random(7);
    for (int capacity : new int[] {1, 3, 255, 256, 257, 1000}) {
      ExemplarBuffer buffer = new ExemplarBuffer(capacity);
      Deque<Object[]> model = new ArrayDeque<>();
      long[] newest = new long[13];
      for (int i = 0; i < 3 * capacity + 50; i++) {
        int s = random.nextInt(newest.length);
        newest[s] += 1 + random.nextInt(5);
        ExemplarSample e = exemplar(newest[s]);
        buffer.add(series(s), e);
        model.addLast(new Object[] {series(s), e});
        if (model.size() > capacity) {
          model.removeFirst();
        }
        if (i % 97 == 0 || i == 3 * capacity + 49) {
          long min = random.nextInt(20);
          long max = min + random.nextInt(200);
          List<SeriesExemplars> expected = expected(model, min, max);
          assertThat(buffer.select(min, max, ALL))
              .as("capacity %d, step %d", capacity, i)
              .isEqualTo(expected);
        }
      }
      assertThat(buffer.size()).isEqualTo(Math.min(capacity, 3 * capacity + 50));
    }
  }

  private static List<SeriesExemplars> expected(Deque<Object[]> model, long min, long max) {
    java.util.TreeMap<Labels, List<ExemplarSample>> bySeries = new java.util.TreeMap<>();
    for (Object[] entry : model) {
      ExemplarSample e = (ExemplarSample) entry[1];
      if (e.timestamp() >= min && e.timestamp() <= max) {
        bySeries.computeIfAbsent((Labels) entry[0], l -> new ArrayList<>()).add(e);
      }
    }
    List<SeriesExemplars> out = new ArrayList<>();
    bySeries.forEach((l, list) -> out.add(new SeriesExemplars(l, list)));
    return out;
  }
}
