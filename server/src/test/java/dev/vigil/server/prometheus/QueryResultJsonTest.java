package dev.vigil.server.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.model.series.Labels;
import dev.vigil.promql.engine.QueryResult;
import dev.vigil.promql.engine.RangeSeries;
import dev.vigil.promql.engine.Sample;
import dev.vigil.promql.engine.Value;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The hand-written result JSON is valid JSON that a JSON library reads back to exactly what was
 * written (every label string, however odd; every value and time), in Prometheus' shape.
 */
class QueryResultJsonTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ODD = "q\"b\\s/n\nr\rt\tz\u0000\u001fé€\u2028";

  @Test
  void exactBytesOfASmallMatrix() {
    QueryResult r =
        new QueryResult(
            new Value.Matrix(
                List.of(
                    new RangeSeries(
                        Labels.of("job", "a\"b"),
                        new long[] {1_000, 61_500},
                        new double[] {0.5, Double.POSITIVE_INFINITY}))),
            List.of("w"),
            List.of());
    assertThat(new String(QueryResultJson.write(r), StandardCharsets.UTF_8))
        .isEqualTo(
            "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[{\"metric\":"
                + "{\"job\":\"a\\\"b\"},\"values\":[[1,\"0.5\"],[61.5,\"+Inf\"]]}]},"
                + "\"warnings\":[\"w\"]}");
  }

  @Test
  void everythingWrittenReadsBackAsWritten() throws Exception {
    SplittableRandom random = new SplittableRandom(7);
    for (int round = 0; round < 300; round++) {
      List<RangeSeries> series = new ArrayList<>();
      List<Sample> samples = new ArrayList<>();
      int n = random.nextInt(4);
      for (int s = 0; s < n; s++) {
        Labels labels = Labels.of("__name__", "m" + s, "l" + random.nextInt(3), oddString(random));
        int points = random.nextInt(5);
        long[] t = new long[points];
        double[] v = new double[points];
        for (int i = 0; i < points; i++) {
          t[i] = 1_700_000_000_000L + i * 15_000L + random.nextInt(3) * 7;
          v[i] = randomValue(random);
        }
        series.add(new RangeSeries(labels, t, v));
        samples.add(new Sample(labels, t.length > 0 ? t[0] : 5, randomValue(random)));
      }
      List<String> warnings = random.nextBoolean() ? List.of(oddString(random)) : List.of();

      JsonNode m = read(new QueryResult(new Value.Matrix(series), warnings, List.of()));
      assertThat(m.get("status").asText()).isEqualTo("success");
      assertThat(m.get("data").get("resultType").asText()).isEqualTo("matrix");
      JsonNode result = m.get("data").get("result");
      assertThat(result.size()).isEqualTo(series.size());
      for (int s = 0; s < series.size(); s++) {
        RangeSeries expected = series.get(s);
        assertLabels(result.get(s).get("metric"), expected.labels());
        JsonNode values = result.get(s).get("values");
        assertThat(values.size()).isEqualTo(expected.size());
        for (int i = 0; i < expected.size(); i++) {
          assertThat(values.get(i).get(0).decimalValue().movePointRight(3).longValueExact())
              .isEqualTo(expected.timestamp(i));
          assertThat(values.get(i).get(1).asText())
              .isEqualTo(dev.vigil.promql.engine.GoFormat.formatFloat(expected.value(i)));
        }
      }
      if (warnings.isEmpty()) {
        assertThat(m.has("warnings")).isFalse();
      } else {
        assertThat(m.get("warnings").get(0).asText()).isEqualTo(warnings.get(0));
      }

      JsonNode vec = read(new QueryResult(new Value.Vector(samples), List.of(), warnings));
      JsonNode vr = vec.get("data").get("result");
      assertThat(vr.size()).isEqualTo(samples.size());
      for (int s = 0; s < samples.size(); s++) {
        assertLabels(vr.get(s).get("metric"), samples.get(s).labels());
        assertThat(vr.get(s).get("value").get(1).asText())
            .isEqualTo(dev.vigil.promql.engine.GoFormat.formatFloat(samples.get(s).value()));
      }
      if (!warnings.isEmpty()) {
        assertThat(vec.get("infos").get(0).asText()).isEqualTo(warnings.get(0));
      }
    }
    String text = oddString(random);
    JsonNode str = read(new QueryResult(new Value.StringValue(1_500, text), List.of(), List.of()));
    assertThat(str.get("data").get("result").get(0).asText()).isEqualTo("1.5");
    assertThat(str.get("data").get("result").get(1).asText()).isEqualTo(text);
    JsonNode scalar = read(new QueryResult(new Value.Scalar(2_000, -0.25), List.of(), List.of()));
    assertThat(scalar.get("data").get("result").toString()).isEqualTo("[2,\"-0.25\"]");
  }

  private static JsonNode read(QueryResult r) throws Exception {
    return JSON.readTree(QueryResultJson.write(r));
  }

  private static void assertLabels(JsonNode metric, Labels labels) {
    assertThat(metric.size()).isEqualTo(labels.size());
    for (int i = 0; i < labels.size(); i++) {
      assertThat(metric.get(labels.name(i)).asText()).isEqualTo(labels.value(i));
    }
  }

  private static String oddString(SplittableRandom random) {
    StringBuilder sb = new StringBuilder();
    int n = 1 + random.nextInt(8);
    for (int i = 0; i < n; i++) {
      sb.append(
          random.nextBoolean()
              ? ODD.charAt(random.nextInt(ODD.length()))
              : (char) ('a' + random.nextInt(26)));
    }
    if (random.nextInt(4) == 0) {
      sb.append("😀"); // a surrogate pair, whole
    }
    return sb.toString();
  }

  private static double randomValue(SplittableRandom random) {
    return switch (random.nextInt(6)) {
      case 0 -> Double.NaN;
      case 1 -> random.nextBoolean() ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
      case 2 -> random.nextInt(1000);
      case 3 -> random.nextDouble() * Math.pow(10, random.nextInt(40) - 20);
      default -> -random.nextDouble();
    };
  }
}
