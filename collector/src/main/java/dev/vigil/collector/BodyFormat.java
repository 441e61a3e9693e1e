package dev.vigil.collector;

import java.util.Locale;

/** The two OTLP payload encodings. */
enum BodyFormat {
  PROTOBUF("application/x-protobuf"),
  JSON("application/json");

  final String contentType;

  BodyFormat(String contentType) {
    this.contentType = contentType;
  }

  /** The format for an HTTP {@code Content-Type} (parameters ignored), or null when unsupported. */
  static BodyFormat forContentType(String contentType) {
    if (contentType == null) {
      return null;
    }
    int semicolon = contentType.indexOf(';');
    String mime =
        (semicolon < 0 ? contentType : contentType.substring(0, semicolon))
            .strip()
            .toLowerCase(Locale.ROOT);
    return switch (mime) {
      case "application/x-protobuf", "application/protobuf" -> PROTOBUF;
      case "application/json" -> JSON;
      default -> null;
    };
  }
}
