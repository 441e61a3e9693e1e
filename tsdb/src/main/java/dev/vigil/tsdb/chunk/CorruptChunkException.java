package dev.vigil.tsdb.chunk;

/**
 * The bytes handed to a decoder are not a valid chunk: unknown encoding, bad flags, truncated
 * stream, or codes no encoder writes. The block reader wraps it with the file and offset it read.
 */
public final class CorruptChunkException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public CorruptChunkException(String message) {
    super(message);
  }
}
