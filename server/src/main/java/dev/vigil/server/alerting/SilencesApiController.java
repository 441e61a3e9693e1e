package dev.vigil.server.alerting;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.alert.notify.Recurrence;
import dev.vigil.alert.notify.Silence;
import dev.vigil.alert.notify.SilenceMatcher;
import dev.vigil.alert.notify.SilenceRejected;
import dev.vigil.alert.notify.Silences;
import dev.vigil.model.Tenant;
import dev.vigil.server.http.RequestTenant;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * Silences in Alertmanager's v2 API shapes, so amtool-style clients and the UI share one contract:
 * {@code GET /api/v2/silences}, {@code GET /api/v2/silence/{id}}, {@code POST /api/v2/silences}
 * (without id: create; with id: update) answering {@code {"silenceID": …}}, and {@code DELETE
 * /api/v2/silence/{id}} to expire. Errors are a JSON string, as Alertmanager sends them, starting
 * with the field at fault. Vigil's addition: {@code "duration": "2h"} instead of {@code endsAt}.
 * Maintenance windows ({@code /api/v1/maintenance}) take the same object plus an optional {@code
 * recurrence} ({@link RecurrenceJson}); a silence with one is refused, as Alertmanager has none.
 * Scoped to the request's tenant.
 */
@Controller
@Requires(beans = AlertingService.class)
@ExecuteOn(TaskExecutors.BLOCKING)
final class SilencesApiController {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_BODY = 1 << 20;

  private final Silences silences;
  private final Silences maintenance;

  SilencesApiController(AlertingService alerting) {
    this.silences = alerting.silences();
    this.maintenance = alerting.maintenance();
  }

  // Maintenance windows: the same matchers, times and validation as silences, in Vigil's /api/v1
  // envelope. A window starting later is a scheduled one; one starting now is ad hoc; one with a
  // recurrence repeats, startsAt/endsAt being its first occurrence.

  @Get("/api/v1/maintenance")
  HttpResponse<String> maintenanceList(HttpRequest<?> request) {
    Instant now = Instant.now();
    List<Map<String, Object>> out = new ArrayList<>();
    for (Silence s : maintenance.list(RequestTenant.of(request))) {
      out.add(maintenanceJson(s, now));
    }
    return JsonResponses.json(HttpStatus.OK, Map.of("status", "success", "data", out));
  }

  @Get("/api/v1/maintenance/{id}")
  HttpResponse<String> maintenanceGet(HttpRequest<?> request, @PathVariable String id) {
    return maintenance
        .get(RequestTenant.of(request), id)
        .map(s ->
            JsonResponses.json(
                HttpStatus.OK,
                Map.of("status", "success", "data", maintenanceJson(s, Instant.now()))))
        .orElseGet(() -> v1Error(HttpStatus.NOT_FOUND, "maintenance window " + id + " not found"));
  }

  @Delete("/api/v1/maintenance/{id}")
  HttpResponse<String> maintenanceEnd(HttpRequest<?> request, @PathVariable String id) {
    if (!maintenance.expire(RequestTenant.of(request), id)) {
      return v1Error(HttpStatus.NOT_FOUND, "maintenance window " + id + " not found");
    }
    return JsonResponses.json(HttpStatus.OK, Map.of("status", "success"));
  }

  @Post(uri = "/api/v1/maintenance", processes = MediaType.ALL)
  @Consumes(MediaType.ALL)
  HttpResponse<String> maintenanceUpsert(HttpRequest<?> request, @Nullable @Body byte[] body) {
    Outcome o = upsert(maintenance, true, RequestTenant.of(request), body);
    if (o.status() != HttpStatus.OK) {
      return v1Error(o.status(), o.text());
    }
    return JsonResponses.json(
        HttpStatus.OK, Map.of("status", "success", "data", Map.of("id", o.text())));
  }

  private static HttpResponse<String> v1Error(HttpStatus status, String message) {
    return JsonResponses.error(
        status, status == HttpStatus.NOT_FOUND ? "not_found" : "bad_data", message);
  }

  @Get("/api/v2/silences")
  HttpResponse<String> list(HttpRequest<?> request) {
    Tenant tenant = RequestTenant.of(request);
    Instant now = Instant.now();
    List<Map<String, Object>> out = new ArrayList<>();
    for (Silence s : silences.list(tenant)) {
      out.add(json(s, now));
    }
    return JsonResponses.json(HttpStatus.OK, out);
  }

  @Get("/api/v2/silence/{id}")
  HttpResponse<String> get(HttpRequest<?> request, @PathVariable String id) {
    return silences
        .get(RequestTenant.of(request), id)
        .map(s -> JsonResponses.json(HttpStatus.OK, json(s, Instant.now())))
        .orElseGet(() -> error(HttpStatus.NOT_FOUND, "silence " + id + " not found"));
  }

  @Delete("/api/v2/silence/{id}")
  HttpResponse<String> expire(HttpRequest<?> request, @PathVariable String id) {
    if (!silences.expire(RequestTenant.of(request), id)) {
      return error(HttpStatus.NOT_FOUND, "silence " + id + " not found");
    }
    return HttpResponse.ok();
  }

  @Post(uri = "/api/v2/silences", processes = MediaType.ALL)
  @Consumes(MediaType.ALL)
  HttpResponse<String> upsert(HttpRequest<?> request, @Nullable @Body byte[] body) {
    Outcome o = upsert(silences, false, RequestTenant.of(request), body);
    return o.status() == HttpStatus.OK
        ? JsonResponses.json(HttpStatus.OK, Map.of("silenceID", o.text()))
        : error(o.status(), o.text());
  }

  /** The id created or updated, or the status and message of the refusal. */
  private record Outcome(HttpStatus status, String text) {}

  private static Outcome upsert(
      Silences store, boolean maintenanceWindow, Tenant tenant, byte[] body) {
    if (body == null || body.length == 0) {
      return new Outcome(HttpStatus.BAD_REQUEST, "body: a silence is required");
    }
    if (body.length > MAX_BODY) {
      return new Outcome(HttpStatus.REQUEST_ENTITY_TOO_LARGE, "body: larger than 1 MiB");
    }
    try {
      JsonNode n;
      try {
        n = JSON.readTree(body);
      } catch (java.io.IOException e) {
        return new Outcome(
            HttpStatus.BAD_REQUEST,
            "body: not valid JSON: "
                + (e instanceof JsonProcessingException j
                    ? j.getOriginalMessage()
                    : e.getMessage()));
      }
      String id = store.upsert(draft(tenant, n, maintenanceWindow));
      return new Outcome(HttpStatus.OK, id);
    } catch (SilenceRejected e) {
      return new Outcome(HttpStatus.BAD_REQUEST, e.getMessage());
    } catch (NoSuchElementException e) {
      return new Outcome(HttpStatus.NOT_FOUND, e.getMessage());
    }
  }

  private static Silence draft(Tenant tenant, JsonNode n, boolean maintenanceWindow)
      throws SilenceRejected {
    if (!n.isObject()) {
      throw new SilenceRejected("body", "must be a JSON object");
    }
    JsonNode r = n.get("recurrence");
    if (!maintenanceWindow && r != null && !r.isNull()) {
      // Refused before it is read: a malformed rule's error would send the user the wrong way.
      throw new SilenceRejected("recurrence", Silences.SILENCES_DO_NOT_RECUR);
    }
    Recurrence recurrence = RecurrenceJson.read(r);
    String id = text(n, "id", false);
    List<SilenceMatcher> matchers = new ArrayList<>();
    JsonNode ms = n.get("matchers");
    if (ms == null || ms.isNull()) {
      throw new SilenceRejected("matchers", "is required");
    }
    if (!ms.isArray()) {
      throw new SilenceRejected("matchers", "must be a list of {name, value, isRegex, isEqual}");
    }
    for (int i = 0; i < ms.size(); i++) {
      JsonNode m = ms.get(i);
      String where = "matchers[" + i + "]";
      if (!m.isObject()) {
        throw new SilenceRejected(where, "must be an object {name, value, isRegex, isEqual}");
      }
      matchers.add(
          new SilenceMatcher(
              text(m, "name", where, true),
              text(m, "value", where, true),
              bool(m, "isRegex", where, false),
              bool(m, "isEqual", where, true)));
    }
    Instant now = Instant.now();
    Instant startsAt = time(n, "startsAt");
    if (recurrence != null) {
      // Kept as given, also in the past: its local time is when every later occurrence starts.
      if (startsAt == null) {
        throw new SilenceRejected(
            "startsAt",
            "is required with a recurrence: the start of the first occurrence, whose local time"
                + " every occurrence keeps");
      }
    } else if (startsAt == null || startsAt.isBefore(now)) {
      startsAt = now; // Alertmanager also moves a start in the past to now
    }
    Instant endsAt = time(n, "endsAt");
    String duration = text(n, "duration", false);
    if (duration != null) {
      if (endsAt != null) {
        throw new SilenceRejected("duration", "give either endsAt or duration, not both");
      }
      endsAt = startsAt.plus(duration(duration));
    }
    return new Silence(
        tenant,
        id,
        matchers,
        startsAt,
        endsAt,
        text(n, "createdBy", false),
        text(n, "comment", false),
        null,
        recurrence);
  }

  private static Duration duration(String v) throws SilenceRejected {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("((\\d+)([smhdw]))+").matcher(v);
    if (!m.matches()) {
      throw new SilenceRejected(
          "duration", "'" + v + "' is not a duration; write e.g. 90m, 2h or 1d12h");
    }
    Duration d = Duration.ZERO;
    java.util.regex.Matcher p = java.util.regex.Pattern.compile("(\\d+)([smhdw])").matcher(v);
    while (p.find()) {
      long k;
      try {
        k = Long.parseLong(p.group(1));
      } catch (NumberFormatException e) {
        throw new SilenceRejected("duration", "'" + v + "' is too long");
      }
      if (k > 100_000_000L) {
        throw new SilenceRejected("duration", "'" + v + "' is too long");
      }
      d =
          d.plus(
              switch (p.group(2)) {
                case "s" -> Duration.ofSeconds(k);
                case "m" -> Duration.ofMinutes(k);
                case "h" -> Duration.ofHours(k);
                case "d" -> Duration.ofDays(k);
                default -> Duration.ofDays(7 * k);
              });
    }
    if (d.compareTo(Duration.ofDays(3650)) > 0) {
      throw new SilenceRejected("duration", "'" + v + "' is longer than ten years");
    }
    return d;
  }

  private static String text(JsonNode n, String field, boolean required) throws SilenceRejected {
    return text(n, field, "", required);
  }

  private static String text(JsonNode n, String field, String where, boolean required)
      throws SilenceRejected {
    String name = where.isEmpty() ? field : where + "." + field;
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      if (required) {
        throw new SilenceRejected(name, "is required");
      }
      return null;
    }
    if (!v.isTextual()) {
      throw new SilenceRejected(
          name, "must be a string, got " + v.getNodeType().name().toLowerCase());
    }
    return v.asText();
  }

  private static boolean bool(JsonNode n, String field, String where, boolean dflt)
      throws SilenceRejected {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      return dflt;
    }
    if (!v.isBoolean()) {
      throw new SilenceRejected(where + "." + field, "must be true or false");
    }
    return v.asBoolean();
  }

  private static Instant time(JsonNode n, String field) throws SilenceRejected {
    String v = text(n, field, false);
    if (v == null) {
      return null;
    }
    try {
      return java.time.OffsetDateTime.parse(v).toInstant();
    } catch (DateTimeParseException e) {
      throw new SilenceRejected(
          field, "'" + v + "' is not an RFC 3339 time such as 2026-12-04T10:00:00Z");
    }
  }

  static Map<String, Object> json(Silence s, Instant now) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", s.id());
    List<Map<String, Object>> matchers = new ArrayList<>();
    for (SilenceMatcher x : s.matchers()) {
      Map<String, Object> j = new LinkedHashMap<>();
      j.put("name", x.name());
      j.put("value", x.value());
      j.put("isRegex", x.isRegex());
      j.put("isEqual", x.isEqual());
      matchers.add(j);
    }
    m.put("matchers", matchers);
    m.put("startsAt", s.startsAt().toString());
    m.put("endsAt", s.endsAt().toString());
    m.put("createdBy", s.createdBy());
    m.put("comment", s.comment());
    m.put("updatedAt", s.updatedAt().toString());
    m.put("status", Map.of("state", s.state(now).label()));
    return m;
  }

  /** A maintenance window: the silence object, its recurrence and its next occurrence. */
  static Map<String, Object> maintenanceJson(Silence s, Instant now) {
    Map<String, Object> m = json(s, now);
    RecurrenceJson.write(s, now, m);
    return m;
  }

  /** Alertmanager answers errors as a bare JSON string. */
  private static HttpResponse<String> error(HttpStatus status, String message) {
    return JsonResponses.json(status, message);
  }
}
