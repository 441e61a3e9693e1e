package dev.vigil.collector.otlp;

/**
 * The request body is not a decodable OTLP message (bad wire format, truncated, invalid UTF-8,
 * nesting too deep, bad JSON). The whole request is refused: OTLP/HTTP answers 400, OTLP/gRPC
 * INVALID_ARGUMENT, both with this message, which names what is wrong and where.
 */
public final class MalformedOtlpException extends Exception {
  private static final long serialVersionUID = 1L;

  public MalformedOtlpException(String message) {
    super(message);
  }

  public MalformedOtlpException(String message, Throwable cause) {
    super(message, cause);
  }
}
