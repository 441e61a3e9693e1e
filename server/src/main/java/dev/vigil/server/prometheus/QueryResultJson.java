package dev.vigil.server.prometheus;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.vigil.model.series.Labels;
import dev.vigil.promql.engine.GoFormat;
import dev.vigil.promql.engine.QueryResult;
import dev.vigil.promql.engine.RangeSeries;
import dev.vigil.promql.engine.Sample;
import dev.vigil.promql.engine.Value;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;

/**
 * Writes query results exactly as Prometheus' API does: values as strings formatted like Go's
 * {@code FormatFloat(v, 'f', -1, 64)} ("1", "0.5", "NaN", "+Inf"), timestamps as Unix seconds with
 * millisecond decimals, vectors as {@code metric}/{@code value}, matrices as {@code metric}/{@code
 * values}. Streamed, so a large matrix is not built as a tree first.
 */
final class QueryResultJson {
  private static final JsonFactory JSON = new JsonFactory();

  private QueryResultJson() {}

  /**
   * The result as UTF-8 JSON. Bytes, not a String: a range query's result is mostly numbers, and
   * Jackson's byte generator writes them straight into the response's encoding.
   */
  static byte[] write(QueryResult result) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("status", "success");
      g.writeObjectFieldStart("data");
      Value v = result.value();
      g.writeStringField("resultType", v.typeName());
      g.writeFieldName("result");
      switch (v) {
        case Value.Scalar s -> point(g, s.timestamp(), GoFormat.formatFloat(s.value()));
        case Value.StringValue s -> point(g, s.timestamp(), s.value());
        case Value.Vector vec -> {
          g.writeStartArray();
          for (Sample s : vec.samples()) {
            g.writeStartObject();
            metric(g, s.labels());
            g.writeFieldName("value");
            point(g, s.timestamp(), GoFormat.formatFloat(s.value()));
            g.writeEndObject();
          }
          g.writeEndArray();
        }
        case Value.Matrix m -> {
          g.writeStartArray();
          for (RangeSeries s : m.series()) {
            g.writeStartObject();
            metric(g, s.labels());
            g.writeArrayFieldStart("values");
            for (int i = 0; i < s.size(); i++) {
              point(g, s.timestamp(i), GoFormat.formatFloat(s.value(i)));
            }
            g.writeEndArray();
            g.writeEndObject();
          }
          g.writeEndArray();
        }
      }
      g.writeEndObject();
      if (!result.warnings().isEmpty()) {
        g.writeArrayFieldStart("warnings");
        for (String w : result.warnings()) {
          g.writeString(w);
        }
        g.writeEndArray();
      }
      if (!result.infos().isEmpty()) {
        g.writeArrayFieldStart("infos");
        for (String i : result.infos()) {
          g.writeString(i);
        }
        g.writeEndArray();
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("BUG: writing JSON to memory failed", e);
    }
    return out.toByteArray();
  }

  private static void metric(JsonGenerator g, Labels labels) throws IOException {
    g.writeObjectFieldStart("metric");
    for (int i = 0; i < labels.size(); i++) {
      g.writeStringField(labels.name(i), labels.value(i));
    }
    g.writeEndObject();
  }

  /** Unix seconds with the millisecond decimals that are not zero, as Prometheus writes them. */
  static String seconds(long millis) {
    if (millis % 1000 == 0) {
      return Long.toString(millis / 1000); // a range query's steps usually are whole seconds
    }
    return BigDecimal.valueOf(millis, 3).stripTrailingZeros().toPlainString();
  }

  private static void point(JsonGenerator g, long millis, String value) throws IOException {
    g.writeStartArray();
    if (millis % 1000 == 0) {
      g.writeNumber(millis / 1000); // a range query's steps usually are whole seconds
    } else {
      g.writeNumber(seconds(millis));
    }
    g.writeString(value);
    g.writeEndArray();
  }
}
