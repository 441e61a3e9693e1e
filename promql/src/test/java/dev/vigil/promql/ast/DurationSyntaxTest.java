package dev.vigil.promql.ast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationSyntaxTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "0, 0, 0s",
    "0s, 0, 0s",
    "1ms, 1, 1ms",
    "1s, 1000, 1s",
    "90s, 90000, 1m30s",
    "1h30m, 5400000, 1h30m",
    "1d, 86400000, 1d",
    "7d, 604800000, 1w",
    "8d, 691200000, 8d",
    "1w1d, 691200000, 8d",
    "365d, 31536000000, 1y",
    "1y1d, 31622400000, 366d",
    "2y, 63072000000, 2y",
    "1h0m0s, 3600000, 1h",
    "1d2h3m4s5ms, 93784005, 1d2h3m4s5ms",
  })
  void parsesAndFormatsLikePrometheus(String text, long millis, String canonical) {
    Duration d = DurationSyntax.parse(text);
    assertThat(d.toMillis()).isEqualTo(millis);
    assertThat(DurationSyntax.format(d)).isEqualTo(canonical);
    assertThat(DurationSyntax.parse(canonical)).isEqualTo(d);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "1", "1m1h", "1hh", "1.5h", "-1h", "1x", "h", "1s1ms2s"})
  void rejectsMalformedDurations(String text) {
    assertThatThrownBy(() -> DurationSyntax.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("not a valid duration string");
  }

  @ParameterizedTest
  @CsvSource({"-90000, -1m30s", "90000, 1m30s", "0, 0s"})
  void formatsSigned(long millis, String text) {
    assertThat(DurationSyntax.formatSigned(Duration.ofMillis(millis))).isEqualTo(text);
  }
}
