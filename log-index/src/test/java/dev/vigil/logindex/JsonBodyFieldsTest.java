package dev.vigil.logindex;

import static dev.vigil.logindex.Logs.T0;
import static dev.vigil.logindex.Logs.batch;
import static dev.vigil.logindex.Logs.line;
import static dev.vigil.logindex.Logs.record;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.logindex.query.LogEntry;
import dev.vigil.model.Attributes;
import dev.vigil.model.Tenant;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Top-level fields of JSON bodies become attributes only when configured. */
class JsonBodyFieldsTest {
  static final String JSON =
      "{\"msg\":\"charge failed\",\"status\":503,\"user\":\"u-7\",\"http\":{\"path\":\"/pay\"},"
          + "\"tags\":[\"a\"]}";

  @TempDir Path dir;
  final MutableClock clock = new MutableClock(T0);

  List<String> search(LogIndex index, String q) throws Exception {
    index.refresh();
    return index.search(Tenant.DEFAULT, q, 0, Long.MAX_VALUE, 10).stream()
        .map(LogEntry::line)
        .toList();
  }

  @Test
  void namedFieldsAreKeywordsAndNumbersArePoints() throws Exception {
    try (LogIndex index =
        LogIndex.open(
            dir,
            LogIndexOptions.builder()
                .clock(clock)
                .jsonBodyFields(Set.of("status", "msg"))
                .build())) {
      index.sink().append(batch("pay", List.of(line(T0, JSON), line(T0 + 1, "status 503 plain"))));
      assertThat(search(index, "attributes.status:503")).containsExactly(JSON);
      assertThat(search(index, "attributes.status:[500 TO 599]")).containsExactly(JSON);
      assertThat(search(index, "attributes.msg:\"charge failed\"")).containsExactly(JSON);
      assertThat(search(index, "attributes.user:u-7")).as("not configured").isEmpty();
    }
  }

  @Test
  void starTakesEveryTopLevelScalarButNotNestedOnes() throws Exception {
    try (LogIndex index =
        LogIndex.open(
            dir, LogIndexOptions.builder().clock(clock).jsonBodyFields(Set.of("*")).build())) {
      index.sink().append(batch("pay", List.of(line(T0, JSON))));
      assertThat(search(index, "attributes.user:u-7")).containsExactly(JSON);
      assertThat(search(index, "attributes.http.path:\"/pay\"")).isEmpty();
      assertThat(search(index, "attributes.tags:a")).isEmpty();
    }
  }

  @Test
  void aRecordsOwnAttributeWinsAndMapBodiesWorkToo() throws Exception {
    try (LogIndex index =
        LogIndex.open(
            dir, LogIndexOptions.builder().clock(clock).jsonBodyFields(Set.of("*")).build())) {
      index
          .sink()
          .append(
              batch(
                  "pay",
                  List.of(
                      record(T0, 9, "INFO", JSON, Attributes.of("user", "from-attribute"), null, 0),
                      record(
                          T0 + 1,
                          9,
                          "INFO",
                          Attributes.of("code", 404L, "who", "map-body"),
                          Attributes.EMPTY,
                          null,
                          0))));
      assertThat(search(index, "attributes.user:u-7")).isEmpty();
      assertThat(search(index, "attributes.user:from-attribute")).containsExactly(JSON);
      assertThat(search(index, "attributes.code:[400 TO 499]")).hasSize(1);
      assertThat(search(index, "attributes.who:map-body")).hasSize(1);
    }
  }

  @Test
  void offByDefault() throws Exception {
    try (LogIndex index = LogIndex.open(dir, LogIndexOptions.builder().clock(clock).build())) {
      index.sink().append(batch("pay", List.of(line(T0, JSON))));
      assertThat(search(index, "attributes.status:503")).isEmpty();
      assertThat(search(index, "body:503")).containsExactly(JSON);
    }
  }
}
