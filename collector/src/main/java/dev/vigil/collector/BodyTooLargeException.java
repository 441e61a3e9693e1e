package dev.vigil.collector;

/**
 * A request body, compressed or decompressed, is over the configured limit: HTTP 413, gRPC
 * RESOURCE_EXHAUSTED.
 */
final class BodyTooLargeException extends Exception {
  private static final long serialVersionUID = 1L;

  BodyTooLargeException(long limitBytes, boolean afterDecompression) {
    super(
        "request body is larger than the limit of "
            + limitBytes
            + " bytes"
            + (afterDecompression ? " after decompression" : ""),
        null,
        false,
        false);
  }
}
