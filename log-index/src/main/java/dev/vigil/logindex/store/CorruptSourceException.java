package dev.vigil.logindex.store;

/**
 * A stored source or translog entry could not be decoded: the bytes were damaged or written by a
 * newer version. Thrown instead of returning a wrong record.
 */
public final class CorruptSourceException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public CorruptSourceException(String message) {
    super(message);
  }
}
