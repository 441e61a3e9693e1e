package dev.vigil.promql.engine;

import java.nio.charset.StandardCharsets;

/** Label name validity as Prometheus 3 checks it: any non-empty valid UTF-8 string. */
final class LabelNames {
  private LabelNames() {}

  static boolean isValid(String name) {
    if (name.isEmpty() || name.indexOf('\uFFFD') >= 0) {
      return false;
    }
    String roundTrip = new String(name.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
    return roundTrip.equals(name);
  }
}
