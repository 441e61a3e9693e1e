package dev.vigil.logindex;

import static dev.vigil.logindex.Logs.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.logindex.query.MetricResult;
import dev.vigil.logindex.store.LogLine;
import dev.vigil.model.Attributes;
import dev.vigil.model.Tenant;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A document's line size (what {@code bytes_over_time} adds up) is the line's length in UTF-8: the
 * appending path takes it from the record's encoding, so bodies of one-, two-, three- and four-byte
 * characters and bodies that are not strings (written as JSON) are each checked against the bytes
 * of their line.
 */
class LineBytesTest {
  private static final long SEC = 1_000_000_000L;

  @TempDir Path dir;

  @Test
  void bytesOverTimeCountsEachLineInUtf8() throws Exception {
    List<Object> bodies =
        List.of(
            "plain ascii line",
            "café crème brûlée",
            "日本語のログ行",
            "emoji 🚀 and ß",
            "",
            Attributes.of("msg", "naïve", "n", 7L),
            42L);
    try (LogIndex index =
        LogIndex.open(
            dir,
            LogIndexOptions.builder()
                .clock(new MutableClock(T0 + 60 * SEC))
                .ingestRate(1e12, 1e12)
                .build())) {
      for (int i = 0; i < bodies.size(); i++) {
        index
            .sink()
            .append(
                Logs.batch(
                    "s" + i,
                    List.of(
                        Logs.record(
                            T0 + i * SEC, 9, "INFO", bodies.get(i), Attributes.EMPTY, null, 0))));
      }
      index.refresh();
      for (int i = 0; i < bodies.size(); i++) {
        MetricResult r =
            index.instant(
                Tenant.DEFAULT,
                "sum(bytes_over_time({service_name=\"s" + i + "\"}[5m]))",
                T0 + 30 * SEC);
        double want = LogLine.of(bodies.get(i)).getBytes(StandardCharsets.UTF_8).length;
        assertThat(r.series())
            .as("body %s", bodies.get(i))
            .singleElement()
            .satisfies(s -> assertThat(s.samples().get(0).value()).isEqualTo(want));
      }
    }
  }
}
