package dev.vigil.collector;

/**
 * The fan-out queue of a signal has no room for a batch: the sender must retry later (OTLP/HTTP 503
 * with {@code Retry-After}, OTLP/gRPC UNAVAILABLE). Nothing of the batch was taken.
 */
public final class PipelineFullException extends Exception {
  private static final long serialVersionUID = 1L;

  PipelineFullException(String message) {
    super(message, null, false, false);
  }
}
