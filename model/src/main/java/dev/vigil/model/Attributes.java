package dev.vigil.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * An immutable list of key/value pairs in the order they were received: OTLP's {@code repeated
 * KeyValue} and {@code KeyValueList}.
 *
 * <p>A value is one of: {@link String}, {@link Boolean}, {@link Long}, {@link Double}, {@link
 * Bytes}, an unmodifiable {@link List} of values (OTLP {@code ArrayValue}), a nested {@link
 * Attributes} (OTLP {@code KeyValueList}), or {@code null} for an empty {@code AnyValue}. Keys are
 * kept as sent, duplicates included; {@link #get} returns the last one, as OTLP receivers are
 * expected to treat duplicates.
 */
public final class Attributes {
  public static final Attributes EMPTY = new Attributes(new String[0], new Object[0]);

  private final String[] keys;
  private final Object[] values;

  private Attributes(String[] keys, Object[] values) {
    this.keys = keys;
    this.values = values;
  }

  public static Builder builder() {
    return new Builder(8);
  }

  public static Builder builder(int expectedSize) {
    return new Builder(expectedSize);
  }

  /** Convenience for tests and small literals: {@code of("k1", v1, "k2", v2, ...)}. */
  public static Attributes of(Object... keysAndValues) {
    if (keysAndValues.length % 2 != 0) {
      throw new IllegalArgumentException(
          "expected key/value pairs, got an odd number of arguments");
    }
    Builder b = builder(keysAndValues.length / 2);
    for (int i = 0; i < keysAndValues.length; i += 2) {
      b.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return b.build();
  }

  public int size() {
    return keys.length;
  }

  public boolean isEmpty() {
    return keys.length == 0;
  }

  public String key(int index) {
    return keys[index];
  }

  public Object value(int index) {
    return values[index];
  }

  /**
   * The value of the last pair with this key, or null when there is none (or its value is empty).
   */
  public Object get(String key) {
    for (int i = keys.length - 1; i >= 0; i--) {
      if (keys[i].equals(key)) {
        return values[i];
      }
    }
    return null;
  }

  /** The value of {@code key} as text (numbers and booleans formatted), or null when absent. */
  public String getString(String key) {
    Object v = get(key);
    return v == null ? null : v.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Attributes other
        && Arrays.equals(keys, other.keys)
        && Arrays.equals(values, other.values);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(keys) + Arrays.hashCode(values);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("{");
    for (int i = 0; i < keys.length; i++) {
      if (i > 0) {
        sb.append(", ");
      }
      sb.append(keys[i]).append('=').append(values[i]);
    }
    return sb.append('}').toString();
  }

  /** Collects pairs; not thread-safe, usable once. */
  public static final class Builder {
    private String[] keys;
    private Object[] values;
    private int size;

    private Builder(int expectedSize) {
      keys = new String[Math.max(1, expectedSize)];
      values = new Object[keys.length];
    }

    public Builder put(String key, Object value) {
      Objects.requireNonNull(key, "key");
      checkValue(value);
      if (size == keys.length) {
        keys = Arrays.copyOf(keys, size * 2);
        values = Arrays.copyOf(values, size * 2);
      }
      keys[size] = key;
      values[size] = value;
      size++;
      return this;
    }

    public Attributes build() {
      if (size == 0) {
        return EMPTY;
      }
      return new Attributes(
          size == keys.length ? keys : Arrays.copyOf(keys, size),
          size == values.length ? values : Arrays.copyOf(values, size));
    }

    private static void checkValue(Object value) {
      if (value == null
          || value instanceof String
          || value instanceof Long
          || value instanceof Double
          || value instanceof Boolean
          || value instanceof Bytes
          || value instanceof Attributes
          || value instanceof List<?>) {
        return;
      }
      throw new IllegalArgumentException(
          "unsupported attribute value type " + value.getClass().getName());
    }
  }

  /** Builds an unmodifiable OTLP array value. */
  public static List<Object> array(Object... values) {
    List<Object> list = new ArrayList<>(values.length);
    list.addAll(Arrays.asList(values));
    return java.util.Collections.unmodifiableList(list);
  }
}
