package dev.vigil.server.prometheus;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Prometheus' JSON envelope: {@code status}, {@code data} or {@code errorType}/{@code error},
 * {@code warnings}.
 */
final class ApiResponses {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ApiResponses() {}

  static HttpResponse<String> success(Object data) {
    return success(data, List.of(), List.of());
  }

  static HttpResponse<String> success(Object data, List<String> warnings, List<String> infos) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", "success");
    body.put("data", data);
    if (!warnings.isEmpty()) {
      body.put("warnings", warnings);
    }
    if (!infos.isEmpty()) {
      body.put("infos", infos);
    }
    return HttpResponse.ok(write(body)).contentType(MediaType.APPLICATION_JSON_TYPE);
  }

  static HttpResponse<String> error(ApiException e) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", "error");
    body.put("errorType", e.errorType());
    body.put("error", e.getMessage());
    return HttpResponse.<String>status(HttpStatus.valueOf(e.status()))
        .body(write(body))
        .contentType(MediaType.APPLICATION_JSON_TYPE);
  }

  static String write(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("BUG: an API response cannot be written as JSON", e);
    }
  }
}
