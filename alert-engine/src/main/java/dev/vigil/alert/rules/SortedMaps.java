package dev.vigil.alert.rules;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * Immutable copies that iterate in key order, so that equal rules compare and print equal whatever
 * the input order.
 */
final class SortedMaps {
  private SortedMaps() {}

  /**
   * A copy as two sorted arrays of interned strings. A server with 10,000 SLOs holds 170,000 rules,
   * each with its labels and annotations: as tree maps they were 1.5 million live objects for the
   * collector to trace, and the same few label names and values repeated as separate strings.
   */
  static Map<String, String> copyOf(Map<String, String> map) {
    String[] keys = new String[map.size()];
    int n = 0;
    for (String k : map.keySet()) {
      keys[n++] = k.intern();
    }
    Arrays.sort(keys);
    String[] values = new String[n];
    for (int i = 0; i < n; i++) {
      String v = map.get(keys[i]);
      values[i] = v == null ? null : v.intern();
    }
    return new ArrayMap(keys, values);
  }

  private static final class ArrayMap extends AbstractMap<String, String> {
    private final String[] keys;
    private final String[] values;

    ArrayMap(String[] keys, String[] values) {
      this.keys = keys;
      this.values = values;
    }

    @Override
    public int size() {
      return keys.length;
    }

    @Override
    public boolean containsKey(Object key) {
      return key instanceof String k && Arrays.binarySearch(keys, k) >= 0;
    }

    @Override
    public String get(Object key) {
      if (!(key instanceof String k)) {
        return null;
      }
      int i = Arrays.binarySearch(keys, k);
      return i >= 0 ? values[i] : null;
    }

    @Override
    public Set<Map.Entry<String, String>> entrySet() {
      return new AbstractSet<>() {
        @Override
        public int size() {
          return keys.length;
        }

        @Override
        public Iterator<Map.Entry<String, String>> iterator() {
          return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
              return next < keys.length;
            }

            @Override
            public Map.Entry<String, String> next() {
              if (next >= keys.length) {
                throw new NoSuchElementException();
              }
              int i = next++;
              return new AbstractMap.SimpleImmutableEntry<>(keys[i], values[i]);
            }
          };
        }
      };
    }
  }
}
