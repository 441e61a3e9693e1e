package dev.vigil.logindex.store;

import dev.vigil.logindex.logql.LabelNames;
import dev.vigil.model.Attributes;
import dev.vigil.model.series.Labels;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.TreeMap;
import org.apache.lucene.util.BytesRef;

/**
 * The labels of a record's stream, as LogQL selectors see them: every resource attribute with its
 * name sanitized ({@code service.name} becomes {@code service_name}; nested maps are flattened with
 * {@code _}), plus {@code severity_text} and {@code detected_level}. When two attributes sanitize
 * to the same name the later one wins, as {@link Attributes#get} does.
 *
 * <p>The labels are also kept per document, encoded by {@link #encode}, in a sorted doc-values
 * field: a segment then holds each distinct stream once, and selectors are checked per stream, not
 * per record.
 */
public final class StreamLabels {
  public static final String SEVERITY_TEXT = "severity_text";
  public static final String DETECTED_LEVEL = "detected_level";

  /** Longer label values are cut here so a stream's key stays far below Lucene's term limit. */
  static final int MAX_VALUE_CHARS = 1024;

  private StreamLabels() {}

  public static Labels of(Attributes resource, String severityText, int severityNumber) {
    TreeMap<String, String> map = new TreeMap<>();
    addAttributes(map, "", resource);
    put(map, SEVERITY_TEXT, severityText);
    put(map, DETECTED_LEVEL, detectedLevel(severityNumber, severityText));
    return Labels.of(map);
  }

  /** A label name from any attribute key: characters outside {@code [a-zA-Z0-9_]} become _. */
  public static String sanitize(String key) {
    return LabelNames.sanitize(key);
  }

  /**
   * The level as OpenTelemetry's severity-number ranges define it, falling back to the severity
   * text when the number is unset: trace, debug, info, warn, error, fatal or unknown.
   */
  public static String detectedLevel(int severityNumber, String severityText) {
    if (severityNumber >= 1 && severityNumber <= 24) {
      return switch ((severityNumber - 1) / 4) {
        case 0 -> "trace";
        case 1 -> "debug";
        case 2 -> "info";
        case 3 -> "warn";
        case 4 -> "error";
        default -> "fatal";
      };
    }
    String t = severityText.toLowerCase(java.util.Locale.ROOT);
    if (t.startsWith("trace")) {
      return "trace";
    } else if (t.startsWith("debug") || t.equals("dbg")) {
      return "debug";
    } else if (t.startsWith("info") || t.equals("notice")) {
      return "info";
    } else if (t.startsWith("warn")) {
      return "warn";
    } else if (t.startsWith("err")) {
      return "error";
    } else if (t.startsWith("fatal")
        || t.startsWith("crit")
        || t.equals("panic")
        || t.equals("emergency")
        || t.equals("alert")) {
      return "fatal";
    }
    return "unknown";
  }

  public static BytesRef encode(Labels labels) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(64);
    for (int i = 0; i < labels.size(); i++) {
      writeString(out, labels.name(i));
      writeString(out, labels.value(i));
    }
    return new BytesRef(out.toByteArray());
  }

  public static Labels decode(BytesRef ref) {
    TreeMap<String, String> map = new TreeMap<>();
    int[] pos = {ref.offset};
    int end = ref.offset + ref.length;
    while (pos[0] < end) {
      String name = readString(ref.bytes, pos, end);
      String value = readString(ref.bytes, pos, end);
      map.put(name, value);
    }
    return Labels.of(map);
  }

  private static void addAttributes(TreeMap<String, String> map, String prefix, Attributes a) {
    for (int i = 0; i < a.size(); i++) {
      Object v = a.value(i);
      String key = prefix + sanitize(a.key(i));
      if (v instanceof Attributes nested) {
        addAttributes(map, key + "_", nested);
      } else {
        put(map, key, LogLine.scalar(v));
      }
    }
  }

  private static void put(TreeMap<String, String> map, String name, String value) {
    if (value.isEmpty()) {
      map.remove(name);
      return;
    }
    map.put(name, value.length() > MAX_VALUE_CHARS ? value.substring(0, MAX_VALUE_CHARS) : value);
  }

  private static void writeString(ByteArrayOutputStream out, String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    int n = b.length;
    while ((n & ~0x7F) != 0) {
      out.write((n & 0x7F) | 0x80);
      n >>>= 7;
    }
    out.write(n);
    out.write(b, 0, b.length);
  }

  private static String readString(byte[] b, int[] pos, int end) {
    int n = 0;
    int shift = 0;
    while (true) {
      if (pos[0] >= end || shift > 28) {
        throw new CorruptSourceException("stream labels are damaged");
      }
      int x = b[pos[0]++] & 0xFF;
      n |= (x & 0x7F) << shift;
      if ((x & 0x80) == 0) {
        break;
      }
      shift += 7;
    }
    if (n < 0 || pos[0] + n > end) {
      throw new CorruptSourceException("stream labels are damaged");
    }
    String s = new String(b, pos[0], n, StandardCharsets.UTF_8);
    pos[0] += n;
    return s;
  }
}
