package dev.vigil.tracestore.codec;

/**
 * Bytes that passed their checksum but do not decode: a bug in an encoder or a format mismatch.
 * Readers catch it and rethrow a corruption exception that names the file.
 */
public final class MalformedDataException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public MalformedDataException(String message) {
    super(message);
  }
}
