package dev.vigil.server.loki;

/** A Loki push that cannot be taken, with the HTTP status to answer and a message naming why. */
final class LokiPushException extends Exception {
  private final int status;

  LokiPushException(int status, String message) {
    super(message);
    this.status = status;
  }

  int status() {
    return status;
  }
}
