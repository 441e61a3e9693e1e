package dev.vigil.server.prometheus;

/** A remote-write request that cannot be taken, with the HTTP status to answer. */
final class RemoteWriteException extends Exception {
  private static final long serialVersionUID = 1L;
  private final int status;

  RemoteWriteException(int status, String message) {
    super(message);
    this.status = status;
  }

  int status() {
    return status;
  }
}
