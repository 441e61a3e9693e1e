package dev.vigil.alert.notify;

import static dev.vigil.alert.notify.ChecksummedLines.dec;
import static dev.vigil.alert.notify.ChecksummedLines.enc;

import dev.vigil.model.Tenant;
import dev.vigil.model.series.Labels;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every tenant's silences, validated as Alertmanager validates them, persisted on each change (one
 * line per silence in a {@link ChecksummedLines} file, laid out as FORMAT.md describes) so they
 * survive restarts. Expired silences stay listed for {@link #RETENTION}, as in Alertmanager, then
 * are dropped. The store of maintenance windows ({@link #maintenanceWindows}) also takes recurring
 * windows, which expire only after their last occurrence. Thread-safe.
 */
public final class Silences {
  private static final Logger log = LoggerFactory.getLogger(Silences.class);
  private static final String MAGIC = "vigil-silences";

  /** Lines of eight fields. */
  static final int FORMAT_ONE_OFF = 1;

  /** Lines of nine fields, the ninth a recurrence rule or empty. */
  static final int FORMAT_RECURRING = 2;

  private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

  /** Why a silence with a recurrence is refused, for the APIs that refuse it before reading it. */
  public static final String SILENCES_DO_NOT_RECUR =
      "silences do not recur; create a maintenance window (POST /api/v1/maintenance) for a"
          + " recurring schedule";

  /** How long an expired silence stays listed (Alertmanager's default data retention). */
  public static final Duration RETENTION = Duration.ofHours(120);

  static final int MAX_MATCHERS = 64;
  static final int MAX_TEXT = 4096;

  private final Path file;
  private final Clock clock;
  private final boolean recurring;
  private final Map<String, Silence> byId = new LinkedHashMap<>();

  /**
   * Silences, which do not recur: Alertmanager's silences have no recurrence, and one that silently
   * ignored it would mute once where the user meant every week.
   *
   * @param file where silences are kept, or null for memory only
   */
  public Silences(Path file, Clock clock) {
    this(file, clock, false);
  }

  private Silences(Path file, Clock clock, boolean recurring) {
    this.file = file;
    this.clock = clock;
    this.recurring = recurring;
    if (file != null) {
      load();
    }
  }

  /**
   * Maintenance windows: silences that may carry a {@link Recurrence}.
   *
   * @param file where the windows are kept, or null for memory only
   */
  public static Silences maintenanceWindows(Path file, Clock clock) {
    return new Silences(file, clock, true);
  }

  /**
   * Creates a silence ({@code draft.id()} null or empty) or updates one. Updating an expired
   * silence creates a new one, as Alertmanager does; the returned id tells which.
   *
   * @throws SilenceRejected naming the field at fault
   * @throws java.util.NoSuchElementException when the id names no silence of the tenant
   */
  public synchronized String upsert(Silence draft) throws SilenceRejected {
    Instant now = clock.instant();
    validate(draft, now, recurring);
    String id = draft.id() == null || draft.id().isEmpty() ? null : draft.id();
    if (id != null) {
      Silence old = byId.get(id);
      if (old == null || !old.tenant().equals(draft.tenant())) {
        throw new java.util.NoSuchElementException("silence " + id + " not found");
      }
      if (old.state(now) == Silence.State.EXPIRED) {
        id = null;
      }
    }
    if (id == null) {
      id = UUID.randomUUID().toString();
    }
    Silence s =
        new Silence(
            draft.tenant(),
            id,
            draft.matchers(),
            draft.startsAt(),
            draft.endsAt(),
            draft.createdBy(),
            draft.comment(),
            now,
            draft.recurrence());
    byId.put(id, s);
    persist();
    return id;
  }

  public synchronized Optional<Silence> get(Tenant tenant, String id) {
    Silence s = byId.get(id);
    return s != null && s.tenant().equals(tenant) ? Optional.of(s) : Optional.empty();
  }

  /** The tenant's silences, active first, then pending, then expired; newest first within. */
  public synchronized List<Silence> list(Tenant tenant) {
    Instant now = clock.instant();
    gc(now);
    List<Silence> out = new ArrayList<>();
    for (Silence s : byId.values()) {
      if (s.tenant().equals(tenant)) {
        out.add(s);
      }
    }
    out.sort(
        Comparator.<Silence, Silence.State>comparing(s -> s.state(now), (a, b) -> rank(a) - rank(b))
            .thenComparing(Silence::updatedAt, Comparator.reverseOrder()));
    return out;
  }

  private static int rank(Silence.State s) {
    return switch (s) {
      case ACTIVE -> 0;
      case PENDING -> 1;
      case EXPIRED -> 2;
    };
  }

  /**
   * Ends a silence now (a pending one never starts). Expiring an expired silence changes nothing.
   *
   * @return false when the tenant has no silence of that id
   */
  public synchronized boolean expire(Tenant tenant, String id) {
    Silence s = byId.get(id);
    if (s == null || !s.tenant().equals(tenant)) {
      return false;
    }
    Instant now = clock.instant();
    if (s.state(now) != Silence.State.EXPIRED) {
      byId.put(id, s.expiredAt(now));
      persist();
    }
    return true;
  }

  /** The ids of the active silences muting an alert of {@code tenant} with {@code labels}. */
  public synchronized List<String> mutedBy(Tenant tenant, Labels labels, Instant now) {
    List<String> ids = new ArrayList<>();
    for (Silence s : byId.values()) {
      if (s.tenant().equals(tenant) && s.mutes(labels, now)) {
        ids.add(s.id());
      }
    }
    return ids;
  }

  static void validate(Silence s, Instant now, boolean recurrenceAllowed) throws SilenceRejected {
    if (s.matchers().isEmpty()) {
      throw new SilenceRejected("matchers", "at least one matcher is required");
    }
    if (s.matchers().size() > MAX_MATCHERS) {
      throw new SilenceRejected(
          "matchers", "at most " + MAX_MATCHERS + " matchers, got " + s.matchers().size());
    }
    boolean selective = false;
    for (int i = 0; i < s.matchers().size(); i++) {
      SilenceMatcher m = s.matchers().get(i);
      String field = "matchers[" + i + "]";
      if (m.name() == null || !LABEL_NAME.matcher(m.name()).matches()) {
        throw new SilenceRejected(
            field + ".name",
            "invalid label name "
                + (m.name() == null ? "(missing)" : "\"" + m.name() + "\"")
                + ": must match [a-zA-Z_][a-zA-Z0-9_]*");
      }
      if (m.value() == null) {
        throw new SilenceRejected(field + ".value", "is required");
      }
      if (m.value().length() > MAX_TEXT) {
        throw new SilenceRejected(field + ".value", "longer than " + MAX_TEXT + " characters");
      }
      try {
        selective |= !m.toLabelMatcher().matchesEmpty();
      } catch (IllegalArgumentException e) {
        throw new SilenceRejected(field + ".value", e.getMessage());
      }
    }
    if (!selective) {
      throw new SilenceRejected(
          "matchers",
          "at least one matcher must not match the empty string, else the silence would mute"
              + " every alert");
    }
    if (s.startsAt() == null) {
      throw new SilenceRejected("startsAt", "is required");
    }
    if (s.endsAt() == null) {
      throw new SilenceRejected("endsAt", "is required (or give a duration)");
    }
    if (!s.endsAt().isAfter(s.startsAt())) {
      throw new SilenceRejected(
          "endsAt", "must be after startsAt (" + s.startsAt() + "), got " + s.endsAt());
    }
    if (s.recurrence() != null) {
      if (!recurrenceAllowed) {
        throw new SilenceRejected("recurrence", SILENCES_DO_NOT_RECUR);
      }
      s.schedule().validate(now);
    } else if (!s.endsAt().isAfter(now)) {
      throw new SilenceRejected("endsAt", "is in the past (" + s.endsAt() + ")");
    }
    if (s.createdBy() == null || s.createdBy().isBlank()) {
      throw new SilenceRejected("createdBy", "is required: who silences the alerts");
    }
    if (s.comment() == null || s.comment().isBlank()) {
      throw new SilenceRejected("comment", "is required: why the alerts are silenced");
    }
    if (s.createdBy().length() > MAX_TEXT) {
      throw new SilenceRejected("createdBy", "longer than " + MAX_TEXT + " characters");
    }
    if (s.comment().length() > MAX_TEXT) {
      throw new SilenceRejected("comment", "longer than " + MAX_TEXT + " characters");
    }
  }

  private void gc(Instant now) {
    // A recurring window without until never expires; one with until, after its last occurrence.
    if (byId.values()
        .removeIf(s -> s.lastEndsAt().map(e -> e.plus(RETENTION).isBefore(now)).orElse(false))) {
      persist();
    }
  }

  private void persist() {
    if (file == null) {
      return;
    }
    List<String> lines = new ArrayList<>();
    // The oldest layout that holds the content: a file without recurring windows stays readable
    // by a Vigil from before they existed.
    int version =
        byId.values().stream().anyMatch(s -> s.recurrence() != null)
            ? FORMAT_RECURRING
            : FORMAT_ONE_OFF;
    for (Silence s : byId.values()) {
      StringBuilder m = new StringBuilder();
      for (SilenceMatcher x : s.matchers()) {
        m.append(m.isEmpty() ? "" : "&")
            .append(enc(x.name()))
            .append(',')
            .append(x.isRegex() ? 'r' : 'l')
            .append(x.isEqual() ? '=' : '!')
            .append(',')
            .append(enc(x.value()));
      }
      String line =
          String.join(
              "\t",
              enc(s.tenant().id()),
              enc(s.id()),
              enc(m.toString()),
              Long.toString(s.startsAt().toEpochMilli()),
              Long.toString(s.endsAt().toEpochMilli()),
              Long.toString(s.updatedAt().toEpochMilli()),
              enc(s.createdBy()),
              enc(s.comment()));
      if (version == FORMAT_RECURRING) {
        line += "\t" + (s.recurrence() == null ? "" : enc(s.recurrence().toRule()));
      }
      lines.add(line);
    }
    try {
      ChecksummedLines.write(file, MAGIC, version, lines);
    } catch (IOException e) {
      // The silence holds in memory; the next change tries again. Losing it on a crash is the
      // lesser harm than refusing to silence an incident because a disk is full.
      log.warn("could not persist silences to {}: {}", file, e.toString());
    }
  }

  private void load() {
    try {
      ChecksummedLines.Versioned content = ChecksummedLines.read(file, MAGIC, FORMAT_RECURRING);
      int fields = content.version() == FORMAT_ONE_OFF ? 8 : 9;
      for (String line : content.lines()) {
        String[] f = line.split("\t", -1);
        if (f.length != fields) {
          throw new IllegalArgumentException(
              "a line of format version "
                  + content.version()
                  + " has "
                  + f.length
                  + " fields, not "
                  + fields);
        }
        List<SilenceMatcher> matchers = new ArrayList<>();
        String ms = dec(f[2]);
        for (String part : ms.isEmpty() ? new String[0] : ms.split("&")) {
          String[] p = part.split(",", 3);
          matchers.add(
              new SilenceMatcher(
                  dec(p[0]), dec(p[2]), p[1].charAt(0) == 'r', p[1].charAt(1) == '='));
        }
        Silence s =
            new Silence(
                new Tenant(dec(f[0])),
                dec(f[1]),
                matchers,
                Instant.ofEpochMilli(Long.parseLong(f[3])),
                Instant.ofEpochMilli(Long.parseLong(f[4])),
                dec(f[6]),
                dec(f[7]),
                Instant.ofEpochMilli(Long.parseLong(f[5])),
                fields == 9 && !f[8].isEmpty() ? Recurrence.fromRule(dec(f[8])) : null);
        byId.put(s.id(), s);
      }
    } catch (IOException | RuntimeException e) {
      log.warn("cannot read silences {}: {}; starting with none", file, e.toString());
      byId.clear();
    }
  }
}
