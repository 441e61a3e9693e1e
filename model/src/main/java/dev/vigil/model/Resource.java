package dev.vigil.model;

import java.util.Objects;

/** The entity that produced telemetry (OTLP {@code Resource}), with the schema URL of its group. */
public record Resource(Attributes attributes, int droppedAttributesCount, String schemaUrl) {
  public static final Resource EMPTY = new Resource(Attributes.EMPTY, 0, "");

  public Resource {
    Objects.requireNonNull(attributes, "attributes");
    Objects.requireNonNull(schemaUrl, "schemaUrl");
  }

  /**
   * The {@code service.name} attribute, or {@code unknown_service} as the OpenTelemetry SDKs
   * default it.
   */
  public String serviceName() {
    Object name = attributes.get("service.name");
    return name instanceof String s && !s.isEmpty() ? s : "unknown_service";
  }
}
