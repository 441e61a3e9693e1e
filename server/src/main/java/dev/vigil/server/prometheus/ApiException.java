package dev.vigil.server.prometheus;

/**
 * An API request that failed, with Prometheus' error type and the HTTP status it maps to: {@code
 * bad_data} 400, {@code execution} 422, {@code timeout} 503, {@code canceled} 499, {@code internal}
 * 500, {@code unavailable} 503, {@code not_found} 404.
 */
final class ApiException extends Exception {
  private static final long serialVersionUID = 1L;
  private final String errorType;
  private final int status;

  ApiException(String errorType, int status, String message) {
    super(message);
    this.errorType = errorType;
    this.status = status;
  }

  static ApiException badData(String message) {
    return new ApiException("bad_data", 400, message);
  }

  String errorType() {
    return errorType;
  }

  int status() {
    return status;
  }
}
