package dev.vigil.model.sink;

/**
 * A sink could not take a batch. Nothing of the batch may be considered stored. {@link
 * #retryable()} tells the sender whether trying again later can succeed (a full disk, a store
 * closing) or not (the data itself is refused).
 */
public class SinkException extends Exception {
  private static final long serialVersionUID = 1L;
  private final boolean retryable;

  public SinkException(String message, boolean retryable) {
    super(message);
    this.retryable = retryable;
  }

  public SinkException(String message, boolean retryable, Throwable cause) {
    super(message, cause);
    this.retryable = retryable;
  }

  public boolean retryable() {
    return retryable;
  }
}
