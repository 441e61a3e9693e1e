package dev.vigil.tsdb.head;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.model.Tenant;
import dev.vigil.model.series.LabelMatcher;
import dev.vigil.model.series.Labels;
import java.util.List;
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
}
