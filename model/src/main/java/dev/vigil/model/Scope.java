package dev.vigil.model;

import java.util.Objects;

/**
 * The instrumentation scope (OTLP {@code InstrumentationScope}), with the schema URL of its group.
 */
public record Scope(
    String name,
    String version,
    Attributes attributes,
    int droppedAttributesCount,
    String schemaUrl) {
  public static final Scope EMPTY = new Scope("", "", Attributes.EMPTY, 0, "");

  public Scope {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(attributes, "attributes");
    Objects.requireNonNull(schemaUrl, "schemaUrl");
  }
}
