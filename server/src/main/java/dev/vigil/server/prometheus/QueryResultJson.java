package dev.vigil.server.prometheus;

import dev.vigil.model.series.Labels;
import dev.vigil.promql.engine.GoFormat;
import dev.vigil.promql.engine.QueryResult;
import dev.vigil.promql.engine.RangeSeries;
import dev.vigil.promql.engine.Sample;
import dev.vigil.promql.engine.Value;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Writes query results exactly as Prometheus' API does: values as strings formatted like Go's
 * {@code FormatFloat(v, 'f', -1, 64)} ("1", "0.5", "NaN", "+Inf"), timestamps as Unix seconds with
 * millisecond decimals, vectors as {@code metric}/{@code value}, matrices as {@code metric}/{@code
 * values}.
 *
 * <p>Written straight into UTF-8 bytes rather than through a JSON library's generator: a range
 * query's answer is thousands of {@code [t,"v"]} pairs whose shape never varies, and the
 * generator's per-token bookkeeping was a quarter of a dashboard query's server time in a profile.
 * Only label names and values, warnings and string results come from outside, and they are escaped
 * as JSON requires (quote, backslash, control characters; other characters as UTF-8).
 */
final class QueryResultJson {
  private byte[] buf = new byte[4096];
  private int size;

  private QueryResultJson() {}

  static byte[] write(QueryResult result) {
    QueryResultJson out = new QueryResultJson();
    out.result(result);
    return Arrays.copyOf(out.buf, out.size);
  }

  private void result(QueryResult result) {
    Value v = result.value();
    ascii("{\"status\":\"success\",\"data\":{\"resultType\":");
    string(v.typeName());
    ascii(",\"result\":");
    switch (v) {
      case Value.Scalar s -> point(s.timestamp(), s.value());
      case Value.StringValue s -> {
        ascii("[");
        seconds(s.timestamp());
        ascii(",");
        string(s.value());
        ascii("]");
      }
      case Value.Vector vec -> {
        ascii("[");
        boolean first = true;
        for (Sample s : vec.samples()) {
          ascii(first ? "{" : ",{");
          first = false;
          metric(s.labels());
          ascii(",\"value\":");
          point(s.timestamp(), s.value());
          ascii("}");
        }
        ascii("]");
      }
      case Value.Matrix m -> {
        ascii("[");
        boolean first = true;
        for (RangeSeries s : m.series()) {
          ascii(first ? "{" : ",{");
          first = false;
          metric(s.labels());
          ascii(",\"values\":[");
          for (int i = 0; i < s.size(); i++) {
            if (i > 0) {
              ascii(",");
            }
            point(s.timestamp(i), s.value(i));
          }
          ascii("]}");
        }
        ascii("]");
      }
    }
    ascii("}");
    strings("warnings", result.warnings());
    strings("infos", result.infos());
    ascii("}");
  }

  private void strings(String field, List<String> values) {
    if (values.isEmpty()) {
      return;
    }
    ascii(",\"");
    ascii(field);
    ascii("\":[");
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        ascii(",");
      }
      string(values.get(i));
    }
    ascii("]");
  }

  private void metric(Labels labels) {
    ascii("\"metric\":{");
    for (int i = 0; i < labels.size(); i++) {
      if (i > 0) {
        ascii(",");
      }
      string(labels.name(i));
      ascii(":");
      string(labels.value(i));
    }
    ascii("}");
  }

  private void point(long millis, double value) {
    ascii("[");
    seconds(millis);
    ascii(",\"");
    ascii(
        GoFormat.formatFloat(value)); // digits, '.', '-', "NaN", "+Inf", "-Inf": nothing to escape
    ascii("\"]");
  }

  /** Unix seconds with the millisecond decimals that are not zero, as Prometheus writes them. */
  private void seconds(long millis) {
    if (millis % 1000 == 0) {
      ascii(Long.toString(millis / 1000)); // a range query's steps usually are whole seconds
    } else {
      ascii(BigDecimal.valueOf(millis, 3).stripTrailingZeros().toPlainString());
    }
  }

  /** Text known to be ASCII with nothing to escape. */
  private void ascii(String s) {
    int n = s.length();
    ensure(n);
    for (int i = 0; i < n; i++) {
      buf[size++] = (byte) s.charAt(i);
    }
  }

  /** A JSON string: quoted, escaped, UTF-8. */
  private void string(String s) {
    ensure(s.length() + 2);
    buf[size++] = '"';
    int n = s.length();
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
        ensure(1);
        buf[size++] = (byte) c;
      } else if (c < 0x80) {
        escape(c);
      } else {
        // The rest of the string through the JDK's encoder: it pairs surrogates and replaces
        // unpaired ones, as a Go server writing invalid UTF-8 would not do better.
        int j = i;
        while (j < n && s.charAt(j) >= 0x80) {
          j++;
        }
        byte[] utf8 = s.substring(i, j).getBytes(StandardCharsets.UTF_8);
        ensure(utf8.length);
        System.arraycopy(utf8, 0, buf, size, utf8.length);
        size += utf8.length;
        i = j - 1;
      }
    }
    ensure(1);
    buf[size++] = '"';
  }

  private void escape(char c) {
    switch (c) {
      case '"' -> ascii("\\\"");
      case '\\' -> ascii("\\\\");
      case '\n' -> ascii("\\n");
      case '\r' -> ascii("\\r");
      case '\t' -> ascii("\\t");
      case '\b' -> ascii("\\b");
      case '\f' -> ascii("\\f");
      default -> ascii(String.format("\\u%04x", (int) c));
    }
  }

  private void ensure(int more) {
    if (size + more > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
    }
  }
}
