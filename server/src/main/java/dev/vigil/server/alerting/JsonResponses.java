package dev.vigil.server.alerting;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import java.util.LinkedHashMap;
import java.util.Map;

/** JSON answers of the alerting APIs: a body as written, or Prometheus' error envelope. */
final class JsonResponses {
  private static final ObjectMapper JSON = new ObjectMapper();

  private JsonResponses() {}

  static HttpResponse<String> json(HttpStatus status, Object body) {
    try {
      return HttpResponse.<String>status(status)
          .body(JSON.writeValueAsString(body))
          .contentType(MediaType.APPLICATION_JSON_TYPE);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("BUG: response cannot be written as JSON", e);
    }
  }

  /** {@code {"status":"error","errorType":…,"error":…}}, as the Prometheus API answers errors. */
  static HttpResponse<String> error(HttpStatus status, String type, String message) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", "error");
    body.put("errorType", type);
    body.put("error", message);
    return json(status, body);
  }
}
