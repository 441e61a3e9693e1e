package dev.vigil.server.alerting;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.alert.notify.Occurrence;
import dev.vigil.alert.notify.Recurrence;
import dev.vigil.alert.notify.Silence;
import dev.vigil.alert.notify.SilenceRejected;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code recurrence} object of a maintenance window in the JSON API, and the {@code
 * nextOccurrence} shown beside it:
 *
 * <pre>{@code
 * "recurrence": {"frequency": "weekly", "interval": 1, "byDay": ["SU"],
 *                "timeZone": "Europe/Berlin", "until": "2027-06-01T00:00:00Z"},
 * "recurrence": {"frequency": "monthly", "byDay": ["1SU"], "count": 12,
 *                "exDates": ["2027-01-03"]},
 * "recurrence": {"frequency": "monthly", "byMonthDay": [-1]},
 * "nextOccurrence": {"startsAt": "…", "endsAt": "…"}
 * }</pre>
 *
 * Only {@code frequency} is required. An unknown key is refused: a misspelt {@code until} would
 * otherwise make a window repeat for ever.
 */
final class RecurrenceJson {
  private static final Set<String> KEYS =
      Set.of(
          "frequency", "interval", "byDay", "byMonthDay", "timeZone", "until", "count", "exDates");
  private static final String ALL =
      "frequency, interval, byDay, byMonthDay, timeZone, until, count and exDates";

  private RecurrenceJson() {}

  /** The rule in {@code n}, or null when there is none. */
  static Recurrence read(JsonNode n) throws SilenceRejected {
    if (n == null || n.isNull()) {
      return null;
    }
    if (!n.isObject()) {
      throw new SilenceRejected("recurrence", "must be an object with " + ALL);
    }
    for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!KEYS.contains(key)) {
        throw new SilenceRejected("recurrence." + key, "unknown field; a recurrence has " + ALL);
      }
    }
    Integer interval = null;
    JsonNode i = n.get("interval");
    if (i != null && !i.isNull()) {
      if (!i.isIntegralNumber() || !i.canConvertToInt()) {
        throw new SilenceRejected(
            "recurrence.interval", "must be a whole number (every n-th day, week or month)");
      }
      interval = i.intValue();
    }
    List<String> byDay = null;
    JsonNode d = n.get("byDay");
    if (d != null && !d.isNull()) {
      if (!d.isArray()) {
        throw new SilenceRejected("recurrence.byDay", "must be a list of days such as [\"SU\"]");
      }
      byDay = new ArrayList<>();
      for (JsonNode day : d) {
        byDay.add(day.isTextual() ? day.asText() : day.toString());
      }
    }
    String until = text(n, "until");
    Instant untilAt = null;
    if (until != null) {
      try {
        untilAt = OffsetDateTime.parse(until).toInstant();
      } catch (DateTimeParseException e) {
        throw new SilenceRejected(
            "recurrence.until",
            "'" + until + "' is not an RFC 3339 time such as 2027-06-01T00:00:00Z");
      }
    }
    List<Integer> byMonthDay = null;
    JsonNode md = n.get("byMonthDay");
    if (md != null && !md.isNull()) {
      if (!md.isArray()) {
        throw new SilenceRejected(
            "recurrence.byMonthDay", "must be a list of days of the month such as [1, -1]");
      }
      byMonthDay = new ArrayList<>();
      for (int k = 0; k < md.size(); k++) {
        JsonNode day = md.get(k);
        if (!day.isIntegralNumber() || !day.canConvertToInt()) {
          throw new SilenceRejected(
              "recurrence.byMonthDay[" + k + "]", "must be a whole number (1 to 31, -1 to -31)");
        }
        byMonthDay.add(day.intValue());
      }
    }
    Integer count = null;
    JsonNode c = n.get("count");
    if (c != null && !c.isNull()) {
      if (!c.isIntegralNumber() || !c.canConvertToInt()) {
        throw new SilenceRejected("recurrence.count", "must be a whole number of occurrences");
      }
      count = c.intValue();
    }
    List<String> exDates = null;
    JsonNode x = n.get("exDates");
    if (x != null && !x.isNull()) {
      if (!x.isArray()) {
        throw new SilenceRejected(
            "recurrence.exDates", "must be a list of dates such as [\"2027-01-03\"]");
      }
      exDates = new ArrayList<>();
      for (JsonNode date : x) {
        exDates.add(date.isTextual() ? date.asText() : date.toString());
      }
    }
    return Recurrence.parse(
        text(n, "frequency"),
        interval,
        byDay,
        byMonthDay,
        text(n, "timeZone"),
        untilAt,
        count,
        exDates);
  }

  private static String text(JsonNode n, String field) throws SilenceRejected {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw new SilenceRejected("recurrence." + field, "must be a string");
    }
    return v.asText();
  }

  /**
   * Adds {@code recurrence} (recurring windows only) and {@code nextOccurrence} (the occurrence
   * under way at {@code now}, else the next; null once the window has expired) to a window's JSON.
   */
  static void write(Silence s, Instant now, Map<String, Object> out) {
    Recurrence r = s.recurrence();
    if (r != null) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("frequency", r.frequency().label());
      m.put("interval", r.interval());
      if (!r.byDay().isEmpty() || !r.byNthDay().isEmpty()) {
        m.put("byDay", r.byDayCodes());
      }
      if (!r.byMonthDay().isEmpty()) {
        m.put("byMonthDay", r.byMonthDay());
      }
      m.put("timeZone", r.timeZone().getId());
      if (r.until() != null) {
        m.put("until", r.until().toString());
      }
      if (r.count() != null) {
        m.put("count", r.count());
      }
      if (!r.exDates().isEmpty()) {
        m.put(
            "exDates", new java.util.TreeSet<>(r.exDates()).stream().map(String::valueOf).toList());
      }
      out.put("recurrence", m);
    }
    Map<String, Object> next = null;
    Occurrence o = s.occurrence(now).orElse(null);
    if (o != null) {
      next = new LinkedHashMap<>();
      next.put("startsAt", o.startsAt().toString());
      next.put("endsAt", o.endsAt().toString());
    }
    out.put("nextOccurrence", next);
  }
}
