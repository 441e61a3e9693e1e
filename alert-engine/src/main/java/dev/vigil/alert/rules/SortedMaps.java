package dev.vigil.alert.rules;

import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Immutable sorted copies, so that equal rules compare and print equal whatever the input order.
 */
final class SortedMaps {
  private SortedMaps() {}

  static SortedMap<String, String> copyOf(Map<String, String> map) {
    return Collections.unmodifiableSortedMap(new TreeMap<>(map));
  }
}
