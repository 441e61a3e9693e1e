package dev.vigil.alert.load;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The named OpenSLO objects of a whole rule directory: an SLO may refer to an SLI, an alert policy
 * or an alert condition defined in another file, as OpenSLO allows.
 */
final class OpenSloCatalog {
  final Map<String, OpenSloIndicator> indicators = new HashMap<>();
  final Map<String, Policy> policies = new HashMap<>();
  final Map<String, Condition> conditions = new HashMap<>();

  /** An {@code AlertCondition} of kind {@code burnrate}. */
  record Condition(
      String name,
      String severity,
      String op,
      double threshold,
      Duration lookbackWindow,
      Duration alertAfter) {}

  /** An {@code AlertPolicy}: inline conditions and references to named ones. */
  record Policy(String name, String description, List<Condition> inline, List<String> refs) {}

  Optional<OpenSloIndicator> indicator(String name) {
    return Optional.ofNullable(indicators.get(name));
  }
}
