package dev.vigil.model.series;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * An immutable set of label name/value pairs sorted by name, names unique: the identity of a
 * series. The metric name is the label {@value #METRIC_NAME}. Empty values are dropped, as
 * Prometheus treats a label with an empty value as absent.
 */
public final class Labels implements Comparable<Labels> {
  public static final String METRIC_NAME = "__name__";
  public static final Labels EMPTY = new Labels(new String[0]);

  /** name0, value0, name1, value1, ... sorted by name. */
  private final String[] pairs;

  private int hash;
  private String metricName;

  private Labels(String[] pairs) {
    this.pairs = pairs;
  }

  /**
   * From alternating names and values, in any order; a repeated name is an error. Input that is
   * already sorted (as remote write and most encoders send it) costs one pass and one copy.
   */
  public static Labels of(String... namesAndValues) {
    if (namesAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("expected name/value pairs, got an odd number of strings");
    }
    String[] pairs = namesAndValues.clone();
    int n = pairs.length / 2;
    // Insertion sort by name: O(n) for sorted input, and label sets are small.
    for (int i = 1; i < n; i++) {
      String name = pairs[2 * i];
      String value = pairs[2 * i + 1];
      int j = i - 1;
      while (j >= 0 && pairs[2 * j].compareTo(name) > 0) {
        pairs[2 * j + 2] = pairs[2 * j];
        pairs[2 * j + 3] = pairs[2 * j + 1];
        j--;
      }
      pairs[2 * j + 2] = name;
      pairs[2 * j + 3] = value;
    }
    int kept = 0;
    for (int i = 0; i < n; i++) {
      String name = java.util.Objects.requireNonNull(pairs[2 * i], "label name");
      String value = java.util.Objects.requireNonNull(pairs[2 * i + 1], "label value");
      if (i > 0 && name.equals(pairs[2 * i - 2])) {
        throw new IllegalArgumentException("label " + name + " given twice");
      }
      if (!value.isEmpty()) {
        pairs[2 * kept] = name;
        pairs[2 * kept + 1] = value;
        kept++;
      }
    }
    if (kept == 0) {
      return EMPTY;
    }
    return new Labels(kept == n ? pairs : Arrays.copyOf(pairs, 2 * kept));
  }

  public static Labels of(Map<String, String> labels) {
    TreeMap<String, String> sorted =
        labels instanceof TreeMap<String, String> t && t.comparator() == null
            ? t
            : new TreeMap<>(labels);
    List<String> pairs = new ArrayList<>(sorted.size() * 2);
    for (Map.Entry<String, String> e : sorted.entrySet()) {
      if (!Objects.requireNonNull(e.getValue(), "label value").isEmpty()) {
        pairs.add(Objects.requireNonNull(e.getKey(), "label name"));
        pairs.add(e.getValue());
      }
    }
    return pairs.isEmpty() ? EMPTY : new Labels(pairs.toArray(new String[0]));
  }

  public int size() {
    return pairs.length / 2;
  }

  public boolean isEmpty() {
    return pairs.length == 0;
  }

  public String name(int i) {
    return pairs[2 * i];
  }

  public String value(int i) {
    return pairs[2 * i + 1];
  }

  /** The value of {@code name}, or "" when absent (as PromQL sees a missing label). */
  public String get(String name) {
    int lo = 0;
    int hi = size() - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      int c = pairs[2 * mid].compareTo(name);
      if (c == 0) {
        return pairs[2 * mid + 1];
      }
      if (c < 0) {
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return "";
  }

  public boolean has(String name) {
    return !get(name).isEmpty();
  }

  /** The metric name, "" when there is none; remembered, as ingest asks for it once per sample. */
  public String metricName() {
    String name = metricName;
    if (name == null) {
      name = get(METRIC_NAME);
      metricName = name;
    }
    return name;
  }

  public TreeMap<String, String> toMap() {
    TreeMap<String, String> m = new TreeMap<>();
    for (int i = 0; i < size(); i++) {
      m.put(name(i), value(i));
    }
    return m;
  }

  /** A copy editable through a builder. */
  public Builder toBuilder() {
    return new Builder(toMap());
  }

  public static Builder builder() {
    return new Builder(new TreeMap<>());
  }

  @Override
  public int compareTo(Labels o) {
    int n = Math.min(pairs.length, o.pairs.length);
    for (int i = 0; i < n; i++) {
      int c = pairs[i].compareTo(o.pairs[i]);
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(pairs.length, o.pairs.length);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Labels l
        && (l == this || (hashCode() == l.hashCode() && Arrays.equals(pairs, l.pairs)));
  }

  @Override
  public int hashCode() {
    int h = hash;
    if (h == 0) {
      h = Arrays.hashCode(pairs);
      hash = h == 0 ? 1 : h;
    }
    return hash;
  }

  /** Prometheus' notation: {@code name{a="b", c="d"}}. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    String name = metricName();
    sb.append(name).append('{');
    boolean first = true;
    for (int i = 0; i < size(); i++) {
      if (name(i).equals(METRIC_NAME)) {
        continue;
      }
      if (!first) {
        sb.append(", ");
      }
      first = false;
      sb.append(name(i))
          .append("=\"")
          .append(value(i).replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n"))
          .append('"');
    }
    return sb.append('}').toString();
  }

  /** Edits a label set; not thread-safe. */
  public static final class Builder {
    private final TreeMap<String, String> map;

    private Builder(TreeMap<String, String> map) {
      this.map = map;
    }

    /** Sets {@code name}; an empty value removes it. */
    public Builder set(String name, String value) {
      if (value == null || value.isEmpty()) {
        map.remove(name);
      } else {
        map.put(name, value);
      }
      return this;
    }

    public Builder remove(String name) {
      map.remove(name);
      return this;
    }

    public Labels build() {
      return Labels.of(map);
    }
  }
}
