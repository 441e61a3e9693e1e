package dev.vigil.model.metric;

import dev.vigil.model.Attributes;
import java.util.List;
import java.util.Objects;

/** A gauge or sum data point. {@code value} is null only with the no-recorded-value flag. */
public record NumberPoint(
    Attributes attributes,
    long startTimeUnixNano,
    long timeUnixNano,
    NumberValue value,
    List<Exemplar> exemplars,
    int flags) {
  /** OTLP {@code DataPointFlags.NO_RECORDED_VALUE}: the series went away (a staleness marker). */
  public static final int FLAG_NO_RECORDED_VALUE = 1;

  public NumberPoint {
    Objects.requireNonNull(attributes, "attributes");
    exemplars = List.copyOf(exemplars);
  }

  public boolean noRecordedValue() {
    return (flags & FLAG_NO_RECORDED_VALUE) != 0;
  }
}
