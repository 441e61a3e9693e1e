package dev.vigil.alert.notify;

import dev.vigil.model.series.LabelMatcher;
import dev.vigil.model.series.Labels;

/**
 * One matcher of a silence or inhibit rule, in Alertmanager's v2 shape: {@code isEqual=false}
 * negates, {@code isRegex} makes the value a fully anchored regular expression.
 */
public record SilenceMatcher(String name, String value, boolean isRegex, boolean isEqual) {
  /**
   * @throws IllegalArgumentException for an invalid regular expression, with the reason
   */
  public LabelMatcher toLabelMatcher() {
    LabelMatcher.Type type =
        isRegex
            ? (isEqual ? LabelMatcher.Type.REGEX : LabelMatcher.Type.NOT_REGEX)
            : (isEqual ? LabelMatcher.Type.EQUAL : LabelMatcher.Type.NOT_EQUAL);
    return LabelMatcher.of(type, name, value);
  }

  public boolean matches(Labels labels) {
    return toLabelMatcher().matches(labels);
  }

  @Override
  public String toString() {
    return toLabelMatcher().toString();
  }
}
