package dev.vigil.tracestore.query;

import dev.vigil.model.Attributes;
import java.util.function.Consumer;

/**
 * How attribute values are compared, shared by the in-memory evaluation and the search index so
 * both agree: scalars (string, bool, long, double) have a text form; longs and doubles also have a
 * numeric form. Byte strings, arrays and maps are stored but not searchable.
 */
public final class AttributeValues {
  private AttributeValues() {}

  /**
   * Text longer than this is compared by its first this many characters: Lucene refuses terms over
   * 32766 bytes, and stack traces or SQL statements in attributes can be longer.
   */
  public static final int MAX_TEXT = 4096;

  /** The text form of a scalar value (cut to {@link #MAX_TEXT}), or null if not searchable. */
  public static String text(Object v) {
    return switch (v) {
      case String s -> cut(s);
      case Boolean b -> b.toString();
      case Long l -> l.toString();
      case Double d -> d.toString();
      case null, default -> null;
    };
  }

  /** {@code s} cut to {@link #MAX_TEXT} characters, never inside a surrogate pair. */
  public static String cut(String s) {
    if (s.length() <= MAX_TEXT) {
      return s;
    }
    int end = Character.isHighSurrogate(s.charAt(MAX_TEXT - 1)) ? MAX_TEXT - 1 : MAX_TEXT;
    return s.substring(0, end);
  }

  /** True when {@code v} has a numeric form. */
  public static boolean isNumeric(Object v) {
    return v instanceof Long || v instanceof Double;
  }

  public static double number(Object v) {
    return ((Number) v).doubleValue();
  }

  /** Every value of {@code key} in {@code a}, duplicates included. */
  public static void forEach(Attributes a, String key, Consumer<Object> consumer) {
    for (int i = 0; i < a.size(); i++) {
      if (a.key(i).equals(key)) {
        consumer.accept(a.value(i));
      }
    }
  }

  /** Compares strings by code point, which is the order of their UTF-8 bytes (Lucene's order). */
  public static int compareText(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }
}
