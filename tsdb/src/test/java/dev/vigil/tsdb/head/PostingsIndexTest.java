package dev.vigil.tsdb.head;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.model.Tenant;
import dev.vigil.model.series.LabelMatcher;
import dev.vigil.model.series.Labels;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PostingsIndexTest {
  private long nextRef = 1;

  private MemSeries series(String... labels) {
    return new MemSeries(nextRef++, Tenant.DEFAULT, Labels.of(labels), new DecodedChunkCache(0));
  }

  private static List<String> jobs(List<MemSeries> selected) {
    return selected.stream().map(s -> s.labels.get("instance")).toList();
  }

  @Test
  void keptSelectionsFollowEveryChangeOfTheSeries() {
    PostingsIndex index = new PostingsIndex();
    MemSeries b = series("__name__", "up", "job", "api", "instance", "b");
    index.add(b);
    index.add(series("__name__", "up", "job", "db", "instance", "c"));
    List<LabelMatcher> api =
        List.of(
            LabelMatcher.equal("__name__", "up"),
            LabelMatcher.of(LabelMatcher.Type.REGEX, "job", "a.*"));

    assertThat(jobs(index.select(api))).containsExactly("b");
    assertThat(index.select(api)).isSameAs(index.select(api));

    index.add(series("__name__", "up", "job", "api", "instance", "a"));
    assertThat(jobs(index.select(api))).containsExactly("a", "b");

    index.remove(List.of(b));
    assertThat(jobs(index.select(api))).containsExactly("a");
  }

  @Test
  void aFullCacheMakesRoomOnlyByDroppingStaleSelections() {
    PostingsIndex index = new PostingsIndex();
    index.add(series("__name__", "up", "instance", "x"));
    for (int i = 0; i < PostingsIndex.MAX_SELECTIONS + 100; i++) {
      List<MemSeries> selected =
          index.select(
              List.of(LabelMatcher.equal("__name__", "up"), LabelMatcher.equal("n", "" + i)));
      assertThat(selected).isEmpty();
    }
    assertThat(index.keptSelections()).isEqualTo(PostingsIndex.MAX_SELECTIONS);

    index.add(series("__name__", "up", "instance", "y"));
    List<LabelMatcher> up = List.of(LabelMatcher.equal("__name__", "up"));
    assertThat(jobs(index.select(up))).containsExactly("x", "y");
    assertThat(index.keptSelections()).isEqualTo(1);
    assertThat(index.select(up)).isSameAs(index.select(up));
  }

  @Test
  void selectionsEqualAFilterOverEverySeries() {
    SplittableRandom random = new SplittableRandom(7);
    PostingsIndex index = new PostingsIndex();
    List<MemSeries> every = new ArrayList<>();
    for (int i = 0; i < 3_000; i++) {
      // Skewed value counts: some postings lists hold a handful of refs, others most of them.
      MemSeries s =
          series(
              "__name__", "m" + random.nextInt(3),
              "job", "j" + (random.nextInt(10) == 0 ? random.nextInt(200) : random.nextInt(3)),
              "instance", "i" + random.nextInt(1_000),
              "code", "" + (200 + random.nextInt(5) * 100));
      index.add(s);
      every.add(s);
      if (random.nextInt(500) == 0) {
        List<MemSeries> gone = List.of(every.remove(random.nextInt(every.size())));
        index.remove(gone);
      }
    }
    for (int q = 0; q < 2_000; q++) {
      List<LabelMatcher> matchers = new ArrayList<>();
      matchers.add(LabelMatcher.equal("__name__", "m" + random.nextInt(4)));
      switch (random.nextInt(4)) {
        case 0 -> matchers.add(LabelMatcher.equal("job", "j" + random.nextInt(200)));
        case 1 -> matchers.add(LabelMatcher.of(LabelMatcher.Type.REGEX, "job", "j1.*"));
        case 2 -> matchers.add(LabelMatcher.of(LabelMatcher.Type.NOT_EQUAL, "job", "j0"));
        default -> {}
      }
      if (random.nextBoolean()) {
        matchers.add(LabelMatcher.equal("instance", "i" + random.nextInt(1_000)));
      }
      if (random.nextBoolean()) {
        matchers.add(LabelMatcher.of(LabelMatcher.Type.REGEX, "code", "5.."));
      }
      List<MemSeries> expected =
          every.stream()
              .filter(s -> matchers.stream().allMatch(m -> m.matches(s.labels)))
              .sorted((a, b) -> a.labels.compareTo(b.labels))
              .toList();
      assertThat(index.select(matchers)).as("%s", matchers).containsExactlyElementsOf(expected);
    }
  }

  @Test
  void gallopFindsTheFirstRefNotBelowTheKey() {
    long[] refs = {2, 3, 5, 8, 13, 21, 34, 55, 89};
    for (long key = 0; key < 100; key++) {
      for (int from = 0; from <= refs.length; from++) {
        int expected = from;
        while (expected < refs.length && refs[expected] < key) {
          expected++;
        }
        assertThat(PostingsIndex.gallop(refs, from, refs.length, key))
            .as("key %d from %d", key, from)
            .isEqualTo(expected);
      }
    }
  }
}
