package dev.vigil.server.prometheus;

import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A request's parameters as Prometheus' API reads them: the URL query plus, for POST, a {@code
 * application/x-www-form-urlencoded} body (which is how Grafana sends long queries). Repeated keys
 * such as {@code match[]} keep every value.
 */
final class ApiParams {
  private final Map<String, List<String>> values = new LinkedHashMap<>();

  static ApiParams of(HttpRequest<?> request, String body) {
    ApiParams p = new ApiParams();
    request
        .getParameters()
        .forEach(
            (name, list) -> p.values.computeIfAbsent(name, k -> new ArrayList<>()).addAll(list));
    if (request.getMethod() == HttpMethod.POST && body != null && !body.isBlank()) {
      for (String pair : body.split("&")) {
        if (pair.isEmpty()) {
          continue;
        }
        int eq = pair.indexOf('=');
        String key =
            URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
        String value =
            eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        p.values.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
      }
    }
    return p;
  }

  /** The first value of {@code name}, or null. */
  String get(String name) {
    List<String> v = values.get(name);
    return v == null || v.isEmpty() ? null : v.get(0);
  }

  List<String> all(String name) {
    return values.getOrDefault(name, List.of());
  }
}
